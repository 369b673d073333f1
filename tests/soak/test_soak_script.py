"""The soak script itself stays true to the station: a short run against each real AusweisApp
must count its Transport-PIN changes as successes (it silently counted none after the
station's success screen became the hand-off screen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.eid import real_ausweisapp
from tests.eid.conftest import start_real

SCRIPT = Path(__file__).with_name("transport_pin_soak.py")


@pytest.mark.slow
@pytest.mark.ausweisapp
@pytest.mark.parametrize("version", real_ausweisapp.VERSIONS)
def test_short_soak_counts_every_transport_pin_change(version: str) -> None:
    start_real(version).stop()  # skips (fails with CI=true) with the reason when missing
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--versions", version, "--runs", "3", "--no-load"],
        check=False,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "3/3 Transport-PIN changes succeeded" in result.stdout
