"""A station without the eID station starts no AusweisApp (nor the emulator): the real kiosk
process and ``--health`` with such a config; its health calls the eID "not used" instead of
failing, even when the config requires the AusweisApp check."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.test_lifeline import kill_all
from tests.deploy.test_station_process import NotifySocket, sdk_processes_of

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """\
[station]
stations = ["services", "finder"]

[staff]
required_checks = ["ausweisapp", "readers", "content"]
portal_urls = []
"""


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    listener = NotifySocket(tmp_path / "notify")
    yield listener
    listener.sock.close()


def kiosk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "PLIETSCH_TEST_RUN": str(tmp_path),
        **extra,
    }


def test_the_kiosk_without_the_eid_station_starts_no_eid_process(
    tmp_path: Path, notify: NotifySocket
) -> None:
    config = tmp_path / "station.toml"
    config.write_text(CONFIG)
    log = tmp_path / "kiosk.log"
    marker = f"PLIETSCH_TEST_RUN={tmp_path}"
    with log.open("w") as out:
        kiosk = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--demo", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=kiosk_env(tmp_path, NOTIFY_SOCKET=str(notify.path)),
            cwd=ROOT,
        )
    try:
        notify.wait_for("READY=1", timeout=90)
        deadline = time.monotonic() + 60
        while "not started" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        # The second phase is over (stations loaded); an emulator would be started by now.
        time.sleep(2.0)
        children = [pid for pid in sdk_processes_of(marker) if pid != kiosk.pid]
        assert children == [], log.read_text()[-3000:]
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(timeout=30) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        kill_all(sdk_processes_of(marker))
    text = log.read_text()
    assert "no eID station configured: AusweisApp (or emulator) not started" in text
    assert "eID mode" not in text and "Traceback" not in text, text[-3000:]


def test_health_calls_the_eid_not_used(tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text(CONFIG)
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--config", str(config), "--health", "--json"],
        env=kiosk_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stdout)
    checks = {check["name"]: check for check in report["checks"]}
    for name in ("ausweisapp", "readers"):
        assert checks[name]["status"] == "ok", checks[name]
        assert checks[name]["summary"].startswith("not used"), checks[name]
    assert report["ok"] and done.returncode == 0, done.stdout + done.stderr
    assert "eID mode" not in done.stderr  # no back end was built
