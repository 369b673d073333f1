"""Anonymous statistics: the schema holds nothing personal, the hour is the finest time, the
export round-trips, and a damaged or locked file never stops the recording."""

from __future__ import annotations

import csv
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.health import Status
from kiosk.stats import COLUMNS, Event, Statistics, UsageRecorder

AT_14_37 = datetime(2026, 12, 2, 14, 37, 12).timestamp()


@pytest.fixture
def stats(tmp_path: Path) -> Statistics:
    statistics = Statistics(tmp_path / "statistics.sqlite", wall_clock=lambda: AT_14_37)
    yield statistics  # type: ignore[misc]
    statistics.close()


def test_the_schema_has_no_personal_column(stats: Statistics) -> None:
    stats.record("eid", Event.STEP, "insert-card")
    stats.flush()
    with sqlite3.connect(stats.path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = [row[1] for row in db.execute("PRAGMA table_info(usage)")]
    assert tables == ["usage"]
    assert tuple(columns) == COLUMNS == ("hour", "station", "event", "value", "count")


@pytest.mark.parametrize(
    "value",
    ["ERIKA MUSTERMANN", "123456", "1234567890", "T22000129", "Heidestraße 17", "a" * 60, ""],
)
def test_names_numbers_and_free_text_are_refused(stats: Statistics, value: str) -> None:
    assert not stats.record("eid", Event.OUTCOME, value)
    assert not stats.record(value, Event.OUTCOME, "success")
    stats.flush()
    assert stats.rows().result() == []


def test_the_hour_is_the_finest_time_stored(stats: Statistics) -> None:
    stats.record("shell", Event.VISITOR, "started")
    stats.record("shell", Event.VISITOR, "started")
    assert stats.rows().result() == [("2026-12-02T14:00", "shell", "visitor", "started", 2)]
    raw = stats.path.read_bytes()
    assert b"14:37" not in raw and b"37:12" not in raw


def test_export_round_trip(stats: Statistics, tmp_path: Path) -> None:
    for station, event, value in [
        ("shell", Event.VISITOR, "started"),
        ("shell", Event.LANGUAGE, "da"),
        ("eid", Event.STATION, "opened"),
        ("eid", Event.STEP, "enter-number"),
        ("eid", Event.OUTCOME, "wrong_pin"),
        ("eid", Event.OUTCOME, "wrong_pin"),
    ]:
        stats.record(station, event, value)
    target = tmp_path / "usb" / "stats.csv"
    assert stats.export_csv(target).result() == 5
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS)
    exported = [(h, s, e, v, int(n)) for h, s, e, v, n in rows[1:]]
    assert exported == stats.rows().result()
    assert ("2026-12-02T14:00", "eid", "outcome", "wrong_pin", 2) in exported


def test_a_damaged_file_is_set_aside_and_recording_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite"
    path.write_bytes(b"\x00garbage, not SQLite" * 500)
    stats = Statistics(path, wall_clock=lambda: AT_14_37)
    try:
        assert stats.record("shell", Event.VISITOR, "started")
        assert stats.rows().result() == [("2026-12-02T14:00", "shell", "visitor", "started", 1)]
        aside = list(tmp_path.glob("statistics.sqlite.broken-*"))
        assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")
        health = stats.health()
        assert health.status is Status.DEGRADED and health.details["set_aside"] == 1
    finally:
        stats.close()


def test_a_file_locked_by_another_process_does_not_stop_the_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite"
    stats = Statistics(path, wall_clock=lambda: AT_14_37)
    try:
        stats.record("shell", Event.VISITOR, "started")
        stats.flush()
        other = sqlite3.connect(path, timeout=0)
        other.execute("BEGIN EXCLUSIVE")
        try:
            stats.record("shell", Event.VISITOR, "started")
            stats.flush()
        finally:
            other.rollback()
            other.close()
        assert stats.health().status is Status.DEGRADED
        stats.record("shell", Event.VISITOR, "started")
        rows = stats.rows().result()
        assert rows and rows[0][:4] == ("2026-12-02T14:00", "shell", "visitor", "started")
    finally:
        stats.close()


def test_today_summarises_for_the_dashboard(stats: Statistics) -> None:
    for _ in range(3):
        stats.record("shell", Event.VISITOR, "started")
    stats.record("eid", Event.STATION, "opened")
    stats.record("eid", Event.OUTCOME, "success")
    stats.record("shell", Event.LANGUAGE, "en")
    today = stats.today().result()
    assert today.visitors == 3 and today.per_hour == {14: 3}
    assert today.stations == {"eid": 1}
    assert today.outcomes == {"eid: success": 1}
    assert today.languages == {"en": 1}


class Recorded:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []

    def record(self, station: str, event: Event, value: str) -> bool:
        self.events.append((station, event.value, value))
        return True


def test_the_recorder_counts_visitors_not_taps() -> None:
    sink = Recorded()
    usage = UsageRecorder(sink)  # type: ignore[arg-type]
    usage.step("eid", "start")  # a station's start-up wipe: no visitor, not counted
    usage.visitor_started()
    usage.language("de")
    usage.language("de")
    usage.station_opened("eid")
    usage.step("eid", "insert-card")
    usage.step("eid", "insert-card")  # back and forth: still one visitor at this step
    usage.step("services", "menu")  # another station's wipe while the visitor is in eid
    usage.outcome("eid", "success")
    usage.session_ended("done", "eid")
    usage.outcome("eid", "cancelled")  # a late outcome after the visitor left
    assert sink.events == [
        ("shell", "visitor", "started"),
        ("shell", "language", "de"),
        ("eid", "station", "opened"),
        ("eid", "step", "insert-card"),
        ("eid", "outcome", "success"),
        ("eid", "end", "done"),
    ]


def test_after_close_queries_fail_softly(tmp_path: Path) -> None:
    stats = Statistics(tmp_path / "statistics.sqlite")
    stats.close()
    assert not stats.record("shell", Event.VISITOR, "started")
    with pytest.raises(RuntimeError, match="closed"):
        stats.today().result(timeout=1)
