"""Staff access without a keyboard: a hidden corner gesture, a staff PIN kept only as a salted
scrypt hash in the OS keyring, and growing delays that make guessing it hopeless.

Why these parts are plain Python (no Qt): each one is a rule that must be exactly right and is
tested on an injectable clock; `kiosk.staff_access` puts them together for the running kiosk,
and `ui/staff` draws the PIN pad and the dashboard. The entered PIN is never logged, stored or
kept: only whether it matched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Clock = Callable[[], float]

KEYRING_SERVICE = "plietsch"
KEYRING_USER = "staff-pin"
MIN_DIGITS = 6
MAX_DIGITS = 12

# scrypt parameters: 16 MiB and about 50 ms per check on a kiosk PC; stored with the hash so
# they can be raised later without invalidating existing PINs.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAXMEM = 64 * 1024 * 1024


# --- the PIN hash ------------------------------------------------------------------------------


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be a staff PIN, or None. Only digits: it is typed on a touch pad."""
    if not pin.isdigit() or not pin.isascii():
        return "the staff PIN must consist of digits only"
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return f"the staff PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits"
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        return "the staff PIN must not be one repeated digit or a plain sequence"
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """`scrypt$N$r$p$salt$hash` (base64), the only form in which a staff PIN is kept."""
    salt = salt or os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(
        pin.encode("utf-8"),
        salt=salt,
        n=n,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=_MAXMEM,
        dklen=HASH_BYTES,
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches `stored`; a damaged stored value never matches (and is logged)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            raise ValueError(f"unknown scheme {scheme!r}")
        salt_bytes = base64.b64decode(salt, validate=True)
        expected_bytes = base64.b64decode(expected, validate=True)
        digest = hashlib.scrypt(
            pin.encode("utf-8"),
            salt=salt_bytes,
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected_bytes),
        )
    except (ValueError, binascii.Error) as error:
        logger.error("the stored staff PIN hash is damaged (%s); set a new one", error)
        return False
    return hmac.compare_digest(digest, expected_bytes)


# --- the keyring -------------------------------------------------------------------------------

NO_BACKEND_HELP = (
    "no usable keyring backend for the staff PIN. Configure one for the kiosk user: "
    "a Secret Service (e.g. Debian's gnome-keyring, unlocked in the kiosk session), or name a "
    "backend in the environment variable PYTHON_KEYRING_BACKEND or in keyringrc.cfg "
    "(see `python -m keyring diagnose`); then set the PIN with `python main.py --set-staff-pin`."
)


class PinStore:
    """The staff PIN hash in the OS keyring (`keyring`), service "plietsch", user "staff-pin".

    Every call may block (D-Bus, files): call it from a worker thread in the kiosk.
    """

    def __init__(self, backend: Any = None) -> None:
        self._backend = backend

    def backend(self) -> Any:
        if self._backend is None:
            import keyring  # noqa: PLC0415 - backend discovery is slow; only when needed

            self._backend = keyring.get_keyring()
        return self._backend

    def backend_name(self) -> str:
        backend = self.backend()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def problem(self) -> str | None:
        """None when a backend can keep the PIN; else what is wrong and how to configure one."""
        try:
            backend = self.backend()
        except Exception as error:  # a broken keyring configuration raises on discovery
            return f"the keyring configuration is broken ({error}); {NO_BACKEND_HELP}"
        priority = getattr(backend, "priority", 0)
        if type(backend).__module__.startswith("keyring.backends.fail") or priority <= 0:
            return NO_BACKEND_HELP
        return None

    def load(self) -> str | None:
        """The stored hash, None when no PIN was set."""
        value = self.backend().get_password(KEYRING_SERVICE, KEYRING_USER)
        return value if isinstance(value, str) and value else None

    def save(self, hashed: str) -> None:
        if not hashed.startswith("scrypt$"):
            raise ValueError("only a scrypt hash is ever stored")
        self.backend().set_password(KEYRING_SERVICE, KEYRING_USER, hashed)


# --- wrong PINs --------------------------------------------------------------------------------


class Lockout:
    """Growing waits after wrong PINs in a row: 1, 2, 4, 8 s, then a lockout after five
    (5 minutes, doubling with every further wrong PIN, at most an hour). A right PIN resets."""

    def __init__(
        self,
        clock: Clock = time.monotonic,
        *,
        delays_s: tuple[float, ...] = (1, 2, 4, 8),
        lockout_after: int = 5,
        lockout_s: float = 300,
        max_lockout_s: float = 3600,
    ) -> None:
        self._clock = clock
        self._delays_s = delays_s
        self.lockout_after = lockout_after
        self._lockout_s = lockout_s
        self._max_lockout_s = max_lockout_s
        self.failures = 0
        self._blocked_until = 0.0

    def wait_s(self) -> float:
        """Seconds until the next attempt may be checked (0: now)."""
        return max(0.0, self._blocked_until - self._clock())

    @property
    def locked_out(self) -> bool:
        return self.failures >= self.lockout_after and self.wait_s() > 0

    def failed(self) -> float:
        """Count a wrong PIN; returns the wait before the next attempt."""
        self.failures += 1
        if self.failures >= self.lockout_after:
            extra = self.failures - self.lockout_after
            delay = min(self._lockout_s * 2**extra, self._max_lockout_s)
        else:
            delay = self._delays_s[min(self.failures, len(self._delays_s)) - 1]
        self._blocked_until = self._clock() + delay
        return delay

    def succeeded(self) -> None:
        self.failures = 0
        self._blocked_until = 0.0


# --- the hidden gesture ------------------------------------------------------------------------


class CornerTaps:
    """Recognizes `taps` quick taps into one corner of the window within `within_s` seconds.

    Any tap outside the corner, or a pause longer than `max_gap_s`, starts the count over, so
    a visitor tapping around the screen never gets there by accident. A second event of the
    same tap (touch and the mouse event Qt makes of it) within `debounce_s` counts once.
    """

    def __init__(
        self,
        corner: str = "top-left",
        *,
        taps: int = 5,
        within_s: float = 3.0,
        max_gap_s: float = 1.2,
        zone_px: int = 120,
        debounce_s: float = 0.08,
        clock: Clock = time.monotonic,
    ) -> None:
        vertical, horizontal = corner.split("-")
        self._top = vertical == "top"
        self._left = horizontal == "left"
        self.taps = taps
        self.within_s = within_s
        self.max_gap_s = max_gap_s
        self.zone_px = zone_px
        self.debounce_s = debounce_s
        self._clock = clock
        self._times: list[float] = []

    def in_zone(self, x: float, y: float, width: float, height: float) -> bool:
        dx = x if self._left else width - x
        dy = y if self._top else height - y
        return 0 <= dx <= self.zone_px and 0 <= dy <= self.zone_px

    def tap(self, x: float, y: float, width: float, height: float, at: float | None = None) -> bool:
        """Feed one tap (window coordinates); True when it completes the gesture.

        `at` is when the tap happened (seconds, e.g. the input event's timestamp): taps
        that queued up while the GUI was busy must not count as one burst.
        """
        now = self._clock() if at is None else at
        if not self.in_zone(x, y, width, height):
            self._times.clear()
            return False
        if self._times and abs(now - self._times[-1]) < self.debounce_s:
            return False
        if self._times and now - self._times[-1] > self.max_gap_s:
            self._times.clear()
        self._times = [t for t in self._times if now - t <= self.within_s]
        self._times.append(now)
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        self._times.clear()
