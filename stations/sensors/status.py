"""How trustworthy each card's values are right now, and how the values rate.

Pure functions over the snapshot, so the words a visitor reads ("live", "offline – last
value from 14:05", "sample values") are decided in one testable place.

Dust ratings follow the WHO air quality guidelines of 2021 (24-hour mean: PM2.5 15 µg/m³,
PM10 45 µg/m³; interim target 4: PM2.5 25, PM10 50) and the EU daily limit for PM10
(50 µg/m³, Directive 2008/50/EC): below the WHO guideline is "good", up to the interim
target / EU limit "moderate", above it "poor". They are daily means; a momentary value
only gives a first impression, and the screen says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from kiosk.sensor_model import DustPoint, DustState, SensorSnapshot, SnapshotKind, WaterState

logger = logging.getLogger(__name__)

WHO_PM25, WHO_PM10 = 15.0, 45.0  # WHO 2021, 24-hour mean
LIMIT_PM25, LIMIT_PM10 = 25.0, 50.0  # WHO interim target 4; EU daily limit for PM10
STORM_SURGE_CM = 100.0  # the Baltic coast speaks of a storm surge from 1 m above mean level
NOTABLE_CM = 50.0  # our own threshold for "higher/lower than usual"


class Freshness(Enum):
    LIVE = "live"  # fetched in the last attempt, recently
    STORED = "stored"  # from the cache or a recorded snapshot; not tried yet
    OFFLINE = "offline"  # the last attempt failed; last values shown
    SAMPLE = "sample"  # shipped example values
    MISSING = "missing"  # nothing to show
    OFF = "off"  # this source is not configured


class Rating(Enum):
    GOOD = "good"
    MODERATE = "moderate"
    POOR = "poor"


class WaterLevel(Enum):
    LOW = "low"
    USUAL = "usual"
    HIGH = "high"
    SURGE = "surge"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceStatus:
    freshness: Freshness
    error: str | None = None


def freshness(
    *,
    configured: bool,
    has_value: bool,
    origin: SnapshotKind,
    fetched_at: datetime | None,
    error: str | None,
    now: datetime,
    refresh: timedelta,
) -> Freshness:
    if not configured:
        return Freshness.OFF
    if not has_value:
        return Freshness.MISSING
    if origin is SnapshotKind.SAMPLE:
        return Freshness.SAMPLE
    if error is not None:
        return Freshness.OFFLINE
    recent = fetched_at is not None and now - fetched_at <= 2 * refresh
    if origin is SnapshotKind.CACHE and recent:
        return Freshness.LIVE
    return Freshness.STORED


def rate_pm25(value: float) -> Rating:
    return _rate(value, WHO_PM25, LIMIT_PM25)


def rate_pm10(value: float) -> Rating:
    return _rate(value, WHO_PM10, LIMIT_PM10)


def _rate(value: float, guideline: float, limit: float) -> Rating:
    if value <= guideline:
        return Rating.GOOD
    if value <= limit:
        return Rating.MODERATE
    return Rating.POOR


def rate_dust(point: DustPoint) -> Rating:
    """The worse of the two ratings: one bad size fraction is enough to say so."""
    order = [Rating.GOOD, Rating.MODERATE, Rating.POOR]
    return max(rate_pm25(point.pm25), rate_pm10(point.pm10), key=order.index)


def water_level(state: WaterState) -> WaterLevel:
    deviation = state.deviation_cm()
    if deviation is None:
        return WaterLevel.UNKNOWN
    if deviation >= STORM_SURGE_CM:
        return WaterLevel.SURGE
    if deviation >= NOTABLE_CM:
        return WaterLevel.HIGH
    if deviation <= -NOTABLE_CM:
        return WaterLevel.LOW
    return WaterLevel.USUAL


def source_statuses(
    snapshot: SensorSnapshot,
    configured: list[str],
    errors: dict[str, str],
    now: datetime,
    refresh: timedelta,
) -> dict[str, SourceStatus]:
    """The status of every source ("air", "workshop", "water") of ``snapshot``."""
    states: dict[str, DustState | WaterState] = {
        "air": snapshot.air,
        "workshop": snapshot.workshop,
        "water": snapshot.water,
    }
    result: dict[str, SourceStatus] = {}
    for name, state in states.items():
        fresh = freshness(
            configured=name in configured,
            has_value=state.current is not None,
            origin=state.origin,
            fetched_at=state.fetched_at,
            error=errors.get(name),
            now=now,
            refresh=refresh,
        )
        result[name] = SourceStatus(fresh, errors.get(name))
    return result
