"""Which card lies on the reader, from its ATR and answers to harmless public reads.

Pure: the caller passes a `transmit` function (APDU in, response APDU with SW1 SW2
out), so this module knows nothing of pyscard and is tested with scripted answers.
Only SELECT and READ BINARY of public files are sent — never VERIFY or anything
else that could count as a PIN attempt.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

Transmit = Callable[[bytes], bytes]


class CardKind(enum.Enum):
    """Kind of card as the kiosk explains it to a visitor; value = stable string."""

    EID = "eid"  # German ID card, eAT or eID card for EU citizens: can do the online ID
    PASSPORT = "passport"  # another electronic passport / travel document
    EGK = "egk"  # German health insurance card
    PAYMENT = "payment"  # girocard or another EMV payment card
    UNKNOWN = "unknown"  # a card, but none of the above
    UNCHECKED = "unchecked"  # not looked at (probing switched off, card busy or gone)

    @property
    def text_key(self) -> str:
        """Key of the visitor text, e.g. "readers.card.egk"."""
        return f"readers.card.{self.value}"


EID_AID = bytes.fromhex("E80704007F00070302")
EMRTD_AID = bytes.fromhex("A0000002471001")
EGK_ROOT_AID = bytes.fromhex("D2760001448000")
EGK_HCA_AID = bytes.fromhex("D27600000102")
PSE_NAME = b"1PAY.SYS.DDF01"
PPSE_NAME = b"2PAY.SYS.DDF01"
PAYMENT_AIDS = (
    bytes.fromhex("A0000003591010028001"),  # girocard
    bytes.fromhex("A0000000031010"),  # Visa
    bytes.fromhex("A0000000041010"),  # Mastercard
    bytes.fromhex("A0000000043060"),  # Maestro
    bytes.fromhex("A0000000032020"),  # V PAY
)
EF_CARD_ACCESS = bytes.fromhex("011C")
EF_DIR = bytes.fromhex("2F00")

# DER content bytes of object identifier prefixes found in EF.CardAccess.
OID_PACE_PREFIX = bytes.fromhex("04007F0007020204")  # id-PACE (0.4.0.127.0.7.2.2.4)
OID_TA_PREFIX = bytes.fromhex("04007F0007020202")  # id-TA: only eID documents carry it here

# ATRs of German ID cards seen in the field; used only when the card answers nothing else.
KNOWN_EID_ATRS = frozenset({bytes.fromhex("3B8A80018031F873F741E082900075")})


class ClassificationStoppedError(Exception):
    """The caller asked to stop between two APDUs (monitor stopping, probing switched off)."""


@dataclass(frozen=True)
class Classification:
    """The kind and the one-line reason (AIDs and file ids only, no card data)."""

    kind: CardKind
    reason: str


def select_by_aid(aid: bytes, *, want_fci: bool = False) -> bytes:
    """ISO 7816-4 SELECT by DF name; EMV applications want the FCI (P2=00, Le=00)."""
    if want_fci:
        return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid + b"\x00"
    return bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid


def select_ef(file_id: bytes) -> bytes:
    """SELECT an elementary file of the master file by its 2-byte id, no FCI."""
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + file_id


def read_binary(length: int = 0) -> bytes:
    """READ BINARY from offset 0; length 0 means "up to 256 bytes"."""
    return bytes([0x00, 0xB0, 0x00, 0x00, length & 0xFF])


def status_word(response: bytes) -> tuple[int, int]:
    if len(response) < 2:
        return (0x6F, 0x00)  # treat a truncated answer as "no precise diagnosis"
    return (response[-2], response[-1])


def is_success(response: bytes) -> bool:
    """9000, 61xx (more data) and the 62xx/63xx warnings: the command was executed."""
    sw1, sw2 = status_word(response)
    return (sw1, sw2) == (0x90, 0x00) or sw1 in (0x61, 0x62, 0x63)


class _Prober:
    """Sends APDUs through `transmit`, checking `keep_going` before each one."""

    def __init__(self, transmit: Transmit, keep_going: Callable[[], bool]) -> None:
        self._transmit = transmit
        self._keep_going = keep_going

    def send(self, apdu: bytes) -> bytes:
        if not self._keep_going():
            raise ClassificationStoppedError
        return self._transmit(apdu)

    def selects(self, aids: Iterable[bytes], *, want_fci: bool = False) -> bytes | None:
        """First AID of `aids` that the card selects, or None."""
        for aid in aids:
            if is_success(self.send(select_by_aid(aid, want_fci=want_fci))):
                return aid
        return None

    def read_ef(self, file_id: bytes) -> bytes | None:
        """Content (up to 256 bytes) of a public EF of the MF, or None when not readable."""
        if not is_success(self.send(select_ef(file_id))):
            return None
        response = self.send(read_binary())
        sw1, sw2 = status_word(response)
        if sw1 == 0x6C:  # wrong Le: the card tells the right one
            response = self.send(read_binary(sw2))
        return response[:-2] if is_success(response) else None


def classify(
    atr: bytes, transmit: Transmit, keep_going: Callable[[], bool] = lambda: True
) -> Classification:
    """Kind of the card with this ATR, asking it only harmless public questions.

    Exceptions of `transmit` (card removed, reader gone) propagate unchanged;
    `ClassificationStoppedError` is raised when `keep_going()` turns False.
    """
    probe = _Prober(transmit, keep_going)
    if probe.selects([EID_AID]):
        return Classification(CardKind.EID, "selects the eID application")
    card_access = probe.read_ef(EF_CARD_ACCESS)
    if card_access is not None and OID_TA_PREFIX in card_access:
        return Classification(CardKind.EID, "EF.CardAccess announces terminal authentication")
    if probe.selects([EMRTD_AID]):
        return Classification(CardKind.PASSPORT, "selects the eMRTD application")
    if card_access is not None and OID_PACE_PREFIX in card_access:
        return Classification(CardKind.PASSPORT, "EF.CardAccess announces PACE")
    if probe.selects([EGK_ROOT_AID, EGK_HCA_AID]):
        return Classification(CardKind.EGK, "selects a health card application")
    if probe.selects([PSE_NAME, PPSE_NAME, *PAYMENT_AIDS], want_fci=True):
        return Classification(CardKind.PAYMENT, "selects a payment application")
    if atr in KNOWN_EID_ATRS:
        return Classification(CardKind.EID, "ATR of a German ID card")
    return Classification(CardKind.UNKNOWN, "answers none of the known applications")
