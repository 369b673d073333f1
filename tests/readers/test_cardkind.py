"""Card kind recognition with scripted card answers (no PC/SC involved)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eid.readers.cardkind import (
    CardKind,
    ClassificationStoppedError,
    classify,
    is_success,
    select_by_aid,
)
from tests.readers.virtual_card import (
    EID_CARD,
    PASSPORT,
    PROFILE_KINDS,
    UNKNOWN_CARD,
    CardProfile,
    VirtualCard,
)

HARMLESS_INSTRUCTIONS = {0xA4, 0xB0}


class Script:
    """transmit() answering from a virtual card profile, recording every APDU."""

    def __init__(self, profile: CardProfile) -> None:
        self.card = VirtualCard(profile)
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.card.answer(apdu)


@pytest.mark.parametrize(
    ("profile", "kind"),
    PROFILE_KINDS,
    ids=lambda value: getattr(value, "value", None) or getattr(value, "name", "?"),
)
def test_profiles_are_recognised_with_harmless_commands_only(
    profile: CardProfile, kind: CardKind
) -> None:
    script = Script(profile)
    assert classify(profile.atr, script).kind is kind
    assert {apdu[1] for apdu in script.sent} <= HARMLESS_INSTRUCTIONS


def test_id_card_that_refuses_the_eid_select_is_recognised_by_card_access() -> None:
    """Some card generations answer SELECT of the eID application only after PACE."""
    refusing = CardProfile(
        name="eID card without open eID select",
        atr=bytes.fromhex("3B8880014E4541542D4D4F43"),
        files=EID_CARD.files,
    )
    result = classify(refusing.atr, Script(refusing))
    assert result.kind is CardKind.EID
    assert "CardAccess" in result.reason


def test_passport_known_only_by_pace_in_card_access() -> None:
    pace_only = CardProfile(name="PACE-only document", atr=b"\x3b\x00", files=PASSPORT.files)
    assert classify(pace_only.atr, Script(pace_only)).kind is CardKind.PASSPORT


def test_silent_card_with_a_german_id_atr_counts_as_eid() -> None:
    assert classify(EID_CARD.atr, lambda apdu: b"\x6d\x00").kind is CardKind.EID


def test_t0_card_asking_for_the_right_length_gets_it() -> None:
    card_access = EID_CARD.files[b"\x01\x1c"]
    sent: list[bytes] = []

    def t0_card(apdu: bytes) -> bytes:
        sent.append(apdu)
        if apdu[1] == 0xA4:
            return b"\x90\x00" if apdu[2] == 0x02 else b"\x6a\x82"
        if apdu[4] == 0:
            return bytes([0x6C, len(card_access)])
        return card_access[: apdu[4]] + b"\x90\x00"

    assert classify(b"\x3b\x00", t0_card).kind is CardKind.EID
    assert sent[-1][4] == len(card_access)


def test_stop_request_is_honoured_between_commands() -> None:
    script = Script(UNKNOWN_CARD)
    answers_left = iter([True, True, False])
    with pytest.raises(ClassificationStoppedError):
        classify(UNKNOWN_CARD.atr, script, keep_going=lambda: next(answers_left))
    assert len(script.sent) == 2


def test_transport_errors_reach_the_caller() -> None:
    class PulledError(Exception):
        pass

    def pulled(apdu: bytes) -> bytes:
        raise PulledError

    with pytest.raises(PulledError):
        classify(EID_CARD.atr, pulled)


def test_success_status_words() -> None:
    assert is_success(b"\x90\x00")
    assert is_success(b"\x01\x02\x61\x10")
    assert is_success(b"\x62\x83")
    assert not is_success(b"\x6a\x82")
    assert not is_success(b"\x90")
    assert not is_success(b"")


def test_select_apdus_are_well_formed() -> None:
    aid = bytes.fromhex("A0000002471001")
    assert select_by_aid(aid) == bytes.fromhex("00A4040C07A0000002471001")
    assert select_by_aid(aid, want_fci=True) == bytes.fromhex("00A4040007A000000247100100")


def test_kind_values_are_stable() -> None:
    assert [kind.value for kind in CardKind] == [
        "eid",
        "passport",
        "egk",
        "payment",
        "unknown",
        "unchecked",
    ]
    assert CardKind.EGK.text_key == "readers.card.egk"


@given(
    atr=st.binary(max_size=33),
    answers=st.lists(st.binary(max_size=300), min_size=1, max_size=40),
)
def test_any_card_answers_give_a_kind_and_only_harmless_commands(
    atr: bytes, answers: list[bytes]
) -> None:
    sent: list[bytes] = []

    def garbage(apdu: bytes) -> bytes:
        sent.append(apdu)
        return answers[(len(sent) - 1) % len(answers)]

    result = classify(atr, garbage)
    assert result.kind in set(CardKind) - {CardKind.UNCHECKED}
    assert {apdu[1] for apdu in sent} <= HARMLESS_INSTRUCTIONS
    assert len(sent) <= 20
