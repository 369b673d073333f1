"""The eID back end by mode, and the kiosk when no SDK endpoint can be reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eid.backend import Availability, EidBackend, build_eid_backend, emulator_tc_token_url
from eid.client import AusweisClient
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.flow import Shell
from stations.eid_demo.flow import Step, View
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import TIMEOUT_MS, make_kiosk, open_eid


@dataclass(frozen=True)
class Settings:
    mode: str
    url: str | None = None
    binary: str = "AusweisApp2"
    tc_token_url: str | None = None
    developer_mode: bool = False


def test_emulator_tc_token_url_uses_the_emulator_port() -> None:
    url = emulator_tc_token_url("ws://127.0.0.1:40123/eID-Kernel")
    assert url == "http://127.0.0.1:40123/AusweisAuskunft/WebServiceRequesterServlet?mode=json"


def test_external_mode_connects_to_the_configured_url_without_a_process() -> None:
    backend = build_eid_backend(Settings("external", url="ws://127.0.0.1:24727/eID-Kernel"))
    assert backend.supervisor is None
    assert backend.client.url == "ws://127.0.0.1:24727/eID-Kernel"
    assert not backend.emulated
    backend.shutdown()


def test_emulator_mode_runs_the_emulator_and_uses_its_self_disclosure(qtbot: Any) -> None:
    backend = build_eid_backend(Settings("emulator"))
    assert backend.supervisor is not None and backend.emulated
    assert backend.reader_monitor is None  # no PC/SC hints in demo mode
    backend.start()
    try:
        qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
        port = backend.client.url.split(":")[2].split("/")[0]
        assert backend.tc_token_url == emulator_tc_token_url(backend.client.url)
        assert f":{port}/AusweisAuskunft/" in (backend.tc_token_url or "")
    finally:
        backend.shutdown()
    assert backend.supervisor.pid is None


def test_missing_ausweisapp_is_unavailable_with_a_reason_for_staff(qtbot: Any) -> None:
    backend = build_eid_backend(Settings("ausweisapp", binary="/nonexistent/AusweisApp2"))
    backend.start()
    qtbot.waitUntil(lambda: backend.availability is Availability.UNAVAILABLE, timeout=TIMEOUT_MS)
    assert backend.reason
    backend.shutdown()


def test_unreachable_sdk_gives_a_calm_unavailable_state_and_the_kiosk_runs_on(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock
) -> None:
    client = AusweisClient("ws://127.0.0.1:9/eID-Kernel", reconnect=False)
    backend = EidBackend(client)
    kiosk = make_kiosk(config, bundle, clock, backend)
    try:
        backend.start()
        qtbot.waitUntil(
            lambda: backend.availability is Availability.UNAVAILABLE, timeout=TIMEOUT_MS
        )
        kiosk.start_session()
        kiosk.choose_language("de")
        assert "nicht verfügbar" in kiosk.menu.tiles["eid"].summary.text()
        station = open_eid(kiosk)
        start = station.start_screen
        assert start.notice.isVisible() and "Personal" in start.notice.text()
        assert not start.tiles[Step.SHOW_DATA].isEnabled()
        assert start.tiles[Step.NO_PIN].isEnabled()
        station.controller.choose(Step.TEST_CARD)  # even if a tap got through: an outcome, no crash
        assert station.view is View.OUTCOME
        assert station.outcome_screen.key == "eid.outcome.disconnected"
        kiosk.back()
        kiosk.back()
        assert kiosk.flow.state is Shell.MENU
        kiosk.open_station("services")
        assert kiosk.flow.state is Shell.STATION
    finally:
        kiosk.stop()
        client.close()
        settle()
