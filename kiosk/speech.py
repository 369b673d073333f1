"""Speech output ("Vorlesen"): what is said, when it stops, and in which voice.

Why here, without widgets: the rules that protect a visitor (never a PIN digit, personal data
only on request, silence for the next visitor) must hold whatever engine speaks and whatever
screen asks, and must be testable without a display or a sound card. The Qt engine adapter
and the screen reader that reads the widgets live in `ui/speech.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)

#: Ends of a sentence: after these no full stop is added between two parts of an utterance.
_SENTENCE_ENDS = (".", "!", "?", ":", "…")
#: Signs drawn beside a text (arrows, check marks, dots): a voice would name them, not read.
_DECORATION = "←→↓↑✓✔✗•·●○ \u00a0"


class SpeechEngine(Protocol):
    """Something that can speak a text in a language ("de", "en", "da") and be interrupted."""

    def available(self) -> bool:
        """Whether a voice can speak at all (False: the toggle shows as unavailable)."""
        ...

    def say(self, text: str, language: str) -> None:
        """Start speaking `text`; whatever was being said is already stopped."""
        ...

    def stop(self) -> None:
        """Stop speaking at once."""
        ...


class SilentEngine:
    """The engine when none can be used: never speaks, reports itself as unavailable."""

    def available(self) -> bool:
        return False

    def say(self, text: str, language: str) -> None:
        del text, language

    def stop(self) -> None:
        pass


def voice_language(language: str) -> str:
    """The voice for a visitor language: its primary subtag ("de-LS" → "de", "en-GB" → "en").

    Why: Leichte Sprache is German text and speaks with the German voice; the engines only
    know voices by language.
    """
    return language.replace("_", "-").split("-", 1)[0].lower() or "de"


def sentence(part: str) -> str:
    """One part of an utterance, ending in a full stop so the voice pauses after it."""
    text = " ".join(part.split()).strip(_DECORATION)
    if text and not text.endswith(_SENTENCE_ENDS):
        text += "."
    return text


def compose(heading: str, body: Iterable[str], focused: str = "") -> str:
    """The utterance for a screen: heading, the body texts in reading order, then the focused
    control. Empty parts are left out; each part ends as a sentence."""
    parts = [heading, *body, focused]
    return " ".join(sentence for sentence in map(sentence, parts) if sentence)


Translate = Callable[..., str]

#: Words in an audio output's name that mean a headset (as PulseAudio/PipeWire name them).
HEADSET_WORDS = ("headphone", "headset", "kopfhörer", "hovedtelefon", "earphone")


def new_headsets(before: Iterable[str], after: Iterable[str]) -> list[str]:
    """Audio outputs that appeared and are headsets, by their names.

    Why by name: the platform only reports outputs that come and go (USB, Bluetooth) with a
    description; a jack on the built-in sound card is a port change it does not report.
    """
    known = set(before)
    return [
        name
        for name in after
        if name not in known and any(word in name.lower() for word in HEADSET_WORDS)
    ]


def digit_progress(tr: Translate, filled: int, total: int, *, deleted: bool = False) -> str:
    """What a secret field says after a key: how many digits, never which.

    `tr` is the translator's lookup (current language); the texts live in speech.toml.
    """
    key = "speech.digit_deleted" if deleted else "speech.digit_entered"
    return tr(key, filled=filled, total=total)


class Speaker(QObject):
    """Owns Vorlesen: on or off, the voice's language, and interruption.

    Every `speak` interrupts what is being said (a new screen or a new focus must not queue
    behind the old one). `wipe` is part of the privacy wipe: the next visitor starts with
    Vorlesen off and silence, unless the station keeps it on by configuration.

    Signals: enabled_changed(bool); private_requested() — the visitor asked to hear the
    personal data on the screen ("Daten vorlesen"); the screen reader answers it.
    """

    enabled_changed = Signal(bool)
    private_requested = Signal()

    def __init__(
        self,
        engine: SpeechEngine,
        *,
        language: str = "de",
        keep_after_visit: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.language = language
        self.keep_after_visit = keep_after_visit
        self._enabled = False
        self._available = self._probe()

    def _probe(self) -> bool:
        try:
            available = bool(self.engine.available())
        except Exception as error:  # a broken engine disables Vorlesen, never the kiosk
            logger.error("speech engine failed its check: %s", type(error).__name__)
            available = False
        if not available:
            logger.warning("speech: no voice available; Vorlesen is shown as unavailable")
        return available

    @property
    def available(self) -> bool:
        return self._available

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        if enabled and self._available:
            opener = getattr(self.engine, "open", None)  # an engine that connects late
            self._available = bool(opener()) if callable(opener) else self._probe()
        enabled = enabled and self._available
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if not enabled:
            self.stop()
        logger.info("speech: Vorlesen %s", "on" if enabled else "off")
        self.enabled_changed.emit(enabled)

    def set_language(self, language: str) -> None:
        self.language = language

    def speak(self, text: str, language: str | None = None) -> None:
        """Say `text` now, interrupting whatever is being said (nothing when off). `language`:
        of this text when it is not the visitor's (the attract loop shows all languages)."""
        if not self._enabled or not text.strip():
            return
        try:
            self.engine.stop()
            self.engine.say(text, voice_language(language or self.language))
        except Exception as error:
            logger.error("speech engine failed: %s", type(error).__name__)

    def stop(self) -> None:
        try:
            self.engine.stop()
        except Exception as error:
            logger.error("speech engine failed to stop: %s", type(error).__name__)

    def request_private(self) -> None:
        """The visitor pressed "Daten vorlesen": the screen reader reads the personal data."""
        if self._enabled:
            self.private_requested.emit()

    def wipe(self) -> None:
        """Privacy wipe: silence now, and Vorlesen off for the next visitor (unless kept)."""
        self.stop()
        if not self.keep_after_visit:
            self.set_enabled(False)


class TranscriptEngine:
    """Writes down instead of speaking: for transcripts of a run, the screenshot renderer's
    `.speech.txt` files and tests. `lines` holds (voice language, text), newest last."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self.stops = 0

    def available(self) -> bool:
        return True

    def say(self, text: str, language: str) -> None:
        self.lines.append((language, text))

    def stop(self) -> None:
        self.stops += 1
