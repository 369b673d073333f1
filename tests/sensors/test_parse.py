"""Parsing the replies: recorded ones give the right values, broken ones a clear reason."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from stations.sensors.parse_air import ParseError, parse_area, parse_workshop
from stations.sensors.parse_water import (
    nearest_level_gauge,
    parse_current,
    parse_gauge,
    parse_measurements,
    parse_nearby,
)
from tests.sensors.conftest import GAUGE, RECORDED_AT
from tests.sensors.server import RECORDINGS


def load(name: str) -> Any:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


# sensor.community ---------------------------------------------------------------------------


def test_area_averages_the_newest_outdoor_reading_of_each_dust_sensor() -> None:
    area = parse_area(load("area-flensburg.json"), RECORDED_AT)
    # five outdoor SDS011 sensors; sensor 58720 counts once, with its newer reading
    assert area.sensors == 5
    assert area.point.pm10 == pytest.approx((12.40 + 10.15 + 15.90 + 11.25 + 8.30) / 5)
    assert area.point.pm25 == pytest.approx((7.10 + 5.50 + 8.80 + 6.40 + 4.20) / 5)
    assert area.point.time == datetime(2026, 5, 12, 9, 59, 31, tzinfo=UTC)
    assert any("indoors" in reason for reason in area.skipped)


def test_area_numbers_may_come_as_numbers_or_strings() -> None:
    data = load("area-flensburg.json")
    data[0]["sensordatavalues"][0]["value"] = 12.4  # a real number instead of "12.40"
    assert parse_area(data, RECORDED_AT).sensors == 5


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda e: e["sensordatavalues"][0].update(value="n/a"), "P1 of sensor 61234 is 'n/a'"),
        (lambda e: e["sensordatavalues"][1].update(value="-3"), "outside the plausible"),
        (lambda e: e["sensordatavalues"][0].update(value="NaN"), "not a finite number"),
        (lambda e: e["sensordatavalues"].pop(1), "only one of P1 (PM10) and P2"),
        (lambda e: e.pop("timestamp"), "timestamp of sensor 61234 is None"),
        (lambda e: e.update(timestamp="yesterday"), "not a time"),
        (lambda e: e.update(timestamp="2026-05-13 09:00:00"), "time in the future"),
        (lambda e: e.pop("sensor"), "has no sensor"),
        (lambda e: e.update(sensordatavalues={"P1": 3}), "not a list"),
    ],
)
def test_a_broken_reading_is_skipped_with_its_reason(change: Any, reason: str) -> None:
    data = load("area-flensburg.json")
    change(data[0])
    area = parse_area(data, RECORDED_AT)
    assert area.sensors == 4  # the other sensors still count
    assert any(reason in skipped for skipped in area.skipped), area.skipped


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"error": "boom"}, "expected a list of readings, got an object"),
        ("<html>", "expected a list of readings, got a text"),
        ([], "no usable dust values among 0 readings"),
        ([None, 3, "x"], "no usable dust values among 3 readings; 3 skipped"),
    ],
)
def test_an_unusable_area_reply_says_why(data: Any, reason: str) -> None:
    with pytest.raises(ParseError, match=r"sensor\.community") as caught:
        parse_area(data, RECORDED_AT)
    assert reason in str(caught.value)


def test_only_climate_sensors_means_no_dust_values() -> None:
    data = [
        e for e in load("area-flensburg.json") if e["sensor"]["sensor_type"]["name"] != "SDS011"
    ]
    with pytest.raises(ParseError, match="no usable dust values"):
        parse_area(data, RECORDED_AT)


# airRohr data.json --------------------------------------------------------------------------


def test_workshop_sensor_values_and_their_age() -> None:
    point = parse_workshop(load("workshop-data.json"), RECORDED_AT)
    assert (point.pm10, point.pm25) == (13.08, 7.65)
    assert point.time == RECORDED_AT - timedelta(seconds=42)


def test_workshop_sensor_with_another_dust_sensor_type() -> None:
    data = {
        "sensordatavalues": [
            {"value_type": "PMS_P1", "value": 20},
            {"value_type": "PMS_P2", "value": "11.5"},
        ]
    }
    point = parse_workshop(data, RECORDED_AT)
    assert (point.pm10, point.pm25, point.time) == (20.0, 11.5, RECORDED_AT)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "expected an object, got a list"),
        ({"sensordatavalues": []}, "no PM10/PM2.5 values yet"),
        ({}, "sensordatavalues is None, not a list"),
        ({"sensordatavalues": [{"value_type": "SDS_P1", "value": "1"}]}, "no PM10/PM2.5 values"),
        (
            {
                "sensordatavalues": [
                    {"value_type": "SDS_P1", "value": "x"},
                    {"value_type": "SDS_P2", "value": "1"},
                ]
            },
            "SDS_P1 is 'x', not a number",
        ),
    ],
)
def test_an_unusable_workshop_reply_says_why(data: Any, reason: str) -> None:
    with pytest.raises(ParseError, match="workshop sensor") as caught:
        parse_workshop(data, RECORDED_AT)
    assert reason in str(caught.value)


def test_a_strange_age_is_ignored_not_fatal() -> None:
    data = load("workshop-data.json")
    data["age"] = "soon"
    assert parse_workshop(data, RECORDED_AT).time == RECORDED_AT


# PEGELONLINE --------------------------------------------------------------------------------


def test_current_level() -> None:
    point = parse_current(load("pegel-current.json"))
    assert point.level_cm == 500.0
    assert point.time == datetime(2026, 5, 12, 9, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "expected a measurement object, got a list"),
        ({"timestamp": "2026-05-12T10:00:00+02:00"}, "value of the current measurement is None"),
        ({"timestamp": "2026-05-12T10:00:00+02:00", "value": 99999}, "outside the plausible"),
        ({"timestamp": "2026-05-12T10:00:00+02:00", "value": "512"}, None),
        ({"value": 512}, "timestamp of the current measurement is None"),
    ],
)
def test_current_level_checks(data: Any, reason: str | None) -> None:
    if reason is None:  # a number sent as a string is still a number
        assert parse_current(data).level_cm == 512.0
        return
    with pytest.raises(ParseError, match="PEGELONLINE") as caught:
        parse_current(data)
    assert reason in str(caught.value)


def test_measurements_of_a_day() -> None:
    series = parse_measurements(load("pegel-measurements.json"))
    assert len(series.points) == 1440
    assert series.points[0].time < series.points[-1].time
    assert series.skipped == ()


def test_broken_measurements_are_skipped_and_an_empty_day_is_allowed() -> None:
    data = load("pegel-measurements.json")[:10]
    data[3] = {"timestamp": "x", "value": 5}
    data[4] = "garbage"
    series = parse_measurements(data)
    assert len(series.points) == 8
    assert len(series.skipped) == 2
    assert parse_measurements([]).points == ()
    with pytest.raises(ParseError, match="none of 2 measurements is usable"):
        parse_measurements([{}, {}])


def test_gauge_zero_and_mean_level() -> None:
    gauge = parse_gauge(load("pegel-station.json"), GAUGE)
    assert (gauge.id, gauge.name, gauge.mean_level_cm, gauge.zero_m_nhn) == (
        GAUGE,
        "FLENSBURG",
        503.0,
        -5.0,
    )


def test_gauge_details_missing_in_parts_stay_unknown() -> None:
    data = copy.deepcopy(load("pegel-station.json"))
    series = data["timeseries"][0]
    series["gaugeZero"]["unit"] = "m ü. NN"  # an old datum: not shown as NHN
    series["characteristicValues"] = [{"shortname": "MW", "unit": "m", "value": 5.03}]
    gauge = parse_gauge(data, GAUGE)
    assert (gauge.mean_level_cm, gauge.zero_m_nhn) == (None, None)
    assert parse_gauge({"shortname": "X"}, GAUGE).mean_level_cm is None


def test_nearby_gauges_nearest_with_a_level_first() -> None:
    candidates = parse_nearby(load("pegel-nearby.json"), 54.78, 9.43)
    assert candidates[0].uuid == "0f1e2d3c-0000-4000-8000-00000000aa01"
    chosen = nearest_level_gauge(candidates)
    assert chosen is not None and chosen.uuid == GAUGE and chosen.name == "FLENSBURG"
    assert 1.0 < chosen.distance_km < 2.0
    assert nearest_level_gauge([c for c in candidates if c.uuid != GAUGE and c.has_level])
    with pytest.raises(ParseError, match="expected a list of stations"):
        parse_nearby({}, 54.78, 9.43)
