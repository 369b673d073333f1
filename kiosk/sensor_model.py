"""Validated values of the live-sensors station: fine dust and the Förde water level.

Why in ``kiosk``: the content checker validates the shipped snapshot of these values
(``--check-content``), and ``kiosk`` may not import the stations. Everything is frozen and
plain: network replies, the disk cache and the shipped snapshot all end up as these types,
so the screens never see raw JSON. All times are timezone-aware (UTC inside).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TypeVar

logger = logging.getLogger(__name__)

HISTORY = timedelta(hours=24)

#: Plausible ranges; a value outside is a broken sensor or reply, not weather.
MAX_DUST_UGM3 = 1000.0  # the SDS011 measures up to 999.9 µg/m³
MIN_LEVEL_CM, MAX_LEVEL_CM = -1000.0, 3000.0  # PEGELONLINE's "no value" 99999 lies outside


class SnapshotKind(Enum):
    """Where a set of values comes from; the screens say it in words. A snapshot has one
    kind, and each source in it may say its own (a cache can still hold sample water
    values when only the dust sources were reachable)."""

    SAMPLE = "sample"  # shipped example values, not a measurement
    RECORDED = "recorded"  # real values recorded by staff and shipped for the first start
    CACHE = "cache"  # what this station fetched itself


@dataclass(frozen=True)
class DustPoint:
    """PM10 and PM2.5 in µg/m³ at one time."""

    time: datetime
    pm10: float
    pm25: float


@dataclass(frozen=True)
class DustState:
    """Fine dust from one source: the latest values, how many sensors, the last 24 hours."""

    current: DustPoint | None = None
    sensors: int = 0
    history: tuple[DustPoint, ...] = ()
    fetched_at: datetime | None = None
    origin: SnapshotKind = SnapshotKind.CACHE

    def with_reading(self, point: DustPoint, sensors: int, fetched_at: datetime) -> DustState:
        """This state after a successful fetch: the new point joins the 24-hour history.

        Shipped sample values are dropped rather than mixed with real ones."""
        kept = self.history if self.origin is not SnapshotKind.SAMPLE else ()
        history = [p for p in kept if p.time < point.time]
        history.append(point)
        return DustState(point, sensors, trim(tuple(history), fetched_at), fetched_at)


@dataclass(frozen=True)
class LevelPoint:
    """The water level at the gauge in cm above the gauge zero at one time."""

    time: datetime
    level_cm: float


@dataclass(frozen=True)
class GaugeInfo:
    """A PEGELONLINE gauge and the two numbers that explain its readings.

    ``zero_m_nhn``: height of the gauge zero in metres above sea level (NHN); at the Baltic
    gauges it lies 5 m below, so readings around 500 cm are normal.
    ``mean_level_cm``: the mean water level (MW) of the gauge, in cm above the gauge zero.
    """

    id: str
    name: str = ""
    mean_level_cm: float | None = None
    zero_m_nhn: float | None = None


@dataclass(frozen=True)
class WaterState:
    gauge: GaugeInfo | None = None
    current: LevelPoint | None = None
    history: tuple[LevelPoint, ...] = ()
    fetched_at: datetime | None = None
    origin: SnapshotKind = SnapshotKind.CACHE

    def deviation_cm(self) -> float | None:
        """Current level minus the mean level; None if either is unknown."""
        if self.current is None or self.gauge is None or self.gauge.mean_level_cm is None:
            return None
        return self.current.level_cm - self.gauge.mean_level_cm


@dataclass(frozen=True)
class SensorSnapshot:
    """Everything the station shows, from one place (network, cache or shipped file)."""

    kind: SnapshotKind
    taken_at: datetime
    air: DustState = DustState()
    workshop: DustState = DustState()
    water: WaterState = WaterState()

    def as_kind(self, kind: SnapshotKind) -> SensorSnapshot:
        return replace(self, kind=kind)


Point = TypeVar("Point", DustPoint, LevelPoint)


def trim(points: tuple[Point, ...], now: datetime) -> tuple[Point, ...]:
    """Only the points of the 24 hours before ``now``, oldest first."""
    start = now - HISTORY
    return tuple(sorted((p for p in points if start <= p.time <= now), key=lambda p: p.time))


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken as UTC (sensor.community sends those)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
