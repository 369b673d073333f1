"""One refresh of every source: fetch, parse, merge into the previous snapshot.

Each source fails on its own: if PEGELONLINE is down, the dust values still update and
the water card keeps its last values (the screens then say "offline" for it). The
function is blocking and pure apart from the injected session: the service runs it in a
worker thread and hands the result to the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import quote

import requests

from kiosk.config import SensorsSection
from kiosk.sensor_model import (
    GaugeInfo,
    LevelPoint,
    SensorSnapshot,
    SnapshotKind,
    WaterState,
    trim,
)
from stations.sensors.http import FetchError, HttpSettings, get_json
from stations.sensors.parse_air import ParseError, parse_area, parse_workshop
from stations.sensors.parse_water import (
    GaugeCandidate,
    nearest_level_gauge,
    parse_current,
    parse_gauge,
    parse_measurements,
    parse_nearby,
)

logger = logging.getLogger(__name__)

AIR, WORKSHOP, WATER = "air", "workshop", "water"
MAX_AREA_BYTES = 4 * 1024 * 1024  # ~100 readings are ~60 KB; the full dump is tens of MB
MAX_SENSOR_BYTES = 64 * 1024  # an airRohr data.json is about 1 KB
MAX_WATER_BYTES = 2 * 1024 * 1024  # one day of minute values is about 80 KB
HISTORY_STEP = timedelta(minutes=5)  # the water chart keeps one value per 5 minutes


@dataclass(frozen=True)
class Refresh:
    """The new snapshot and, per source that failed, why (for the log and the status)."""

    snapshot: SensorSnapshot
    errors: dict[str, str] = field(default_factory=dict)
    found_gauge: str | None = None  # a gauge id looked up because none was configured


def configured_sources(settings: SensorsSection) -> list[str]:
    """The sources this station reads; an empty address switches one off."""
    wanted = {AIR: settings.air_api, WORKSHOP: settings.workshop_url, WATER: settings.water_api}
    return [name for name, address in wanted.items() if address]


def refresh(
    session: requests.Session,
    settings: SensorsSection,
    http: HttpSettings,
    previous: SensorSnapshot,
    now: datetime,
) -> Refresh:
    """Fetch every configured source; never raises for a bad source."""
    errors: dict[str, str] = {}
    snapshot = replace(previous, kind=SnapshotKind.CACHE, taken_at=now)
    if settings.air_api:
        try:
            area = parse_area(
                _get(session, area_url(settings), http, MAX_AREA_BYTES, "sensor.community"), now
            )
            for reason in area.skipped:
                logger.info("sensor.community: %s; skipped", reason)
            snapshot = replace(
                snapshot, air=previous.air.with_reading(area.point, area.sensors, now)
            )
        except (FetchError, ParseError) as error:
            errors[AIR] = str(error)
    if settings.workshop_url:
        try:
            data = _get(session, settings.workshop_url, http, MAX_SENSOR_BYTES, "workshop sensor")
            point = parse_workshop(data, now)
            snapshot = replace(snapshot, workshop=previous.workshop.with_reading(point, 1, now))
        except (FetchError, ParseError) as error:
            errors[WORKSHOP] = str(error)
    found: str | None = None
    if settings.water_api:
        try:
            water, found = _water(session, settings, http, previous.water, now)
            snapshot = replace(snapshot, water=water)
        except (FetchError, ParseError) as error:
            errors[WATER] = str(error)
    for source, reason in errors.items():
        logger.warning("sensors: %s not updated: %s", source, reason)
    return Refresh(snapshot, errors, found)


def _get(
    session: requests.Session, url: str, http: HttpSettings, max_bytes: int, what: str
) -> object:
    return get_json(session, url, settings=http, max_bytes=max_bytes, what=what)


def area_url(settings: SensorsSection) -> str:
    """``…/filter/area=LAT,LON,KM``: only the sensors near the station, not the whole dump."""
    return (
        f"{settings.air_api.rstrip('/')}/area="
        f"{settings.latitude:.4f},{settings.longitude:.4f},{settings.radius_km:g}"
    )


def _water_url(settings: SensorsSection, path: str) -> str:
    return f"{settings.water_api.rstrip('/')}/{path}"


def _water(
    session: requests.Session,
    settings: SensorsSection,
    http: HttpSettings,
    previous: WaterState,
    now: datetime,
) -> tuple[WaterState, str | None]:
    found = None
    gauge_id = settings.gauge_id
    if not gauge_id:
        candidate = find_gauge(session, settings, http)
        gauge_id = found = candidate.uuid
    station = _water_url(settings, f"stations/{quote(gauge_id, safe='')}")
    current = parse_current(
        _get(session, f"{station}/W/currentmeasurement.json", http, MAX_WATER_BYTES, "PEGELONLINE")
    )
    # Gauge zero and mean level change once in years: fetched once, unless the known ones
    # came with shipped values (those may be older than the service's own).
    known = previous.gauge if previous.origin is SnapshotKind.CACHE else None
    gauge = known if known and known.id == gauge_id and known.mean_level_cm is not None else None
    if gauge is None:
        fallback = previous.gauge if previous.gauge and previous.gauge.id == gauge_id else None
        gauge = _gauge(session, station, http, gauge_id) or fallback or GaugeInfo(gauge_id)
    history = _history(session, station, http, previous, current)
    return WaterState(gauge, current, trim(history, now), now), found


def _gauge(
    session: requests.Session, station: str, http: HttpSettings, gauge_id: str
) -> GaugeInfo | None:
    """Gauge zero and mean level; rarely fetched, and a failure here only costs the
    explanation (the level itself is still shown)."""
    url = f"{station}.json"
    try:
        data = get_json(
            session,
            url,
            settings=http,
            max_bytes=MAX_WATER_BYTES,
            what="PEGELONLINE",
            params={"includeTimeseries": "true", "includeCharacteristicValues": "true"},
        )
        return parse_gauge(data, gauge_id)
    except (FetchError, ParseError) as error:
        logger.warning("sensors: gauge details not updated: %s", error)
        return None


def _history(
    session: requests.Session,
    station: str,
    http: HttpSettings,
    previous: WaterState,
    current: LevelPoint,
) -> tuple[LevelPoint, ...]:
    try:
        data = get_json(
            session,
            f"{station}/W/measurements.json",
            settings=http,
            max_bytes=MAX_WATER_BYTES,
            what="PEGELONLINE",
            params={"start": "P1D"},
        )
        series = parse_measurements(data)
        for reason in series.skipped[:5]:
            logger.info("PEGELONLINE: %s; skipped", reason)
        points = series.points
    except (FetchError, ParseError) as error:
        logger.warning("sensors: water history not updated: %s", error)
        points = previous.history if previous.origin is not SnapshotKind.SAMPLE else ()
    kept = thin(points)
    if not kept or kept[-1].time < current.time:
        kept = (*kept, current)
    return kept


def thin(points: tuple[LevelPoint, ...], step: timedelta = HISTORY_STEP) -> tuple[LevelPoint, ...]:
    """One point per ``step`` (the gauge measures every minute; a chart needs less)."""
    kept: list[LevelPoint] = []
    for point in points:
        if not kept or point.time - kept[-1].time >= step:
            kept.append(point)
    if points and kept[-1] is not points[-1]:
        kept.append(points[-1])
    return tuple(kept)


def find_gauge(
    session: requests.Session, settings: SensorsSection, http: HttpSettings
) -> GaugeCandidate:
    """The nearest gauge with a water level series within ``gauge_search_km``."""
    candidates = nearby_gauges(session, settings, http)
    gauge = nearest_level_gauge(candidates)
    if gauge is None:
        raise ParseError(
            f"PEGELONLINE: no water level gauge within {settings.gauge_search_km:g} km of "
            f"{settings.latitude}, {settings.longitude}; set [sensors] gauge_id"
        )
    logger.info(
        'PEGELONLINE: nearest gauge is %s (%s, %.1f km); put gauge_id = "%s" into [sensors]',
        gauge.name,
        gauge.uuid,
        gauge.distance_km,
        gauge.uuid,
    )
    return gauge


def nearby_gauges(
    session: requests.Session, settings: SensorsSection, http: HttpSettings
) -> list[GaugeCandidate]:
    data = get_json(
        session,
        _water_url(settings, "stations.json"),
        settings=http,
        max_bytes=MAX_WATER_BYTES,
        what="PEGELONLINE",
        params={
            "latitude": f"{settings.latitude}",
            "longitude": f"{settings.longitude}",
            "radius": f"{settings.gauge_search_km:g}",
            "includeTimeseries": "true",
        },
    )
    return parse_nearby(data, settings.latitude, settings.longitude)
