"""How an eID workflow ended, as a small set of outcome kinds the UI can explain.

The SDK's texts are localized and change between versions, so the mapping here only
uses the machine-readable parts (``major``/``minor``/``reason`` of AUTH, ``success``/
``reason`` of CHANGE_PIN) together with what the workflow itself saw on the way:
a wrong-PIN retry, a removed card, a deactivated or blocked card, its own CANCEL.
An ``Outcome`` is safe to show and to log: it never carries a secret or personal data.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from eid.messages import AuthResult, CardInfo, ChangePin

logger = logging.getLogger(__name__)


class OutcomeKind(enum.Enum):
    SUCCESS = "success"
    CANCELLED = "cancelled"
    WRONG_PIN = "wrong_pin"
    BLOCKED = "blocked"  # PIN blocked for good (PUK used up): citizen office
    DEACTIVATED = "deactivated"  # online function switched off
    CARD_REMOVED = "card_removed"
    NETWORK_ERROR = "network_error"
    SERVICE_ERROR = "service_error"
    DISCONNECTED = "disconnected"
    TIMED_OUT = "timed_out"  # the kiosk cancelled: no input from the visitor in time
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Outcome:
    """The end of a workflow. ``detail`` is plain English for staff and logs, not for visitors."""

    kind: OutcomeKind
    detail: str = ""
    minor: str | None = None  # e.g. "dp#trustedChannelEstablishmentFailed"
    reason: str | None = None  # AusweisApp failure code (>= 1.26.3), e.g. "Card_Removed"

    @property
    def ok(self) -> bool:
        return self.kind is OutcomeKind.SUCCESS


class CancelCause(enum.Enum):
    """Why the workflow itself sent CANCEL (decides the outcome of the SDK's final answer)."""

    USER = "user"  # the visitor cancelled a request, or the idle reset aborted
    TIMEOUT = "timeout"  # no input from the visitor within the workflow's input timeout
    DEACTIVATED = "deactivated"
    BLOCKED = "blocked"


@dataclass
class Observations:
    """What a workflow saw before the final message; mutated while the workflow runs."""

    cancel_cause: CancelCause | None = None
    wrong_number_seen: bool = False
    card_removed: bool = False
    last_card: CardInfo | None = None
    new_pin_sent: bool = False
    numbers_asked: int = 0  # PIN/CAN/PUK/new-PIN requests opened in this attempt


# Failure codes of AusweisApp >= 1.26.3 that say more than major/minor; prefix match.
_REASON_PREFIXES: tuple[tuple[str, OutcomeKind], ...] = (
    ("User_Cancelled", OutcomeKind.CANCELLED),
    ("Establish_Pace_Channel_User_Cancelled", OutcomeKind.CANCELLED),
    ("Card_Removed", OutcomeKind.CARD_REMOVED),
    ("Connect_Card_Eid_Inactive", OutcomeKind.DEACTIVATED),
    ("Establish_Pace_Channel_Puk_Inoperative", OutcomeKind.BLOCKED),
    ("Get_TcToken_Network_Error", OutcomeKind.NETWORK_ERROR),
)

_MINOR_DETAIL = {
    "sal#cancellationByUser": "cancelled",
    "ifdl#cancellationByUser": "card removed during the workflow",
    "dp#trustedChannelEstablishmentFailed": "no connection to the eID service",
    "al/common#communicationError": "communication with the card or the service failed",
    "al/common#noPermission": "the card refused: online function off or PUK blocked",
    "al/common#unknownError": "the card or AusweisApp reported an unknown error",
    "al/common#internalError": "AusweisApp or the eID service reported an internal error",
    "il/signature#invalidCertificatePath": "the service's certificate was not accepted",
    "sal/mEAC#DocumentValidityVerificationFailed": "the ID document is not valid (expired?)",
}


def _from_observations(seen: Observations) -> Outcome | None:
    """The workflow's own knowledge wins over the SDK's generic codes."""
    if seen.cancel_cause is CancelCause.DEACTIVATED:
        return Outcome(OutcomeKind.DEACTIVATED, "online function of the ID card is switched off")
    if seen.cancel_cause is CancelCause.BLOCKED:
        return Outcome(OutcomeKind.BLOCKED, "PIN permanently blocked; citizen office needed")
    if seen.cancel_cause is CancelCause.USER:
        return Outcome(OutcomeKind.CANCELLED, "cancelled")
    if seen.cancel_cause is CancelCause.TIMEOUT:
        return Outcome(OutcomeKind.TIMED_OUT, "no input from the visitor in time; cancelled")
    return None


def _from_reason(reason: str | None) -> OutcomeKind | None:
    if not reason:
        return None
    for prefix, kind in _REASON_PREFIXES:
        if reason.startswith(prefix):
            return kind
    if "Network" in reason:
        return OutcomeKind.NETWORK_ERROR
    return None


def _card_blocked(card: CardInfo | None) -> bool:
    return card is not None and (card.inoperative or card.retry_counter == 0)


def auth_outcome(result: AuthResult, seen: Observations) -> Outcome:
    """Map the final AUTH result; success is decided by ``major`` alone."""
    minor = result.minor_code
    if result.ok:
        return Outcome(OutcomeKind.SUCCESS, "authentication done", minor, result.reason)
    own = _from_observations(seen)
    if own is not None:
        return Outcome(own.kind, own.detail, minor, result.reason)
    detail = _MINOR_DETAIL.get(minor or "", f"error {minor or 'without minor code'}")
    kind = _from_reason(result.reason) or _kind_from_minor(minor, seen)
    if kind is OutcomeKind.UNKNOWN:
        logger.info("unmapped AUTH result: major %s minor %s", result.major, minor)
    return Outcome(kind, detail, minor, result.reason)


def _kind_from_minor(minor: str | None, seen: Observations) -> OutcomeKind:
    card = seen.last_card
    # AusweisApp takes the Simulator's card away before every final message, so a
    # removal only decides the outcome where the minor code itself points at the card.
    if minor == "sal#cancellationByUser":
        return OutcomeKind.CANCELLED
    if minor == "ifdl#cancellationByUser":
        return OutcomeKind.CARD_REMOVED
    if minor == "dp#trustedChannelEstablishmentFailed":
        return OutcomeKind.NETWORK_ERROR
    if minor == "al/common#communicationError":
        return OutcomeKind.WRONG_PIN if seen.wrong_number_seen else OutcomeKind.NETWORK_ERROR
    if minor == "al/common#noPermission":
        if card is not None and card.deactivated:
            return OutcomeKind.DEACTIVATED
        return OutcomeKind.BLOCKED
    if minor == "al/common#unknownError":
        if _card_blocked(card):
            return OutcomeKind.BLOCKED
        return OutcomeKind.WRONG_PIN if seen.wrong_number_seen else OutcomeKind.UNKNOWN
    if minor == "al/common#internalError":
        return OutcomeKind.CARD_REMOVED if seen.card_removed else OutcomeKind.SERVICE_ERROR
    if minor in {
        "il/signature#invalidCertificatePath",
        "sal/mEAC#DocumentValidityVerificationFailed",
    }:
        return OutcomeKind.SERVICE_ERROR
    return OutcomeKind.UNKNOWN


def change_pin_outcome(final: ChangePin, seen: Observations) -> Outcome:
    """Map the final CHANGE_PIN. ``success:true`` only counts after SET_NEW_PIN went out:
    AusweisApp 1.26.2 also reports success when it failed before asking for any PIN."""
    if final.success and not final.reason:
        if seen.new_pin_sent:
            return Outcome(OutcomeKind.SUCCESS, "PIN changed")
        return Outcome(
            OutcomeKind.UNKNOWN,
            "AusweisApp reported success although no new PIN was entered; PIN not changed",
        )
    own = _from_observations(seen)
    if own is not None:
        return Outcome(own.kind, own.detail, reason=final.reason)
    kind = _from_reason(final.reason)
    if kind is None:
        if seen.card_removed:
            kind = OutcomeKind.CARD_REMOVED
        elif _card_blocked(seen.last_card):
            kind = OutcomeKind.BLOCKED
        elif seen.wrong_number_seen:
            kind = OutcomeKind.WRONG_PIN
        else:
            kind = OutcomeKind.UNKNOWN
    detail = f"PIN not changed ({final.reason})" if final.reason else "PIN not changed"
    return Outcome(kind, detail, reason=final.reason)
