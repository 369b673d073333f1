"""The kiosk's lifeline to the compositor that started it (``--exit-with-parent``).

Under cage the kiosk is cage's only client and its child: when cage dies (a crash, ``kill
-9``, an abort), the display is gone, and a kiosk that lives on is an orphan nobody sees, that
may spin on a broken connection and that systemd no longer counts as the unit (the unit
restarts cage, which starts a second kiosk). Qt's Wayland plugin usually ends the process
itself, but not in every version or setting (e.g. with ``QT_WAYLAND_RECONNECT``), and an
X server or another compositor may behave differently. So the kiosk watches its parent:

- a ``pidfd`` of the parent, taken at start-up, becomes readable when the parent ends; a
  daemon thread waits on it (the Qt loop may be the part that hangs, so the watch must not
  depend on it), logs why, and asks the Qt loop to exit with ``PARENT_GONE_EXIT``;
- a clean exit runs the usual shutdown (eID back end, wipes); should it hang on the broken
  display, ``alarm(2)`` with the default SIGALRM action ends the process after
  ``GRACE_SECONDS`` whatever the interpreter is doing.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

logger = logging.getLogger(__name__)

#: The kiosk's exit code when its parent (the compositor) is gone.
PARENT_GONE_EXIT = 3
#: How long a clean shutdown may take before the kernel ends the process.
GRACE_SECONDS = 5


class ParentGoneError(Exception):
    """The parent had already ended before the kiosk could watch it."""


class Lifeline(QObject):
    """Ends the kiosk when the process that started it ends."""

    parent_gone = Signal(int)

    def __init__(self, parent_pid: int | None = None) -> None:
        super().__init__()
        self.parent_pid = os.getppid() if parent_pid is None else parent_pid
        if self.parent_pid <= 1:  # reparented to init: the parent is already gone
            raise ParentGoneError(f"parent process gone before start-up (ppid {self.parent_pid})")
        try:
            self._fd = os.pidfd_open(self.parent_pid)
        except ProcessLookupError as error:
            gone = f"parent process {self.parent_pid} gone before start-up"
            raise ParentGoneError(gone) from error
        self._thread: threading.Thread | None = None

    def start(self, app: QCoreApplication) -> None:
        """Watch from now on; ``app`` exits with ``PARENT_GONE_EXIT`` when the parent ends."""
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the backstop must end the process
        self.parent_gone.connect(app.exit, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._watch, name="lifeline", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        select.select([self._fd], [], [])  # readable once the parent has ended
        os.close(self._fd)
        logger.error(
            "the parent process %d (the compositor) has ended, the display is gone: "
            "exiting with %d",
            self.parent_pid,
            PARENT_GONE_EXIT,
        )
        signal.alarm(GRACE_SECONDS)
        self.parent_gone.emit(PARENT_GONE_EXIT)


def watch_parent(app: QCoreApplication) -> Lifeline:
    """Start the lifeline for this process; ends the process with ``PARENT_GONE_EXIT`` (and
    a log line) when the parent is gone already: a kiosk without its display must not start."""
    try:
        lifeline = Lifeline()
    except ParentGoneError as gone:
        logger.error("%s: not starting", gone)
        raise SystemExit(PARENT_GONE_EXIT) from gone
    lifeline.setParent(app)  # kept as long as the application
    lifeline.start(app)
    return lifeline
