"""The sensors part of a content bundle: place names, attributions and a values snapshot.

Layout (optional; a bundle without it simply has no sensors part)::

    sensors/sensors.toml    [place] name; [air] [workshop] [water] title, credit, attribution
    sensors/snapshot.toml   values shown before the station has fetched anything itself

The snapshot format is also the station's own cache on disk, so one reader validates
both. Every mistake is reported as ``file:line: message`` like the rest of the bundle.
``snapshot_to_toml`` writes the format (one point per line, so problems point at a line).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.content_fields import FieldReader, describe, type_name
from kiosk.content_model import LocalText, Problem
from kiosk.content_toml import KeyPath, read_toml
from kiosk.sensor_model import (
    MAX_DUST_UGM3,
    MAX_LEVEL_CM,
    MIN_LEVEL_CM,
    DustPoint,
    DustState,
    GaugeInfo,
    LevelPoint,
    SensorSnapshot,
    SnapshotKind,
    WaterState,
)

logger = logging.getLogger(__name__)

FOLDER = "sensors"
TEXTS_FILE = "sensors.toml"
SNAPSHOT_FILE = "snapshot.toml"
SOURCES = ("air", "workshop", "water")
_TEXT_KEYS = ("title", "credit", "attribution")
_DUST_KEYS = ("kind", "sensors", "fetched_at", "points")
_WATER_KEYS = (
    "kind",
    "gauge_id",
    "gauge_name",
    "mean_level_cm",
    "gauge_zero_m_nhn",
    "fetched_at",
    "points",
)


@dataclass(frozen=True)
class SourceTexts:
    title: LocalText
    credit: LocalText  # short, for the overview
    attribution: LocalText  # in full, for the detail screen


@dataclass(frozen=True)
class SensorContent:
    """The validated sensors part of a bundle."""

    place: LocalText
    texts: Mapping[str, SourceTexts]  # "air", "workshop", "water"
    snapshot: SensorSnapshot


def load_sensor_part(
    bundle_dir: Path, languages: tuple[str, ...], problems: list[Problem]
) -> SensorContent | None:
    """The sensors part of ``bundle_dir``, None if it has none or (reported) problems."""
    folder = bundle_dir / FOLDER
    if not folder.is_dir():
        return None
    before = len(problems)
    place, texts = _load_texts(folder / TEXTS_FILE, languages, bundle_dir, problems)
    snapshot = read_snapshot(folder / SNAPSHOT_FILE, problems)
    if len(problems) > before or place is None or snapshot is None:
        return None
    return SensorContent(place, texts, snapshot)


def _load_texts(
    path: Path, languages: tuple[str, ...], bundle_dir: Path, problems: list[Problem]
) -> tuple[LocalText | None, dict[str, SourceTexts]]:
    parsed, found = read_toml(path)
    problems += found
    if parsed is None:
        return None, {}
    reader = FieldReader(path, parsed.lines, languages, bundle_dir, problems)
    reader.check_keys(parsed.data, (), ("place", *SOURCES))
    place_table = reader.table(parsed.data, (), "place")
    place = reader.text(place_table, ("place",), "name") if place_table is not None else None
    if place_table is not None:
        reader.check_keys(place_table, ("place",), ("name",))
    texts: dict[str, SourceTexts] = {}
    for source in SOURCES:
        table = reader.table(parsed.data, (), source)
        if table is None:
            continue
        reader.check_keys(table, (source,), _TEXT_KEYS)
        title = reader.text(table, (source,), "title")
        credit = reader.text(table, (source,), "credit")
        attribution = reader.text(table, (source,), "attribution")
        if title is not None and credit is not None and attribution is not None:
            texts[source] = SourceTexts(title, credit, attribution)
    return place, texts


def read_snapshot(path: Path, problems: list[Problem]) -> SensorSnapshot | None:
    """A snapshot file, validated; None (and problems) if anything in it is wrong."""
    parsed, found = read_toml(path)
    problems += found
    if parsed is None:
        return None
    reader = _SnapshotReader(FieldReader(path, parsed.lines, (), path.parent, problems))
    before = len(problems)
    snapshot = reader.snapshot(parsed.data)
    return snapshot if len(problems) == before else None


class _SnapshotReader:
    """Typed reading of a snapshot; reports through the bundle's ``FieldReader``."""

    def __init__(self, fields: FieldReader) -> None:
        self.fields = fields

    def snapshot(self, data: dict[str, Any]) -> SensorSnapshot | None:
        fields = self.fields
        fields.check_keys(data, (), ("kind", "taken_at", *SOURCES))
        kind_name = fields.choice(data, (), "kind", [k.value for k in SnapshotKind])
        if "kind" not in data:
            fields.report((), 'missing required field "kind" ("sample", "recorded" or "cache")')
        taken_at = self.time(data, (), "taken_at", required=True)
        kind = SnapshotKind(kind_name) if kind_name is not None else SnapshotKind.CACHE
        air = self.dust(data, "air", kind)
        workshop = self.dust(data, "workshop", kind)
        water = self.water(data, kind)
        if kind_name is None or taken_at is None:
            return None
        return SensorSnapshot(kind, taken_at, air, workshop, water)

    def origin(
        self, table: Mapping[str, Any], where: KeyPath, default: SnapshotKind
    ) -> SnapshotKind:
        """A table's own ``kind`` (where its values came from), else the file's."""
        name = self.fields.choice(table, where, "kind", [k.value for k in SnapshotKind])
        return SnapshotKind(name) if name is not None else default

    def time(
        self, data: Mapping[str, Any], where: KeyPath, key: str, *, required: bool
    ) -> datetime | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fields.report(
                    where,
                    f'missing required field "{key}"{describe(where)} '
                    "(a time such as 2025-05-12T10:00:00Z)",
                )
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.fields.report(
                (*where, key),
                f'"{key}"{describe(where)} must be a time with zone such as 2025-05-12T10:00:00Z, '
                f"got {type_name(value)}",
            )
            return None
        return value

    def number(
        self, data: Mapping[str, Any], where: KeyPath, key: str, low: float, high: float
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.fields.report(
                (*where, key), f'"{key}"{describe(where)} must be a number, got {type_name(value)}'
            )
            return None
        if not low <= value <= high:
            self.fields.report(
                (*where, key), f'"{key}"{describe(where)} is {value:g}, outside {low:g}–{high:g}'
            )
            return None
        return float(value)

    def points(
        self, table: Mapping[str, Any], where: KeyPath, columns: int, high: float, low: float = 0.0
    ) -> list[tuple[datetime, tuple[float, ...]]]:
        """``points = [[time, value, …], …]``, oldest first, one per line."""
        value = table.get("points", [])
        at = (*where, "points")
        if not isinstance(value, list):
            self.fields.report(
                at, f'"points"{describe(where)} must be a list of [time, value…] rows'
            )
            return []
        first_line = self.fields.lines.line_of(at)
        rows: list[tuple[datetime, tuple[float, ...]]] = []
        for index, row in enumerate(value):
            line = first_line + 1 + index
            problem = _row_problem(row, columns, low, high)
            if problem is None and rows and row[0] <= rows[-1][0]:
                problem = "is not later than the row before (oldest first, no repeats)"
            if problem is not None:
                message = f'row {index + 1} of "points"{describe(where)} {problem}'
                self.fields.problems.append(Problem(self.fields.path, line, message))
                continue
            rows.append((row[0], tuple(float(v) for v in row[1:])))
        return rows

    def dust(self, data: Mapping[str, Any], source: str, kind: SnapshotKind) -> DustState:
        table = data.get(source)
        if table is None:
            return DustState()
        if not isinstance(table, dict):
            self.fields.report((source,), f"[{source}] must be a table")
            return DustState()
        where = (source,)
        self.fields.check_keys(table, where, _DUST_KEYS)
        sensors = self.number(table, where, "sensors", 0, 10000)
        fetched_at = self.time(table, where, "fetched_at", required=False)
        rows = self.points(table, where, 3, MAX_DUST_UGM3)
        history = tuple(DustPoint(time, pm10, pm25) for time, (pm10, pm25) in rows)
        if history and ("sensors" not in table or sensors == 0):
            self.fields.report(where, f'[{source}] has points but no "sensors" count (at least 1)')
        origin = self.origin(table, where, kind)
        current = history[-1] if history else None
        return DustState(current, int(sensors or 0), history, fetched_at, origin)

    def water(self, data: Mapping[str, Any], kind: SnapshotKind) -> WaterState:
        table = data.get("water")
        if table is None:
            return WaterState()
        if not isinstance(table, dict):
            self.fields.report(("water",), "[water] must be a table")
            return WaterState()
        where = ("water",)
        self.fields.check_keys(table, where, _WATER_KEYS)
        gauge_id = self.fields.string(table, where, "gauge_id") if "gauge_id" in table else None
        name = table.get("gauge_name", "")
        if not isinstance(name, str):
            self.fields.report((*where, "gauge_name"), '"gauge_name" in [water] must be text')
            name = ""
        mean = self.number(table, where, "mean_level_cm", MIN_LEVEL_CM, MAX_LEVEL_CM)
        zero = self.number(table, where, "gauge_zero_m_nhn", -100.0, 3000.0)
        fetched_at = self.time(table, where, "fetched_at", required=False)
        rows = self.points(table, where, 2, MAX_LEVEL_CM, MIN_LEVEL_CM)
        history = tuple(LevelPoint(time, level) for time, (level,) in rows)
        if history and gauge_id is None:
            self.fields.report(where, '[water] has points but no "gauge_id"')
        gauge = GaugeInfo(gauge_id, name, mean, zero) if gauge_id else None
        origin = self.origin(table, where, kind)
        return WaterState(gauge, history[-1] if history else None, history, fetched_at, origin)


def _row_problem(row: object, columns: int, low: float, high: float) -> str | None:
    if not isinstance(row, list) or len(row) != columns:
        return f"must be [time, {', '.join(['value'] * (columns - 1))}]"
    if not isinstance(row[0], datetime) or row[0].tzinfo is None:
        return "must start with a time with zone such as 2025-05-12T10:00:00Z"
    for value in row[1:]:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return f"has {type_name(value)} where a number belongs"
        if not low <= value <= high:
            return f"has {value:g}, outside {low:g}–{high:g}"
    return None


def snapshot_to_toml(snapshot: SensorSnapshot, comment: str = "") -> str:
    """The snapshot in the file format ``read_snapshot`` reads back."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += [f'kind = "{snapshot.kind.value}"', f"taken_at = {_time(snapshot.taken_at)}"]
    for source in ("air", "workshop"):
        state: DustState = getattr(snapshot, source)
        # a current value older than the 24 hours of history is still written: it is shown
        dust = state.history or ((state.current,) if state.current else ())
        if not dust:
            continue
        lines += ["", f"[{source}]", *_origin(state.origin, snapshot.kind)]
        lines.append(f"sensors = {state.sensors}")
        if state.fetched_at is not None:
            lines.append(f"fetched_at = {_time(state.fetched_at)}")
        lines.append(
            "# time, PM10, PM2.5 in µg/m³, oldest first; the last row is the current value"
        )
        lines.append("points = [")
        lines += [f"  [{_time(p.time)}, {p.pm10:g}, {p.pm25:g}]," for p in dust]
        lines.append("]")
    water = snapshot.water
    if water.gauge is not None:
        lines += ["", "[water]", *_origin(water.origin, snapshot.kind)]
        lines.append(f"gauge_id = {_string(water.gauge.id)}")
        lines.append(f"gauge_name = {_string(water.gauge.name)}")
        if water.gauge.mean_level_cm is not None:
            lines.append(f"mean_level_cm = {water.gauge.mean_level_cm:g}")
        if water.gauge.zero_m_nhn is not None:
            lines.append(f"gauge_zero_m_nhn = {water.gauge.zero_m_nhn:g}")
        if water.fetched_at is not None:
            lines.append(f"fetched_at = {_time(water.fetched_at)}")
        lines.append("# time, water level in cm above the gauge zero, oldest first")
        lines.append("points = [")
        # a current value older than the 24 hours of history is still written: it is shown
        levels = water.history or ((water.current,) if water.current else ())
        lines += [f"  [{_time(p.time)}, {p.level_cm:g}]," for p in levels]
        lines.append("]")
    return "\n".join(lines) + "\n"


def _origin(origin: SnapshotKind, file_kind: SnapshotKind) -> list[str]:
    return [] if origin is file_kind else [f'kind = "{origin.value}"']


def _time(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for these characters)."""
    return json.dumps(value, ensure_ascii=False)
