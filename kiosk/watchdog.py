"""systemd service notification (sd_notify) from the Qt loop: READY=1 after the first paint,
WATCHDOG=1 while the loop turns, so a frozen kiosk is killed and restarted by systemd.

Why the plain datagram protocol and not a library: sd_notify(3) documents it as a stable
interface (one AF_UNIX datagram of ``KEY=value`` lines to ``$NOTIFY_SOCKET``), the PyPI
``sdnotify`` package is unmaintained since 2017 and ``systemd-python`` needs a C build
against libsystemd. Why a QTimer and not a thread: a thread would keep pinging while the GUI
hangs, which is exactly what the watchdog must notice.

The kiosk runs as a child of cage, which is the unit's main process, so systemd sets
``WATCHDOG_PID`` to cage's PID; the unit has ``NotifyAccess=all`` and the kiosk pings on
cage's behalf. A ``WATCHDOG_PID`` naming some other process means the variable was inherited
by accident, and the kiosk stays silent.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

logger = logging.getLogger(__name__)


class Notifier:
    """Sends sd_notify datagrams; does nothing when not started by systemd."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = _socket_address(env.get("NOTIFY_SOCKET", ""))
        self.watchdog_usec = _watchdog_usec(env)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def notify(self, *lines: str) -> bool:
        """Send ``lines`` as one datagram; False (and a log line) when it could not be sent."""
        if self.address is None:
            return False
        payload = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                sock.sendall(payload)
        except OSError as error:
            logger.warning("sd_notify to %r failed: %s", self.address, error)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")


def _socket_address(value: str) -> str | bytes | None:
    """``$NOTIFY_SOCKET``: a path, or ``@name`` for the abstract namespace."""
    if not value:
        return None
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    logger.warning("NOTIFY_SOCKET %r is neither a path nor @abstract; not notifying", value)
    return None


def _watchdog_usec(env: Mapping[str, str]) -> int:
    """The watchdog interval in µs, or 0 when this process should not ping."""
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        logger.warning("WATCHDOG_USEC %r is not a number; watchdog off", env.get("WATCHDOG_USEC"))
        return 0
    owner = env.get("WATCHDOG_PID", "")
    if usec > 0 and owner and owner not in (str(os.getpid()), str(os.getppid())):
        logger.info("WATCHDOG_PID %s is neither this process nor its parent; watchdog off", owner)
        return 0
    return max(usec, 0)


class Watchdog(QObject):
    """Pings systemd from the Qt event loop every half watchdog interval."""

    def __init__(self, notifier: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.pings = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._ping)
        if notifier.enabled and notifier.watchdog_usec > 0:
            interval_ms = max(notifier.watchdog_usec // 2000, 100)
            self._timer.setInterval(interval_ms)
            self._timer.start()
            logger.info("systemd watchdog: pinging every %d ms", interval_ms)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _ping(self) -> None:
        if self.notifier.ping():
            self.pings += 1
