"""Fine dust from sensor.community's area filter and from an airRohr sensor's own data.json.

sensor.community (``/airrohr/v1/filter/area=LAT,LON,KM``) answers with a JSON array of
readings of the last minutes; each names its sensor and lists ``sensordatavalues`` whose
``value_type`` ``P1`` is PM10 and ``P2`` is PM2.5 (µg/m³, as strings; times in UTC). One
sensor may appear more than once; climate sensors (temperature, humidity) have no P1/P2.
The station averages the newest outdoor reading of every dust sensor and says how many.

An airRohr sensor on the local network serves ``http://<ip>/data.json`` with its current
values: ``{"software_version": …, "age": "95", "sensordatavalues": [{"value_type":
"SDS_P1", "value": "8.10"}, …]}``; the prefix names the dust sensor (SDS, PMS, SPS30, …).

Both parsers keep every usable reading and skip the rest with a reason; ``ParseError``
only when nothing usable is left.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.sensor_model import MAX_DUST_UGM3, DustPoint
from stations.sensors.values import InvalidValueError, identifier, number, shown, timestamp

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(minutes=10)
MAX_AGE_SECONDS = 3600.0
_PM_TYPE = re.compile(r"(?:(?P<prefix>[A-Za-z0-9]+)_)?P(?P<size>[12])")
_PREFERRED_PREFIXES = ("SDS", "PMS", "SPS30", "SEN5X", "NPM", "HPM", "IPS", "")


class ParseError(ValueError):
    """Nothing usable in a reply; the text says why (and names the source)."""


@dataclass(frozen=True)
class AreaDust:
    """The average over the dust sensors of the area."""

    point: DustPoint
    sensors: int
    skipped: tuple[str, ...]


def parse_area(data: Any, now: datetime) -> AreaDust:
    """Average the newest reading of each outdoor dust sensor in a sensor.community reply."""
    if not isinstance(data, list):
        raise ParseError(f"sensor.community: expected a list of readings, got {type_of(data)}")
    newest: dict[str, DustPoint] = {}
    skipped: list[str] = []
    for index, entry in enumerate(data, start=1):
        try:
            found = _area_entry(entry, now)
        except InvalidValueError as why:
            skipped.append(f"reading {index}: {why}")
            continue
        if found is None:
            continue  # a climate sensor: nothing about dust
        sensor, point = found
        if sensor not in newest or newest[sensor].time < point.time:
            newest[sensor] = point
    if not newest:
        detail = f"; {len(skipped)} skipped, e.g. {skipped[0]}" if skipped else ""
        raise ParseError(
            f"sensor.community: no usable dust values among {len(data)} readings{detail}"
        )
    points = list(newest.values())
    average = DustPoint(
        time=max(p.time for p in points),
        pm10=round(sum(p.pm10 for p in points) / len(points), 2),
        pm25=round(sum(p.pm25 for p in points) / len(points), 2),
    )
    return AreaDust(average, len(points), tuple(skipped))


def _area_entry(entry: object, now: datetime) -> tuple[str, DustPoint] | None:
    if not isinstance(entry, Mapping):
        raise InvalidValueError(f"is {type_of(entry)}, not an object")
    sensor = entry.get("sensor")
    if not isinstance(sensor, Mapping):
        raise InvalidValueError("has no sensor")
    sensor_id = identifier(sensor.get("id"), "sensor.id")
    values = _values_by_type(entry.get("sensordatavalues"))
    if "P1" not in values and "P2" not in values:
        return None
    if "P1" not in values or "P2" not in values:
        raise InvalidValueError(f"sensor {sensor_id} sends only one of P1 (PM10) and P2 (PM2.5)")
    location = entry.get("location")
    if isinstance(location, Mapping) and str(location.get("indoor", "0")).strip() == "1":
        raise InvalidValueError(f"sensor {sensor_id} is indoors")
    time = timestamp(entry.get("timestamp"), f"timestamp of sensor {sensor_id}")
    if time > now + FUTURE_TOLERANCE:
        raise InvalidValueError(
            f"sensor {sensor_id} reports a time in the future ({time:%H:%M} UTC)"
        )
    pm10 = number(values["P1"], f"P1 of sensor {sensor_id}", 0.0, MAX_DUST_UGM3)
    pm25 = number(values["P2"], f"P2 of sensor {sensor_id}", 0.0, MAX_DUST_UGM3)
    return sensor_id, DustPoint(time, pm10, pm25)


def _values_by_type(values: object) -> dict[str, object]:
    """``{"P1": "12.3", …}`` from a ``sensordatavalues`` list; malformed items are ignored."""
    if not isinstance(values, list):
        raise InvalidValueError(f"sensordatavalues is {shown(values)}, not a list")
    found: dict[str, object] = {}
    for item in values:
        if isinstance(item, Mapping) and isinstance(item.get("value_type"), str):
            found[item["value_type"]] = item.get("value")
    return found


def parse_workshop(data: Any, fetched_at: datetime) -> DustPoint:
    """The PM values of an airRohr sensor's ``data.json``."""
    if not isinstance(data, Mapping):
        raise ParseError(f"workshop sensor: expected an object, got {type_of(data)}")
    try:
        values = _values_by_type(data.get("sensordatavalues"))
    except InvalidValueError as why:
        raise ParseError(f"workshop sensor: {why}") from None
    pairs: dict[str, dict[str, object]] = {}
    for value_type, value in values.items():
        match = _PM_TYPE.fullmatch(value_type)
        if match:
            pairs.setdefault((match["prefix"] or "").upper(), {})[match["size"]] = value
    complete = [p for p in _PREFERRED_PREFIXES if {"1", "2"} <= pairs.get(p, {}).keys()]
    complete += sorted(p for p in pairs if {"1", "2"} <= pairs[p].keys() and p not in complete)
    if not complete:
        raise ParseError("workshop sensor: no PM10/PM2.5 values yet (just switched on?)")
    prefix = complete[0]
    label = f"{prefix}_" if prefix else ""
    try:
        pm10 = number(pairs[prefix]["1"], f"{label}P1", 0.0, MAX_DUST_UGM3)
        pm25 = number(pairs[prefix]["2"], f"{label}P2", 0.0, MAX_DUST_UGM3)
    except InvalidValueError as why:
        raise ParseError(f"workshop sensor: {why}") from None
    return DustPoint(fetched_at - _age(data.get("age")), pm10, pm25)


def _age(value: object) -> timedelta:
    """How old the sensor's values are; the firmware reports seconds since its last cycle."""
    if value is None:
        return timedelta(0)
    try:
        return timedelta(seconds=number(value, "age", 0.0, MAX_AGE_SECONDS))
    except InvalidValueError as why:
        logger.info("workshop sensor: %s; taking the values as current", why)
        return timedelta(0)


def type_of(value: object) -> str:
    """How a JSON value is called in messages."""
    names = {dict: "an object", list: "a list", str: "a text", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) else type(value).__name__
