"""Anonymous usage statistics: how many visitors, which stations, how far, how it ended, in
which language, per hour. Nothing else can be stored.

Why this shape: staff report after an event how the stations were used, and the privacy rules
forbid anything that identifies a visitor. The one table has five columns (hour, station,
event, value, count); `station` and `value` must be short lower-case tokens (a station id, a
step or outcome name, a language code), so no name, number or free text can get in, and the
time is the hour only. The file lives in `kiosk.anon_db` (damaged or locked files are set
aside). All database work runs on one worker thread: the GUI thread only queues a record.
"""

from __future__ import annotations

import enum
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from kiosk.anon_db import AnonDb, data_dir, hour_bucket
from kiosk.health import Check, Status

logger = logging.getLogger(__name__)

T = TypeVar("T")

FILE_NAME = "statistics.sqlite"
COLUMNS = ("hour", "station", "event", "value", "count")
SHELL = "shell"  # the "station" of events that belong to no station (visitor, language)
TOKEN = re.compile(r"[a-z][a-z0-9_.-]{0,47}")  # starts with a letter: never a number

SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    hour TEXT NOT NULL,
    station TEXT NOT NULL,
    event TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (hour, station, event, value)
) WITHOUT ROWID;
"""
UPSERT = """
INSERT INTO usage (hour, station, event, value, count) VALUES (?, ?, ?, ?, 1)
ON CONFLICT (hour, station, event, value) DO UPDATE SET count = count + 1
"""


class Event(enum.Enum):
    VISITOR = "visitor"  # value "started"
    LANGUAGE = "language"  # value: the language code the visitor chose
    STATION = "station"  # value "opened"
    STEP = "step"  # value: the step a station reached (once per visitor)
    OUTCOME = "outcome"  # value: how a station's process ended
    END = "end"  # value: how the visit ended (done, idle, error)


@dataclass(frozen=True)
class Today:
    """Today's counters for the dashboard."""

    visitors: int = 0
    per_hour: dict[int, int] = field(default_factory=dict)  # hour of day -> visitors
    stations: dict[str, int] = field(default_factory=dict)  # station -> times opened
    outcomes: dict[str, int] = field(default_factory=dict)  # "station: outcome" -> count
    languages: dict[str, int] = field(default_factory=dict)


class Statistics:
    """The statistics file, used only from its own worker thread.

    `record` returns at once; queries and the export return `Future`s.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path or data_dir() / FILE_NAME
        self._wall_clock = wall_clock
        self._resets: list[str] = []
        self._db = AnonDb(self.path, SCHEMA, on_reset=self._resets.append, clock=wall_clock)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statistics")
        self._closed = False

    def record(self, station: str, event: Event, value: str) -> bool:
        """Count one event in the current hour; False (and nothing stored) for a bad token."""
        if not (TOKEN.fullmatch(station) and TOKEN.fullmatch(value)):
            logger.warning(
                "statistics: %s event with a value that is not a token; not stored", event.value
            )
            return False
        if self._closed:
            return False
        hour = hour_bucket(datetime.fromtimestamp(self._wall_clock()))
        self._executor.submit(self._db.execute, UPSERT, (hour, station, event.value, value))
        return True

    def rows(self, since_hour: str = "") -> Future[list[tuple[str, str, str, str, int]]]:
        """All rows from `since_hour` on, ordered like the CSV export."""
        return self._submit(
            self._db.query,
            "SELECT hour, station, event, value, count FROM usage WHERE hour >= ? "
            "ORDER BY hour, station, event, value",
            (since_hour,),
        )

    def today(self) -> Future[Today]:
        start = datetime.fromtimestamp(self._wall_clock()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        end = hour_bucket(start + timedelta(days=1))
        return self._submit(self._today, hour_bucket(start), end)

    def export_csv(self, target: Path) -> Future[int]:
        """Write every row to `target` (atomically); the future holds the number of rows."""

        def export() -> int:
            rows = self._db.query(
                "SELECT hour, station, event, value, count FROM usage "
                "ORDER BY hour, station, event, value"
            )
            return self._db.export_csv(target, COLUMNS, rows)

        return self._submit(export)

    def health(self) -> Check:
        """For the health report: whether the file works and how often it was set aside."""
        details = {"path": str(self.path), "set_aside": len(self._resets)}
        if self._resets:
            summary = f"{self.path} was set aside {len(self._resets)} time(s): {self._resets[-1]}"
            return Check("statistics", Status.DEGRADED, summary, details=details)
        return Check("statistics", Status.OK, f"recording to {self.path}", details=details)

    def _submit(self, work: Callable[..., T], *args: Any) -> Future[T]:
        """Queue `work` on the worker; after `close()` a future that fails with a reason."""
        if self._closed:
            failed: Future[T] = Future()
            failed.set_exception(RuntimeError("the statistics are closed"))
            return failed
        return self._executor.submit(work, *args)

    def flush(self, timeout_s: float = 5.0) -> None:
        """Wait until everything queued so far is written (tests, export, shutdown)."""
        self._executor.submit(lambda: None).result(timeout=timeout_s)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._db.close)
        self._executor.shutdown(wait=True)

    def _today(self, start: str, end: str) -> Today:
        rows = self._db.query(
            "SELECT hour, station, event, value, count FROM usage WHERE hour >= ? AND hour < ?",
            (start, end),
        )
        per_hour: Counter[int] = Counter()
        stations: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        languages: Counter[str] = Counter()
        for hour, station, event, value, count in rows:
            if event == Event.VISITOR.value:
                per_hour[int(hour[11:13])] += count
            elif event == Event.STATION.value:
                stations[station] += count
            elif event == Event.OUTCOME.value:
                outcomes[f"{station}: {value}"] += count
            elif event == Event.LANGUAGE.value:
                languages[value] += count
        return Today(
            sum(per_hour.values()), dict(per_hour), dict(stations), dict(outcomes), dict(languages)
        )


class UsageRecorder:
    """What the shell and the stations call. Without `Statistics` it records nothing.

    It keeps, for the current visitor only, which steps were already counted, so "step
    reached" counts visitors, not taps on "Zurück"; `session_ended` forgets it. Only what a
    visitor does counts: steps and outcomes of a station count while the visitor is in it
    (a station's start-up or privacy wipe moves its screens too, and must not count).
    """

    def __init__(self, statistics: Statistics | None = None) -> None:
        self.statistics = statistics
        self._visitor = False
        self._station: str | None = None
        self._seen: set[tuple[str, Event, str]] = set()

    def visitor_started(self) -> None:
        self._visitor = True
        self._station = None
        self._seen.clear()
        self._record(SHELL, Event.VISITOR, "started")

    def language(self, language: str) -> None:
        if self._visitor:
            self._once(SHELL, Event.LANGUAGE, language)

    def station_opened(self, station: str) -> None:
        if self._visitor:
            self._station = station
            self._record(station, Event.STATION, "opened")

    def step(self, station: str, step: str) -> None:
        """`step`: a short name such as "insert-card"; counted once per visitor."""
        if self._visitor and station == self._station:
            self._once(station, Event.STEP, step)

    def outcome(self, station: str, outcome: str) -> None:
        if self._visitor and station == self._station:
            self._record(station, Event.OUTCOME, outcome)

    def session_ended(self, reason: str, station: str | None = None) -> None:
        if self._visitor:
            self._record(station or SHELL, Event.END, reason)
        self._visitor = False
        self._station = None
        self._seen.clear()

    def _once(self, station: str, event: Event, value: str) -> None:
        key = (station, event, value)
        if key not in self._seen:
            self._seen.add(key)
            self._record(station, event, value)

    def _record(self, station: str, event: Event, value: str) -> None:
        if self.statistics is not None:
            self.statistics.record(station, event, value)
