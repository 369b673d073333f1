"""Real SDK endpoints for eID tests: Debian's AusweisApp2 and the built-in emulator.

Both run as separate processes, exactly as the kiosk runs them: AusweisApp2 headless
on a random port (read from its port file), the emulator through ``python -m eid
emulator --port 0`` (read from its one ``listening ...`` line). Each test gets a fresh
process, so no API level or workflow leaks from one test into the next.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^listening (ws://127\.0\.0\.1:\d+/eID-Kernel)$")
START_TIMEOUT_S = 30.0


def _stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def ausweisapp_url(tmp_path: Path) -> Iterator[str]:
    """ws:// URL of a fresh headless AusweisApp2 (Debian package ``ausweisapp2``)."""
    binary = shutil.which("AusweisApp2") or shutil.which("AusweisApp")
    if binary is None:
        require_component("AusweisApp2", "binary not on PATH (apt-get install ausweisapp2)")
    assert binary is not None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path), HOME=str(tmp_path))
    env.pop("DISPLAY", None)
    process = subprocess.Popen(
        [binary, "--ui", "websocket", "--port", "0", "--no-logfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stem = "AusweisApp2" if binary.endswith("AusweisApp2") else "AusweisApp"
    port_file = tmp_path / f"{stem}.{process.pid}.port"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None:
                require_component("AusweisApp2", f"exited with code {process.returncode}")
            if time.monotonic() > deadline:
                require_component("AusweisApp2", f"no port file after {START_TIMEOUT_S:.0f} s")
            time.sleep(0.05)
        port = int(port_file.read_text().strip())
        yield f"ws://127.0.0.1:{port}/eID-Kernel"
    finally:
        _stop(process)


@pytest.fixture
def emulator_url() -> Iterator[str]:
    """ws:// URL of a fresh built-in emulator process (default card script)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "eid", "emulator", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = LISTENING.match(line)
        if match is None:
            _stop(process)
            stderr = process.stderr.read() if process.stderr else ""
            pytest.fail(f"emulator did not start: stdout {line!r}, stderr {stderr[-2000:]!r}")
        yield match.group(1)
    finally:
        _stop(process)


@pytest.fixture(params=["emulator", "ausweisapp"])
def sdk_url(request: pytest.FixtureRequest) -> str:
    """Contract tests run once against the emulator and once against real AusweisApp2."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url
