"""The emulated eID service behind the emulator's own tcTokenURL: its access rights,
its (made-up) certificate and the result codes a workflow can end with.

Error texts of SET_ACCESS_RIGHTS and the offline result follow AusweisApp 1.26.2; the
other result texts are the emulator's own (clients must branch on ``minor``, not text).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from eid.emulator.person import KNOWN_RIGHTS, OPTIONAL_RIGHTS, REQUIRED_RIGHTS

logger = logging.getLogger(__name__)

MAJOR = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#"
MINOR = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/"

NETWORK_FAILED = "dp#trustedChannelEstablishmentFailed"
CANCELLED = "sal#cancellationByUser"
CARD_REMOVED = "ifdl#cancellationByUser"
TRANSPORT_PIN_LEFT = "al/common#unknownError"

#: minor code -> (description, message) in the app language (English here).
FAILURES: dict[str, tuple[str, str]] = {
    NETWORK_FAILED: (
        "A trusted channel could not be opened.",
        "An unknown network error occurred. Check your network connection and try to "
        "restart the app.",
    ),
    CANCELLED: (
        "The process was cancelled by the user.",
        "The process has been cancelled.",
    ),
    CARD_REMOVED: (
        "The ID card was removed from the reader.",
        "The ID card was removed during the process. Please try again.",
    ),
    TRANSPORT_PIN_LEFT: (
        "The Transport PIN has not been replaced by a personal PIN.",
        "Your ID card still has its Transport PIN. Set your personal 6-digit PIN first.",
    ),
}

#: minor code -> AusweisApp's failure code (``reason``, 1.26.4+), as recorded from 2.3.1 or
#: named in its failure-code list; a minor without a known code gets none.
REASONS: dict[str, str] = {
    NETWORK_FAILED: "Get_TcToken_Network_Error",
    CANCELLED: "User_Cancelled",
    CARD_REMOVED: "Card_Removed",
}

ALL_RIGHTS = REQUIRED_RIGHTS + OPTIONAL_RIGHTS


def failure_result(minor: str) -> dict[str, str]:
    description, message = FAILURES[minor]
    return {
        "description": description,
        "language": "en",
        "major": MAJOR + "error",
        "message": message,
        "minor": MINOR + minor,
    }


def choose_rights(request: dict[str, Any]) -> tuple[tuple[str, ...] | None, str | None]:
    """SET_ACCESS_RIGHTS: (the new effective rights, None) or (None, the SDK's error)."""
    if "chat" not in request:
        return None, "'chat' cannot be undefined"
    chat = request["chat"]
    if not isinstance(chat, list):
        return None, "Invalid 'chat' data"
    for entry in chat:
        if not isinstance(entry, str):
            return None, "Entry in 'chat' data needs to be string"
        if entry not in KNOWN_RIGHTS:
            return None, "Entry in 'chat' data is invalid"
        if entry not in OPTIONAL_RIGHTS:
            return None, "Entry in 'chat' data is not available"
    return REQUIRED_RIGHTS + tuple(r for r in OPTIONAL_RIGHTS if r in chat), None


def access_rights(effective: tuple[str, ...], error: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "msg": "ACCESS_RIGHTS",
        "chat": {
            "effective": list(effective),
            "optional": list(OPTIONAL_RIGHTS),
            "required": list(REQUIRED_RIGHTS),
        },
        "transactionInfo": "Plietsch SDK emulator: self-disclosure with test data only",
    }
    if error is not None:
        message["error"] = error
    return message


def certificate(base_http_url: str) -> dict[str, Any]:
    """A provider certificate that says plainly it belongs to no real authority."""
    today = datetime.date.today()
    return {
        "msg": "CERTIFICATE",
        "description": {
            "issuerName": "Plietsch Emulator Test-CA (not a real authority)",
            "issuerUrl": base_http_url,
            "subjectName": "Plietsch SDK emulator – self-disclosure test service",
            "subjectUrl": base_http_url,
            "termsOfUsage": "Emulated provider for demos and tests. It shows the "
            "AusweisApp Simulator's test person only and stores nothing.",
            "purpose": "Self-disclosure (emulator, test data)",
        },
        "validity": {
            "effectiveDate": (today - datetime.timedelta(days=30)).isoformat(),
            "expirationDate": (today + datetime.timedelta(days=30)).isoformat(),
        },
    }
