"""On a real X server, a tap on a tile of the scrolling services list opens the service.

Review finding: `ui.widgets.TouchScroll` was suspected of swallowing taps. On Xvfb (and with
xdotool against the running kiosk) taps open the service, also with a finger's jitter and a
longer press; offscreen, QScroller replays the delayed press to `QApplication.widgetAt()`,
which the offscreen platform never answers, so only a real display can check this.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private Xvfb at 1920×1080; its number comes back through -displayfd."""
    binary = shutil.which("Xvfb")
    if binary is None:
        require_component("Xvfb", "apt-get install xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            str(binary),
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    try:
        if not number:
            require_component("Xvfb", "it did not report a display number")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(("hold_ms", "jitter"), [(0, 0), (60, 6), (400, 0)])
def test_a_tap_on_a_scrolling_list_opens_the_service(
    display: str, tmp_path: Path, hold_ms: int, jitter: int
) -> None:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env["PLIETSCH_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.x11_tap", str(hold_ms), str(jitter)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["scrollable"]  # the scroll area is in play
    assert result["clicked"] and not result["menu_visible"], result


def test_a_drag_that_starts_on_a_tile_scrolls_and_opens_nothing(
    display: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env["PLIETSCH_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.x11_tap", "0", "-240"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["scrolled"] and not result["clicked"] and result["menu_visible"], result
