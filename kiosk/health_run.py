"""Health outside the dashboard: the monitor as `main.py` builds it, and one run for the command
line (`main.py --health`, and the fleet's `--write-metrics`, so both say the same).

The one-shot run starts the same eID back end the kiosk would (headless AusweisApp, the
emulator with `--demo`, or the external endpoint), waits until it is up or has given up,
probes the portal hosts meanwhile, takes one report and shuts the back end down again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from eid.eventloop import wait_until
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.fleet import content_source, saved_updates_source
from kiosk.health import CheckSource, HealthMonitor, HealthReport, default_required
from kiosk.health_probes import ContentStatus, PortalProbe, portal_urls
from kiosk.stats import Statistics

logger = logging.getLogger(__name__)

EID_WAIT_S = 25.0  # AusweisApp needs a few seconds to start on a loaded machine
READER_SETTLE_S = 0.7  # READER pushes (and the first PC/SC survey) trail the connection
CLOSE_SETTLE_S = 0.3


def content_status(config: Config, bundle: Bundle, problems: Iterable[object]) -> ContentStatus:
    return ContentStatus(
        bundle_id=bundle.id,
        directory=bundle.directory,
        configured=config.content.bundle_dir,
        problems=tuple(str(problem) for problem in problems),
        source=content_source(config, bundle),
    )


def build_monitor(
    config: Config, content: ContentStatus, sources: Iterable[CheckSource] = ()
) -> HealthMonitor:
    """The monitor for this station config; the eID back end is attached later (`.eid`)."""
    staff = config.staff
    required = staff.required_checks
    if required is None:
        required = default_required(config.station.stations)
    urls = staff.portal_urls
    if urls is None:
        urls = portal_urls(config.content.allowed_hosts)
    monitor = HealthMonitor(
        config.station.name,
        required,
        content,
        PortalProbe(urls),
        eid_mode=config.eid.mode,
        eid_used=config.uses_eid,
    )
    for source in sources:
        monitor.add_source(source)
    return monitor


def run_health(
    config: Config,
    content: ContentStatus,
    sources: Iterable[CheckSource] = (),
    *,
    eid_wait_s: float = EID_WAIT_S,
) -> HealthReport:
    """One complete report, for the command line. Needs (and creates) a QCoreApplication."""
    from eid.backend import Availability, build_eid_backend  # noqa: PLC0415 - heavy imports

    if QCoreApplication.instance() is None:
        QCoreApplication([])
    monitor = build_monitor(config, content, sources)
    probes = threading.Thread(target=_probe, args=(monitor,), name="health-probe", daemon=True)
    probes.start()
    if not config.uses_eid:  # no eID station: no AusweisApp to start or to check
        wait_until(lambda: not probes.is_alive(), eid_wait_s)
        return monitor.report()
    backend = build_eid_backend(config.eid)
    monitor.eid = backend
    try:
        backend.start()
        wait_until(lambda: backend.availability is not Availability.STARTING, eid_wait_s)
        if backend.ready:
            wait_until(lambda: False, READER_SETTLE_S)
        wait_until(lambda: not probes.is_alive(), eid_wait_s)
        return monitor.report()
    finally:
        # let the WebSocket close handshake finish before the endpoint process is ended:
        # shutdown() blocks the event loop, and a half-closed client delays the emulator's exit
        backend.client.close()
        wait_until(lambda: False, CLOSE_SETTLE_S)
        backend.shutdown()


def station_report(
    config: Config, bundle: Bundle, problems: Iterable[object], statistics: Statistics
) -> HealthReport:
    """The one-shot report of `--health` and `--write-metrics`: the running kiosk's checks,
    staff access from the keyring, the content updates as ``pull.json`` remembers them."""
    from kiosk.staff import PinStore  # noqa: PLC0415 - keyring: command line only
    from kiosk.staff_access import SWITCHED_OFF, probe_store, staff_check  # noqa: PLC0415

    staff = SWITCHED_OFF if not config.staff.enabled else probe_store(PinStore())
    sources = [statistics.health, lambda: staff_check(staff), saved_updates_source(config)]
    return run_health(config, content_status(config, bundle, problems), sources)


def _probe(monitor: HealthMonitor) -> None:
    monitor.content.fingerprint()
    monitor.portal.results()
