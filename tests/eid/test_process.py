"""AusweisAppSupervisor: real AusweisApp2 and the real emulator, killed and brought back.

The restart tests wire the supervisor to a real client exactly as the kiosk does
(``url_ready`` -> ``set_url``) and check that the client is READY again after a kill -9.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from eid.backoff import Backoff
from eid.client import AusweisClient, ConnectionState
from eid.process import AusweisAppSupervisor, SupervisorState
from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[2]
EMULATOR = [sys.executable, "-m", "eid", "emulator", "--port", "0"]
START_MS = 30_000
FAST = Backoff(initial_s=0.05, max_s=0.2, jitter=0.0)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wired_client(supervisor: AusweisAppSupervisor) -> AusweisClient:
    """A client that follows the supervisor's endpoint, the way the kiosk wires them."""
    client = AusweisClient("ws://127.0.0.1:9/eID-Kernel", backoff=Backoff(0.05, 2.0, 0.5, 0.0))

    def follow(url: str) -> None:
        client.set_url(url)
        client.open()

    supervisor.url_ready.connect(follow)
    return client


def kill_and_recover(qtbot: QtBot, supervisor: AusweisAppSupervisor) -> None:
    client = wired_client(supervisor)
    try:
        supervisor.start()
        qtbot.waitUntil(lambda: client.state is ConnectionState.READY, timeout=START_MS)
        first_pid, first_url = supervisor.pid, supervisor.url
        assert first_pid is not None and first_url is not None
        with qtbot.waitSignal(supervisor.url_ready, timeout=START_MS):
            os.kill(first_pid, signal.SIGKILL)
        assert supervisor.pid not in {None, first_pid}
        assert not alive(first_pid)
        qtbot.waitUntil(lambda: client.state is ConnectionState.READY, timeout=START_MS)
        assert client.url == supervisor.url
        last_pid = supervisor.pid
        assert last_pid is not None
    finally:
        client.close()
        with qtbot.waitSignal(supervisor.state_changed, timeout=START_MS):
            supervisor.stop()
    assert supervisor.state is SupervisorState.STOPPED
    assert not alive(last_pid)


@pytest.mark.slow
def test_emulator_is_restarted_after_kill_and_client_recovers(qtbot: QtBot) -> None:
    supervisor = AusweisAppSupervisor(EMULATOR, cwd=str(ROOT), backoff=FAST)
    kill_and_recover(qtbot, supervisor)


@pytest.mark.slow
@pytest.mark.ausweisapp
def test_ausweisapp_is_restarted_after_kill_and_client_recovers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    binary = shutil.which("AusweisApp2") or shutil.which("AusweisApp")
    if binary is None:
        require_component("AusweisApp2", "binary not on PATH (apt-get install ausweisapp2)")
    supervisor = AusweisAppSupervisor(binary=binary, env={"HOME": str(tmp_path)}, backoff=FAST)
    kill_and_recover(qtbot, supervisor)
    supervisor.shutdown()


def test_missing_binary_is_not_installed(qtbot: QtBot) -> None:
    supervisor = AusweisAppSupervisor(binary="/nonexistent/AusweisApp2")
    supervisor.start()
    assert supervisor.state is SupervisorState.NOT_INSTALLED
    assert supervisor.status_text == "AusweisApp not installed"
    assert supervisor.url is None


def test_no_ausweisapp_on_path_is_not_installed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    supervisor = AusweisAppSupervisor()
    supervisor.start()
    assert supervisor.state is SupervisorState.NOT_INSTALLED


def test_command_that_keeps_exiting_is_restarted_with_backoff(qtbot: QtBot) -> None:
    backoff = Backoff(initial_s=0.01, max_s=0.05, jitter=0.0)
    supervisor = AusweisAppSupervisor(
        [sys.executable, "-c", "import sys; sys.exit(3)"], backoff=backoff
    )
    states: list[SupervisorState] = []
    supervisor.state_changed.connect(states.append)
    supervisor.start()
    qtbot.waitUntil(lambda: states.count(SupervisorState.RESTARTING) >= 3, timeout=START_MS)
    supervisor.stop()
    assert backoff.attempts >= 3
    assert "exited with code 3" in supervisor.status_text or (
        supervisor.state is SupervisorState.STOPPED
    )
    qtbot.waitUntil(lambda: supervisor.state is SupervisorState.STOPPED, timeout=START_MS)
    assert supervisor.pid is None


def test_program_that_cannot_start_is_retried(qtbot: QtBot) -> None:
    supervisor = AusweisAppSupervisor(["/nonexistent/emulator"], backoff=FAST)
    supervisor.start()
    qtbot.waitUntil(lambda: supervisor.state is SupervisorState.RESTARTING, timeout=START_MS)
    assert "could not start" in supervisor.status_text
    supervisor.stop()
    assert supervisor.state is SupervisorState.STOPPED


def test_silent_process_is_killed_after_start_timeout(qtbot: QtBot) -> None:
    supervisor = AusweisAppSupervisor(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        backoff=Backoff(initial_s=10.0, max_s=10.0, jitter=0.0),
        start_timeout_s=0.3,
    )
    supervisor.start()
    pid = supervisor.pid
    assert pid is not None
    qtbot.waitUntil(lambda: supervisor.state is SupervisorState.RESTARTING, timeout=START_MS)
    assert not alive(pid)
    supervisor.stop()


def test_stop_kills_a_process_that_ignores_terminate(qtbot: QtBot) -> None:
    stubborn = (
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('listening ws://127.0.0.1:1/eID-Kernel', flush=True)\n"
        "time.sleep(60)\n"
    )
    supervisor = AusweisAppSupervisor([sys.executable, "-c", stubborn], stop_timeout_s=0.3)
    with qtbot.waitSignal(supervisor.url_ready, timeout=START_MS) as ready:
        supervisor.start()
    assert ready.args == ["ws://127.0.0.1:1/eID-Kernel"]
    pid = supervisor.pid
    assert pid is not None
    supervisor.stop()
    qtbot.waitUntil(lambda: supervisor.state is SupervisorState.STOPPED, timeout=START_MS)
    assert not alive(pid)


def test_shutdown_blocks_until_the_process_is_gone(qtbot: QtBot) -> None:
    supervisor = AusweisAppSupervisor(EMULATOR, cwd=str(ROOT))
    with qtbot.waitSignal(supervisor.url_ready, timeout=START_MS):
        supervisor.start()
    pid = supervisor.pid
    assert pid is not None
    supervisor.shutdown()
    assert supervisor.state is SupervisorState.STOPPED
    assert not alive(pid)


def test_binary_discovery_prefers_2x_name_then_debian_1x(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unset ``[eid] binary``: trixie/upstream ``AusweisApp`` first, bookworm's ``AusweisApp2``."""
    from eid.process import find_ausweisapp  # noqa: PLC0415
    from kiosk.config import load_config  # noqa: PLC0415

    assert load_config(None)[0].eid.binary is None  # the default means "discover"
    for name in ("AusweisApp", "AusweisApp2"):
        path = tmp_path / name
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_ausweisapp() == str(tmp_path / "AusweisApp")
    (tmp_path / "AusweisApp").unlink()
    assert find_ausweisapp() == str(tmp_path / "AusweisApp2")
    (tmp_path / "AusweisApp2").unlink()
    assert find_ausweisapp() is None
