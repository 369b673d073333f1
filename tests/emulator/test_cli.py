"""``python -m eid emulator`` as staff and the kiosk start it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulator.client import SdkClient, cmd

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 20


def launch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "eid", "emulator", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def running() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = launch("--port", "0", "--card", "good", "--delay-ms", "5", "-vv")
    assert process.stdout is not None
    line = process.stdout.readline()
    yield process, line
    if process.poll() is None:
        process.kill()
        process.wait(WAIT_S)


def test_prints_exactly_one_listening_line(running: tuple[subprocess.Popen[str], str]) -> None:
    process, line = running
    assert line.startswith("listening ws://127.0.0.1:")
    assert line.rstrip("\n").endswith("/eID-Kernel")
    process.send_signal(signal.SIGTERM)
    stdout, _ = process.communicate(timeout=WAIT_S)
    assert stdout == ""  # nothing after the one line


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_cleanly_with_exit_0(
    running: tuple[subprocess.Popen[str], str], signum: signal.Signals
) -> None:
    process, line = running
    client = SdkClient(line.split()[1])  # even with a client connected
    process.send_signal(signum)
    assert process.wait(WAIT_S) == 0
    client.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_non_loopback_host_is_refused_with_exit_2(host: str) -> None:
    process = launch("--host", host, "--port", "0")
    stdout, stderr = process.communicate(timeout=WAIT_S)
    assert process.returncode == 2
    assert stdout == ""
    assert "loopback" in stderr


def test_unknown_preset_exits_2_naming_the_presets() -> None:
    process = launch("--card", "nope")
    _, stderr = process.communicate(timeout=WAIT_S)
    assert process.returncode == 2
    assert "wrong-pin" in stderr


def test_help_documents_presets_and_control_endpoint() -> None:
    process = launch("--help")
    stdout, _ = process.communicate(timeout=WAIT_S)
    assert process.returncode == 0
    assert "/control/card" in stdout
    assert "deactivated" in stdout


def test_busy_port_is_a_clear_error(running: tuple[subprocess.Popen[str], str]) -> None:
    _, line = running
    port = line.rsplit(":", 1)[1].split("/")[0]
    second = launch("--port", port)
    stdout, stderr = second.communicate(timeout=WAIT_S)
    assert second.returncode == 1
    assert stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in stderr


def test_card_and_delay_options_and_masked_traffic_log(
    running: tuple[subprocess.Popen[str], str],
) -> None:
    process, line = running
    client = SdkClient(line.split()[1])
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "READER", "ENTER_PIN")  # --card good: card lies there
    client.send(cmd("SET_PIN", value="123456"))
    client.expect("ENTER_NEW_PIN")
    client.send(cmd("SET_NEW_PIN", value="975310"))
    client.expect("READER", "CHANGE_PIN")
    client.close()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=WAIT_S)
    assert "TRAFFIC" in stderr  # -vv shows the frames ...
    assert '"SET_PIN"' in stderr
    assert "123456" not in stderr  # ... but never a secret
    assert "975310" not in stderr
