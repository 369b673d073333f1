"""Health against the real eID side: the emulator, a missing AusweisApp binary, the real
AusweisApp2, and `main.py --health` as staff and the fleet run it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eid.backend import EidBackend, build_eid_backend
from eid.client import AusweisClient
from eid.emulator.server import EmulatorServer
from kiosk.config import EidConfig
from kiosk.health import HealthReport, Status
from kiosk.health_probes import ContentStatus, PortalProbe
from kiosk.health_run import build_monitor
from tests.conftest import require_component
from tests.emulator.running import running_emulator
from tests.qt_helpers import settle
from tests.staff.portal_server import portal_server, refusing_url

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 20000


@pytest.fixture
def emulator(qtbot: Any) -> Iterator[EmulatorServer]:
    yield from running_emulator(qtbot, card="good")


def monitor_report(qtbot: Any, backend: EidBackend, config: Any, urls: list[str]) -> HealthReport:
    monitor = build_monitor(config, ContentStatus("flensburg", ROOT / "assets"))
    monitor.portal = PortalProbe(urls, connect_timeout_s=1.0, read_timeout_s=1.0)
    monitor.eid = backend
    with qtbot.waitSignal(monitor.updated, timeout=TIMEOUT_MS) as signal:
        monitor.refresh()
    report = signal.args[0]
    assert isinstance(report, HealthReport)
    return report


def test_dashboard_checks_against_the_emulator_and_a_local_portal(
    qtbot: Any, emulator: EmulatorServer, config: Any
) -> None:
    client = AusweisClient(emulator.url, reconnect=False)
    backend = EidBackend(client, emulated=True)
    backend.start()
    qtbot.waitUntil(lambda: backend.ready and len(client.readers) == 2, timeout=TIMEOUT_MS)
    try:
        with portal_server() as base:
            report = monitor_report(qtbot, backend, config, [f"{base}/ok", refusing_url()])
    finally:
        client.close()
        settle()
    eid = report.check("ausweisapp")
    assert eid is not None and eid.status is Status.OK and eid.required
    assert eid.details["version"] == "1.26.2" and eid.details["api_level"] == 2
    readers = report.check("readers")
    assert readers is not None and readers.status is Status.OK
    names = {r["name"]: r for r in readers.details["readers"]}
    assert names["Plietsch Emulator"]["keypad"] is False
    assert names["Simulator"]["keypad"] is True
    portal = report.check("portal")
    assert portal is not None and portal.status is Status.DEGRADED
    assert sorted(h["state"] for h in portal.details["hosts"]) == ["ok", "refused"]
    assert report.check("content") is not None
    assert report.ok  # the portal is not required by default


def test_a_missing_ausweisapp_binary_is_reported_down(qtbot: Any, config: Any) -> None:
    backend = build_eid_backend(EidConfig(mode="ausweisapp", binary="/nonexistent/AusweisApp2"))
    backend.start()
    try:
        qtbot.waitUntil(lambda: backend.availability.value == "unavailable", timeout=TIMEOUT_MS)
        report = monitor_report(qtbot, backend, config, [])
    finally:
        backend.shutdown()
    check = report.check("ausweisapp")
    assert check is not None and check.status is Status.DOWN
    assert check.summary == "AusweisApp is not installed"
    assert not report.ok


def run_main(*args: str, tmp_path: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PLIETSCH_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_demo_health_json_exits_0_against_the_built_in_emulator(tmp_path: Path) -> None:
    result = run_main("--demo", "--health", "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["ausweisapp"]["status"] == "ok"
    assert checks["ausweisapp"]["details"]["mode"] == "emulator"
    assert checks["readers"]["status"] == "ok"
    assert checks["content"]["details"]["version"]


def test_health_exits_1_when_a_required_portal_is_down(tmp_path: Path) -> None:
    with portal_server() as base:
        config = tmp_path / "station.toml"
        config.write_text(
            "[staff]\n"
            'required_checks = ["portal", "content"]\n'
            f'portal_urls = ["{base}/ok", "{base}/error"]\n',
            encoding="utf-8",
        )
        degraded = run_main("--demo", "--health", "--config", str(config), tmp_path=tmp_path)
        config.write_text(
            f'[staff]\nrequired_checks = ["portal"]\nportal_urls = ["{refusing_url()}"]\n',
            encoding="utf-8",
        )
        down = run_main("--demo", "--health", "--config", str(config), tmp_path=tmp_path)
    assert degraded.returncode == 0, degraded.stdout  # one host answers: degraded, not down
    assert re.search(r"degraded\s+required\s+portal", degraded.stdout), degraded.stdout
    assert down.returncode == 1, down.stdout
    assert "UNHEALTHY" in down.stdout and "refused" in down.stdout


def test_health_against_the_real_ausweisapp(tmp_path: Path) -> None:
    if shutil.which("AusweisApp2") is None and shutil.which("AusweisApp") is None:
        require_component("AusweisApp2", "apt-get install ausweisapp2")
    config = tmp_path / "station.toml"
    config.write_text('[staff]\nrequired_checks = ["ausweisapp"]\n', encoding="utf-8")
    result = run_main("--health", "--json", "--config", str(config), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    check = {c["name"]: c for c in json.loads(result.stdout)["checks"]}["ausweisapp"]
    assert check["status"] == "ok"
    assert check["details"]["version"].startswith(("1.", "2."))
    assert check["details"]["process"] == "running"
