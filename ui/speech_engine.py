"""The real voice: QtTextToSpeech over the system's speech engine (speech-dispatcher + espeak-ng).

Why an adapter: `kiosk.speech.Speaker` only knows `say(text, language)` and `stop()`; the
choice of engine, the mapping of a language to an installed voice and every way Qt's engine
can fail stay here. A missing engine or voice is logged once and makes the engine report
itself unavailable: the toggle then says so, and the kiosk runs on.
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
        self._speech: QTextToSpeech | None = None
        self._locales: dict[str, QLocale] = {}
        self._current = ""
        self._reported: set[str] = set()
        try:
            if engine not in QTextToSpeech.availableEngines():
                self._report(engine, "speech engine %r not installed; Vorlesen is off")
                return
            speech = QTextToSpeech(engine, self)
            if speech.state() == QTextToSpeech.State.Error:
                self._report(engine, f"speech engine %r failed: {speech.errorString()}")
                return
            self._speech = speech
            names = {locale.name(): locale for locale in speech.availableLocales()}
            for language, candidates in LOCALES.items():
                for name in candidates:
                    if name in names:
                        self._locales[language] = names[name]
                        break
            if not self._locales:
                self._report(engine, "speech engine %r has no German, English or Danish voice")
        except Exception as error:  # an engine plugin must never take the kiosk down
            self._report(engine, f"speech engine %r unusable: {type(error).__name__}")
            self._speech = None

    def _report(self, what: str, message: str) -> None:
        if what not in self._reported:
            self._reported.add(what)
            logger.warning(message, what)

    def available(self) -> bool:
        return self._speech is not None and bool(self._locales)

    def say(self, text: str, language: str) -> None:
        speech = self._speech
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
        speech = self._speech
        if speech is not None:
            speech.stop(QTextToSpeech.BoundaryHint.Immediate)
