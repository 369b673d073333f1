"""Polls the content URL off the GUI thread and switches bundles only between visitors.

Why the session decides: a visitor in the middle of a service must not see its steps change
under their finger. A staged bundle waits until the visitor session is over (or starts none
at all if nobody comes) and is switched to before the next visitor; then ``switched`` tells
the composition root to start the kiosk afresh on the new bundle.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.content_pull import PullOutcome, PullSettings, PullState, activate, pull
from kiosk.session import VisitorSession

logger = logging.getLogger(__name__)

FIRST_POLL_MS = 5_000


class ContentUpdater(QObject):
    """Signals:
    state_changed(PullState): after every poll and switch (for health and metrics).
    switched(Path): ``current`` now points at this bundle; no visitor is on the station.
    """

    state_changed = Signal(object)
    switched = Signal(object)
    _polled = Signal(object)

    def __init__(
        self,
        settings: PullSettings,
        session: VisitorSession,
        *,
        poll_seconds: int = 300,
        http: requests.Session | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session = session
        self.state = PullState.load(settings.state_dir)
        self.pending: Path | None = None
        self._http = http or requests.Session()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-pull")
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_seconds * 1000)
        self._timer.timeout.connect(self.poll)
        self._polled.connect(self._on_polled, Qt.ConnectionType.QueuedConnection)
        session.ended.connect(lambda _reason: self._switch_if_idle())

    def start(self, first_poll_ms: int = FIRST_POLL_MS) -> None:
        self._timer.start()
        QTimer.singleShot(first_poll_ms, self.poll)

    def shutdown(self) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def poll(self) -> None:
        """Start one poll in the worker thread (ignored while one runs)."""
        if self._busy:
            return
        self._busy = True
        self._executor.submit(self._work)

    def _work(self) -> None:
        try:
            outcome = pull(self.settings, self._http)
        except Exception as error:  # the worker must always answer, and never stop the kiosk
            logger.exception("content pull failed unexpectedly")
            outcome = PullOutcome("failed", f"internal error ({type(error).__name__})")
        self._polled.emit(outcome)

    def _on_polled(self, outcome: PullOutcome) -> None:
        self._busy = False
        old = self.state
        self.state = outcome.state
        if outcome.status == "failed":
            if old.error != outcome.message:
                logger.error("content update refused, running bundle kept: %s", outcome.message)
        elif outcome.status == "staged" and outcome.staged is not None:
            logger.info("content update: %s", outcome.message)
            self.pending = outcome.staged
        elif old.error:
            logger.info("content update: source reachable again (%s)", outcome.message)
        self.state_changed.emit(self.state)
        self._switch_if_idle()

    def _switch_if_idle(self) -> None:
        if self.pending is None:
            return
        if self.session.active:
            logger.info("content update: %s waits until the visitor is done", self.pending.name)
            return
        staged, self.pending = self.pending, None
        try:
            self.state = activate(self.settings.state_dir, staged)
        except OSError as error:
            logger.error("content update: switch to %s failed: %s", staged.name, error)
            return
        logger.info("content update: switched to bundle %s between visitors", staged.name)
        self.state_changed.emit(self.state)
        self.switched.emit(staged)
