"""Is a new PIN easy to guess? The rules behind the station's warning, without Qt.

Why warn: whoever finds an ID card has three tries (the CAN needed before the third is
printed on the card itself), and tries the obvious numbers first: one digit six times, a
run like 123456, a birth date, or a number a screen once showed as an example. The
visitor may still insist; the card accepts any six digits.
"""

from __future__ import annotations

import enum
import itertools
import logging

logger = logging.getLogger(__name__)


class WeakReason(enum.Enum):
    """Why a PIN is easy to guess; each has words ``eid.weak.<value>`` in the catalogs."""

    EXAMPLE = "example"  # a number this station shows as an example
    SAME_DIGITS = "same_digits"  # 111111
    ASCENDING = "ascending"  # 123456, 456789, 890123
    DESCENDING = "descending"  # 654321, 210987
    DATE = "date"  # 198808 (year, month), 081964 (month, year), 120864 (day, month, year)


#: Every number the station itself shows as an example (texts and pictures take it from here).
EXAMPLE_PIN = "123456"  # "no easy number like 123456" on the new-PIN screen
EXAMPLE_CAN = "471193"  # printed on the card in the explainer's picture
EXAMPLE_TRANSPORT_PIN = "53917"  # in the PIN letter of the explainer's picture
SHOWN_EXAMPLES = frozenset({EXAMPLE_PIN, EXAMPLE_CAN})


def weak_reason(pin: str) -> WeakReason | None:
    """The first rule `pin` breaks, or None. Never logs or keeps the PIN."""
    if not pin.isascii() or not pin.isdigit():
        return None
    if pin in SHOWN_EXAMPLES:
        return WeakReason.EXAMPLE
    digits = [int(d) for d in pin]
    if len(set(digits)) == 1:
        return WeakReason.SAME_DIGITS
    steps = {(b - a) % 10 for a, b in itertools.pairwise(digits)}
    if steps == {1}:
        return WeakReason.ASCENDING
    if steps == {9}:
        return WeakReason.DESCENDING
    if len(pin) == 6 and _date_like(pin):
        return WeakReason.DATE
    return None


def _date_like(pin: str) -> bool:
    """Year and month (19xxMM, 20xxMM), month and year (MM19xx, MM20xx), or a day, month
    and two-digit year as Germans write a birth date (DDMMYY)."""
    first, middle, last = int(pin[:2]), int(pin[2:4]), int(pin[4:])
    year_first = pin[:2] in {"19", "20"} and 1 <= last <= 12
    year_last = pin[2:4] in {"19", "20"} and 1 <= first <= 12
    day_month_year = 1 <= first <= 31 and 1 <= middle <= 12
    return year_first or year_last or day_month_year
