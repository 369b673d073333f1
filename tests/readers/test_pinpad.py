"""PC/SC part 10 feature list parsing and the keypad decision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eid.readers.pinpad import (
    CM_IOCTL_GET_FEATURE_REQUEST,
    FEATURE_EXECUTE_PACE,
    FEATURE_MODIFY_PIN_DIRECT,
    FEATURE_VERIFY_PIN_DIRECT,
    FeatureListError,
    PinPadFeatures,
    combine_keypad,
    parse_features,
)

# A standard reader with keypad and PACE, as pcsc-lite's CCID driver lists it:
# VERIFY_PIN_DIRECT, MODIFY_PIN_DIRECT, IFD_PIN_PROPERTIES, GET_TLV_PROPERTIES, EXECUTE_PACE.
KEYPAD_READER = bytes.fromhex(
    "0604 42330006 0704 42330007 0A04 4233000A 1204 42330012 2004 42330020".replace(" ", "")
)
# A basic reader: only the TLV properties feature.
BASIC_READER = bytes.fromhex("120442330012")


def test_keypad_reader_features() -> None:
    features = PinPadFeatures.from_tlv(KEYPAD_READER)
    assert features.codes[FEATURE_VERIFY_PIN_DIRECT] == 0x42330006
    assert features.verify_pin_direct
    assert features.modify_pin_direct
    assert features.execute_pace
    assert features.keypad


def test_basic_reader_has_no_keypad() -> None:
    features = PinPadFeatures.from_tlv(BASIC_READER)
    assert not features.verify_pin_direct
    assert not features.keypad
    assert PinPadFeatures.from_tlv(b"").keypad is False


def test_keypad_follows_execute_pace_like_ausweisapp() -> None:
    verify_only = bytes([FEATURE_VERIFY_PIN_DIRECT, 4, 0x42, 0x33, 0, 6])
    assert not PinPadFeatures.from_tlv(verify_only).keypad
    pace_only = bytes([FEATURE_EXECUTE_PACE, 4, 0x42, 0x33, 0, 0x20])
    assert PinPadFeatures.from_tlv(pace_only).keypad


@pytest.mark.parametrize(
    ("tlv", "complaint"),
    [
        (b"\x06", "ends inside the TLV header at byte 0"),
        (bytes.fromhex("0604423300"), "announces 4 bytes, only 3 follow"),
        (bytes.fromhex("060442330006 0702AABB".replace(" ", "")), "2-byte control code"),
    ],
)
def test_malformed_lists_are_named(tlv: bytes, complaint: str) -> None:
    with pytest.raises(FeatureListError, match=complaint):
        parse_features(tlv)


def test_feature_request_control_code() -> None:
    assert CM_IOCTL_GET_FEATURE_REQUEST == 0x42000D48


@pytest.mark.parametrize(
    ("pcsc", "sdk", "combined"),
    [
        (None, None, None),
        (True, None, True),
        (False, None, False),
        (None, True, True),
        (None, False, False),
        (True, True, True),
        (False, False, False),
        (True, False, False),  # AusweisApp decides how it asks for the PIN
        (False, True, True),
    ],
)
def test_combine_keypad(pcsc: bool | None, sdk: bool | None, combined: bool | None) -> None:
    assert combine_keypad(pcsc, sdk) is combined


@given(st.binary(max_size=64))
def test_parser_never_fails_with_anything_but_a_named_error(tlv: bytes) -> None:
    try:
        features = parse_features(tlv)
    except FeatureListError as error:
        assert "byte" in str(error)
    else:
        assert all(0 <= code < 2**32 for code in features.values())


@given(st.dictionaries(st.integers(0, 255), st.integers(0, 2**32 - 1), max_size=12))
def test_round_trip(features: dict[int, int]) -> None:
    tlv = b"".join(bytes([tag, 4]) + code.to_bytes(4, "big") for tag, code in features.items())
    assert parse_features(tlv) == features
    assert PinPadFeatures.from_tlv(tlv).keypad is (FEATURE_EXECUTE_PACE in features)
    assert PinPadFeatures.from_tlv(tlv).modify_pin_direct is (FEATURE_MODIFY_PIN_DIRECT in features)
