"""`python -m ui.speech_transcript`: the whole self-disclosure as heard, against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from ui.speech_transcript import TEST_CARD_PIN, self_disclosure_transcript

PERSON = ("ERIKA", "MUSTERMANN", "12.08.1964", "HEIDESTRASSE", "KÖLN", "51147")


@pytest.mark.timeout(120)
def test_transcript_has_every_step_and_no_secret(qtbot: Any) -> None:
    lines = self_disclosure_transcript("de")
    heard = "\n".join(lines)
    counts = [f"[de] Ziffer {n} von 6 eingegeben" for n in range(1, 7)]
    assert [line for line in lines if "Ziffer" in line] == counts
    assert "Geben Sie Ihre 6‑stellige PIN ein" in heard
    assert "Das steht auf Ihrem Ausweis" in heard
    assert TEST_CARD_PIN not in heard
    assert [word for word in PERSON if word in heard.upper()] == []


@pytest.mark.timeout(120)
def test_transcript_with_read_data_says_the_test_person(qtbot: Any) -> None:
    heard = "\n".join(self_disclosure_transcript("en", read_data=True))
    assert "ERIKA" in heard.upper() and "MUSTERMANN" in heard.upper()
    assert "Digit 6 of 6 entered" in heard
