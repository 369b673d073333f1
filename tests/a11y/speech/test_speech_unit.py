"""The rules of Vorlesen without a screen: composing, voices, interruption, the wipe, and the
Qt engine adapter never taking the kiosk down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.i18n import default_translator
from kiosk.speech import (
    Speaker,
    TranscriptEngine,
    compose,
    digit_progress,
    new_headsets,
    voice_language,
)
from ui.speech_engine import QtSpeechEngine
from ui.speech_headset import HeadsetWatch


def test_compose_makes_sentences_of_heading_body_and_focus() -> None:
    said = compose("Ihre Daten", ["Wird in 60 s gelöscht", "", "Fertig?"], "Weiter  →")
    assert said == "Ihre Daten. Wird in 60 s gelöscht. Fertig? Weiter."
    assert compose("", [], "") == ""


@pytest.mark.parametrize(
    ("language", "voice"),
    [("de", "de"), ("de-LS", "de"), ("de_CH", "de"), ("en", "en"), ("da", "da")],
)
def test_every_german_variant_speaks_with_the_german_voice(language: str, voice: str) -> None:
    assert voice_language(language) == voice


def test_digit_progress_names_the_count_never_the_digit_in_every_language() -> None:
    translator = default_translator()
    expected = {
        "de": "Ziffer 3 von 6 eingegeben",
        "en": "Digit 3 of 6 entered",
        "da": "Ciffer 3 af 6 indtastet",
    }
    for language, text in expected.items():
        translator.set_language(language)
        assert digit_progress(translator.tr, 3, 6) == text
        assert "2 " in digit_progress(translator.tr, 2, 6, deleted=True)


def test_speaking_interrupts_and_follows_the_language(qtbot: Any) -> None:
    engine = TranscriptEngine()
    speaker = Speaker(engine, language="de-LS")
    speaker.speak("nichts")  # off: silent
    assert engine.lines == []
    speaker.set_enabled(True)
    speaker.speak("Hallo")
    stops = engine.stops
    speaker.set_language("da")
    speaker.speak("Hej")
    assert engine.lines == [("de", "Hallo"), ("da", "Hej")]
    assert engine.stops == stops + 1  # the new utterance cut the old one off


def test_the_wipe_silences_and_switches_off_unless_kept(qtbot: Any) -> None:
    engine = TranscriptEngine()
    speaker = Speaker(engine)
    speaker.set_enabled(True)
    speaker.wipe()
    assert not speaker.enabled and engine.stops >= 1
    kept = Speaker(engine, keep_after_visit=True)
    kept.set_enabled(True)
    kept.wipe()
    assert kept.enabled


class BrokenEngine(TranscriptEngine):
    def say(self, text: str, language: str) -> None:
        raise RuntimeError("the sound card is gone")


def test_a_broken_engine_never_raises(qtbot: Any) -> None:
    speaker = Speaker(BrokenEngine())
    speaker.set_enabled(True)
    speaker.speak("Hallo")  # logged, not raised


def test_an_engine_that_is_not_installed_shows_as_unavailable(qtbot: Any) -> None:
    engine = QtSpeechEngine("no-such-engine")
    speaker = Speaker(engine)
    assert not speaker.available
    speaker.set_enabled(True)
    assert not speaker.enabled
    speaker.speak("Hallo")  # no crash, no sound


def test_qt_engine_speaks_through_qt(qtbot: Any) -> None:
    """Qt's own "mock" engine (no daemon, no sound): English voices only, German is missing."""
    if "mock" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock text-to-speech engine is not part of this PySide6 build")
    engine = QtSpeechEngine("mock")
    assert engine.open()
    engine.say("Hello", "en")
    speech = engine._speech
    assert speech is not None
    qtbot.waitUntil(lambda: speech.state() == QTextToSpeech.State.Speaking)
    assert speech.locale().name() == "en_GB"
    engine.stop()
    qtbot.waitUntil(lambda: speech.state() == QTextToSpeech.State.Ready)
    engine.say("Hallo", "de")  # no German voice there: logged once, not said in English
    assert speech.state() == QTextToSpeech.State.Ready


def test_a_new_headset_is_recognised_by_its_name() -> None:
    before = ["Built-in Audio Analog Stereo"]
    after = [*before, "Jabra EVOLVE 20 Headset Mono", "HDMI / DisplayPort 1 Output"]
    assert new_headsets(before, after) == ["Jabra EVOLVE 20 Headset Mono"]
    assert new_headsets(after, after) == []  # already there: not "plugged in"


def test_plugging_a_headset_switches_vorlesen_on(qtbot: Any, kiosk: Any) -> None:
    outputs = ["Built-in Audio Analog Stereo"]
    watch = HeadsetWatch(lambda: list(outputs), follow_platform=False)
    watch.plugged.connect(lambda: kiosk.set_speech(True))
    watch.refresh()
    assert not kiosk.speaker.enabled
    outputs.append("Sennheiser USB Headphones")
    watch.refresh()
    assert kiosk.speaker.enabled and kiosk.session.active
    assert kiosk.attract.speech_button.isChecked()


def test_headsets_are_watched_only_where_a_sound_server_runs(tmp_path: Path) -> None:
    from ui.speech_headset import sound_server_running  # noqa: PLC0415

    assert not sound_server_running(str(tmp_path))
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    assert sound_server_running(str(tmp_path))
