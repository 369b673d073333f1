"""A real voice: the text the speech layer produces for a screen, spoken by espeak-ng (the
engine speech-dispatcher uses) into a WAV file that must not be silent, in de, en and da."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any

import pytest

from kiosk.speech import TranscriptEngine
from tests.conftest import require_component
from tests.qt_helpers import settle
from ui.app import KioskApp

SILENCE_RMS = 300  # 16-bit samples; espeak-ng speech is in the thousands, silence near 0


def rms(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2, "espeak-ng writes 16-bit PCM"
        samples = array.array("h", wav.readframes(wav.getnframes()))
    assert len(samples) > 8000, "less than half a second of audio"
    return math.sqrt(sum(s * s for s in samples) / len(samples))


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_menu_read_aloud_is_audible(
    qtbot: Any, kiosk: KioskApp, engine: TranscriptEngine, tmp_path: Path, language: str
) -> None:
    if shutil.which("espeak-ng") is None:
        require_component("espeak-ng", "apt-get install espeak-ng")
    kiosk.set_speech(True)
    kiosk.choose_language(language)
    settle()
    voice, text = engine.lines[-1]
    assert voice == language and text == kiosk.reader.page_utterance()
    out = tmp_path / "out.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], check=True, timeout=60)
    assert rms(out) > SILENCE_RMS
    # the same check on an empty text is silent: the threshold tells speech from nothing
    quiet = tmp_path / "quiet.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(quiet), " "], check=True, timeout=60)
    with wave.open(str(quiet), "rb") as wav:
        samples = array.array("h", wav.readframes(wav.getnframes()))
    assert not samples or math.sqrt(sum(s * s for s in samples) / len(samples)) < SILENCE_RMS
