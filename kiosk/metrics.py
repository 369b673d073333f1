"""Station health and usage for the fleet's monitoring, in the Prometheus text format.

Why a file and not an HTTP endpoint: every Debian monitoring setup already runs
node-exporter, whose textfile collector reads ``*.prom`` files; a kiosk that opens no port is
one less thing to secure. The file is rewritten atomically (``prometheus_client``'s
``write_to_textfile``: temporary file, then rename) so the collector never reads half a file.

What goes in: the same checks as the station health (``kiosk.health``), the content bundle
and its updates (``kiosk.content_pull``), today's visitors and outcomes (``kiosk.stats``).
What never goes in: anything about a visitor. Labels are check names, station ids, outcome
names and bundle versions; all of them come from code or content, never from input.

The exporter only depends on the small protocols below, so it can be tested without the
running kiosk and reads the staff health monitor's and statistics' values as they are.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from prometheus_client import generate_latest, write_to_textfile
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from kiosk.content_pull import PullState

logger = logging.getLogger(__name__)

STATUSES = ("ok", "degraded", "down", "unknown")
_UP = {"ok", "degraded"}


class StatusLike(Protocol):
    @property
    def value(self) -> str: ...


class CheckLike(Protocol):
    """One health check, as ``kiosk.health.Check`` has it."""

    @property
    def name(self) -> str: ...
    @property
    def status(self) -> StatusLike: ...
    @property
    def required(self) -> bool: ...
    @property
    def summary(self) -> str: ...


class TodayLike(Protocol):
    """Today's counters, as ``kiosk.stats.Today`` has them."""

    @property
    def visitors(self) -> int: ...
    @property
    def stations(self) -> Mapping[str, int]: ...
    @property
    def outcomes(self) -> Mapping[str, int]: ...  # "station: outcome" -> count


@dataclass(frozen=True)
class ContentInfo:
    bundle_id: str
    version: str  # archive digest prefix for a pulled bundle, "shipped"/"local" otherwise
    source: str  # "pulled", "configured" or "shipped"


@dataclass(frozen=True)
class Snapshot:
    """Everything one metrics file says; built on the GUI thread from cheap reads."""

    station: str
    content: ContentInfo
    checks: Sequence[CheckLike] = ()
    pull: PullState | None = None
    today: TodayLike | None = None
    generated_at: float = field(default_factory=time.time)


class _SnapshotCollector(Collector):
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        yield _gauge(
            "plietsch_metrics_generated_timestamp_seconds",
            "When the kiosk wrote this file (Unix time).",
            {},
            snap.generated_at,
        )
        yield from self._health(snap.checks)
        yield from self._content(snap.content, snap.pull)
        if snap.today is not None:
            yield from self._today(snap.today)

    @staticmethod
    def _health(checks: Sequence[CheckLike]) -> Iterator[Metric]:
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
        for check in checks:
            value = check.status.value
            for name in STATUSES:
                status.add_metric([check.name, name], 1.0 if value == name else 0.0)
            up.add_metric([check.name], 1.0 if value in _UP else 0.0)
            required.add_metric([check.name], 1.0 if check.required else 0.0)
        failing = any(c.required and c.status.value not in _UP for c in checks)
        yield from (status, up, required)
        if not checks:  # nothing known (e.g. --write-metrics without a running kiosk)
            return
        yield _gauge(
            "plietsch_healthy", "1 if every required check works.", {}, 0.0 if failing else 1.0
        )

    @staticmethod
    def _content(content: ContentInfo, pull: PullState | None) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "plietsch_content_bundle_info",
            "The content bundle on screen: id, version and where it came from (value 1).",
            labels=["bundle", "version", "source"],
        )
        info.add_metric([content.bundle_id, content.version, content.source], 1.0)
        yield info
        if pull is None:
            return
        for name, help_text, value in (
            (
                "plietsch_content_last_check_timestamp_seconds",
                "Last time the content URL was asked (Unix time).",
                pull.last_check,
            ),
            (
                "plietsch_content_last_success_timestamp_seconds",
                "Last time the content URL answered usably (Unix time).",
                pull.last_success,
            ),
            (
                "plietsch_content_last_update_timestamp_seconds",
                "Last time the station switched to a new bundle (Unix time).",
                pull.last_update,
            ),
        ):
            if value is not None:
                yield _gauge(name, help_text, {}, value)
        yield _gauge(
            "plietsch_content_update_failing",
            "1 while the newest published bundle cannot be taken (see the journal).",
            {},
            1.0 if pull.error else 0.0,
        )
        yield _counter(
            "plietsch_content_updates", "Bundle switches since installation.", pull.updates_total
        )
        yield _counter(
            "plietsch_content_update_failures",
            "Polls that failed since installation.",
            pull.failures_total,
        )

    @staticmethod
    def _today(today: TodayLike) -> Iterator[Metric]:
        yield _gauge(
            "plietsch_visitors_today", "Visitors since midnight (local time).", {}, today.visitors
        )
        opened = GaugeMetricFamily(
            "plietsch_station_opened_today",
            "Times each station was opened since midnight.",
            labels=["station"],
        )
        for station, count in sorted(today.stations.items()):
            opened.add_metric([station], count)
        yield opened
        outcomes = GaugeMetricFamily(
            "plietsch_outcomes_today",
            "How station processes ended since midnight.",
            labels=["station", "outcome"],
        )
        for key, count in sorted(today.outcomes.items()):
            station, _sep, outcome = key.partition(": ")
            outcomes.add_metric([station, outcome or "unknown"], count)
        yield outcomes


def _gauge(name: str, help_text: str, labels: Mapping[str, str], value: float) -> Metric:
    family = GaugeMetricFamily(name, help_text, labels=list(labels))
    family.add_metric(list(labels.values()), float(value))
    return family


def _counter(name: str, help_text: str, value: float) -> Metric:
    return CounterMetricFamily(name, help_text, value=float(value))


def registry_for(snapshot: Snapshot) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_SnapshotCollector(snapshot))
    return registry


def render(snapshot: Snapshot) -> str:
    return generate_latest(registry_for(snapshot)).decode()


def write(snapshot: Snapshot, target: Path) -> None:
    """Write atomically: node-exporter never sees half a file."""
    if target.suffix != ".prom":
        logger.warning("metrics: %s does not end in .prom; node-exporter will skip it", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(target), registry_for(snapshot))


class ChangeJournal:
    """One log line (so one journal line) per change of a check's status or of the bundle
    shown, not one per minute. (Refused and recovered updates are logged by the updater.)"""

    def __init__(self, log: Callable[..., None] | None = None) -> None:
        self._log = log or logger.log
        self._last: dict[str, str] = {}

    def note(self, snapshot: Snapshot) -> list[str]:
        current = {f"health {c.name}": c.status.value for c in snapshot.checks}
        details = {f"health {c.name}": c.summary for c in snapshot.checks}
        current["content bundle"] = f"{snapshot.content.bundle_id}@{snapshot.content.version}"
        details["content bundle"] = snapshot.content.source
        lines = []
        for key, value in current.items():
            before = self._last.get(key)
            if before == value:
                continue
            line = f"{key}: {before or 'start'} -> {value} ({details[key]})"
            bad = value == "down" or (before is not None and value == "unknown")
            self._log(logging.WARNING if bad else logging.INFO, "state change: %s", line)
            lines.append(line)
        self._last = current
        return lines
