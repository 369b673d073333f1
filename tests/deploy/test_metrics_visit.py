"""A visitor's eID self-disclosure reaches the metrics as counts, and as nothing else.

Real pieces: the kiosk with its shell and eID station (clicked with qtbot), the eID back end
on the in-process SDK emulator, the statistics file, the health monitor on that back end.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from eid.backend import EidBackend
from eid.emulator.server import EmulatorServer
from kiosk import metrics
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.health import HealthMonitor
from kiosk.health_probes import ContentStatus
from kiosk.health_run import build_monitor
from kiosk.session import EndReason
from kiosk.stats import Statistics, UsageRecorder
from stations.eid_demo.flow import View
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import backend, emulator, open_eid  # noqa: F401
from tests.stations.test_eid_end_to_end import (
    PERSON,
    PIN,
    click,
    start_self_disclosure,
    type_number,
    wait_view,
)
from ui.app import KioskApp

CHANGING = re.compile(r"^plietsch_(metrics_generated_timestamp|uptime)_seconds ")


@dataclass
class Station:
    kiosk: KioskApp
    statistics: Statistics
    health: HealthMonitor

    def metrics(self) -> str:
        return metrics.render(self.health.report(), self.statistics.today().result(timeout=10))


@pytest.fixture
def station(
    config: Config,
    bundle: Bundle,
    backend: EidBackend,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> Iterator[Station]:
    """The kiosk as main.py builds it: statistics recorded, health on the same eID back end."""
    statistics = Statistics(tmp_path / "statistics.sqlite")
    health = build_monitor(config, ContentStatus(bundle.id, bundle.directory), [statistics.health])
    health.eid = backend
    kiosk = KioskApp(
        config,
        bundle,
        clock=FakeClock(),
        auto_tick=False,
        eid=backend,
        usage=UsageRecorder(statistics),
    )
    kiosk.window.resize(1920, 1080)
    kiosk.show(windowed=True)
    settle()
    yield Station(kiosk, statistics, health)
    kiosk.stop()
    statistics.close()
    settle()


def samples(text: str) -> list[str]:
    """The sample lines, without the two that change with every write anyway."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line for line in lines if not CHANGING.match(line)]


def test_an_eid_visit_shows_up_as_counts_and_nothing_else(
    qtbot: Any,
    emulator: EmulatorServer,  # noqa: F811 - the fixture imported above
    station: Station,
) -> None:
    emulator.set_card("basic")
    before = station.metrics()

    eid = open_eid(station.kiosk)
    start_self_disclosure(qtbot, eid)
    wait_view(qtbot, eid, View.ENTER_NUMBER)
    type_number(qtbot, eid, PIN)
    wait_view(qtbot, eid, View.RESULT)
    while_shown = station.metrics()
    click(qtbot, eid.result.clear)
    station.kiosk.session.end(EndReason.DONE)
    settle()
    station.statistics.flush()
    after = station.metrics()

    changed = [
        line
        for line in difflib.unified_diff(samples(before), samples(after), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert sorted(changed) == sorted(
        [
            "-plietsch_visitors_total 0.0",
            "+plietsch_visitors_total 1.0",
            '+plietsch_station_opens_total{station="eid"} 1.0',
            '+plietsch_outcomes_total{outcome="success",station="eid"} 1.0',
        ]
    )
    # Names and labels carry no personal data, also while it is on screen; the values are
    # numbers (a birth year or PIN can turn up among a timestamp's digits), and which ones
    # changed is pinned above.
    for text in (while_shown, after):
        words = "\n".join(line.rsplit(" ", 1)[0] for line in text.splitlines()).upper()
        assert [word for word in (*PERSON, PIN) if word in words] == []
        assert all(_is_number(line.rsplit(" ", 1)[1]) for line in samples(text))


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
