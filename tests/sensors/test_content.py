"""The sensors part of the bundle: shipped texts and snapshot, and file:line for mistakes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, check_content, load_bundle
from kiosk.content_model import Problem
from kiosk.content_sensors import read_snapshot, snapshot_to_toml
from kiosk.sensor_model import (
    DustPoint,
    DustState,
    GaugeInfo,
    LevelPoint,
    SensorSnapshot,
    SnapshotKind,
    WaterState,
)

T0 = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(SHIPPED_BUNDLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_shipped_bundle_has_a_sample_snapshot_and_credits() -> None:
    bundle, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert bundle is not None and bundle.sensors is not None, problems
    sensors = bundle.sensors
    assert sensors.snapshot.kind is SnapshotKind.SAMPLE
    assert "ODbL" in sensors.texts["air"].attribution.get_text("de")
    assert "PEGELONLINE" in sensors.texts["water"].attribution.get_text("da")
    water = sensors.snapshot.water
    assert water.gauge is not None and water.gauge.id == "9e19c411-f728-4a43-a057-39d4155c71cc"
    code, lines = check_content([SHIPPED_BUNDLE], DEFAULT_ALLOWED_HOSTS)
    assert code == 0 and lines[-1].startswith("ok: ")


def test_a_bundle_without_sensors_part_is_fine(copy: Path) -> None:
    shutil.rmtree(copy / "sensors")
    bundle, problems = load_bundle(copy, DEFAULT_ALLOWED_HOSTS)
    assert problems == [] and bundle is not None and bundle.sensors is None


def test_mistakes_are_reported_with_file_and_line(copy: Path) -> None:
    texts = copy / "sensors" / "sensors.toml"
    snapshot = copy / "sensors" / "snapshot.toml"
    edit(texts, 'title.da = "Vandstand i fjorden"\n', "")
    edit(texts, "[workshop]\n", '[workshop]\ntitel.de = "x"\n')
    edit(snapshot, "  [2026-05-11T10:15:00Z, 12.1, 6.6],", '  [2026-05-11T10:15:00Z, "viel", 6.6],')
    edit(
        snapshot, "  [2026-05-11T10:25:00Z, 12.2, 6.6],", "  [2026-05-11T10:25:00Z, 12.2, 6.6, 1],"
    )
    edit(snapshot, "  [2026-05-11T10:30:00Z, 10.9, 5.8],", "  [2026-05-11T10:10:00Z, 10.9, 5.8],")
    edit(snapshot, "mean_level_cm = 502", "mean_level_cm = 99999")
    edit(snapshot, 'kind = "sample"', 'kind = "demo"')
    code, lines = check_content([copy], DEFAULT_ALLOWED_HOSTS)
    assert code == 2
    expected = [
        (texts, "Wasserstand der", 'missing translation "da" for "title" in [water]'),
        (texts, "titel.de", 'unknown field "titel" in [workshop]: did you mean "title"?'),
        (snapshot, "viel", 'row 3 of "points" in [air] has text where a number belongs'),
        (snapshot, "6.6, 1]", 'row 5 of "points" in [air] must be [time, value, value]'),
        (
            snapshot,
            "10:10:00Z, 10.9",
            'row 6 of "points" in [air] is not later than the row before '
            "(oldest first, no repeats)",
        ),
        (snapshot, "mean_level_cm", '"mean_level_cm" in [water] is 99999, outside -1000–3000'),
        (snapshot, "kind = ", 'unknown kind "demo": use "sample" or "recorded" or "cache"'),
    ]
    for path, marker, message in expected:
        assert f"{path}:{line_of(path, marker)}: {message}" in lines, "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            'kind = "cache"\ntaken_at = 2026-05-12T08:00:00Z\n[air\n',
            3,
            "bad TOML syntax",
            id="broken-toml",
        ),
        pytest.param(
            'kind = "cache"\ntaken_at = 2026-05-12T08:00:00\n', 2, "time with zone", id="no-zone"
        ),
    ],
)
def test_a_broken_snapshot_is_refused_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "snapshot.toml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    assert read_snapshot(path, problems) is None
    assert problems[0].line == line and message in problems[0].message


def test_snapshot_written_and_read_back_is_the_same(tmp_path: Path) -> None:
    dust = tuple(DustPoint(T0 + timedelta(minutes=5 * i), 10.0 + i, 5.5 + i) for i in range(3))
    levels = tuple(LevelPoint(T0 + timedelta(minutes=5 * i), 500.0 + i) for i in range(3))
    snapshot = SensorSnapshot(
        SnapshotKind.CACHE,
        T0 + timedelta(minutes=10),
        DustState(dust[-1], 7, dust, T0 + timedelta(minutes=10)),
        DustState(dust[-1], 1, dust, T0, SnapshotKind.SAMPLE),
        WaterState(GaugeInfo("abc-1", 'FLENS"BURG', 503.0, -5.0), levels[-1], levels, T0),
    )
    path = tmp_path / "snapshot.toml"
    path.write_text(snapshot_to_toml(snapshot, "a comment\nover two lines"), encoding="utf-8")
    problems: list[Problem] = []
    assert read_snapshot(path, problems) == snapshot, problems
    assert path.read_text().startswith("# a comment\n# over two lines\n")
