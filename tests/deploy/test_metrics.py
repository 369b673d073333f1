"""The metrics file: Prometheus' own parser (promtool) accepts it, it is replaced atomically,
it carries no personal data, and the journal gets one line per change, not one per minute."""

from __future__ import annotations

import enum
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import metrics
from kiosk.content_pull import PullState
from tests.deploy.helpers import need

ROOT = Path(__file__).resolve().parents[2]


class Status(enum.Enum):  # the shape of kiosk.health.Status
    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:  # the shape of kiosk.health.Check
    name: str
    status: Status
    summary: str
    required: bool = False


@dataclass(frozen=True)
class Today:  # the shape of kiosk.stats.Today
    visitors: int = 0
    stations: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)


def sample(ausweisapp: Status = Status.OK, error: str | None = None) -> metrics.Snapshot:
    return metrics.Snapshot(
        station="Foyer 1",
        content=metrics.ContentInfo("flensburg", "3f2a9c0d11be", "pulled"),
        checks=(
            Check("ausweisapp", ausweisapp, "AusweisApp 1.26.2, API level 2", required=True),
            Check("readers", Status.OK, "REINER SCT cyberJack RFID standard (PIN pad)", True),
            Check("portal", Status.DEGRADED, "1 of 2 portal hosts slow"),
            Check("content", Status.OK, "flensburg, 7 services"),
        ),
        pull=PullState(
            url="https://x",
            last_check=1.8e9,
            last_success=1.8e9,
            last_update=1.79e9,
            error=error,
            failures_total=2,
            updates_total=5,
        ),
        today=Today(
            23,
            {"services": 17, "eid": 9},
            {"eid: success": 6, "eid: wrong_pin": 1, "services: handoff": 11},
        ),
        generated_at=1.8e9,
    )


def promtool_check(path: Path) -> subprocess.CompletedProcess[str]:
    tool = need("promtool", "prometheus")
    with path.open() as text:
        return subprocess.run(
            [tool, "check", "metrics"], stdin=text, capture_output=True, text=True, check=False
        )


def test_promtool_accepts_the_file_and_the_values_are_there(tmp_path: Path) -> None:
    target = tmp_path / "plietsch.prom"
    metrics.write(sample(), target)
    checked = promtool_check(target)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
    text = target.read_text()
    assert 'plietsch_health_check_up{check="ausweisapp"} 1.0' in text
    assert 'plietsch_health_check_status{check="portal",status="degraded"} 1.0' in text
    assert "plietsch_healthy 1.0" in text
    info = 'bundle="flensburg",source="pulled",version="3f2a9c0d11be"'
    assert f"plietsch_content_bundle_info{{{info}}} 1.0" in text
    assert "plietsch_content_updates_total 5.0" in text
    assert "plietsch_content_update_failures_total 2.0" in text
    assert "plietsch_visitors_today 23.0" in text
    assert 'plietsch_outcomes_today{outcome="wrong_pin",station="eid"} 1.0' in text
    # A required check down makes the station unhealthy.
    down = metrics.render(sample(ausweisapp=Status.DOWN))
    assert "plietsch_healthy 0.0" in down


def test_promtool_notices_a_broken_file(tmp_path: Path) -> None:
    """The check above can fail: a wrongly named counter is reported."""
    broken = tmp_path / "broken.prom"
    broken.write_text(
        "# HELP plietsch_visits visits\n# TYPE plietsch_visits counter\nplietsch_visits 3\n"
    )
    checked = promtool_check(broken)
    assert 'counter metrics should have "_total" suffix' in checked.stdout + checked.stderr


def test_no_personal_data_in_names_or_labels() -> None:
    text = metrics.render(sample())
    labels = set(re.findall(r'(\w+)="', text))
    assert labels <= {"check", "status", "bundle", "version", "source", "station", "outcome"}
    assert all(line.startswith(("# ", "plietsch_")) for line in text.splitlines() if line)
    # Summaries (reader names, reasons) go to the journal, never into the metrics file.
    assert "cyberJack" not in text and "Foyer" not in text


def test_file_is_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plietsch.prom"
    metrics.write(sample(), target)
    inode = target.stat().st_ino
    reader = target.open()  # node-exporter in the middle of reading the old file
    metrics.write(sample(ausweisapp=Status.DOWN), target)
    assert "plietsch_healthy 1.0" in reader.read()  # the old file stays whole for its reader
    reader.close()
    assert target.stat().st_ino != inode and "plietsch_healthy 0.0" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["plietsch.prom"]


def test_one_journal_line_per_state_change() -> None:
    lines: list[str] = []
    journal = metrics.ChangeJournal(lambda _level, _fmt, line: lines.append(line))
    assert len(journal.note(sample())) == 5  # first sight of every check and the bundle
    lines.clear()
    for _minute in range(5):
        journal.note(sample())
    assert lines == []
    journal.note(sample(ausweisapp=Status.DOWN, error="bundle refused: signature"))
    assert lines == ["health ausweisapp: ok -> down (AusweisApp 1.26.2, API level 2)"]


def test_write_metrics_option_writes_once_and_exits(tmp_path: Path) -> None:
    target = tmp_path / "out" / "plietsch.prom"
    env = {
        **os.environ,
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--write-metrics", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert promtool_check(target).returncode == 0
    assert (
        'plietsch_content_bundle_info{bundle="flensburg",source="shipped",version="shipped"}'
        in target.read_text()
    )
