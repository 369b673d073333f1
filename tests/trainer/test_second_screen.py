"""`[trainer] window = "auto"` opens the trainer window full screen on a second screen, and only
when one is attached (Qt's offscreen platform with two configured screens, in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREEN = {"x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1}
PROBE = """
import json
from dataclasses import replace
from PySide6.QtWidgets import QApplication
app = QApplication([])
from eid.backend import EidBackend
from eid.client import AusweisClient
from kiosk.config import load_config
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, load_bundle
from ui.app import KioskApp
from ui.trainer.setup import install_trainer
config = load_config(None)[0]
config = replace(config, trainer=replace(config.trainer, window="auto"))
kiosk = KioskApp(config, load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)[0], kiosk_mode=True)
kiosk.show(windowed=False)
backend = EidBackend(AusweisClient("ws://127.0.0.1:9/eID-Kernel"), emulated=True)
window = install_trainer(kiosk, backend)
app.processEvents()
print(json.dumps({
    "kiosk": kiosk.window.screen().name(),
    "trainer": None if window is None else window.screen().name(),
    "geometry": None if window is None else window.geometry().getRect(),
    "full_screen": None if window is None else window.isFullScreen(),
}))
"""


@pytest.mark.parametrize("screens", [1, 2])
def test_auto_follows_a_second_screen(tmp_path: Path, screens: int) -> None:
    layout = [dict(SCREEN, name="kiosk"), dict(SCREEN, name="trainer", x=1920)][:screens]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": layout}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["kiosk"] == "kiosk"
    if screens == 1:
        assert found["trainer"] is None
    else:
        assert found["trainer"] == "trainer"
        assert found["geometry"] == [1920, 0, 1920, 1080] and found["full_screen"]
