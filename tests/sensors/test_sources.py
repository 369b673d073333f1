"""One refresh of all sources against the local server: values, failures one by one, lookup."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.config import SensorsSection
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, load_bundle
from kiosk.sensor_model import SensorSnapshot, SnapshotKind
from stations.sensors.sources import AIR, WATER, WORKSHOP, area_url, find_gauge, refresh
from tests.sensors.conftest import AREA_PATH, GAUGE, PEGEL, RECORDED_AT, STATION_PATH, Net
from tests.sensors.server import Reply


def empty() -> SensorSnapshot:
    return SensorSnapshot(SnapshotKind.CACHE, RECORDED_AT - timedelta(hours=1))


def test_every_source_delivers(net: Net) -> None:
    result = refresh(net.session, net.settings, net.http, empty(), RECORDED_AT)
    assert result.errors == {}
    snap = result.snapshot
    assert snap.kind is SnapshotKind.CACHE and snap.taken_at == RECORDED_AT
    assert snap.air.sensors == 5 and snap.air.current is not None
    assert round(snap.air.current.pm10, 2) == 11.6 and round(snap.air.current.pm25, 2) == 6.4
    assert snap.workshop.current is not None and snap.workshop.current.pm25 == 7.65
    water = snap.water
    assert water.gauge is not None and water.gauge.mean_level_cm == 503.0
    assert water.current is not None and water.current.level_cm == 500.0
    assert water.deviation_cm() == -3.0
    # a day of minute values, thinned to one per five minutes for the chart
    assert 280 <= len(water.history) <= 290
    assert water.history[-1] == water.current
    for seen in net.server.seen:
        assert seen.headers["User-Agent"].startswith("Plietsch/")
    assert f"{STATION_PATH}/W/measurements.json" in net.server.paths()
    query = next(s.query for s in net.server.seen if s.path.endswith("measurements.json"))
    assert query == "start=P1D"


def test_area_url_asks_only_for_the_neighbourhood() -> None:
    settings = SensorsSection()
    assert area_url(settings) == (
        "https://data.sensor.community/airrohr/v1/filter/area=54.7800,9.4300,10"
    )


@pytest.mark.parametrize(
    ("path", "broken", "failed"),
    [
        (AREA_PATH, Reply(503, b"{}"), AIR),
        (
            "/data.json",
            Reply(body=b"<html>router login</html>", content_type="text/html"),
            WORKSHOP,
        ),
        (f"{STATION_PATH}/W/currentmeasurement.json", Reply(500, b""), WATER),
    ],
)
def test_one_broken_source_leaves_the_others_fresh(
    net: Net,
    path: str,
    broken: Reply,
    failed: str,
) -> None:
    before = refresh(net.session, net.settings, net.http, empty(), RECORDED_AT).snapshot
    net.server.routes[path] = broken
    later = RECORDED_AT + timedelta(minutes=6)
    result = refresh(net.session, net.settings, net.http, before, later)
    assert set(result.errors) == {failed}
    kept = getattr(result.snapshot, failed)
    assert kept == getattr(before, failed)  # last values kept, with their old fetch time
    for other in {AIR, WORKSHOP, WATER} - {failed}:
        assert getattr(result.snapshot, other).fetched_at == later


def test_without_gauge_details_or_history_the_level_still_shows(net: Net) -> None:
    net.server.routes[f"{STATION_PATH}.json"] = Reply(500, b"")
    net.server.routes[f"{STATION_PATH}/W/measurements.json"] = Reply(body=b"[" * 3)
    result = refresh(net.session, net.settings, net.http, empty(), RECORDED_AT)
    assert WATER not in result.errors
    water = result.snapshot.water
    assert water.current is not None and water.gauge is not None
    assert water.gauge.mean_level_cm is None and water.deviation_cm() is None
    assert water.history == (water.current,)


def test_dust_history_grows_fetch_by_fetch(net: Net) -> None:
    snap = refresh(net.session, net.settings, net.http, empty(), RECORDED_AT).snapshot
    net.server.routes[AREA_PATH] = Reply(
        body=net.server.routes[AREA_PATH].body.replace(b"09:5", b"10:0")
    )
    snap = refresh(
        net.session, net.settings, net.http, snap, RECORDED_AT + timedelta(minutes=10)
    ).snapshot
    assert len(snap.air.history) == 2
    assert snap.air.history[0].time < snap.air.history[1].time


def test_sample_values_are_never_mixed_with_measurements(net: Net) -> None:
    bundle, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert bundle is not None and bundle.sensors is not None, problems
    sample = bundle.sensors.snapshot
    assert sample.kind is SnapshotKind.SAMPLE and len(sample.air.history) > 200
    net.server.routes[f"{STATION_PATH}/W/measurements.json"] = Reply(500, b"")
    result = refresh(net.session, net.settings, net.http, sample, RECORDED_AT)
    assert result.snapshot.air.origin is SnapshotKind.CACHE
    assert len(result.snapshot.air.history) == 1
    assert result.snapshot.water.history == (result.snapshot.water.current,)


def test_the_gauge_is_found_near_the_station_when_none_is_configured(net: Net) -> None:
    unset = replace(net.settings, gauge_id="")
    result = refresh(net.session, unset, net.http, empty(), RECORDED_AT)
    assert result.errors == {}
    assert result.found_gauge == GAUGE
    search = next(s for s in net.server.seen if s.path == f"{PEGEL}/stations.json")
    assert "latitude=54.78" in search.query and "radius=10" in search.query
    assert "includeTimeseries=true" in search.query
    assert find_gauge(net.session, unset, net.http).name == "FLENSBURG"


def test_no_gauge_nearby_is_a_clear_water_error(net: Net) -> None:
    net.server.routes[f"{PEGEL}/stations.json"] = Reply(body=b"[]")
    result = refresh(
        net.session, replace(net.settings, gauge_id=""), net.http, empty(), RECORDED_AT
    )
    assert "no water level gauge within 10 km" in result.errors[WATER]
    assert "set [sensors] gauge_id" in result.errors[WATER]


def test_switched_off_sources_are_not_asked(net: Net) -> None:
    only_water = replace(net.settings, air_api="", workshop_url="")
    result = refresh(net.session, only_water, net.http, empty(), RECORDED_AT)
    assert result.errors == {}
    assert not any(p.startswith("/airrohr") or p == "/data.json" for p in net.server.paths())
    assert result.snapshot.air.current is None
