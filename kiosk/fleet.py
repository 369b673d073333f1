"""A station as part of a fleet: where its content comes from, the content updater, the
metrics file every minute, and systemd's readiness and watchdog. ``main.py`` wires it.

Why one module: these are the parts an admin configures in ``[fleet]`` and that only matter
on an installed station; keeping them together keeps the composition root short.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, SignalInstance

from kiosk import metrics
from kiosk.anon_db import data_dir
from kiosk.bundle_updater import ContentUpdater
from kiosk.config import Config
from kiosk.content import SHIPPED_BUNDLE, Bundle
from kiosk.content_fetch import PullSettings
from kiosk.content_pull import PullState, current_bundle_dir
from kiosk.content_signing import parse_public_key
from kiosk.health import Check, CheckSource, HealthMonitor, HealthReport, Status
from kiosk.session import VisitorSession
from kiosk.stats import Statistics, Today
from kiosk.watchdog import Notifier, Watchdog

logger = logging.getLogger(__name__)

TodaySource = Callable[[], "Future[Today]"]
STATS_WAIT_S = 10.0


def state_dir(config: Config) -> Path:
    return config.fleet.state_dir or data_dir() / "content"


def content_candidates(config: Config) -> list[Path]:
    """Bundles to try before the shipped one: the pulled one, then ``[content] bundle_dir``."""
    candidates = []
    if config.fleet.content_url:
        pulled = current_bundle_dir(state_dir(config))
        if pulled is not None:
            candidates.append(pulled)
    if config.content.bundle_dir:
        candidates.append(config.content.bundle_dir)
    return candidates


def content_source(config: Config, bundle: Bundle) -> str:
    """Where the bundle on screen came from: "pulled", "configured" or "shipped"."""
    directory = bundle.directory.resolve()
    pulled = current_bundle_dir(state_dir(config)) if config.fleet.content_url else None
    if pulled is not None and directory == pulled:
        return "pulled"
    if directory == SHIPPED_BUNDLE.resolve():
        return "shipped"
    return "configured"


def pull_settings(config: Config) -> PullSettings | None:
    fleet = config.fleet
    if not fleet.content_url:
        return None
    key = parse_public_key(fleet.public_key) if fleet.public_key else None
    return PullSettings(
        url=fleet.content_url,
        state_dir=state_dir(config),
        allowed_hosts=config.content.allowed_hosts,
        public_key=key,
        max_bytes=fleet.max_megabytes * 1024 * 1024,
        verify=str(fleet.ca_file) if fleet.ca_file else True,
    )


def updates_check(state: PullState | None) -> Check:
    """The health check "updates": whether the content URL is followed and its last update."""
    if state is None:
        return Check(
            "updates", Status.OK, "no content URL configured", details={"configured": False}
        )
    details = {
        "configured": True,
        "url": state.url,
        "last_check": state.last_check,
        "last_success": state.last_success,
        "last_update": state.last_update,
        "bundle": state.bundle_id,
        "version": state.version,
        "error": state.error,
        "updates_total": state.updates_total,
        "failures_total": state.failures_total,
    }
    if state.error:
        summary = f"newest bundle not taken, running bundle kept: {state.error}"
        return Check("updates", Status.DEGRADED, summary, details=details)
    if state.last_check is None:
        return Check("updates", Status.UNKNOWN, "content URL not asked yet", details=details)
    when = _local(state.last_update) if state.last_update else "never"
    return Check("updates", Status.OK, f"source answers; last switch: {when}", details=details)


def _local(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).isoformat(timespec="seconds")


def saved_updates_source(config: Config) -> CheckSource:
    """The "updates" check from ``pull.json``, for the command line (no updater running)."""
    if not config.fleet.content_url:
        return lambda: updates_check(None)
    return lambda: updates_check(PullState.load(state_dir(config)))


class MetricsExporter(QObject):
    """Rewrites the metrics file every ``[fleet] metrics_seconds`` and journals changes.

    Each round asks the health monitor for fresh probes, which it runs in a worker thread;
    its report comes back on the GUI thread (eID state may only be read there), and waiting
    for today's statistics and writing the file happen in a worker again.
    """

    def __init__(
        self,
        health: HealthMonitor,
        target: Path,
        *,
        today: TodaySource | None = None,
        interval_s: int = 60,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.health, self.target = health, target
        self._today = today
        self.journal = metrics.ChangeJournal()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="metrics")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_s * 1000)
        self._timer.timeout.connect(self.export)
        health.updated.connect(self._on_report)

    def start(self) -> None:
        self._timer.start()
        self.export()

    def shutdown(self) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def export(self) -> None:
        """Probe (in the monitor's worker); the file follows when the report comes."""
        self.health.refresh()

    def _on_report(self, report: HealthReport) -> None:
        self.journal.note(report)
        pending = self._today() if self._today is not None else None
        self._executor.submit(self._write, report, pending)

    def _write(self, report: HealthReport, pending: Future[Today] | None) -> None:
        today = None
        if pending is not None:
            try:
                today = pending.result(timeout=STATS_WAIT_S)
            except Exception as error:  # the health part is worth writing without it
                logger.warning("metrics: statistics unavailable (%s)", type(error).__name__)
        try:
            metrics.write(report, today, self.target)
        except OSError as error:
            logger.error("metrics: cannot write %s: %s", self.target, error)


@dataclass
class FleetParts:
    updater: ContentUpdater | None
    exporter: MetricsExporter | None


def build_fleet(
    config: Config,
    session: VisitorSession,
    health: HealthMonitor,
    *,
    today: TodaySource | None = None,
    parent: QObject | None = None,
) -> FleetParts:
    """The updater and the exporter the config asks for (either may be None); the monitor
    gets the "updates" check."""
    settings = pull_settings(config)
    updater = None
    if settings is not None:
        updater = ContentUpdater(
            settings, session, poll_seconds=config.fleet.poll_seconds, parent=parent
        )
    health.add_source(lambda: updates_check(updater.state if updater is not None else None))
    exporter = None
    if config.fleet.metrics_file is not None:
        exporter = MetricsExporter(
            health,
            config.fleet.metrics_file,
            today=today,
            interval_s=config.fleet.metrics_seconds,
            parent=parent,
        )
        if updater is not None:
            updater.state_changed.connect(lambda _state: exporter.export())
    return FleetParts(updater, exporter)


#: Exit code of the Qt loop that asks main.py to start the kiosk afresh (new content bundle).
RESTART_EXIT = 75


def start_station_services(
    app: QCoreApplication,
    config: Config,
    bundle: Bundle,
    session: VisitorSession,
    first_painted: SignalInstance,
    *,
    health: HealthMonitor,
    today: TodaySource | None = None,
) -> FleetParts:
    """systemd readiness (after the first paint) and watchdog, content updates, metrics."""
    notifier = Notifier()
    Watchdog(notifier, parent=app)
    parts = build_fleet(config, session, health, today=today, parent=app)
    source = content_source(config, bundle)
    shown = bundle.directory.name if source == "pulled" else f"{bundle.id}@{source}"

    def painted() -> None:
        notifier.ready(f"showing {shown}")
        if parts.updater is not None:
            parts.updater.start()
        if parts.exporter is not None:
            parts.exporter.start()

    first_painted.connect(painted)
    if parts.updater is not None:
        parts.updater.switched.connect(lambda _path: app.exit(RESTART_EXIT))
        app.aboutToQuit.connect(parts.updater.shutdown)
    if parts.exporter is not None:
        app.aboutToQuit.connect(parts.exporter.shutdown)
    return parts


def write_metrics_command(
    config: Config, bundle: Bundle, problems: list[object], target: Path
) -> int:
    """``main.py --write-metrics FILE``: the one-shot health run of ``--health`` (eID back end
    started and stopped again, portal probed), today's statistics, one file; then exit."""
    from kiosk.health_run import station_report  # noqa: PLC0415 - starts the eID back end

    statistics = Statistics()
    try:
        report = station_report(config, bundle, problems, statistics)
        today = statistics.today().result(timeout=STATS_WAIT_S)
    finally:
        statistics.close()
    try:
        metrics.write(report, today, target)
    except OSError as error:
        print(f"metrics: cannot write {target}: {error}", file=sys.stderr)
        return 1
    print(f"metrics written to {target}")
    return 0
