"""parse_message: every real frame understood, every bad frame an Invalid that names the problem."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eid.messages import (
    MAX_FRAME_CHARS,
    MESSAGE_NAMES,
    Auth,
    CardInfo,
    ChangePin,
    Invalid,
    Reader,
    ReaderInfo,
    ReaderList,
    parse_message,
    parse_object,
)
from tests.eid.fakes import load_transcript, transcript_files


def recv_frames() -> list[tuple[str, dict[str, Any]]]:
    frames = []
    for path in transcript_files():
        for number, entry in enumerate(load_transcript(path), 1):
            if entry.direction == "recv":
                frames.append((f"{path.stem}:{number}", entry.data))
    return frames


def msg(kind: str, /, **fields: Any) -> str:
    return json.dumps({"msg": kind, **fields})


MALFORMED: list[tuple[str, str | bytes, str]] = [
    # (id, frame, words the reason must contain)
    ("not-json", "not json", "not JSON"),
    ("truncated", '{"msg":', "not JSON"),
    ("empty", "", "not JSON"),
    ("list", "[]", "must be a JSON object, not list"),
    ("number", "42", "must be a JSON object, not int"),
    ("string", '"READER"', "must be a JSON object, not str"),
    ("null", "null", "must be a JSON object, not NoneType"),
    ("no-msg", '{"name":"Simulator"}', "no 'msg' name"),
    ("msg-number", '{"msg":5}', "no 'msg' name"),
    ("unknown-msg", msg("HELLO"), "unknown message 'HELLO'"),
    ("lowercase-msg", msg("reader", name="x"), "unknown message 'reader'"),
    ("non-utf8", b'{"msg":"READER","name":"\xff\xfe"}', "not UTF-8"),
    ("huge", '{"msg":"INFO","x":"' + "a" * MAX_FRAME_CHARS + '"}', "too long"),
    ("deep", "[" * 100_000 + "]" * 100_000, "not JSON"),
    # READER and reader objects
    ("reader-no-name", msg("READER", attached=True), "without 'name'"),
    ("reader-name-int", msg("READER", name=5), "'name' must be a string"),
    ("reader-attached-str", msg("READER", name="x", attached="yes"), "'attached' must be true"),
    ("reader-keypad-int", msg("READER", name="x", keypad=1), "'keypad' must be true"),
    ("reader-insertable", msg("READER", name="x", insertable="no"), "'insertable' must be true"),
    ("reader-card-str", msg("READER", name="x", card="eID"), "'card' must be an object"),
    ("reader-card-list", msg("READER", name="x", card=[]), "'card' must be an object"),
    (
        "card-retry-str",
        msg("READER", name="x", card={"retryCounter": "3"}),
        "'retryCounter' must be a whole number",
    ),
    (
        "card-retry-bool",
        msg("READER", name="x", card={"retryCounter": True}),
        "'retryCounter' must be a whole number",
    ),
    (
        "card-deactivated-str",
        msg("READER", name="x", card={"deactivated": "false"}),
        "'deactivated' must be true",
    ),
    (
        "card-inoperative-int",
        msg("READER", name="x", card={"inoperative": 0}),
        "'inoperative' must be true",
    ),
    ("list-not-list", msg("READER_LIST", readers={"name": "x"}), "'readers' must be a list"),
    ("list-item-int", msg("READER_LIST", readers=[5]), "reader must be an object"),
    ("list-item-no-name", msg("READER_LIST", readers=[{}]), "without 'name'"),
    ("list-level1-key", msg("READER_LIST", reader="x"), "'reader' must be a list"),
    # ENTER_* and INSERT_CARD
    *[
        (f"{name.lower()}-reader", msg(name, reader="Simulator"), "reader must be an object")
        for name in ("ENTER_PIN", "ENTER_NEW_PIN", "ENTER_CAN", "ENTER_PUK")
    ],
    *[
        (f"{name.lower()}-error", msg(name, error=3), "'error' must be a string")
        for name in ("ENTER_PIN", "ENTER_NEW_PIN", "ENTER_CAN", "ENTER_PUK", "INSERT_CARD")
    ],
    (
        "enter-pin-bad-card",
        msg("ENTER_PIN", reader={"name": "x", "card": {"retryCounter": []}}),
        "'retryCounter' must be a whole number",
    ),
    # AUTH
    ("auth-result-str", msg("AUTH", result="ok"), "'result' must be an object"),
    ("auth-result-no-major", msg("AUTH", result={"minor": "x"}), "without 'major'"),
    ("auth-major-int", msg("AUTH", result={"major": 1}), "'major' must be a string"),
    ("auth-minor-int", msg("AUTH", result={"major": "x", "minor": 2}), "'minor' must be a str"),
    ("auth-url-int", msg("AUTH", url=5), "'url' must be a string"),
    ("auth-error-list", msg("AUTH", error=["x"]), "'error' must be a string"),
    # CHANGE_PIN
    ("change-pin-success-str", msg("CHANGE_PIN", success="true"), "'success' must be true"),
    ("change-pin-reason-int", msg("CHANGE_PIN", reason=5), "'reason' must be a string"),
    # ACCESS_RIGHTS
    ("rights-chat-list", msg("ACCESS_RIGHTS", chat=[]), "'chat' must be an object"),
    (
        "rights-effective-str",
        msg("ACCESS_RIGHTS", chat={"effective": "GivenNames"}),
        "'effective' must be a list of strings",
    ),
    (
        "rights-required-ints",
        msg("ACCESS_RIGHTS", chat={"required": [1]}),
        "'required' must be a list of strings",
    ),
    ("rights-aux-str", msg("ACCESS_RIGHTS", aux="x"), "'aux' must be an object"),
    ("rights-transaction-int", msg("ACCESS_RIGHTS", transactionInfo=5), "'transactionInfo'"),
    # CERTIFICATE
    ("cert-description-str", msg("CERTIFICATE", description="x"), "'description' must be an"),
    ("cert-validity-int", msg("CERTIFICATE", validity=5), "'validity' must be an object"),
    (
        "cert-issuer-int",
        msg("CERTIFICATE", description={"issuerName": 5}),
        "'issuerName' must be a string",
    ),
    (
        "cert-date-list",
        msg("CERTIFICATE", validity={"effectiveDate": []}),
        "'effectiveDate' must be a string",
    ),
    # API_LEVEL, INFO, STATUS
    ("level-available-str", msg("API_LEVEL", available="1,2"), "'available' must be a list"),
    ("level-available-bool", msg("API_LEVEL", available=[True]), "'available' must be a list"),
    ("level-current-str", msg("API_LEVEL", current="2"), "'current' must be a whole number"),
    ("level-error-int", msg("API_LEVEL", error=1), "'error' must be a string"),
    ("info-versioninfo-str", msg("INFO", VersionInfo="1.26.2"), "'VersionInfo' must be an"),
    ("status-progress-str", msg("STATUS", progress="80"), "'progress' must be a whole number"),
    ("status-progress-float", msg("STATUS", progress=0.5), "'progress' must be a whole number"),
    ("status-workflow-int", msg("STATUS", workflow=1), "'workflow' must be a string"),
    ("status-state-list", msg("STATUS", state=[]), "'state' must be a string"),
    # answers to bad commands, errors, PAUSE
    ("bad-state-int", msg("BAD_STATE", error=5), "'error' must be a string"),
    ("invalid-int", msg("INVALID", error=5), "'error' must be a string"),
    ("unknown-command-obj", msg("UNKNOWN_COMMAND", error={}), "'error' must be a string"),
    ("internal-error-bool", msg("INTERNAL_ERROR", error=True), "'error' must be a string"),
    ("pause-cause-int", msg("PAUSE", cause=5), "'cause' must be a string"),
]


@pytest.mark.parametrize(
    ("frame", "words"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_frame_is_invalid_with_a_reason(frame: str | bytes, words: str) -> None:
    result = parse_message(frame)
    assert isinstance(result, Invalid)
    assert words in result.reason
    assert len(result.raw) <= 201


def test_every_message_kind_has_a_bad_field_case() -> None:
    covered = set()
    for _, frame, _ in MALFORMED:
        try:
            data = json.loads(frame)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("msg") in MESSAGE_NAMES:
            covered.add(data["msg"])
    assert covered == set(MESSAGE_NAMES)


def test_reason_names_the_message() -> None:
    result = parse_message(msg("STATUS", progress="x"))
    assert isinstance(result, Invalid)
    assert result.reason.startswith("STATUS: ")


@pytest.mark.parametrize(("where", "data"), recv_frames(), ids=[w for w, _ in recv_frames()])
def test_every_recorded_frame_parses_to_its_message(where: str, data: dict[str, Any]) -> None:
    result = parse_message(json.dumps(data))
    assert not isinstance(result, Invalid), f"{where}: {result}"
    assert result.msg == data["msg"]


def test_transcripts_were_found() -> None:
    assert len(recv_frames()) > 50


def test_recorded_reader_values_are_kept() -> None:
    frame = {
        "msg": "READER",
        "name": "Simulator",
        "attached": True,
        "insertable": True,
        "keypad": True,
        "card": {"deactivated": False, "inoperative": False, "retryCounter": 3},
    }
    assert parse_message(json.dumps(frame)) == Reader(
        ReaderInfo(
            name="Simulator",
            attached=True,
            insertable=True,
            keypad=True,
            card=CardInfo(retry_counter=3),
        )
    )


def test_level_one_reader_list_key_and_level_three_unknown_card() -> None:
    listing = parse_message(msg("READER_LIST", reader=[{"name": "A", "card": {}}]))
    assert isinstance(listing, ReaderList)
    assert listing.readers[0].unknown_card
    assert listing.readers[0].card is None


def test_auth_and_change_pin_outcomes() -> None:
    cancelled = parse_message(
        msg(
            "AUTH",
            result={
                "major": "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error",
                "minor": "http://www.bsi.bund.de/ecard/api/1.1/resultminor/sal#cancellationByUser",
            },
        )
    )
    assert isinstance(cancelled, Auth) and cancelled.finished
    assert cancelled.result is not None and not cancelled.result.ok
    assert cancelled.result.minor_code == "sal#cancellationByUser"
    started = parse_message(msg("CHANGE_PIN"))
    assert started == ChangePin() and not started.finished


def test_unknown_extra_fields_are_ignored() -> None:
    assert parse_message(msg("INSERT_CARD", newField={"x": 1})) == parse_message(msg("INSERT_CARD"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from(
    [
        "name",
        "attached",
        "card",
        "reader",
        "readers",
        "error",
        "result",
        "chat",
        "aux",
        "available",
        "current",
        "VersionInfo",
        "description",
        "validity",
        "progress",
        "success",
        "cause",
        "url",
    ]
) | st.text(max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_fuzz_random_text_never_raises(frame: str | bytes) -> None:
    result = parse_message(frame)
    assert result.msg in MESSAGE_NAMES or isinstance(result, Invalid)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(sorted(MESSAGE_NAMES)) | st.text(max_size=12),
    st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6),
)
def test_fuzz_random_objects_never_raise(name: str, fields: dict[str, Any]) -> None:
    data = {**fields, "msg": name}
    result = parse_object(data, json.dumps(data))
    assert isinstance(result, Invalid) or result.msg == name
    assert parse_message(json.dumps(data)) == result


def test_refused_get_reader_is_a_reader_message_with_error() -> None:
    """GET_READER without name: 1.26.2 and 2.3.1 answer READER with only an error (recorded)."""
    from eid.messages import Reader, parse_message  # noqa: PLC0415

    message = parse_message('{"msg":"READER","error":"Name cannot be undefined"}')
    assert isinstance(message, Reader)
    assert message.error == "Name cannot be undefined"
    assert message.reader.name == "" and not message.reader.attached
