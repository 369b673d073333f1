"""``python -m stations.sensors`` against the local server: gauge lookup, fetch, snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content_model import Problem
from kiosk.content_sensors import read_snapshot
from kiosk.sensor_model import SnapshotKind
from stations.sensors.cli import main
from tests.sensors.conftest import GAUGE, PEGEL, Net
from tests.sensors.server import Reply

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_file(net: Net, tmp_path: Path) -> Path:
    path = tmp_path / "station.toml"
    settings = net.settings
    path.write_text(
        "[sensors]\n"
        f'workshop_url = "{settings.workshop_url}"\n'
        f'air_api = "{settings.air_api}"\n'
        f'water_api = "{settings.water_api}"\n'
        f'cache_file = "{tmp_path / "cache.toml"}"\n',
        encoding="utf-8",
    )
    return path


def test_find_gauge_names_the_nearest_water_level_gauge(
    net: Net, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config_file), "find-gauge", "--radius", "12"]) == 0
    out = capsys.readouterr().out
    assert f'gauge_id = "{GAUGE}"   # FLENSBURG' in out
    assert "FLENSBURG WETTERSTATION (OSTSEE), no water level" in out
    search = next(s for s in net.server.seen if s.path == f"{PEGEL}/stations.json")
    assert "radius=12" in search.query
    assert search.headers["User-Agent"].startswith("Plietsch/")


def test_find_gauge_without_any_gauge(
    net: Net, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    net.server.routes[f"{PEGEL}/stations.json"] = Reply(body=b"[]")
    assert main(["--config", str(config_file), "find-gauge"]) == 1
    assert "no gauge with a water level within 10 km" in capsys.readouterr().err


def test_fetch_prints_every_source(
    net: Net, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config_file), "fetch", "--json"]) == 0
    values = json.loads(capsys.readouterr().out)
    assert values["air"]["sensors"] == 5 and values["air"]["pm25"] == 6.4
    assert values["workshop"]["pm10"] == 13.08
    assert values["water"]["deviation_cm"] == -3.0 and values["water"]["gauge"] == GAUGE
    assert values["errors"] == {}


def test_fetch_says_which_source_failed(
    net: Net, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    net.server.routes["/data.json"] = Reply(500, b"")
    assert main(["--config", str(config_file), "fetch"]) == 1
    assert "workshop  workshop sensor: 127.0.0.1 answered HTTP 500" in capsys.readouterr().out


def test_snapshot_records_real_values_for_a_bundle(
    net: Net, config_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bundle" / "sensors" / "snapshot.toml"
    assert main(["--config", str(config_file), "snapshot", "--out", str(out)]) == 0
    problems: list[Problem] = []
    snapshot = read_snapshot(out, problems)
    assert problems == [] and snapshot is not None
    assert snapshot.kind is SnapshotKind.RECORDED
    assert snapshot.air.origin is SnapshotKind.RECORDED and snapshot.air.sensors == 5
    assert "Recorded from the real services on" in out.read_text(encoding="utf-8")


def test_snapshot_without_any_source_writes_nothing(
    net: Net, config_file: Path, tmp_path: Path
) -> None:
    net.server.stop()
    out = tmp_path / "snapshot.toml"
    assert main(["--config", str(config_file), "snapshot", "--out", str(out)]) == 2
    assert not out.exists()


def test_runs_as_a_module_without_a_display() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stations.sensors", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "find-gauge" in result.stdout and "snapshot" in result.stdout
