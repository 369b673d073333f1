"""The [sensors] config section: shipped defaults, and clear messages for wrong values."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import load_config


def test_shipped_defaults_name_the_flensburg_gauge() -> None:
    config, problems = load_config(None)
    assert problems == []
    sensors = config.sensors
    assert sensors.gauge_id == "9e19c411-f728-4a43-a057-39d4155c71cc"
    assert (sensors.latitude, sensors.longitude, sensors.radius_km) == (54.78, 9.43, 10.0)
    assert sensors.refresh_minutes >= 5 and sensors.workshop_url == ""
    assert "sensors" not in config.station.stations  # switched on per event


def test_wrong_values_are_reported_and_defaults_kept(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(
        "[station]\n"
        'stations = ["services", "sensors"]\n'
        "[sensors]\n"
        "refresh_minutes = 1\n"
        'workshop_url = "192.168.4.23/data.json"\n'
        'timezone = "Flensburg/Hafen"\n'
        "latitude = 91\n"
        'gauge_id = ""\n',
        encoding="utf-8",
    )
    config, problems = load_config(path)
    messages = [str(p) for p in problems]
    assert f"{path}:4: sensors.refresh_minutes: expected a whole number from 5" in messages[0]
    assert any(":5: sensors.workshop_url: expected an http:// or https://" in m for m in messages)
    assert any(":6: sensors.timezone: expected a time zone name" in m for m in messages)
    assert any(":7: sensors.latitude: expected a number from -90 to 90" in m for m in messages)
    assert config.sensors.refresh_minutes == 5 and config.sensors.workshop_url == ""
    assert config.sensors.gauge_id == ""  # empty is allowed: look the gauge up
    assert config.station.stations == ("services", "sensors")
