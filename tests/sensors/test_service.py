"""The service: fetches off the GUI thread, caches ≥ 5 minutes, survives restarts offline."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from kiosk.config import SensorsSection
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, load_bundle
from kiosk.sensor_model import SensorSnapshot, SnapshotKind
from stations.sensors.service import SensorService, SensorView
from stations.sensors.sources import AIR, WATER, WORKSHOP
from stations.sensors.status import Freshness
from tests.sensors.conftest import AREA_PATH, RECORDED_AT, Net
from tests.sensors.server import Reply, SensorServer

WAIT_MS = 10_000


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def shipped() -> SensorSnapshot:
    bundle, _ = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert bundle is not None and bundle.sensors is not None
    return bundle.sensors.snapshot


def make(
    net: Net,
    clock: Clock,
    cache: Path | None = None,
    first: SensorSnapshot | None = None,
    settings: SensorsSection | None = None,
) -> SensorService:
    return SensorService(
        settings or net.settings,
        net.session,
        net.http,
        cache_path=cache,
        shipped=first,
        clock=clock,
    )


def run_refresh(qtbot: Any, service: SensorService) -> SensorView:
    with qtbot.waitSignal(
        service.changed, timeout=WAIT_MS, check_params_cb=lambda v: not v.busy
    ) as got:
        assert service.refresh_if_due()
    return got.args[0]


def test_fetch_runs_off_the_gui_thread_and_arrives_on_it(
    qtbot: Any, net: Net, tmp_path: Path
) -> None:
    answer = threading.Event()
    net.server.routes[AREA_PATH] = replace(net.server.routes[AREA_PATH], hold=answer)
    service = make(net, Clock(RECORDED_AT), tmp_path / "cache.toml")
    delivered_in: list[QThread] = []
    service.changed.connect(lambda _view: delivered_in.append(QThread.currentThread()))
    assert service.refresh_if_due()  # returns while the server still holds its answer
    assert service.busy and service.view().busy
    answer.set()
    qtbot.waitUntil(lambda: not service.busy, timeout=WAIT_MS)
    app = QApplication.instance()
    assert app is not None and all(thread is app.thread() for thread in delivered_in)
    view = service.view()
    assert {name: s.freshness for name, s in view.status.items()} == {
        AIR: Freshness.LIVE,
        WORKSHOP: Freshness.LIVE,
        WATER: Freshness.LIVE,
    }
    assert view.snapshot.air.sensors == 5


def test_values_are_cached_for_at_least_five_minutes(qtbot: Any, net: Net) -> None:
    clock = Clock(RECORDED_AT)
    service = make(net, clock, None)
    run_refresh(qtbot, service)
    asked = len(net.server.seen)
    clock.now += timedelta(minutes=4, seconds=59)
    assert not service.refresh_if_due()
    assert len(net.server.seen) == asked
    clock.now += timedelta(seconds=1)
    run_refresh(qtbot, service)
    assert len(net.server.seen) > asked


def test_a_failing_source_does_not_make_the_others_fetch_more_often(qtbot: Any, net: Net) -> None:
    clock = Clock(RECORDED_AT)
    net.server.routes["/data.json"] = Reply(500, b"")
    service = make(net, clock, None)
    view = run_refresh(qtbot, service)
    assert view.status[WORKSHOP].freshness is Freshness.MISSING
    assert "HTTP 500" in (view.status[WORKSHOP].error or "")
    clock.now += timedelta(minutes=2)
    assert not service.refresh_if_due()


def test_offline_retries_after_a_minute(qtbot: Any, net: Net) -> None:
    clock = Clock(RECORDED_AT)
    nowhere = SensorServer().start()
    address = nowhere.url
    nowhere.stop()
    offline = replace(
        net.settings,
        air_api=f"{address}/a/",
        workshop_url=f"{address}/data.json",
        water_api=f"{address}/p/",
    )
    service = make(net, clock, None, shipped(), settings=offline)
    view = run_refresh(qtbot, service)
    assert all(s.freshness is Freshness.SAMPLE for s in view.status.values())
    assert all("offline" in (s.error or "") for s in view.status.values())
    clock.now += timedelta(seconds=59)
    assert not service.refresh_if_due()
    clock.now += timedelta(seconds=1)
    run_refresh(qtbot, service)


def test_after_a_restart_without_network_the_last_values_show_as_offline(
    qtbot: Any, net: Net, tmp_path: Path
) -> None:
    cache = tmp_path / "data" / "sensors-cache.toml"
    first = make(net, Clock(RECORDED_AT), cache, shipped())
    run_refresh(qtbot, first)
    assert cache.exists()
    net.server.stop()  # the network is gone
    later = Clock(RECORDED_AT + timedelta(hours=3))
    second = make(net, later, cache, shipped())
    before = second.view()
    assert before.snapshot.air == first.snapshot.air  # the cache, not the shipped sample
    assert before.status[AIR].freshness is Freshness.STORED
    view = run_refresh(qtbot, second)
    assert view.status[AIR].freshness is Freshness.OFFLINE
    assert view.snapshot.air.current == first.snapshot.air.current
    assert view.snapshot.water.current == first.snapshot.water.current


def test_a_broken_cache_is_ignored(
    net: Net, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "sensors-cache.toml"
    cache.write_text("kind = 'cache'\ntaken_at = \"gestern\"\n", encoding="utf-8")
    service = make(net, Clock(RECORDED_AT), cache, shipped())
    assert service.snapshot.kind is SnapshotKind.SAMPLE
    assert "cache ignored" in caplog.text and "sensors-cache.toml:2" in caplog.text


def test_first_start_without_anything_shows_nothing_rather_than_guessing(net: Net) -> None:
    view = make(net, Clock(RECORDED_AT), None).view()
    assert {s.freshness for s in view.status.values()} == {Freshness.MISSING}


def test_a_fetch_that_ends_after_the_station_is_gone_is_dropped_quietly(
    net: Net, caplog: pytest.LogCaptureFixture
) -> None:
    import shiboken6  # noqa: PLC0415 - only here: delete the C++ object under the worker

    net.server.routes[AREA_PATH] = replace(net.server.routes[AREA_PATH], delay=0.5)
    service = make(net, Clock(RECORDED_AT))
    escaped: list[BaseException] = []
    previous_hook = threading.excepthook
    threading.excepthook = lambda args: escaped.append(args.exc_value)  # type: ignore[assignment]
    try:
        with caplog.at_level(logging.INFO):
            assert service.refresh_if_due()
            worker = service._worker
            assert worker is not None
            shiboken6.delete(service)
            worker.join(10)
    finally:
        threading.excepthook = previous_hook
    assert escaped == []  # PySide raises "Signal source has been deleted" in the worker
    assert "result dropped" in caplog.text
