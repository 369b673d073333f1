"""The real kiosk process as systemd runs it, without systemd: a notify socket of our own
receives READY=1 and WATCHDOG=1 exactly as systemd would; a local HTTPS server publishes a
new bundle; the kiosk takes it with no visitor present by starting afresh in the same
process, and its metrics file says so."""

from __future__ import annotations

import os
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
        notify.wait_for("WATCHDOG=1", timeout=5)
        # The poll comes 5 s after the first paint; nobody is at the station, so the kiosk
        # switches and starts afresh on the new bundle: same process, a second READY=1.
        second = notify.wait_for("READY=1", timeout=60)
        assert "STATUS=showing flensburg@" in second and "@shipped" not in second
        assert kiosk.poll() is None
        text = log.read_text()
        assert "switched to bundle flensburg-" in text
        assert "restarting on the new content bundle" in text

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if metrics_file.exists() and 'source="pulled"' in metrics_file.read_text():
                break
            time.sleep(0.5)
        exported = metrics_file.read_text()
        assert 'source="pulled"' in exported and "plietsch_content_updates_total 1.0" in exported
        assert promtool_check(metrics_file).returncode == 0

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
