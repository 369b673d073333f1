"""A kiosk started with ``--exit-with-parent`` ends when the process that started it ends
(under cage: the compositor, and with it the display). Here the parent is a shell and the
kiosk runs on Qt's offscreen platform, which has no display connection that could break:
only the lifeline can end it, so the test fails without it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.lifeline import Lifeline, ParentGoneError
from tests.deploy.test_station_process import NotifySocket, sdk_processes_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    listener = NotifySocket(tmp_path / "notify")
    yield listener
    listener.sock.close()


def gone(pid: int) -> bool:
    """No such process, or only its exit status is left (a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_the_kiosk_ends_when_its_parent_is_killed(tmp_path: Path, notify: NotifySocket) -> None:
    marker = f"PLIETSCH_TEST_RUN={tmp_path}"
    log = tmp_path / "kiosk.log"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "NOTIFY_SOCKET": str(notify.path),
        "PLIETSCH_TEST_RUN": str(tmp_path),
        "KIOSK_LOG": str(log),
    }
    parent = subprocess.Popen(
        [
            "sh",
            "-c",
            '"$0" "$1" --demo --exit-with-parent >"$KIOSK_LOG" 2>&1 & echo $!; wait',
            sys.executable,
            str(ROOT / "main.py"),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert parent.stdout is not None
    kiosk = int(parent.stdout.readline())
    try:
        notify.wait_for("READY=1", timeout=90)
        time.sleep(1.0)  # the eID back end (emulator process) is up or on its way
        parent.kill()  # as cage is killed: no chance to pass anything on
        parent.wait()
        deadline = time.monotonic() + 20  # a liveness bound, not a timing claim
        while not gone(kiosk) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(kiosk), log.read_text()[-3000:]
        while sdk_processes_of(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sdk_processes_of(marker) == []  # the emulator went with it
    finally:
        kill_all([kiosk, *sdk_processes_of(marker)])
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    text = log.read_text()
    assert "has ended, the display is gone: exiting with 3" in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]


def test_a_parent_gone_before_start_up_is_noticed() -> None:
    """Reparented to init before the kiosk could watch: it must not start at all."""
    with pytest.raises(ParentGoneError):
        Lifeline(parent_pid=1)
    finished = subprocess.Popen(["true"])
    finished.wait()  # reaped: the pid names no process any more
    with pytest.raises(ParentGoneError):
        Lifeline(parent_pid=finished.pid)
