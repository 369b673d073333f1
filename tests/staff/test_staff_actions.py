"""The dashboard's actions against real parts: the emulator as a supervised process (restart),
the eID self-test as its own process, content checked before the kiosk starts afresh."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from eid.backend import EidBackend, build_eid_backend
from kiosk.config import Config, EidConfig
from kiosk.content import Bundle
from kiosk.fleet import RESTART_EXIT
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp
from ui.staff.actions import StaffActions

TIMEOUT_MS = 60000


class Results:
    def __init__(self, actions: StaffActions) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []
        actions.result.connect(lambda key, params: self.seen.append((key, params)))

    def names(self) -> list[str]:
        return [key for key, _ in self.seen]


@pytest.fixture
def kiosk(qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    app = KioskApp(config, bundle, kiosk_mode=False, clock=clock, auto_tick=False)
    yield app
    app.stop()
    settle()


@pytest.fixture
def demo_backend(qtbot: Any, kiosk: KioskApp) -> Iterator[EidBackend]:
    backend = build_eid_backend(EidConfig(mode="emulator"))
    kiosk.eid = backend
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    yield backend
    backend.shutdown()
    settle()


def test_restart_ausweisapp_starts_a_new_process(
    qtbot: Any, kiosk: KioskApp, demo_backend: EidBackend
) -> None:
    actions = StaffActions(kiosk, None)
    results = Results(actions)
    supervisor = demo_backend.supervisor
    assert supervisor is not None
    before = supervisor.pid
    actions.restart_eid()
    qtbot.waitUntil(lambda: "staff.result.eid_restarted" in results.names(), timeout=TIMEOUT_MS)
    assert results.names()[0] == "staff.result.restarting_eid"
    assert demo_backend.ready and supervisor.pid not in {None, before}


def test_the_selftest_runs_and_the_kiosk_reconnects(
    qtbot: Any, kiosk: KioskApp, demo_backend: EidBackend
) -> None:
    actions = StaffActions(kiosk, None)
    results = Results(actions)
    actions.run_selftest()
    assert not demo_backend.ready  # the kiosk let go of the SDK for the self-test
    qtbot.waitUntil(lambda: "staff.result.selftest_done" in results.names(), timeout=150000)
    params = dict(results.seen)["staff.result.selftest_done"]
    assert params["passed"] == 10 and params["failed"] == 0, params
    qtbot.waitUntil(lambda: demo_backend.ready, timeout=TIMEOUT_MS)


def test_without_an_eid_back_end_the_eid_actions_say_so(kiosk: KioskApp) -> None:
    actions = StaffActions(kiosk, None)
    results = Results(actions)
    actions.restart_eid()
    actions.run_selftest()
    assert results.names() == ["staff.result.no_eid", "staff.result.no_eid"]


def test_reload_refuses_broken_content_and_restarts_on_good(
    qtbot: Any, kiosk: KioskApp, tmp_path: Path
) -> None:
    exits: list[int] = []
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bundle.toml").write_text("[bundle]\nid = 'x'\n", encoding="utf-8")
    kiosk.config = replace(kiosk.config, content=replace(kiosk.config.content, bundle_dir=broken))
    actions = StaffActions(kiosk, None, exit_app=exits.append)
    results = Results(actions)
    actions.reload_content()
    qtbot.waitUntil(lambda: "staff.result.reload_problems" in results.names(), timeout=TIMEOUT_MS)
    problems = dict(results.seen)["staff.result.reload_problems"]
    assert problems["count"] >= 1 and "bundle.toml" in str(problems["first"])
    kiosk.config = replace(kiosk.config, content=replace(kiosk.config.content, bundle_dir=None))
    actions.reload_content()
    qtbot.waitUntil(lambda: exits == [RESTART_EXIT], timeout=TIMEOUT_MS)
    assert "staff.result.reload_restart" in results.names()
