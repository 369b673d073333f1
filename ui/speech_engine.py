"""The real voice: QtTextToSpeech over the system's speech engine (speech-dispatcher + espeak-ng).

Why an adapter: `kiosk.speech.Speaker` only knows `say(text, language)` and `stop()`; the
choice of engine, the mapping of a language to an installed voice and every way Qt's engine
can fail stay here. A missing engine or voice is logged once and makes the engine report
itself unavailable: the toggle then says so, and the kiosk runs on.

Why it connects late: opening the "speechd" engine starts the speech-dispatcher daemon, so
it is opened when the first visitor switches Vorlesen on, not with every start of the kiosk.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject
from PySide6.QtTextToSpeech import QTextToSpeech

logger = logging.getLogger(__name__)

#: Locales tried per voice language, in this order (the engines name them differently).
LOCALES = {"de": ("de_DE", "de"), "en": ("en_GB", "en_US", "en"), "da": ("da_DK", "da")}


class QtSpeechEngine(QObject):
    """`SpeechEngine` over `QTextToSpeech`; `engine` is Qt's plugin name ("speechd" on Linux)."""

    def __init__(self, engine: str = "speechd", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._speech: QTextToSpeech | None = None
        self._failed = False
        self._locales: dict[str, QLocale] = {}
        self._current = ""
        self._reported: set[str] = set()
        if engine not in QTextToSpeech.availableEngines():
            self._fail(engine, "speech engine %r not installed; Vorlesen is unavailable")

    def _fail(self, what: str, message: str) -> None:
        self._failed = True
        self._report(what, message)

    def _report(self, what: str, message: str) -> None:
        if what not in self._reported:
            self._reported.add(what)
            logger.warning(message, what)

    def _open(self) -> QTextToSpeech | None:
        if self._speech is not None or self._failed:
            return self._speech
        try:
            speech = QTextToSpeech(self.engine, self)
            if speech.state() == QTextToSpeech.State.Error:
                self._fail(self.engine, f"speech engine %r failed: {speech.errorString()}")
                return None
            names = {locale.name(): locale for locale in speech.availableLocales()}
        except Exception as error:  # an engine plugin must never take the kiosk down
            self._fail(self.engine, f"speech engine %r unusable: {type(error).__name__}")
            return None
        for language, candidates in LOCALES.items():
            found = next((names[name] for name in candidates if name in names), None)
            if found is not None:
                self._locales[language] = found
        if not self._locales:
            self._fail(self.engine, "speech engine %r has no German, English or Danish voice")
            return None
        self._speech = speech
        return speech

    def available(self) -> bool:
        """Installed and not failed; whether it has a voice is known once it is opened."""
        return not self._failed

    def open(self) -> bool:
        """Connect now (the first time Vorlesen is switched on); False if it cannot speak."""
        return self._open() is not None

    def say(self, text: str, language: str) -> None:
        speech = self._open()
        if speech is None:
            return
        locale = self._locales.get(language) or self._locales.get("de")
        if locale is None:
            self._report(language, "no voice for %r")
            return
        if language != self._current:
            speech.setLocale(locale)
            self._current = language
        speech.say(text)

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop(QTextToSpeech.BoundaryHint.Immediate)
