"""The real kiosk process as systemd runs it, without systemd: a notify socket of our own
receives READY=1 and WATCHDOG=1 exactly as systemd would; a local HTTPS server publishes a
new bundle; the kiosk takes it with no visitor present by starting afresh in the same
process, and its metrics file says so."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.helpers import HttpsServer, LocalCa, bundle_tar
from tests.deploy.test_metrics import promtool_check

ROOT = Path(__file__).resolve().parents[2]
PATH = "/plietsch/bundle.tar.gz"


class NotifySocket:
    """What systemd listens on: an AF_UNIX datagram socket named in $NOTIFY_SOCKET."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.seen: list[tuple[float, str]] = []

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            try:
                message = self.sock.recv(4096).decode()
            except TimeoutError:
                break
            self.seen.append((time.monotonic(), message))
            if text in message:
                return message
        raise AssertionError(f"no {text!r} within {timeout} s; got {self.seen[-5:]}")

    def drain(self, seconds: float) -> list[str]:
        end = time.monotonic() + seconds
        got = []
        while (left := end - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                got.append(self.sock.recv(4096).decode())
            except TimeoutError:
                break
        return got


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    listener = NotifySocket(tmp_path / "notify")
    yield listener
    listener.sock.close()


def test_kiosk_notifies_systemd_takes_a_bundle_and_exports_metrics(
    tmp_path: Path, server: HttpsServer, test_ca: LocalCa, notify: NotifySocket
) -> None:
    server.published.files[PATH] = bundle_tar(marker="Vom Server")
    metrics_file = tmp_path / "metrics" / "plietsch.prom"
    config = tmp_path / "station.toml"
    config.write_text(
        "[fleet]\n"
        f'content_url = "{server.base}{PATH}"\n'
        f'ca_file = "{test_ca.ca}"\n'
        f'state_dir = "{tmp_path / "content"}"\n'
        f'metrics_file = "{metrics_file}"\n'
        "metrics_seconds = 10\n"
    )
    log = tmp_path / "kiosk.log"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "NOTIFY_SOCKET": str(notify.path),
        "WATCHDOG_USEC": "2000000",
        "WATCHDOG_PID": str(os.getpid()),  # systemd names cage, the kiosk's parent: here, us
    }
    with log.open("w") as out:
        kiosk = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--demo", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    try:
        first = notify.wait_for("READY=1", timeout=60)
        assert "STATUS=showing flensburg@shipped" in first
        # Right after the first paint the second phase (stations, eID back end, staff mode) holds
        # the loop for a few seconds (about 6 s on the loaded test machine); the unit allows 30.
        notify.wait_for("WATCHDOG=1", timeout=20)
        # The poll comes 5 s after the first paint; nobody is at the station, so the kiosk
        # switches and starts afresh on the new bundle: same process, a second READY=1.
        second = notify.wait_for("READY=1", timeout=60)
        pulled = next((tmp_path / "content" / "bundles").iterdir()).name
        assert f"STATUS=showing {pulled}" in second and pulled.startswith("flensburg-")
        assert kiosk.poll() is None
        text = log.read_text()
        assert "switched to bundle flensburg-" in text
        assert "restarting on the new content bundle" in text

        # The exporter writes the running kiosk's own health: the emulator connected, the
        # pulled bundle by the version in its folder name, the update, today's counters.
        version = pulled.removeprefix("flensburg-")
        expected = (
            'plietsch_health_check_status{check="ausweisapp",status="ok"} 1.0',
            f'plietsch_content_bundle_info{{bundle="flensburg",source="pulled",version="{version}"}}',
            'plietsch_health_check_status{check="updates",status="ok"} 1.0',
            "plietsch_content_updates_total 1.0",
            "plietsch_visitors_total 0.0",
            "plietsch_healthy 1.0",
        )
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            exported = metrics_file.read_text() if metrics_file.exists() else ""
            if all(line in exported for line in expected):
                break
            time.sleep(0.5)
        assert [line for line in expected if line not in exported] == [], exported
        assert promtool_check(metrics_file).returncode == 0
        # one journal line when AusweisApp (here the emulator) came up, before or after the
        # first probe round finished
        assert re.search(r"state change: health ausweisapp: (start|unknown) -> ok", log.read_text())

        # A frozen Qt loop stops the pings: this is what makes systemd kill and restart it.
        os.kill(kiosk.pid, signal.SIGSTOP)
        notify.drain(0.2)
        frozen = notify.drain(3.0)
        os.kill(kiosk.pid, signal.SIGCONT)
        assert not [m for m in frozen if "WATCHDOG=1" in m]
        notify.wait_for("WATCHDOG=1", timeout=5)
    finally:
        kiosk.send_signal(signal.SIGTERM)
        try:
            kiosk.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
    assert kiosk.returncode == 0, log.read_text()[-3000:]


def sdk_processes_of(marker: str) -> list[int]:
    """Processes whose environment carries `marker` (the kiosk's children inherit it)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found


@pytest.mark.parametrize("delay_s", [0.0, 0.01, 0.05, 0.3])
def test_sigterm_while_the_eid_back_end_starts_stops_cleanly(
    tmp_path: Path, notify: NotifySocket, delay_s: float
) -> None:
    """systemd stops the unit right after it became ready, while the eID back end (here the
    emulator process) is still starting: the kiosk ends with 0 within seconds, every wipe
    works, and no SDK process is left behind."""
    log = tmp_path / "kiosk.log"
    marker_key, marker_value = "PLIETSCH_TEST_RUN", str(tmp_path)
    marker = f"{marker_key}={marker_value}"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "NOTIFY_SOCKET": str(notify.path),
        marker_key: marker_value,
    }
    with log.open("w") as out:
        kiosk = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--demo"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    try:
        notify.wait_for("READY=1", timeout=60)
        time.sleep(delay_s)
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(timeout=30)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    text = log.read_text()
    assert kiosk.returncode == 0, text[-3000:]
    assert "signal 15: stopping" in text
    for bad in ("Traceback", "RuntimeError", "failed", "Destroyed while process"):
        assert bad not in text, text[-3000:]
    deadline = time.monotonic() + 5
    while sdk_processes_of(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sdk_processes_of(marker) == []
