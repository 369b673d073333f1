"""Small validators shared by the reply parsers: numbers and times from untrusted JSON.

Why lenient on form and strict on meaning: sensor.community sends every number as a
string ("12.30"), PEGELONLINE sends real numbers, a home-made sensor may send either; all
are fine. A value that is not a finite number, or lies outside the plausible range, is
refused with a message that names the field and the value.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

from kiosk.sensor_model import utc

logger = logging.getLogger(__name__)

MAX_SHOWN_CHARS = 40


class InvalidValueError(ValueError):
    """One field of a reply is unusable; the text says which and why."""


def shown(value: object) -> str:
    """A short, printable rendering of a bad value for a log line."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def number(value: object, field: str, low: float, high: float) -> float:
    """A finite number from a JSON number or numeric string, within ``low``–``high``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValueError(f"{field} is {shown(value)}, not a number")
    try:
        result = float(value.strip()) if isinstance(value, str) else float(value)
    except ValueError:
        raise InvalidValueError(f"{field} is {shown(value)}, not a number") from None
    if not math.isfinite(result):
        raise InvalidValueError(f"{field} is {shown(value)}, not a finite number")
    if not low <= result <= high:
        raise InvalidValueError(f"{field} is {result:g}, outside the plausible {low:g}–{high:g}")
    return result


def timestamp(value: object, field: str) -> datetime:
    """An ISO 8601 time ("2024-05-01T12:00:00+02:00" or "2024-05-01 10:00:00", UTC if naive)."""
    if not isinstance(value, str):
        raise InvalidValueError(f"{field} is {shown(value)}, not a time")
    try:
        return utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        raise InvalidValueError(
            f"{field} is {shown(value)}, not a time like 2024-05-01T12:00"
        ) from None


def text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"{field} is {shown(value)}, not a text")
    return value.strip()


def identifier(value: object, field: str) -> str:
    """An id that may come as a number or a string (sensor ids, gauge numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(value, field)
