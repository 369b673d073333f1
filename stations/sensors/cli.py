"""``python -m stations.sensors``: the station's data sources from the command line.

For staff setting a station up: find the gauge id near the station (``find-gauge``),
check that every source answers (``fetch``), and record real values for the bundle's
first-start snapshot before an event (``snapshot``). Same config, same code paths and the
same User-Agent as the kiosk; nothing here needs a display.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import requests

from kiosk.config import SensorsSection, load_config
from kiosk.content_sensors import snapshot_to_toml
from kiosk.sensor_model import DustState, SensorSnapshot, SnapshotKind
from stations.sensors.http import FetchError, HttpSettings, plietsch_version, user_agent
from stations.sensors.parse_air import ParseError
from stations.sensors.parse_water import nearest_level_gauge
from stations.sensors.sources import configured_sources, nearby_gauges, refresh
from stations.sensors.store import default_cache_path, load_cache

logger = logging.getLogger(__name__)

SNAPSHOT_COMMENT = """Live-sensors snapshot, shown until the station has fetched values itself.
Recorded from the real services on {when} (python -m stations.sensors snapshot).
Check: python main.py --check-content"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stations.sensors", description=__doc__)
    parser.add_argument("--config", type=Path, help="station config (TOML)")
    commands = parser.add_subparsers(dest="command", required=True)
    find = commands.add_parser("find-gauge", help="PEGELONLINE gauges near the station")
    find.add_argument("--radius", type=float, help="km (default: [sensors] gauge_search_km)")
    fetch = commands.add_parser("fetch", help="ask every source once and print the values")
    fetch.add_argument("--json", action="store_true", help="machine-readable output")
    snap = commands.add_parser("snapshot", help="write a recorded snapshot for a bundle")
    snap.add_argument("--out", type=Path, required=True, help="e.g. <bundle>/sensors/snapshot.toml")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config, problems = load_config(args.config)
    for problem in problems:
        print(f"config: {problem}", file=sys.stderr)
    settings = config.sensors
    http = HttpSettings(user_agent(plietsch_version(), settings.contact))
    with requests.Session() as session:
        if args.command == "find-gauge":
            return _find_gauge(session, settings, http, args.radius)
        if args.command == "fetch":
            return _fetch(session, settings, http, as_json=args.json)
        return _snapshot(session, settings, http, args.out)


def _find_gauge(
    session: requests.Session, settings: SensorsSection, http: HttpSettings, radius: float | None
) -> int:
    if radius is not None:
        settings = replace(settings, gauge_search_km=radius)
    try:
        candidates = nearby_gauges(session, settings, http)
    except (FetchError, ParseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for gauge in candidates:
        level = "water level" if gauge.has_level else "no water level"
        print(
            f"{gauge.distance_km:5.1f} km  {gauge.uuid}  {gauge.number or '-':>9}  "
            f"{gauge.name} ({gauge.water or '?'}), {level}"
        )
    chosen = nearest_level_gauge(candidates)
    if chosen is None:
        print(
            f"no gauge with a water level within {settings.gauge_search_km:g} km", file=sys.stderr
        )
        return 1
    print(f'\n[sensors]\ngauge_id = "{chosen.uuid}"   # {chosen.name}')
    return 0


def _fetch(
    session: requests.Session, settings: SensorsSection, http: HttpSettings, *, as_json: bool
) -> int:
    now = datetime.now(UTC)
    result = refresh(session, settings, http, SensorSnapshot(SnapshotKind.CACHE, now), now)
    snap = result.snapshot
    values = {
        "air": _dust(snap.air) if snap.air.current else None,
        "workshop": _dust(snap.workshop) if snap.workshop.current else None,
        "water": _water(snap) if snap.water.current else None,
        "errors": result.errors,
    }
    if as_json:
        print(json.dumps(values, ensure_ascii=False, indent=1))
    else:
        for source in configured_sources(settings):
            shown = values[source] if source not in result.errors else result.errors[source]
            print(f"{source:9} {shown}")
    return 1 if result.errors else 0


def _dust(state: DustState) -> dict[str, object]:
    current = state.current
    assert current is not None
    return {
        "time": current.time.isoformat(),
        "pm10": current.pm10,
        "pm25": current.pm25,
        "sensors": state.sensors,
    }


def _water(snap: SensorSnapshot) -> dict[str, object]:
    water = snap.water
    assert water.current is not None
    gauge = water.gauge
    return {
        "time": water.current.time.isoformat(),
        "level_cm": water.current.level_cm,
        "gauge": gauge.id if gauge else None,
        "mean_level_cm": gauge.mean_level_cm if gauge else None,
        "gauge_zero_m_nhn": gauge.zero_m_nhn if gauge else None,
        "deviation_cm": water.deviation_cm(),
    }


def _snapshot(
    session: requests.Session, settings: SensorsSection, http: HttpSettings, out: Path
) -> int:
    """The station's cache (it has the day's history) if there is one, else one fetch now."""
    cached = load_cache(settings.cache_file or default_cache_path())
    if cached is not None and cached.kind is SnapshotKind.CACHE:
        snapshot, source = cached, "the station's cache"
    else:
        now = datetime.now(UTC)
        result = refresh(session, settings, http, SensorSnapshot(SnapshotKind.CACHE, now), now)
        if set(configured_sources(settings)) <= set(result.errors):
            for reason in result.errors.values():
                print(f"error: {reason}", file=sys.stderr)
            return 2
        snapshot, source = result.snapshot, "one fetch now"
    recorded = _as_recorded(snapshot)
    when = f"{recorded.taken_at:%Y-%m-%d %H:%M} UTC"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(snapshot_to_toml(recorded, SNAPSHOT_COMMENT.format(when=when)), encoding="utf-8")
    print(f"wrote {out} from {source} ({when})")
    return 0


def _as_recorded(snapshot: SensorSnapshot) -> SensorSnapshot:
    """Measured values become "recorded"; sample values in it stay marked as samples."""

    def mark(origin: SnapshotKind) -> SnapshotKind:
        return SnapshotKind.RECORDED if origin is SnapshotKind.CACHE else origin

    return replace(
        snapshot,
        kind=SnapshotKind.RECORDED,
        air=replace(snapshot.air, origin=mark(snapshot.air.origin)),
        workshop=replace(snapshot.workshop, origin=mark(snapshot.workshop.origin)),
        water=replace(snapshot.water, origin=mark(snapshot.water.origin)),
    )
