"""The kiosk for real under cage, started by the station's own session script, on wlroots'
headless backend: it notifies readiness after its first paint, and the compositor's frame
(taken with grim, as a screenshot on the station would be) shows the kiosk full screen."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.deploy.helpers import need
from tests.deploy.test_lifeline import gone, kill_all
from tests.deploy.test_station_process import NotifySocket, sdk_processes_of

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "deploy" / "cage" / "plietsch-session"


def as_kiosk_user() -> list[str]:
    """cage refuses to run as root (it could regain root after dropping it), so as root the
    test runs it as `nobody`, like the station's unprivileged user; read-search capability
    lets it read the checkout and its venv wherever they lie (e.g. under /root)."""
    if os.geteuid() != 0:
        return []
    return [
        need("setpriv", "util-linux"),
        "--reuid=nobody",
        "--regid=nogroup",
        "--clear-groups",
        "--inh-caps=+dac_read_search",
        "--ambient-caps=+dac_read_search",
    ]


@pytest.fixture
def runtime_dir(tmp_path: Path) -> Iterator[Path]:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() == 0:
        for folder in (runtime, data):
            os.chown(folder, 65534, 65534)
        tmp_path.chmod(0o755)
    yield runtime


def start_session(
    tmp_path: Path, runtime_dir: Path
) -> tuple[NotifySocket, dict[str, str], subprocess.Popen[bytes]]:
    """The station's session script on wlroots' headless backend, in demo mode, as the kiosk
    user; its output goes to cage.log, readiness to a notify socket of the test."""
    notify = NotifySocket(tmp_path / "notify")
    (tmp_path / "notify").chmod(0o666)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(runtime_dir),
        "XDG_RUNTIME_DIR": str(runtime_dir),
        "WLR_BACKENDS": "headless",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "WLR_RENDERER": "pixman",
        "PLIETSCH_DATA_DIR": str(tmp_path / "data"),
        "NOTIFY_SOCKET": str(tmp_path / "notify"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PLIETSCH_TEST_RUN": str(tmp_path),  # finds the kiosk's children afterwards
    }
    with (tmp_path / "cage.log").open("w") as out:
        cage = subprocess.Popen(
            [*as_kiosk_user(), str(SESSION), "--demo"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return notify, env, cage


def end_session(tmp_path: Path, cage: subprocess.Popen[bytes]) -> None:
    """Whatever the test did: nothing of this session may outlive it. The process group
    first (cage aborts on SIGTERM), then every process that carries this run's marker in
    its environment (the kiosk and its eID child, even when reparented to PID 1)."""
    if cage.poll() is None:
        os.killpg(cage.pid, signal.SIGTERM)
        try:
            cage.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cage.pid, signal.SIGKILL)
            cage.wait()
    marker = f"PLIETSCH_TEST_RUN={tmp_path}"
    deadline = time.monotonic() + 10
    while (left := sdk_processes_of(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    kill_all(left)


def test_kiosk_first_frame_under_cage(tmp_path: Path, runtime_dir: Path) -> None:
    need("cage", "cage")
    grim = need("grim", "grim")
    notify, env, cage = start_session(tmp_path, runtime_dir)
    shot = runtime_dir / "first-frame.png"  # writable by the kiosk user
    try:
        ready = notify.wait_for("READY=1", timeout=90)
        assert "STATUS=showing flensburg@shipped" in ready
        time.sleep(1.0)  # the compositor's next frame after the kiosk's first paint
        grabbed = subprocess.run(
            [*as_kiosk_user(), grim, str(shot)],
            capture_output=True,
            text=True,
            env={**env, "WAYLAND_DISPLAY": "wayland-0"},
            timeout=30,
            check=False,
        )
        assert grabbed.returncode == 0, grabbed.stderr
        assert cage.poll() is None, (tmp_path / "cage.log").read_text()
    finally:
        end_session(tmp_path, cage)
        notify.sock.close()
    with Image.open(shot) as frame:
        rgb = frame.convert("RGB")
        width, height = rgb.size
        assert (width, height) == (1280, 720)  # wlroots' headless output
        # cage paints black where no window is: the kiosk covers every corner.
        for x, y in ((2, 2), (width - 3, 2), (2, height - 3), (width - 3, height - 3)):
            assert rgb.getpixel((x, y)) != (0, 0, 0), (x, y)
        # No title bar: the top rows have the kiosk header's colour, not a decoration's.
        assert rgb.getpixel((300, 3)) == rgb.getpixel((300, 100))
        colours = rgb.getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 50  # text and pictures, not an empty surface


def unit_exec_stop(cage_pid: int) -> list[str]:
    """The unit's ExecStop as systemd runs it, with the checkout in place of /opt/plietsch."""
    unit = (ROOT / "deploy" / "systemd" / "plietsch-kiosk.service").read_text()
    line = next(x for x in unit.splitlines() if x.startswith("ExecStop="))
    command = line.removeprefix("ExecStop=").replace("$MAINPID", str(cage_pid))
    return command.replace("/opt/plietsch", str(ROOT)).split()


def test_the_unit_stops_the_kiosk_first_and_cage_follows(tmp_path: Path, runtime_dir: Path) -> None:
    """systemctl stop: the kiosk ends cleanly (its SIGTERM handler runs, the eID emulator is
    shut down), then cage exits with 0 by itself: nothing aborts, the unit ends successfully."""
    need("cage", "cage")
    notify, env, cage = start_session(tmp_path, runtime_dir)
    log = tmp_path / "cage.log"
    try:
        notify.wait_for("READY=1", timeout=90)
        time.sleep(2.0)  # the eID back end (emulator process) is up or on its way
        stopper = subprocess.Popen([*as_kiosk_user(), *unit_exec_stop(cage.pid)], env=env)
        code = cage.wait(timeout=40)  # reaped here, as systemd reaps its main process
        assert stopper.wait(timeout=10) == 0
    finally:
        if cage.poll() is None:
            os.killpg(cage.pid, signal.SIGKILL)
            cage.wait()
        end_session(tmp_path, cage)
        notify.sock.close()
    text = log.read_text()
    assert code == 0, text[-3000:]
    assert "signal 15: stopping" in text
    assert "Assertion" not in text and "Traceback" not in text, text[-3000:]
    assert sdk_processes_of(f"PLIETSCH_TEST_RUN={tmp_path}") == []


def kiosk_of(cage_pid: int) -> int:
    """The kiosk: cage's child (cage starts it with fork and exec)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text, cmdline = status.read_text(), status.with_name("cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        if f"\nPPid:\t{cage_pid}\n" in text and b"main.py" in cmdline:
            return int(status.parent.name)
    raise AssertionError(f"cage {cage_pid} has no kiosk child")


def test_the_kiosk_does_not_outlive_a_killed_cage(tmp_path: Path, runtime_dir: Path) -> None:
    """cage killed with SIGKILL (a crash, an OOM kill): the display is gone, and the kiosk
    with it within seconds, its eID child too: no orphan spinning on a dead display while
    systemd starts a new session beside it."""
    need("cage", "cage")
    notify, _env, cage = start_session(tmp_path, runtime_dir)
    marker = f"PLIETSCH_TEST_RUN={tmp_path}"
    try:
        notify.wait_for("READY=1", timeout=90)
        kiosk = kiosk_of(cage.pid)
        time.sleep(1.0)  # the eID back end is up or on its way
        cage.kill()
        cage.wait()
        deadline = time.monotonic() + 15  # a liveness bound, not a timing claim
        while not gone(kiosk) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(kiosk), (tmp_path / "cage.log").read_text()[-3000:]
        while sdk_processes_of(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sdk_processes_of(marker) == []
    finally:
        end_session(tmp_path, cage)
        notify.sock.close()
