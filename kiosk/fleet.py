"""A station as part of a fleet: where its content comes from, the content updater, the
metrics file every minute, and systemd's readiness and watchdog. ``main.py`` wires it.

Why one module: these are the parts an admin configures in ``[fleet]`` and that only matter
on an installed station; keeping them together keeps the composition root short.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, SignalInstance

from kiosk import metrics
from kiosk.anon_db import data_dir
from kiosk.bundle_updater import ContentUpdater
from kiosk.config import Config
from kiosk.content import SHIPPED_BUNDLE, Bundle
from kiosk.content_pull import PullSettings, PullState, current_bundle_dir
from kiosk.content_signing import parse_public_key
from kiosk.session import VisitorSession
from kiosk.watchdog import Notifier, Watchdog

logger = logging.getLogger(__name__)

ChecksSource = Callable[[], Sequence[metrics.CheckLike]]
TodaySource = Callable[[], "Future[metrics.TodayLike] | None"]
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


def content_info(config: Config, bundle: Bundle) -> metrics.ContentInfo:
    directory = bundle.directory.resolve()
    pulled = current_bundle_dir(state_dir(config)) if config.fleet.content_url else None
    if pulled is not None and directory == pulled:
        version = directory.name.removeprefix(f"{bundle.id}-")
        return metrics.ContentInfo(bundle.id, version, "pulled")
    if directory == SHIPPED_BUNDLE.resolve():
        return metrics.ContentInfo(bundle.id, "shipped", "shipped")
    return metrics.ContentInfo(bundle.id, "local", "configured")


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


def snapshot(
    config: Config,
    bundle: Bundle,
    checks: Sequence[metrics.CheckLike] = (),
    today: metrics.TodayLike | None = None,
) -> metrics.Snapshot:
    pull = PullState.load(state_dir(config)) if config.fleet.content_url else None
    return metrics.Snapshot(
        station=config.station.name,
        content=content_info(config, bundle),
        checks=tuple(checks),
        pull=pull,
        today=today,
        generated_at=time.time(),
    )


class MetricsExporter(QObject):
    """Rewrites the metrics file every ``[fleet] metrics_seconds`` and journals changes.

    The checks are read on the GUI thread (cached values only); waiting for the statistics
    and writing the file happen in a worker thread.
    """

    def __init__(
        self,
        config: Config,
        bundle: Bundle,
        target: Path,
        *,
        checks: ChecksSource | None = None,
        today: TodaySource | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config, self.bundle, self.target = config, bundle, target
        self._checks = checks or (lambda: ())
        self._today = today or (lambda: None)
        self.journal = metrics.ChangeJournal()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="metrics")
        self._timer = QTimer(self)
        self._timer.setInterval(config.fleet.metrics_seconds * 1000)
        self._timer.timeout.connect(self.export)

    def start(self) -> None:
        self._timer.start()
        self.export()

    def shutdown(self) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def export(self) -> Future[None]:
        try:
            checks = tuple(self._checks())
        except Exception:  # a broken check must not stop the export of the others
            logger.exception("metrics: reading the health checks failed")
            checks = ()
        pending_today = self._today()
        snap = snapshot(self.config, self.bundle, checks)
        self.journal.note(snap)
        return self._executor.submit(self._write, snap, pending_today)

    def _write(self, snap: metrics.Snapshot, pending_today: Future | None) -> None:
        if pending_today is not None:
            try:
                snap = metrics.Snapshot(
                    snap.station,
                    snap.content,
                    snap.checks,
                    snap.pull,
                    pending_today.result(timeout=STATS_WAIT_S),
                    snap.generated_at,
                )
            except Exception as error:
                logger.warning("metrics: statistics unavailable (%s)", type(error).__name__)
        try:
            metrics.write(snap, self.target)
        except OSError as error:
            logger.error("metrics: cannot write %s: %s", self.target, error)


@dataclass
class FleetParts:
    updater: ContentUpdater | None
    exporter: MetricsExporter | None


def build_fleet(
    config: Config,
    bundle: Bundle,
    session: VisitorSession,
    *,
    checks: ChecksSource | None = None,
    today: TodaySource | None = None,
    parent: QObject | None = None,
) -> FleetParts:
    """The updater and the exporter the config asks for (either may be None)."""
    settings = pull_settings(config)
    updater = None
    if settings is not None:
        updater = ContentUpdater(
            settings, session, poll_seconds=config.fleet.poll_seconds, parent=parent
        )
    exporter = None
    if config.fleet.metrics_file is not None:
        exporter = MetricsExporter(
            config, bundle, config.fleet.metrics_file, checks=checks, today=today, parent=parent
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
    checks: ChecksSource | None = None,
    today: TodaySource | None = None,
) -> FleetParts:
    """systemd readiness (after the first paint) and watchdog, content updates, metrics."""
    notifier = Notifier()
    Watchdog(notifier, parent=app)
    parts = build_fleet(config, bundle, session, checks=checks, today=today, parent=app)

    def painted() -> None:
        info = content_info(config, bundle)
        notifier.ready(f"showing {info.bundle_id}@{info.version}")
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
