"""Secrets never reach the log, however they got into a message."""

from __future__ import annotations

import io
import logging

import pytest

from kiosk.logsetup import redact, setup_logging


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"cmd": "SET_PIN", "value": "123456"}', "123456"),
        ("pin=12345 accepted", "12345"),
        ("CAN: 654321", "654321"),
        ("puk '1234567890'", "1234567890"),
        ("got 987654 from somewhere", "987654"),
        ('data {"GivenNames": "ERIKA", "City": "KÖLN"}', "ERIKA"),
        ("FamilyNames=MUSTERMANN", "MUSTERMANN"),
    ],
)
def test_redact_masks_secrets(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_redact_keeps_harmless_text() -> None:
    text = "flow: MENU -> STATION at 12:30 on port 24727 (url https://a.de/x?id=1)"
    assert redact(text) == text


def test_tracebacks_are_redacted_too() -> None:
    stream = io.StringIO()
    handler = setup_logging(logging.INFO, stream)
    try:
        try:
            raise ValueError("wrong PIN 246810")
        except ValueError:
            logging.getLogger("test").exception("failed")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "failed" in stream.getvalue()
    assert "ValueError" in stream.getvalue()
    assert "246810" not in stream.getvalue()
