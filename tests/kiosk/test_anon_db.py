"""The anonymous SQLite store survives a damaged or locked file and exports CSV."""

from __future__ import annotations

import csv
import logging
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.anon_db import AnonDb, data_dir, hour_bucket

SCHEMA = "CREATE TABLE IF NOT EXISTS tally (hour TEXT, what TEXT, n INTEGER);"
INSERT = "INSERT INTO tally VALUES (?, ?, ?)"


def test_rows_round_trip_through_csv(tmp_path: Path) -> None:
    db = AnonDb(tmp_path / "stats.sqlite", SCHEMA)
    assert db.execute(INSERT, ("2026-12-02T14:00", "eid", 3))
    assert db.execute(INSERT, ("2026-12-02T15:00", "services, with comma", 1))
    rows = db.query("SELECT hour, what, n FROM tally ORDER BY hour")
    assert db.export_csv(tmp_path / "out" / "stats.csv", ("hour", "what", "n"), rows) == 2
    with (tmp_path / "out" / "stats.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["hour", "what", "n"],
            ["2026-12-02T14:00", "eid", "3"],
            ["2026-12-02T15:00", "services, with comma", "1"],
        ]
    assert not list((tmp_path / "out").glob(".*partial"))


def test_a_damaged_file_is_set_aside_and_a_new_one_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "stats.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    reasons: list[str] = []
    db = AnonDb(path, SCHEMA, on_reset=reasons.append)
    with caplog.at_level(logging.WARNING):
        assert db.execute(INSERT, ("2026-12-02T14:00", "eid", 1))
    assert db.query("SELECT n FROM tally") == [(1,)]
    assert len(db.set_aside) == 1
    assert db.set_aside[0].read_bytes().startswith(b"this is not a database")
    assert reasons and "cannot open" in reasons[0]
    assert "set aside" in caplog.text


def test_a_file_locked_by_another_process_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "stats.sqlite"
    db = AnonDb(path, SCHEMA)
    assert db.execute(INSERT, ("2026-12-02T14:00", "eid", 1))
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert db.execute(INSERT, ("2026-12-02T15:00", "eid", 2))
    finally:
        other.rollback()
        other.close()
    assert db.query("SELECT hour, n FROM tally") == [("2026-12-02T15:00", 2)]
    assert len(db.set_aside) == 1


def test_an_unusable_directory_records_nothing_but_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    db = AnonDb(blocker / "stats.sqlite", SCHEMA)
    assert db.execute(INSERT, ("h", "eid", 1)) is False
    assert db.query("SELECT * FROM tally") == []


def test_hour_bucket_drops_minutes_and_seconds() -> None:
    assert hour_bucket(datetime(2026, 12, 2, 14, 59, 58)) == "2026-12-02T14:00"


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLIETSCH_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
