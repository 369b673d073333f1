"""The metrics file: Prometheus' own parser (promtool) accepts it, it is built from the real
health report and statistics, it is replaced atomically, it carries no personal data, and the
journal gets one line per change, not one per minute."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from kiosk import metrics
from kiosk.config import load_config
from kiosk.content_pull import PullState
from kiosk.fleet import MetricsExporter, updates_check
from kiosk.health import (
    Check,
    EidSnapshot,
    HealthReport,
    Status,
    ausweisapp_check,
    build_report,
    content_check,
    portal_check,
    readers_check,
    uptime_check,
)
from kiosk.health_probes import ContentStatus, PortalProbe, PortalResult
from kiosk.health_run import build_monitor
from kiosk.stats import Statistics, Today
from tests.deploy.helpers import need
from tests.staff.test_health_checks import READY

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = frozenset({"ausweisapp", "readers", "content"})
EID = READY  # AusweisApp 1.26.2 connected, the Simulator and one cyberJack reader
PULLED = PullState(
    url="https://content.example.org/plietsch/bundle.tar.gz",
    last_check=1.8e9,
    last_success=1.8e9,
    last_update=1.79e9,
    failures_total=2,
    updates_total=5,
)


def report(
    tmp_path: Path, *, eid: EidSnapshot | None = EID, pull: PullState | None = PULLED
) -> HealthReport:
    """A report made by the real checks, as the monitor makes it."""
    content = ContentStatus("flensburg", tmp_path, version="3f2a9c0d11be", source="pulled")
    portal = (
        PortalResult("https://www.flensburg.de/", "ok", 200, 120),
        PortalResult("https://id.bund.de/", "timeout", None, 5000),
    )
    checks = [
        ausweisapp_check(eid),
        readers_check(eid),
        portal_check(portal),
        content_check(content),
        updates_check(pull),
        Check("statistics", Status.OK, "recording to /var/lib/plietsch/statistics.sqlite"),
        uptime_check(7260, 1.79e9),
    ]
    return build_report("Foyer 1", checks, REQUIRED, 1.8e9)


TODAY = Today(
    visitors=23,
    stations={"services": 17, "eid": 9},
    outcomes={"eid: success": 6, "eid: wrong_pin": 1, "services: handoff": 11},
)


def promtool_check(path: Path) -> subprocess.CompletedProcess[str]:
    tool = need("promtool", "prometheus")
    with path.open() as text:
        return subprocess.run(
            [tool, "check", "metrics"], stdin=text, capture_output=True, text=True, check=False
        )


def test_promtool_accepts_the_file_and_the_values_are_there(tmp_path: Path) -> None:
    target = tmp_path / "plietsch.prom"
    metrics.write(report(tmp_path), TODAY, target)
    checked = promtool_check(target)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
    text = target.read_text()
    for check in ("ausweisapp", "readers", "portal", "content", "updates", "statistics", "uptime"):
        assert f'plietsch_health_check_up{{check="{check}"}}' in text
    assert 'plietsch_health_check_up{check="ausweisapp"} 1.0' in text
    assert 'plietsch_health_check_status{check="portal",status="degraded"} 1.0' in text
    assert 'plietsch_health_check_required{check="readers"} 1.0' in text
    assert "plietsch_healthy 1.0" in text
    assert 'plietsch_ausweisapp_info{api_level="2",mode="ausweisapp",version="1.26.2"} 1.0' in text
    assert "plietsch_card_readers 1.0" in text  # the Simulator is no reader for visitors
    assert 'plietsch_portal_reachable{host="id.bund.de"} 0.0' in text
    assert 'plietsch_portal_response_seconds{host="www.flensburg.de"} 0.12' in text
    assert 'plietsch_portal_response_seconds{host="id.bund.de"}' not in text  # no answer
    info = 'bundle="flensburg",source="pulled",version="3f2a9c0d11be"'
    assert f"plietsch_content_bundle_info{{{info}}} 1.0" in text
    assert "plietsch_content_last_update_timestamp_seconds 1.79e+09" in text
    assert "plietsch_content_update_failing 0.0" in text
    assert "plietsch_content_updates_total 5.0" in text
    assert "plietsch_content_update_failures_total 2.0" in text
    assert "plietsch_uptime_seconds 7260.0" in text
    assert "plietsch_visitors_total 23.0" in text
    assert 'plietsch_station_opens_total{station="eid"} 9.0' in text
    assert 'plietsch_outcomes_total{outcome="wrong_pin",station="eid"} 1.0' in text


def test_healthy_follows_the_required_checks_and_updates_show_their_failure(
    tmp_path: Path,
) -> None:
    starting = EidSnapshot("ausweisapp", "disconnected", "starting", reason="starting")
    down = metrics.render(report(tmp_path, eid=starting))
    assert "plietsch_healthy 0.0" in down
    assert 'plietsch_health_check_status{check="ausweisapp",status="unknown"} 1.0' in down
    assert "plietsch_ausweisapp_info" not in down
    refused = PullState(url="https://x/b.tar.gz", last_check=1.8e9, error="bundle refused: x")
    failing = metrics.render(report(tmp_path, pull=refused))
    assert "plietsch_content_update_failing 1.0" in failing
    assert 'plietsch_health_check_status{check="updates",status="degraded"} 1.0' in failing
    assert "plietsch_healthy 1.0" in failing  # the running bundle is still fine
    unconfigured = metrics.render(report(tmp_path, pull=None))
    assert "plietsch_content_update" not in unconfigured
    assert 'plietsch_health_check_up{check="updates"} 1.0' in unconfigured


def test_promtool_notices_a_broken_file(tmp_path: Path) -> None:
    """The check above can fail: a wrongly named counter is reported."""
    broken = tmp_path / "broken.prom"
    broken.write_text(
        "# HELP plietsch_visits visits\n# TYPE plietsch_visits counter\nplietsch_visits 3\n"
    )
    checked = promtool_check(broken)
    assert 'counter metrics should have "_total" suffix' in checked.stdout + checked.stderr


def test_no_personal_data_or_free_text_in_names_or_labels(tmp_path: Path) -> None:
    text = metrics.render(report(tmp_path), TODAY)
    labels = set(re.findall(r'(\w+)="', text))
    assert labels <= {
        "check",
        "status",
        "mode",
        "version",
        "api_level",
        "host",
        "bundle",
        "source",
        "station",
        "outcome",
    }
    assert all(line.startswith(("# ", "plietsch_")) for line in text.splitlines() if line)
    # Summaries (reader names, reasons, paths, the station's name) go to the journal only.
    for text_only in ("cyberJack", "Foyer", "statistics.sqlite", "example.org", "timeout"):
        assert text_only not in text


def test_file_is_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "plietsch.prom"
    metrics.write(report(tmp_path), TODAY, target)
    inode = target.stat().st_ino
    reader = target.open()  # node-exporter in the middle of reading the old file
    starting = EidSnapshot("ausweisapp", "disconnected", "starting", reason="starting")
    metrics.write(report(tmp_path, eid=starting), TODAY, target)
    assert "plietsch_healthy 1.0" in reader.read()  # the old file stays whole for its reader
    reader.close()
    assert target.stat().st_ino != inode and "plietsch_healthy 0.0" in target.read_text()
    assert [p.name for p in target.parent.iterdir()] == ["plietsch.prom"]


def test_one_journal_line_per_state_change(tmp_path: Path) -> None:
    lines: list[str] = []
    journal = metrics.ChangeJournal(lambda _level, _fmt, line: lines.append(line))
    assert len(journal.note(report(tmp_path))) == 7  # first sight of every check
    lines.clear()
    for _minute in range(5):
        journal.note(report(tmp_path))
    assert lines == []
    missing = EidSnapshot("ausweisapp", "disconnected", "not-installed", reason="not installed")
    journal.note(report(tmp_path, eid=missing))
    assert lines == [
        "health ausweisapp: ok -> down (AusweisApp is not installed)",
        "health readers: ok -> unknown (no reader known yet)",
    ]


def test_write_metrics_option_runs_the_health_checks_once_and_exits(tmp_path: Path) -> None:
    """Same one-shot run as --health --demo: the emulator is started, asked and stopped."""
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
    text = target.read_text()
    assert 'plietsch_health_check_status{check="ausweisapp",status="ok"} 1.0' in text
    assert 'mode="emulator"' in text
    assert re.search(r'plietsch_content_bundle_info\{bundle="flensburg",source="shipped"', text)
    assert "plietsch_visitors_total 0.0" in text
    assert "plietsch_healthy 1.0" in text  # required in demo: ausweisapp, readers, content


def test_node_exporter_serves_the_file_through_the_installed_link(tmp_path: Path) -> None:
    """Debian's node-exporter with only its textfile collector, pointed at a directory with
    the link install-station makes; the kiosk then replaces the file as it does every minute."""
    exporter = need("prometheus-node-exporter", "prometheus-node-exporter")
    target = tmp_path / "plietsch" / "metrics" / "plietsch.prom"
    metrics.write(report(tmp_path), TODAY, target)
    textfiles = tmp_path / "node-exporter"
    textfiles.mkdir()
    (textfiles / "plietsch.prom").symlink_to(target)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            exporter,
            f"--web.listen-address=127.0.0.1:{port}",
            "--collector.disable-defaults",
            "--collector.textfile",
            f"--collector.textfile.directory={textfiles}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = scrape(port, server)
        assert "node_textfile_scrape_error 0" in first
        assert "plietsch_healthy 1" in first
        assert 'plietsch_outcomes_total{outcome="success",station="eid"} 6' in first
        starting = EidSnapshot("ausweisapp", "disconnected", "starting", reason="starting")
        metrics.write(report(tmp_path, eid=starting), TODAY, target)
        second = scrape(port, server)
        assert "node_textfile_scrape_error 0" in second and "plietsch_healthy 0" in second
    finally:
        server.terminate()
        server.wait(timeout=10)


def scrape(port: int, server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 20
    while True:
        try:
            reply = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
            if reply.status_code == 200:
                return reply.text
        except requests.ConnectionError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            message = server.stderr.read() if server.poll() is not None and server.stderr else ""
            raise AssertionError(f"node-exporter did not answer on port {port}: {message}")
        time.sleep(0.2)


def test_exporter_writes_the_health_part_when_the_statistics_are_gone(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A metrics round that meets closed statistics (the kiosk shutting down) still writes the
    station's health, without today's counters, and says why in the log."""
    config = load_config(None, demo=True)[0]
    statistics = Statistics(tmp_path / "statistics.sqlite")
    health = build_monitor(config, ContentStatus("flensburg", tmp_path), [statistics.health])
    health.portal = PortalProbe(())  # no network in this test: nothing to probe
    target = tmp_path / "plietsch.prom"
    exporter = MetricsExporter(health, target, today=statistics.today)
    statistics.close()
    with qtbot.waitSignal(health.updated, timeout=10_000):
        exporter.export()
    qtbot.waitUntil(target.exists, timeout=10_000)
    exporter.shutdown()
    text = target.read_text()
    assert 'plietsch_health_check_up{check="content"} 1.0' in text
    assert "plietsch_visitors_total" not in text
    assert "metrics: statistics unavailable (RuntimeError)" in caplog.text


def test_a_metrics_round_does_not_wait_for_the_network(qtbot: QtBot, tmp_path: Path) -> None:
    """The portal probe of a metrics round runs in the health monitor's worker: export()
    returns while the portal still holds the request, the Qt loop runs on, and the file
    follows once the portal has answered."""
    asked, release = threading.Event(), threading.Event()

    class HeldPortal(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.set()
            release.wait(20)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    portal = ThreadingHTTPServer(("127.0.0.1", 0), HeldPortal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    config = load_config(None, demo=True)[0]
    health = build_monitor(config, ContentStatus("flensburg", tmp_path))
    health.portal = PortalProbe([f"http://127.0.0.1:{portal.server_address[1]}/"], slow_after_s=30)
    target = tmp_path / "plietsch.prom"
    exporter = MetricsExporter(health, target)
    try:
        exporter.export()
        assert asked.wait(10)  # the portal is being asked right now ...
        qtbot.wait(200)  # ... while the Qt loop goes on
        assert not target.exists()
        release.set()
        qtbot.waitUntil(target.exists, timeout=10_000)
    finally:
        release.set()
        exporter.shutdown()
        portal.shutdown()
        portal.server_close()
    assert 'plietsch_portal_reachable{host="127.0.0.1"} 1.0' in target.read_text()
