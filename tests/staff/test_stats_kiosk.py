"""The shell records a visit through its generic hooks; `main.py --export-stats` writes it."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.session import EndReason
from kiosk.stats import Statistics, UsageRecorder
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp

ROOT = Path(__file__).resolve().parents[2]


def test_a_visit_is_counted_by_station_step_language_and_end(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, tmp_path: Path
) -> None:
    stats = Statistics(tmp_path / "statistics.sqlite")
    kiosk = KioskApp(
        config, bundle, kiosk_mode=False, clock=clock, auto_tick=False, usage=UsageRecorder(stats)
    )
    try:
        kiosk.start_session()
        kiosk.choose_language("en")
        kiosk.open_station("services")
        services = kiosk.stations["services"]
        services.open_service(bundle.services[0].id)  # type: ignore[attr-defined]
        kiosk.back()
        kiosk.back()
        kiosk.open_station("services")
        services.open_service(bundle.services[0].id)  # type: ignore[attr-defined]
        kiosk.session.end(EndReason.IDLE)
        settle()
        rows = {(s, e, v): n for _h, s, e, v, n in stats.rows().result()}
    finally:
        kiosk.stop()
        stats.close()
    assert rows == {
        ("shell", "visitor", "started"): 1,
        ("shell", "language", "en"): 1,
        ("services", "station", "opened"): 2,
        ("services", "step", "menu"): 1,
        ("services", "step", "overview"): 1,  # reached twice by one visitor: counted once
        ("services", "end", "idle"): 1,
    }


def test_export_stats_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    stats = Statistics(data / "statistics.sqlite")
    usage = UsageRecorder(stats)
    usage.visitor_started()
    usage.station_opened("eid")
    usage.outcome("eid", "success")
    stats.close()
    target = tmp_path / "export.csv"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--export-stats", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PLIETSCH_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen"),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "3 rows written" in result.stdout
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["hour", "station", "event", "value", "count"]
    assert [row[1:] for row in rows[1:]] == [
        ["eid", "outcome", "success", "1"],
        ["eid", "station", "opened", "1"],
        ["shell", "visitor", "started", "1"],
    ]
