"""Commands: invalid ones cannot be built, the JSON is what the SDK expects, secrets stay hidden."""

from __future__ import annotations

import json
import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eid.commands import (
    SECRET_COMMAND_NAMES,
    Accept,
    Cancel,
    GetReader,
    NumberKind,
    RunAuth,
    RunChangePin,
    SetAccessRights,
    SetApiLevel,
    SetCan,
    SetCard,
    SetNewPin,
    SetPin,
    SetPuk,
    secret_command,
)
from eid.messages import ReaderInfo

KEYPAD = ReaderInfo(name="Simulator", attached=True, keypad=True)
BASIC = ReaderInfo(name="REINER SCT cyberJack", attached=True, keypad=False)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: SetPin(value="1234"), "5 or 6 digits, not 4"),
        (lambda: SetPin(value="1234567"), "5 or 6 digits, not 7"),
        (lambda: SetPin(value="12345a"), "digits only"),
        (lambda: SetPin(value="١٢٣٤٥٦"), "digits only"),  # Arabic-Indic digits are not ASCII
        (lambda: SetPin(value=" 12345"), "digits only"),
        (lambda: SetNewPin(value="12345"), "6 digits, not 5"),
        (lambda: SetCan(value="12345"), "6 digits, not 5"),
        (lambda: SetCan(value="1234567"), "6 digits, not 7"),
        (lambda: SetPuk(value="123456789"), "10 digits, not 9"),
        (lambda: SetPuk(value="12345678901"), "10 digits, not 11"),
        (lambda: SetApiLevel(level=0), "at least 1"),
        (lambda: SetApiLevel(level=True), "whole number"),
        (lambda: GetReader(name=""), "needs a reader name"),
        (lambda: SetCard(name=""), "needs a reader name"),
        (lambda: RunAuth(tc_token_url="ftp://example.org/x"), "http(s) tcTokenURL"),
        (lambda: RunAuth(tc_token_url=""), "http(s) tcTokenURL"),
    ],
)
def test_invalid_commands_cannot_be_built(make: object, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        make()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        (NumberKind.PIN, "12345", "6 digits, not 5"),
        (NumberKind.TRANSPORT_PIN, "123456", "5 digits, not 6"),
        (NumberKind.NEW_PIN, "1234567", "6 digits, not 7"),
        (NumberKind.CAN, "12a456", "digits only"),
        (NumberKind.PUK, "123456", "10 digits, not 6"),
    ],
)
def test_secret_command_checks_the_length_for_its_kind(
    kind: NumberKind, value: str, words: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(words)) as raised:
        secret_command(kind, BASIC, value)
    assert value not in str(raised.value)


def test_keypad_reader_gets_no_value() -> None:
    with pytest.raises(ValueError, match="keypad"):
        secret_command(NumberKind.PIN, KEYPAD, "123456")
    assert json.loads(secret_command(NumberKind.PIN, KEYPAD, None).to_json()) == {"cmd": "SET_PIN"}


def test_basic_reader_needs_a_value() -> None:
    with pytest.raises(ValueError, match="no keypad"):
        secret_command(NumberKind.CAN, BASIC, None)
    with pytest.raises(ValueError, match="no keypad"):
        secret_command(NumberKind.PIN, None, None)  # unknown reader: ask for the value


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (NumberKind.PIN, "123456", {"cmd": "SET_PIN", "value": "123456"}),
        (NumberKind.TRANSPORT_PIN, "12345", {"cmd": "SET_PIN", "value": "12345"}),
        (NumberKind.NEW_PIN, "654321", {"cmd": "SET_NEW_PIN", "value": "654321"}),
        (NumberKind.CAN, "000000", {"cmd": "SET_CAN", "value": "000000"}),
        (NumberKind.PUK, "0123456789", {"cmd": "SET_PUK", "value": "0123456789"}),
    ],
)
def test_secret_command_json(kind: NumberKind, value: str, expected: dict[str, str]) -> None:
    assert json.loads(secret_command(kind, BASIC, value).to_json()) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (RunChangePin(), {"cmd": "RUN_CHANGE_PIN"}),
        (RunChangePin(status=False), {"cmd": "RUN_CHANGE_PIN", "status": False}),
        (
            RunAuth(tc_token_url="https://test.governikus-eid.de/DEMO"),
            {"cmd": "RUN_AUTH", "tcTokenURL": "https://test.governikus-eid.de/DEMO"},
        ),
        (
            RunAuth(tc_token_url="https://x.example/t", developer_mode=True),
            {"cmd": "RUN_AUTH", "tcTokenURL": "https://x.example/t", "developerMode": True},
        ),
        (SetAccessRights(), {"cmd": "SET_ACCESS_RIGHTS", "chat": []}),
        (SetAccessRights(("DateOfBirth",)), {"cmd": "SET_ACCESS_RIGHTS", "chat": ["DateOfBirth"]}),
        (SetApiLevel(2), {"cmd": "SET_API_LEVEL", "level": 2}),
        (SetCard(name="Simulator"), {"cmd": "SET_CARD", "name": "Simulator"}),
        (GetReader(name="Simulator"), {"cmd": "GET_READER", "name": "Simulator"}),
        (Accept(), {"cmd": "ACCEPT"}),
        (Cancel(), {"cmd": "CANCEL"}),
    ],
)
def test_command_json(command: object, expected: dict[str, object]) -> None:
    assert json.loads(command.to_json()) == expected  # type: ignore[attr-defined]


SECRETS = st.sampled_from(
    [
        (SetPin, 6),
        (SetPin, 5),
        (SetNewPin, 6),
        (SetCan, 6),
        (SetPuk, 10),
    ]
)


@given(SECRETS, st.data())
def test_secret_values_never_in_repr_str_or_logs(
    spec: tuple[type, int], data: st.DataObject
) -> None:
    cls, length = spec
    value = data.draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    command = cls(value=value)
    assert command.carries_secret
    shown = [repr(command), str(command), f"{command}", f"{command!r}"]
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "sending %s", (command,), None)
    shown.append(record.getMessage())
    for text in shown:
        assert value not in text
        assert "<hidden>" in text
    assert json.loads(command.to_json())["value"] == value  # only the wire form carries it


def test_secret_command_names() -> None:
    assert {"SET_PIN", "SET_NEW_PIN", "SET_CAN", "SET_PUK"} == SECRET_COMMAND_NAMES


def test_keypad_secret_command_is_not_secret() -> None:
    command = secret_command(NumberKind.PUK, KEYPAD, None)
    assert not command.carries_secret
    assert repr(command) == "SetPuk(value=None)"
