"""Station health and usage for the fleet's monitoring, in the Prometheus text format.

Why a file and not an HTTP endpoint: every Debian monitoring setup already runs
node-exporter, whose textfile collector reads ``*.prom`` files; a kiosk that opens no port is
one less thing to secure. The file is rewritten atomically (``prometheus_client``'s
``write_to_textfile``: temporary file, then rename) so the collector never reads half a file.

What goes in: the station's `HealthReport` (the same one the staff dashboard and
``--health`` show: every check's status, plus the few numbers in its details a fleet wants
to graph) and today's anonymous counters (`kiosk.stats.Today`). What never goes in:
anything about a visitor, and no free text. Labels are check names, station ids, outcome
names, portal hosts, bundle ids and versions: all of them come from code, config or content.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from prometheus_client import generate_latest, write_to_textfile
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from kiosk.health import SIMULATOR_READER, Check, HealthReport, Status
from kiosk.stats import Today

logger = logging.getLogger(__name__)

_WORKS = {Status.OK, Status.DEGRADED}


class _ReportCollector(Collector):
    def __init__(self, report: HealthReport, today: Today | None) -> None:
        self.report, self.today = report, today

    def collect(self) -> Iterator[Metric]:
        yield _gauge(
            "plietsch_metrics_generated_timestamp_seconds",
            "When the station's health was last checked for this file (Unix time).",
            self.report.generated_at,
        )
        yield from _checks(self.report)
        for check in self.report.checks:
            detail = _DETAILS.get(check.name)
            if detail is not None:
                try:
                    yield from detail(check, check.details)
                except (KeyError, TypeError, ValueError) as error:  # details of another version
                    logger.warning("metrics: details of %s unusable (%r)", check.name, error)
        if self.today is not None:
            yield from _today(self.today)


def _checks(report: HealthReport) -> Iterator[Metric]:
    status = GaugeMetricFamily(
        "plietsch_health_check_status",
        "1 for the status each station health check has now (ok, degraded, down, unknown).",
        labels=["check", "status"],
    )
    up = GaugeMetricFamily(
        "plietsch_health_check_up", "1 if the check works (ok or degraded).", labels=["check"]
    )
    required = GaugeMetricFamily(
        "plietsch_health_check_required",
        "1 if the station config requires this check to work.",
        labels=["check"],
    )
    for check in report.checks:
        for each in Status:
            status.add_metric([check.name, each.value], 1.0 if check.status is each else 0.0)
        up.add_metric([check.name], 1.0 if check.status in _WORKS else 0.0)
        required.add_metric([check.name], 1.0 if check.required else 0.0)
    yield from (status, up, required)
    yield _gauge(
        "plietsch_healthy",
        "1 if every check the station config requires works.",
        1.0 if report.ok else 0.0,
    )


def _ausweisapp(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    if check.status is not Status.OK:
        return
    info = GaugeMetricFamily(
        "plietsch_ausweisapp_info",
        "The eID kernel the station talks to (value 1): emulator or AusweisApp, its version.",
        labels=["mode", "version", "api_level"],
    )
    info.add_metric([str(details["mode"]), str(details["version"]), str(details["api_level"])], 1)
    yield info


def _readers(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    usable = [r for r in details.get("readers", ()) if r["name"] != SIMULATOR_READER]
    yield _gauge(
        "plietsch_card_readers",
        "Card readers connected (the test Simulator not counted).",
        len(usable),
    )


def _portal(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    reachable = GaugeMetricFamily(
        "plietsch_portal_reachable",
        "1 if the portal host answered the last probe (ok or slow).",
        labels=["host"],
    )
    seconds = GaugeMetricFamily(
        "plietsch_portal_response_seconds",
        "How long the portal host took to answer the last probe.",
        labels=["host"],
    )
    for host in details.get("hosts", ()):
        reachable.add_metric([host["host"]], 1.0 if host["state"] in {"ok", "slow"} else 0.0)
        if host.get("http_status") is not None and host.get("ms") is not None:  # it answered
            seconds.add_metric([host["host"]], host["ms"] / 1000)
    yield from (reachable, seconds)


def _content(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    info = GaugeMetricFamily(
        "plietsch_content_bundle_info",
        "The content bundle on screen (value 1): id, version (fingerprint of its files), "
        "where it came from (pulled, configured, shipped).",
        labels=["bundle", "version", "source"],
    )
    version = details.get("version") or "unknown"
    info.add_metric([str(details["bundle"]), str(version), str(details["source"])], 1.0)
    yield info


def _updates(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    if not details.get("configured"):
        return
    for key, name, help_text in (
        ("last_check", "check", "Last time the content URL was asked (Unix time)."),
        ("last_success", "success", "Last time the content URL answered usably (Unix time)."),
        ("last_update", "update", "Last time the station switched to a new bundle (Unix time)."),
    ):
        if details.get(key) is not None:
            yield _gauge(f"plietsch_content_last_{name}_timestamp_seconds", help_text, details[key])
    yield _gauge(
        "plietsch_content_update_failing",
        "1 while the newest published bundle cannot be taken (the journal says why).",
        1.0 if details.get("error") else 0.0,
    )
    yield CounterMetricFamily(
        "plietsch_content_updates",
        "Bundle switches since installation.",
        value=float(details["updates_total"]),
    )
    yield CounterMetricFamily(
        "plietsch_content_update_failures",
        "Polls that failed since installation.",
        value=float(details["failures_total"]),
    )


def _uptime(check: Check, details: Mapping[str, Any]) -> Iterator[Metric]:
    yield _gauge(
        "plietsch_uptime_seconds", "How long the kiosk has been running.", details["seconds"]
    )


_DETAILS: dict[str, Callable[[Check, Mapping[str, Any]], Iterator[Metric]]] = {
    "ausweisapp": _ausweisapp,
    "readers": _readers,
    "portal": _portal,
    "content": _content,
    "updates": _updates,
    "uptime": _uptime,
}


def _today(today: Today) -> Iterator[Metric]:
    """Counters that start at 0 at local midnight (a reset, as after a restart: `increase()`
    and `rate()` handle it); the raw value is "so far today"."""
    yield CounterMetricFamily(
        "plietsch_visitors",
        "Visitors since local midnight (a session started by a touch on the attract loop).",
        value=float(today.visitors),
    )
    opened = CounterMetricFamily(
        "plietsch_station_opens",
        "Times each station (service guide, eID, ...) was opened since local midnight.",
        labels=["station"],
    )
    for station, count in sorted(today.stations.items()):
        opened.add_metric([station], float(count))
    yield opened
    outcomes = CounterMetricFamily(
        "plietsch_outcomes",
        "How a station's process ended (e.g. eID success, wrong PIN), since local midnight.",
        labels=["station", "outcome"],
    )
    for key, count in sorted(today.outcomes.items()):
        station, _sep, outcome = key.partition(": ")
        outcomes.add_metric([station, outcome or "unknown"], float(count))
    yield outcomes


def _gauge(name: str, help_text: str, value: float) -> Metric:
    return GaugeMetricFamily(name, help_text, value=float(value))


def registry_for(report: HealthReport, today: Today | None = None) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ReportCollector(report, today))
    return registry


def render(report: HealthReport, today: Today | None = None) -> str:
    return generate_latest(registry_for(report, today)).decode()


def write(report: HealthReport, today: Today | None, target: Path) -> None:
    """Write atomically: node-exporter never sees half a file."""
    if target.suffix != ".prom":
        logger.warning("metrics: %s does not end in .prom; node-exporter will skip it", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(target), registry_for(report, today))


class ChangeJournal:
    """One log line (so one journal line) per change of a check's status, not one per minute.
    (Refused and recovered updates are logged by the updater, with the reason.)"""

    def __init__(self, log: Callable[..., None] | None = None) -> None:
        self._log = log or logger.log
        self._last: dict[str, Status] = {}

    def note(self, report: HealthReport) -> list[str]:
        lines = []
        for check in report.checks:
            before = self._last.get(check.name)
            if before is check.status:
                continue
            was = before.value if before is not None else "start"
            line = f"health {check.name}: {was} -> {check.status.value} ({check.summary})"
            bad = check.status is Status.DOWN or (
                before is not None and check.status is Status.UNKNOWN
            )
            self._log(logging.WARNING if bad else logging.INFO, "state change: %s", line)
            lines.append(line)
        self._last = {check.name: check.status for check in report.checks}
        return lines
