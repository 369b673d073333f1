"""No PIN, CAN, PUK or personal data in any log line, even with everything logged at TRAFFIC.

Real PIN changes run against the emulator with values typed on the kiosk (basic reader);
recorded exchanges are replayed; the test person's self-disclosure data is pushed
through every logging path the eID code has.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from pytestqt.qtbot import QtBot

from eid.client import AusweisClient, ConnectionState
from eid.commands import NumberKind, RunChangePin, secret_command
from eid.emulator.person import TEST_PERSON, self_disclosure
from eid.emulator.server import CONTROL_PATH
from eid.messages import ChangePin, EnterCan, EnterNewPin, EnterPin, EnterPuk, Message
from eid.traffic_log import (
    TRAFFIC,
    RedactingFilter,
    install_redaction,
    log_frame,
    redact_frame,
    redact_text,
)
from tests.eid.fakes import FakeSocketFactory, load_transcript, transcript_files

WAIT_MS = 20_000
SECRETS = ["12345", "123456", "111111", "222222", "654321", "1234567890", "987654"]


def person_values() -> list[str]:
    """Every leaf value of the test person long enough to be telling (not "D" or "ID")."""
    values: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str) and len(value) > 2:
            values.append(value)

    walk(TEST_PERSON)
    return values


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Message text, raw arguments and formatted exceptions of every captured record."""
    parts = [caplog.text]
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@pytest.fixture
def traffic_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(TRAFFIC)
    yield caplog


def set_card(emulator_url: str, preset: str) -> None:
    where = urlparse(emulator_url)
    reply = requests.post(
        f"http://{where.hostname}:{where.port}{CONTROL_PATH}", params={"preset": preset}, timeout=10
    )
    reply.raise_for_status()


ANSWER_KIND = {
    EnterPin: NumberKind.PIN,
    EnterNewPin: NumberKind.NEW_PIN,
    EnterCan: NumberKind.CAN,
    EnterPuk: NumberKind.PUK,
}


def change_pin(qtbot: QtBot, url: str, answers: dict[type, list[str]]) -> ChangePin:
    """Run RUN_CHANGE_PIN, answering each ENTER_* with the next value for its kind."""
    client = AusweisClient(url, reconnect=False)
    result: list[ChangePin] = []

    def on_message(message: Message) -> None:
        if isinstance(message, ChangePin) and message.finished:
            result.append(message)
        elif type(message) in ANSWER_KIND:
            kind = ANSWER_KIND[type(message)]
            if kind is NumberKind.PIN and answers[EnterPin][0] == "12345":
                kind = NumberKind.TRANSPORT_PIN
            value = answers[type(message)].pop(0)
            client.send(secret_command(kind, message.reader, value))  # type: ignore[union-attr]

    client.message_received.connect(on_message)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY, timeout=WAIT_MS)
    client.send(RunChangePin())
    qtbot.waitUntil(lambda: bool(result), timeout=WAIT_MS)
    client.close()
    return result[0]


def test_transport_pin_change_logs_no_pin(
    qtbot: QtBot, emulator_url: str, traffic_logging: pytest.LogCaptureFixture
) -> None:
    set_card(emulator_url, "transport")
    outcome = change_pin(qtbot, emulator_url, {EnterPin: ["12345"], EnterNewPin: ["987654"]})
    assert outcome.success is True
    logged = everything_logged(traffic_logging)
    assert '"cmd":"SET_PIN","value":"***"' in logged  # the frames were logged, masked
    assert '"cmd":"SET_NEW_PIN","value":"***"' in logged
    for secret in ("12345", "987654"):
        assert secret not in logged


def test_wrong_pins_can_and_new_pin_are_never_logged(
    qtbot: QtBot, emulator_url: str, traffic_logging: pytest.LogCaptureFixture
) -> None:
    set_card(emulator_url, "wrong-pin")
    answers: dict[type, list[str]] = {
        EnterPin: ["111111", "222222", "123456"],
        EnterCan: ["654321"],
        EnterPuk: ["1234567890"],
        EnterNewPin: ["987654"],
    }
    outcome = change_pin(qtbot, emulator_url, answers)
    assert outcome.success is True
    assert answers[EnterCan] == []  # the CAN was really asked for and typed
    logged = everything_logged(traffic_logging)
    assert '"cmd":"SET_CAN","value":"***"' in logged
    for secret in ("111111", "222222", "123456", "654321", "987654"):
        assert secret not in logged


@pytest.mark.parametrize("path", transcript_files(), ids=lambda p: p.stem)
def test_replayed_transcripts_log_no_secret(
    qtbot: QtBot, path: Any, traffic_logging: pytest.LogCaptureFixture
) -> None:
    factory = FakeSocketFactory()
    client = AusweisClient("ws://127.0.0.1:24727/eID-Kernel", socket_factory=factory)
    client.open()
    factory.last.accept()
    factory.last.answer_handshake()
    sent_values = []
    for entry in load_transcript(path):
        if entry.direction == "send":
            client.send_raw(entry.text)
            if isinstance(entry.data, dict) and "value" in entry.data:
                sent_values.append(entry.data["value"])
        elif entry.direction == "recv":
            factory.last.push(entry.data)
    client.close()
    logged = everything_logged(traffic_logging)
    assert "TRAFFIC" in traffic_logging.text
    for value in sent_values:
        assert value not in logged


def test_self_disclosure_data_is_masked_in_frames_and_free_text(
    traffic_logging: pytest.LogCaptureFixture,
) -> None:
    reply = self_disclosure(["Address", "FamilyName", "GivenNames", "DateOfBirth", "PlaceOfBirth"])
    reply["PersonalData"] = TEST_PERSON  # every field, not only the released ones
    text = json.dumps(reply, ensure_ascii=False)
    logger = logging.getLogger("eid.test_privacy")
    log_frame(logger, "http", text)
    masked = redact_frame(text)
    assert json.loads(masked)["PersonalData"]["GivenNames"] == "***"
    free = redact_text(repr(TEST_PERSON)) + redact_text(text)
    logged = everything_logged(traffic_logging) + masked + free
    for value in person_values():
        assert value not in logged, value


def test_redacting_filter_masks_what_reaches_a_handler() -> None:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect()
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("eid.test_filter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("typed PIN 123456 on the pad")
        logger.warning("sending %s", '{"cmd":"SET_PUK","value":"1234567890"}')
        logger.warning("can=%s transport_pin: %s", "654321", "12345")
        logger.warning("person %s", TEST_PERSON)
        try:
            raise ValueError('bad answer: {"value": "987654"}')
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    output = "\n".join(records)
    assert output.count("***") >= 6
    assert "ValueError" in output  # the traceback is still there, only masked
    for secret in SECRETS:
        assert secret not in output
    for value in person_values():
        assert value not in output, value


def test_filter_leaves_ordinary_numbers_alone() -> None:
    assert redact_text("listening on port 24727, 3 readers") == (
        "listening on port 24727, 3 readers"
    )
    assert redact_text("retryCounter 3 at 12:05") == "retryCounter 3 at 12:05"


def test_traffic_level_is_registered_below_debug() -> None:
    assert TRAFFIC == 5 < logging.DEBUG
    assert logging.getLevelName(TRAFFIC) == "TRAFFIC"


def test_frames_are_not_logged_above_traffic(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    log_frame(logging.getLogger("eid.test_quiet"), "send", '{"cmd":"GET_INFO"}')
    assert caplog.records == []


def test_install_redaction_covers_every_root_handler_once() -> None:
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    target = logging.getLogger("eid.test_install")
    target.propagate = False
    handlers = [Collect(), Collect()]
    for handler in handlers:
        target.addHandler(handler)
    try:
        assert install_redaction(target) == 2
        assert install_redaction(target) == 0
        target.error("PIN 123456 refused for %s", TEST_PERSON["GivenNames"])
    finally:
        for handler in handlers:
            target.removeHandler(handler)
    assert len(lines) == 2
    assert all("123456" not in line for line in lines)
