"""The TRAFFIC log level and the one redaction used before anything of the SDK is logged.

Raw frames are logged only at TRAFFIC (5, below DEBUG) and only after ``redact_frame``:
values of SET_PIN/SET_CAN/SET_PUK/SET_NEW_PIN, personal data fields (from a
self-disclosure reply) and the path and query of AUTH's result address (its refID fetches
the visitor's data) are replaced by a mask. ``RedactingFilter`` is the second line of
defence the kiosk installs on its root handlers: it masks secrets in whatever text still
reaches a handler (record messages, their arguments and formatted exceptions).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")

MASK = "***"

#: JSON keys whose values are personal data (self-disclosure reply, PersonalData object).
PERSONAL_KEYS = frozenset(
    {
        "GivenNames",
        "FamilyNames",
        "FamilyName",
        "BirthName",
        "DateOfBirth",
        "PlaceOfBirth",
        "PlaceOfResidence",
        "StructuredPlace",
        "FreetextPlace",
        "Street",
        "City",
        "ZipCode",
        "Country",
        "State",
        "ArtisticName",
        "AcademicTitle",
        "DoctoralDegree",
        "DocumentNumber",
        "DateOfExpiry",
        "Nationality",
        "IssuingState",
        "Pseudonym",
        "CommunityID",
        "ResidencePermitI",
        "ResidencePermitII",
        "RestrictedID",
        "value",  # SET_PIN / SET_CAN / SET_PUK / SET_NEW_PIN
    }
)
_PERSONAL_LOWER = frozenset(key.lower() for key in PERSONAL_KEYS)

#: The AUTH result's address carries the session's refID, a one-time key to the visitor's
#: self-disclosure data: only its scheme and host are kept.
URL_KEYS = frozenset({"url"})
_REF_ID = re.compile(r"(?i)(\brefID=)[^&\s\"']+")

# "value": "123456", value=123456, 'pin': '12345', PIN 123456 ... -> digits masked
_SECRET_NUMBER = re.compile(
    r"""(?ix)
    (\b(?:value|pin|new_?pin|can|puk|transport_?pin|secret)\b["']?\s*(?:[:=]|\s)\s*["']?)
    (\d{10}|\d{6}|\d{5})(?!\d)
    """
)
_KEY_NAMES = "|".join(sorted(PERSONAL_KEYS - {"value"}, key=len, reverse=True))
# "GivenNames": "ERIKA"  /  'City': 'KÖLN'  /  DateOfBirth=1964-08-12
_PERSONAL_TEXT = re.compile(
    rf"""(?x)
    (["']?\b(?:{_KEY_NAMES})\b["']?\s*[:=]\s*)
    ("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;{{}}\[\]'"]+)
    """
)


def _mask_value(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return MASK


def _mask_url(value: Any) -> Any:
    if not isinstance(value, str):
        return _mask_value(value)
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}/{MASK}" if parts.scheme and parts.netloc else MASK


def _redact_value(key: Any, value: Any) -> Any:
    if isinstance(key, str) and key.lower() in _PERSONAL_LOWER:
        return _mask_value(value)
    if isinstance(key, str) and key.lower() in URL_KEYS:
        return _mask_url(value)
    return _redact_object(value)


def _redact_object(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _redact_value(key, value) for key, value in data.items()}
    if isinstance(data, list):
        return [_redact_object(item) for item in data]
    return data


def redact_text(text: str) -> str:
    """Mask PIN-like digit runs after a key word and values of personal-data keys in free text."""
    text = _SECRET_NUMBER.sub(lambda m: m.group(1) + MASK, text)
    text = _REF_ID.sub(lambda m: m.group(1) + MASK, text)
    return _PERSONAL_TEXT.sub(lambda m: m.group(1) + MASK, text)


def redact_frame(raw: str | bytes) -> str:
    """A frame (command or message) safe to log: secret values and personal fields masked.

    JSON is re-serialized with masked values; anything that is not JSON goes through
    ``redact_text``, so even a broken frame with a PIN in it is masked.
    """
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return redact_text(raw)
    try:
        cleaned = _redact_object(data)
        return json.dumps(cleaned, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        return "<frame nested too deeply>"


def log_frame(log: logging.Logger, direction: str, raw: str | bytes) -> None:
    """Log one raw frame at TRAFFIC, redacted; costs nothing when TRAFFIC is off."""
    if log.isEnabledFor(TRAFFIC):
        log.log(TRAFFIC, "%s %s", direction, redact_frame(raw))


class RedactingFilter(logging.Filter):
    """Masks secrets in every record that passes; install on handlers as a second line of defence.

    The message is formatted here (``msg % args``), masked, and stored back without args,
    so a PIN passed as an argument is masked as well. A traceback is formatted and masked
    into ``exc_text``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError) as exc:
            message = f"{record.msg!r} (unformattable arguments: {type(exc).__name__})"
        record.msg = redact_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


def install_redaction(target: logging.Logger | None = None) -> int:
    """Add a ``RedactingFilter`` to every handler of ``target`` (default: root) that lacks one.

    Returns how many handlers got one; call it again after adding handlers.
    """
    target = target or logging.getLogger()
    added = 0
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
            added += 1
    return added
