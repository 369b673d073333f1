"""Keeps the sensor values current without ever blocking the screen.

The station starts polling when a visitor first opens it (never during screenshots); from
then on the service checks every half minute and fetches at most once per
``refresh_minutes`` (at least 5: public APIs ask for it), after a failure of every source
again after a minute. Polling goes on between visitors, so the dust history the station
collects itself (the area API only gives the last minutes) has no gaps. The fetch and the
cache write run in a daemon worker thread with the one injected ``requests.Session``; the
result comes back to the GUI thread through a queued signal and ``changed`` tells the
screens.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.config import SensorsSection
from kiosk.sensor_model import SensorSnapshot, SnapshotKind
from stations.sensors.http import HttpSettings
from stations.sensors.sources import AIR, WATER, WORKSHOP, Refresh, configured_sources, refresh
from stations.sensors.status import SourceStatus, source_statuses
from stations.sensors.store import load_cache, save_cache

logger = logging.getLogger(__name__)

RETRY_AFTER_FAILURE = timedelta(minutes=1)
POLL_MS = 30_000
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SensorView:
    """What the screens render: the values and, per source, how fresh they are."""

    snapshot: SensorSnapshot
    status: dict[str, SourceStatus] = field(default_factory=dict)
    busy: bool = False
    now: datetime = field(default_factory=utc_now)


class SensorService(QObject):
    """Signals: changed(SensorView) — new values, a new status or the busy flag changed."""

    changed = Signal(object)
    _finished = Signal(object)

    def __init__(
        self,
        settings: SensorsSection,
        session: requests.Session,
        http: HttpSettings,
        *,
        cache_path: Path | None,
        shipped: SensorSnapshot | None,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._session = session
        self._http = http
        self._cache_path = cache_path
        self._clock = clock
        self._errors: dict[str, str] = {}
        self._last_attempt: datetime | None = None
        self._worker: threading.Thread | None = None
        self._closed = False
        cached = load_cache(cache_path)
        empty = SensorSnapshot(SnapshotKind.CACHE, clock())
        self.snapshot: SensorSnapshot = cached or shipped or empty
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh_if_due)

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=max(5, self.settings.refresh_minutes))

    @property
    def last_attempt(self) -> datetime | None:
        return self._last_attempt

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def view(self) -> SensorView:
        now = self._clock()
        return SensorView(self.snapshot, self._status(now), self.busy, now)

    def _status(self, now: datetime) -> dict[str, SourceStatus]:
        configured = configured_sources(self.settings)
        return source_statuses(self.snapshot, configured, self._errors, now, self.interval)

    def due(self, now: datetime) -> bool:
        """Never more often than ``interval``, unless no source at all answered last time
        (offline): then again after a minute, since no service was reached anyway."""
        if self.busy or self._closed:
            return False
        if self._last_attempt is None:
            return True
        nothing_answered = set(configured_sources(self.settings)) <= set(self._errors)
        wait = RETRY_AFTER_FAILURE if nothing_answered else self.interval
        return now - self._last_attempt >= wait

    def refresh_if_due(self) -> bool:
        """Start a fetch in the worker if one is due; returns whether it started."""
        now = self._clock()
        if not self.due(now):
            return False
        self._last_attempt = now
        previous = self.snapshot
        self._worker = threading.Thread(
            target=self._work, args=(previous, now), name="sensors-refresh", daemon=True
        )
        self._worker.start()
        self.changed.emit(self.view())
        return True

    def start_polling(self) -> None:
        """Fetch now if due, then check every 30 s (idempotent)."""
        self.refresh_if_due()
        self._timer.start()

    def stop_polling(self) -> None:
        self._timer.stop()

    def shutdown(self) -> None:
        """No more fetches; a running one ends on its own (daemon thread, bounded time)."""
        self._closed = True
        self._timer.stop()

    def _work(self, previous: SensorSnapshot, now: datetime) -> None:
        try:
            result = refresh(self._session, self.settings, self._http, previous, now)
            if not set(configured_sources(self.settings)) <= set(result.errors):
                save_cache(self._cache_path, result.snapshot)
        except Exception as error:  # the worker must always answer, or the station stays busy
            logger.exception("sensors: refresh failed unexpectedly")
            reason = f"unexpected error ({type(error).__name__})"
            result = Refresh(previous, dict.fromkeys((AIR, WORKSHOP, WATER), reason))
        try:
            self._finished.emit(result)
        except RuntimeError:  # the kiosk quit while this fetch ran: nobody left to tell
            logger.info("sensors: refresh finished after shutdown; result dropped")

    def _deliver(self, result: Refresh) -> None:
        self._worker = None
        if self._closed:
            return
        self.snapshot = result.snapshot
        self._errors = dict(result.errors)
        self.changed.emit(self.view())

    def wait_idle(self, timeout: float) -> bool:
        """For tests and the command line: wait until the worker has finished."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return worker is None or not worker.is_alive()
