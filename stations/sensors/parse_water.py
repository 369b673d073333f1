"""Water levels from the PEGELONLINE REST API (v2) of the German waterways administration.

Replies used (``…/webservices/rest-api/v2/``):

- ``stations/<id>/W/currentmeasurement.json``: ``{"timestamp": "2024-05-01T12:00:00+02:00",
  "value": 512.0, "stateMnwMhw": …}`` — the level in cm above the gauge zero.
- ``stations/<id>/W/measurements.json?start=P1D``: ``[{"timestamp": …, "value": …}, …]``.
- ``stations/<id>.json?includeTimeseries=true&includeCharacteristicValues=true``: the gauge,
  its ``W`` series with ``gaugeZero`` (``{"unit": "m. ü. NHN", "value": -5.0}``) and
  ``characteristicValues`` such as ``{"shortname": "MW", "unit": "cm", "value": 502}``.
- ``stations.json?latitude=…&longitude=…&radius=…&includeTimeseries=true``: the gauges
  near a place, to find the gauge id once.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.sensor_model import MAX_LEVEL_CM, MIN_LEVEL_CM, GaugeInfo, LevelPoint
from stations.sensors.parse_air import ParseError, type_of
from stations.sensors.values import InvalidValueError, number, text, timestamp

logger = logging.getLogger(__name__)

NHN_UNITS = ("m. ü. NHN", "m ü. NHN", "m ü NHN", "m+NHN")
EARTH_RADIUS_KM = 6371.0


def parse_current(data: Any) -> LevelPoint:
    if not isinstance(data, Mapping):
        raise ParseError(f"PEGELONLINE: expected a measurement object, got {type_of(data)}")
    try:
        return _level(data, "current measurement")
    except InvalidValueError as why:
        raise ParseError(f"PEGELONLINE: {why}") from None


def _level(data: Mapping[str, Any], what: str) -> LevelPoint:
    time = timestamp(data.get("timestamp"), f"timestamp of the {what}")
    value = number(data.get("value"), f"value of the {what}", MIN_LEVEL_CM, MAX_LEVEL_CM)
    return LevelPoint(time, value)


@dataclass(frozen=True)
class LevelSeries:
    points: tuple[LevelPoint, ...]
    skipped: tuple[str, ...]


def parse_measurements(data: Any) -> LevelSeries:
    """The measurements of the last day; bad entries are skipped, an empty list is allowed."""
    if not isinstance(data, list):
        raise ParseError(f"PEGELONLINE: expected a list of measurements, got {type_of(data)}")
    points: list[LevelPoint] = []
    skipped: list[str] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, Mapping):
            skipped.append(f"measurement {index} is {type_of(entry)}, not an object")
            continue
        try:
            points.append(_level(entry, f"measurement {index}"))
        except InvalidValueError as why:
            skipped.append(str(why))
    if data and not points:
        raise ParseError(f"PEGELONLINE: none of {len(data)} measurements is usable: {skipped[0]}")
    return LevelSeries(tuple(sorted(points, key=lambda p: p.time)), tuple(skipped))


def parse_gauge(data: Any, gauge_id: str) -> GaugeInfo:
    """Name, gauge zero and mean water level (MW) of a gauge; unknown parts stay None."""
    if not isinstance(data, Mapping):
        raise ParseError(f"PEGELONLINE: expected a station object, got {type_of(data)}")
    name = data.get("longname") or data.get("shortname") or ""
    series = _level_series(data)
    if series is None:
        logger.info("PEGELONLINE: station %s lists no water level series W", gauge_id)
        return GaugeInfo(gauge_id, str(name))
    return GaugeInfo(gauge_id, str(name), _mean_level(series), _gauge_zero(series))


def _level_series(station: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for series in station.get("timeseries") or ():
        if isinstance(series, Mapping) and series.get("shortname") == "W":
            return series
    return None


def _gauge_zero(series: Mapping[str, Any]) -> float | None:
    zero = series.get("gaugeZero")
    if not isinstance(zero, Mapping):
        return None
    if zero.get("unit") not in NHN_UNITS:
        logger.info("PEGELONLINE: gauge zero given in %r, not metres above NHN", zero.get("unit"))
        return None
    try:
        return number(zero.get("value"), "gaugeZero.value", -100.0, 3000.0)
    except InvalidValueError as why:
        logger.warning("PEGELONLINE: %s", why)
        return None


def _mean_level(series: Mapping[str, Any]) -> float | None:
    for value in series.get("characteristicValues") or ():
        if isinstance(value, Mapping) and value.get("shortname") == "MW":
            if value.get("unit", "cm") != "cm":
                logger.warning("PEGELONLINE: MW given in %r, not cm; not used", value.get("unit"))
                return None
            try:
                return number(value.get("value"), "MW", MIN_LEVEL_CM, MAX_LEVEL_CM)
            except InvalidValueError as why:
                logger.warning("PEGELONLINE: %s", why)
                return None
    return None


@dataclass(frozen=True)
class GaugeCandidate:
    """A gauge found near the station, as ``find-gauge`` lists it."""

    uuid: str
    number: str
    name: str
    water: str
    distance_km: float
    has_level: bool


def parse_nearby(data: Any, latitude: float, longitude: float) -> list[GaugeCandidate]:
    """The gauges of a ``stations.json`` search, nearest first; entries without uuid or
    position are skipped."""
    if not isinstance(data, list):
        raise ParseError(f"PEGELONLINE: expected a list of stations, got {type_of(data)}")
    found: list[GaugeCandidate] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, Mapping):
            continue
        try:
            uuid = text(entry.get("uuid"), f"uuid of station {index}")
            lat = number(entry.get("latitude"), f"latitude of {uuid}", -90.0, 90.0)
            lon = number(entry.get("longitude"), f"longitude of {uuid}", -180.0, 180.0)
        except InvalidValueError as why:
            logger.info("PEGELONLINE: station skipped: %s", why)
            continue
        water = entry.get("water")
        found.append(
            GaugeCandidate(
                uuid=uuid,
                number=str(entry.get("number") or ""),
                name=str(entry.get("longname") or entry.get("shortname") or ""),
                water=str(water.get("longname", "")) if isinstance(water, Mapping) else "",
                distance_km=distance_km(latitude, longitude, lat, lon),
                has_level=_level_series(entry) is not None,
            )
        )
    return sorted(found, key=lambda c: c.distance_km)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def nearest_level_gauge(candidates: list[GaugeCandidate]) -> GaugeCandidate | None:
    return next((c for c in candidates if c.has_level), None)
