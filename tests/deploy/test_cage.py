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
from tests.deploy.test_station_process import NotifySocket

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


def test_kiosk_first_frame_under_cage(tmp_path: Path, runtime_dir: Path) -> None:
    need("cage", "cage")
    grim = need("grim", "grim")
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
    }
    log = tmp_path / "cage.log"
    with log.open("w") as out:
        cage = subprocess.Popen(
            [*as_kiosk_user(), str(SESSION), "--demo"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
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
        assert cage.poll() is None, log.read_text()
    finally:
        os.killpg(cage.pid, signal.SIGTERM)
        try:
            cage.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cage.pid, signal.SIGKILL)
            cage.wait()
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
