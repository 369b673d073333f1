"""Real SDK endpoints for eID tests: real AusweisApp 1.26.2 and 2.x, and the built-in emulator.

All run as separate processes, exactly as the kiosk runs them: AusweisApp headless on a
random port read from its port file (bookworm's ``AusweisApp2`` 1.26.2 from PATH, trixie's
``AusweisApp`` 2.x in the debootstrap root of ``scripts/ausweisapp-trixie-root.sh``; see
``tests/eid/real_ausweisapp.py``), the emulator through ``python -m eid emulator --port 0``
(read from its one ``listening ...`` line). Each test gets a fresh process, so no API level
or workflow leaks from one test into the next.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_component
from tests.eid import real_ausweisapp

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^listening (ws://127\.0\.0\.1:\d+/eID-Kernel)$")
#: sdk_url parameters: the emulator as 1.26.2 and as 2.5, real 1.26.2 and real 2.x
SDK_ENDPOINTS = ["emulator", "emulator-2.5", "ausweisapp", "ausweisapp-2"]


def _stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_real(version: str) -> real_ausweisapp.RealAusweisApp:
    """A fresh real AusweisApp, or skip (fail with CI=true) with the reason."""
    try:
        return real_ausweisapp.start(version)
    except real_ausweisapp.UnavailableError as exc:
        require_component(f"AusweisApp {version}", str(exc))
        raise  # not reached: require_component skips or fails


@pytest.fixture
def ausweisapp_url() -> Iterator[str]:
    """ws:// URL of a fresh headless AusweisApp2 1.26.2 (Debian package ``ausweisapp2``)."""
    instance = start_real("1.26")
    try:
        yield instance.url
    finally:
        instance.stop()


@pytest.fixture
def ausweisapp2_url() -> Iterator[str]:
    """ws:// URL of a fresh headless AusweisApp 2.x (trixie's ``ausweisapp``, in its root)."""
    instance = start_real("2")
    try:
        yield instance.url
    finally:
        instance.stop()


def start_emulator(*args: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m eid emulator --port 0 ARGS``; its process and URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "eid", "emulator", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    match = LISTENING.match(line)
    if match is None:
        _stop(process)
        stderr = process.stderr.read() if process.stderr else ""
        pytest.fail(f"emulator did not start: stdout {line!r}, stderr {stderr[-2000:]!r}")
    return process, match.group(1)


@pytest.fixture
def emulator_url() -> Iterator[str]:
    """ws:// URL of a fresh built-in emulator process (default card script, as 1.26.2)."""
    process, url = start_emulator()
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture
def emulator25_url() -> Iterator[str]:
    """ws:// URL of a fresh emulator process that behaves like AusweisApp 2.5."""
    process, url = start_emulator("--sdk-version", "2.5")
    try:
        yield url
    finally:
        _stop(process)


_FIXTURE_OF = {
    "emulator": "emulator_url",
    "emulator-2.5": "emulator25_url",
    "ausweisapp": "ausweisapp_url",
    "ausweisapp-2": "ausweisapp2_url",
}


@pytest.fixture(params=SDK_ENDPOINTS)
def sdk_url(request: pytest.FixtureRequest) -> str:
    """Contract tests run against the emulator (as 1.26.2 and 2.5) and real 1.26.2 and 2.x."""
    url: str = request.getfixturevalue(_FIXTURE_OF[request.param])
    return url
