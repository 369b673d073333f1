"""A kiosk killed with ``kill -9`` takes its AusweisApp (or emulator) child with it.

Without that, the orphan keeps AusweisApp's single client slot and the card reader, and
the kiosk's next start meets an SDK it cannot use. The supervisor starts the child through
``setpriv --pdeathsig KILL``; the kernel does the rest.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[2]
START_S = 40.0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose (its parent, init, reaps it)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def start_kiosk(kind: str, tmpdir: Path | None = None) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "tests.eid.supervised_kiosk", kind],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert kiosk.stdout is not None
    line = kiosk.stdout.readline().split()
    if len(line) != 3 or line[0] != "child":
        kiosk.kill()
        pytest.fail(f"supervised kiosk did not report its child: {line}")
    return kiosk, int(line[1])


@pytest.mark.ausweisapp
def test_ausweisapp_dies_with_a_killed_kiosk(tmp_path: Path) -> None:
    """Checked to fail without the parent-death signal (AusweisApp2 ran on as an orphan)."""
    if shutil.which("setpriv") is None:
        require_component("setpriv", "util-linux setpriv not found")
    if shutil.which("AusweisApp2") is None:
        require_component("AusweisApp2", "binary not on PATH (apt-get install ausweisapp2)")
    kind = "ausweisapp"
    kiosk, child = start_kiosk(kind, tmp_path)  # its TMPDIR folder stays in tmp_path
    try:
        assert alive(child)
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(child), f"{kind} child {child} outlived its killed kiosk"
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
        if alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.ausweisapp
def test_the_folder_a_killed_kiosk_left_is_removed_at_its_next_start(tmp_path: Path) -> None:
    """The AusweisApp's private TMPDIR outlives a kiosk killed with ``kill -9``; the next
    start removes it (checked to fail without that: one more folder per killed kiosk)."""
    if shutil.which("AusweisApp2") is None:
        require_component("AusweisApp2", "binary not on PATH (apt-get install ausweisapp2)")
    kiosk, child = start_kiosk("ausweisapp", tmp_path)
    try:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=10)
        stale = list(tmp_path.glob("plietsch-ausweisapp-*"))
        assert len(stale) == 1
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        again, second_child = start_kiosk("ausweisapp", tmp_path)
        try:
            left = list(tmp_path.glob("plietsch-ausweisapp-*"))
            assert stale[0] not in left and len(left) == 1  # only the running kiosk's own
        finally:
            again.kill()
            again.wait()
            if alive(second_child):
                os.kill(second_child, signal.SIGKILL)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
        if alive(child):
            os.kill(child, signal.SIGKILL)
