"""Station health: one `HealthReport` value that the staff dashboard, `main.py --health` and the
fleet's metrics exporter all read, so they can never disagree about what "working" means.

Each `Check` has a stable `name` (used as a metric label and as an i18n key), a `Status`,
one English summary line for logs and terminals, machine-readable `details` (the dashboard
renders its own localized text from them) and whether the station config requires it.
The checks are pure functions over small snapshots; `HealthMonitor` takes the snapshots from
the running kiosk on the GUI thread (cheap reads only) and runs the slow probes (network,
content fingerprint) in a worker thread, caching their results.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.config import HEALTH_CHECKS

if TYPE_CHECKING:  # the back end and the probes pull in QtWebSockets and requests at start-up
    from eid.backend import EidBackend
    from kiosk.health_probes import ContentStatus, PortalProbe, PortalResult

logger = logging.getLogger(__name__)

WallClock = Callable[[], float]

#: Check names, in the order the dashboard and the CLI show them.
CHECK_ORDER = HEALTH_CHECKS
SIMULATOR_READER = "Simulator"  # AusweisApp's built-in test reader: no card reader for visitors


class Status(enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"  # works, but something staff should look at
    DOWN = "down"
    UNKNOWN = "unknown"  # not known (yet): still starting, or not probed


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    summary: str
    required: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failing(self) -> bool:
        """A required check that is not known to work makes the station unhealthy."""
        return self.required and self.status in {Status.DOWN, Status.UNKNOWN}

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status.value,
            "required": self.required,
            "summary": self.summary,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class HealthReport:
    station: str
    generated_at: float  # Unix time
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return not any(check.failing for check in self.checks)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "generated_at": datetime.fromtimestamp(self.generated_at).isoformat(timespec="seconds"),
            "ok": self.ok,
            "checks": [check.to_dict() for check in self.checks],
        }

    def as_text(self) -> str:
        lines = [f"{self.station}: {'healthy' if self.ok else 'UNHEALTHY'}"]
        for check in self.checks:
            mark = "required" if check.required else "        "
            lines.append(f"  {check.status.value:<9}{mark}  {check.name:<11} {check.summary}")
        return "\n".join(lines)


def default_required(stations: Sequence[str]) -> tuple[str, ...]:
    """Without `[staff] required_checks`: content always, AusweisApp and a reader with eID."""
    return ("ausweisapp", "readers", "content") if "eid" in stations else ("content",)


# --- the checks, as pure functions ------------------------------------------------------------


@dataclass(frozen=True)
class EidSnapshot:
    """What the eID back end says right now (no visitor data: names of states and versions)."""

    mode: str
    connection: str  # eid.client.ConnectionState value
    process: str | None = None  # eid.process.SupervisorState value; None without a supervisor
    version: str | None = None
    api_level: int | None = None
    url: str | None = None
    reason: str = ""
    readers: tuple[Mapping[str, Any], ...] = ()
    pcsc: str | None = None  # eid.readers.ServiceState value; None without a PC/SC monitor


def eid_snapshot(backend: EidBackend, mode: str) -> EidSnapshot:
    """Read the back end's state (GUI thread; attribute reads only)."""
    client = backend.client
    supervisor = backend.supervisor
    readers = tuple(
        {
            "name": reader.name,
            "keypad": reader.keypad,
            "card": None if reader.card is None else "eid",
            "source": "sdk",
        }
        for reader in client.readers.values()
        if reader.attached
    )
    monitor = backend.reader_monitor
    pcsc_readers = getattr(monitor, "readers", {})
    kinds = {name: card.kind.value for name, card in getattr(monitor, "cards", {}).items()}
    merged = {reader["name"]: dict(reader) for reader in readers}
    for name, info in pcsc_readers.items():
        entry = merged.setdefault(name, {"name": name, "keypad": None, "card": None})
        entry["source"] = "pcsc+sdk" if "source" in entry else "pcsc"
        if info.keypad is not None:
            entry["keypad"] = bool(entry["keypad"]) or info.keypad
        if name in kinds:
            entry["card"] = kinds[name]
    return EidSnapshot(
        mode=mode,
        connection=client.state.value,
        process=None if supervisor is None else supervisor.state.value,
        version=client.sdk_version,
        api_level=client.api_level if client.state.value == "ready" else None,
        url=client.url,
        reason=backend.reason,
        readers=tuple(merged.values()),
        pcsc=getattr(getattr(monitor, "service_state", None), "value", None),
    )


def ausweisapp_check(snapshot: EidSnapshot | None) -> Check:
    if snapshot is None:
        return Check("ausweisapp", Status.UNKNOWN, "eID back end not started")
    details: dict[str, Any] = {
        "mode": snapshot.mode,
        "connection": snapshot.connection,
        "process": snapshot.process,
        "version": snapshot.version,
        "api_level": snapshot.api_level,
        "url": snapshot.url,
    }
    if snapshot.connection == "ready":
        label = "emulator" if snapshot.mode == "emulator" else "AusweisApp"
        summary = f"{label} {snapshot.version or '?'}, API level {snapshot.api_level}, connected"
        return Check("ausweisapp", Status.OK, summary, details=details)
    if snapshot.process == "not-installed":
        return Check("ausweisapp", Status.DOWN, "AusweisApp is not installed", details=details)
    starting = snapshot.connection == "connecting" or snapshot.process in {"starting", None}
    if starting and snapshot.connection in {"connecting", "disconnected"}:
        return Check("ausweisapp", Status.UNKNOWN, f"starting: {snapshot.reason}", details=details)
    return Check("ausweisapp", Status.DOWN, snapshot.reason or snapshot.connection, details=details)


def not_used_checks() -> list[Check]:
    """Without the eID station no AusweisApp runs and no reader is watched: nothing to fail."""
    summary = "not used (no eID station configured)"
    return [Check("ausweisapp", Status.OK, summary), Check("readers", Status.OK, summary)]


def readers_check(snapshot: EidSnapshot | None) -> Check:
    if snapshot is None:
        return Check("readers", Status.UNKNOWN, "eID back end not started")
    readers = [dict(r) for r in snapshot.readers]
    usable = [r for r in readers if r["name"] != SIMULATOR_READER]
    details = {"readers": readers, "pcsc": snapshot.pcsc}
    if usable:
        parts = []
        for reader in usable:
            keypad = reader.get("keypad")
            pad = "PIN pad ?" if keypad is None else ("PIN pad" if keypad else "no PIN pad")
            parts.append(f"{reader['name']} ({pad}, card: {reader.get('card') or 'none'})")
        return Check("readers", Status.OK, "; ".join(parts), details=details)
    if snapshot.connection != "ready" and not readers:
        return Check("readers", Status.UNKNOWN, "no reader known yet", details=details)
    if snapshot.pcsc == "unavailable":
        return Check("readers", Status.DOWN, "PC/SC service (pcscd) not reachable", details=details)
    return Check("readers", Status.DOWN, "no card reader connected", details=details)


def portal_check(results: Sequence[PortalResult] | None) -> Check:
    if results is None:
        return Check("portal", Status.UNKNOWN, "not checked yet")
    details = {"hosts": [result.to_dict() for result in results]}
    if not results:
        return Check("portal", Status.OK, "no portal hosts configured", details=details)
    good = [r for r in results if r.state == "ok"]
    reachable = [r for r in results if r.reachable]
    summary = ", ".join(f"{r.host} {r.state}" for r in results)
    if len(good) == len(results):
        status = Status.OK
    elif reachable:
        status = Status.DEGRADED
    else:
        status = Status.DOWN
    return Check("portal", status, summary, details=details)


def content_check(content: ContentStatus) -> Check:
    details = content.to_dict()
    if content.valid:
        summary = (
            f"{content.origin} bundle {content.bundle_id} version {content.version or '?'} is valid"
        )
        return Check("content", Status.OK, summary, details=details)
    summary = (
        f"configured bundle {content.configured} has {len(content.problems)} problem(s); "
        f"showing {content.bundle_id} instead"
    )
    return Check("content", Status.DOWN, summary, details=details)


def uptime_check(seconds: float, started_at: float) -> Check:
    hours, rest = divmod(int(seconds), 3600)
    details = {
        "seconds": int(seconds),
        "started": datetime.fromtimestamp(started_at).isoformat(timespec="seconds"),
    }
    return Check("uptime", Status.OK, f"running for {hours} h {rest // 60} min", details=details)


# --- the live monitor --------------------------------------------------------------------------

CheckSource = Callable[[], Check]


class HealthMonitor(QObject):
    """Builds `HealthReport`s from the running kiosk; slow probes run in a worker, cached.

    Further checks (statistics, staff access, content updates) register a `CheckSource`
    with `add_source`, so this module does not need to know their owners.

    Signals:
        updated(HealthReport): after `refresh()` finished its probes.
    """

    updated = Signal(object)
    _probed = Signal()  # emitted by the worker; delivered queued on the monitor's thread

    def __init__(
        self,
        station: str,
        required: Iterable[str],
        content: ContentStatus,
        portal: PortalProbe,
        *,
        eid_mode: str = "",
        eid_used: bool = True,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: WallClock = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.required = frozenset(required)
        self.content = content
        self.portal = portal
        self.eid: EidBackend | None = None
        self.eid_mode = eid_mode
        self.eid_used = eid_used
        self._clock = clock
        self._wall_clock = wall_clock
        self._started = clock()
        self._started_wall = wall_clock()
        self._sources: list[CheckSource] = []
        self._worker: threading.Thread | None = None
        self._probed.connect(self._on_probed)

    def add_source(self, source: CheckSource) -> None:
        self._sources.append(source)

    def report(self) -> HealthReport:
        """Everything known now, without waiting for any probe (GUI thread)."""
        snapshot = eid_snapshot(self.eid, self.eid_mode) if self.eid is not None else None
        eid_checks = [ausweisapp_check(snapshot), readers_check(snapshot)]
        checks = [
            *(eid_checks if self.eid_used else not_used_checks()),
            portal_check(self.portal.cached()),
            content_check(self.content),
            uptime_check(self._clock() - self._started, self._started_wall),
        ]
        for source in self._sources:
            try:
                checks.append(source())
            except Exception as error:  # one broken source must not hide the others
                logger.exception("health source failed")
                checks.append(Check("internal", Status.UNKNOWN, f"check failed: {error!r}"))
        return build_report(self.station, checks, self.required, self._wall_clock())

    def refresh(self) -> None:
        """Probe the portal hosts and fingerprint the content in a worker when stale; then
        `updated` is emitted (on the GUI thread, through the queued signal)."""
        if self._worker is not None and self._worker.is_alive():
            return

        def work() -> None:
            try:
                self.content.fingerprint()
                self.portal.results()
            finally:
                self._probed.emit()

        self._worker = threading.Thread(target=work, name="health-probe", daemon=True)
        self._worker.start()

    def _on_probed(self) -> None:
        """Back on the GUI thread: the eID snapshot may only be read here."""
        self.updated.emit(self.report())


def build_report(
    station: str, checks: Iterable[Check], required: frozenset[str], now: float
) -> HealthReport:
    """Mark the required checks and order them as `CHECK_ORDER` says."""
    marked = [
        Check(c.name, c.status, c.summary, c.name in required, c.details)
        for c in sorted(
            checks,
            key=lambda c: CHECK_ORDER.index(c.name) if c.name in CHECK_ORDER else len(CHECK_ORDER),
        )
    ]
    return HealthReport(station, now, tuple(marked))
