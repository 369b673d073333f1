"""After success, the next step on the phone: the QR codes decode to the configured pages."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo.flow import Step, View
from stations.eid_demo.handoffs import AUSWEISAPP_DOWNLOAD_URL
from stations.eid_demo.state import ScreenState
from stations.eid_demo.texts import PIN_CHANGED
from tests.qt_helpers import FakeClock, settle, visible_texts
from tests.stations.conftest import make_kiosk, open_eid
from tests.stations.test_eid_walkthrough import show
from ui.app import KioskApp

pyzbar = pytest.importorskip("pyzbar.pyzbar")
Image = pytest.importorskip("PIL.Image")

CATALOGS, _ = load_catalogs(CATALOG_DIR)
PORTAL = "https://serviceportal.example-city.de/login"
OFFICE = "https://www.example-city.de/buergerbuero/termine"


def decode(image: QImage) -> list[str]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    pil = Image.open(io.BytesIO(bytes(buffer.data())))
    return [symbol.data.decode("utf-8") for symbol in pyzbar.decode(pil)]


@pytest.fixture
def configured_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock
) -> Iterator[KioskApp]:
    hosts = (*config.content.allowed_hosts, "serviceportal.example-city.de", "www.example-city.de")
    local = replace(
        config,
        content=replace(config.content, allowed_hosts=hosts),
        eid=replace(config.eid, portal_login_url=PORTAL, appointment_url=OFFICE),
    )
    app = make_kiosk(local, bundle, clock, None)
    yield app
    app.stop()
    settle()


CASES = [
    (View.PIN_READY, AUSWEISAPP_DOWNLOAD_URL, "eid.handoff.pin_ready.title"),
    (View.PORTAL, PORTAL, "eid.handoff.portal.title"),
    (View.NO_PIN, OFFICE, "eid.no_pin.title"),
]


@pytest.mark.parametrize("language", ["de", "en", "da"])
@pytest.mark.parametrize(("view", "url", "title"), CASES)
def test_each_hand_off_decodes_to_its_configured_page(
    configured_kiosk: KioskApp, language: str, view: View, url: str, title: str
) -> None:
    station = open_eid(configured_kiosk, language)
    show(station, ScreenState(view=view, outcome=PIN_CHANGED))
    screen = station.handoff_screen
    assert screen.title.text() == CATALOGS[language][title]
    assert screen.problem is None and screen.view.qr.isVisible()
    assert decode(screen.view.qr.grab().toImage()) == [url]
    assert screen.view.address.address == url.removeprefix("https://")


def test_without_a_pin_the_opening_hours_come_from_the_content(
    configured_kiosk: KioskApp, bundle: Bundle
) -> None:
    assert bundle.office_hours is not None
    for language in ("de", "en", "da"):
        station = open_eid(configured_kiosk, language)
        show(station, ScreenState(view=View.NO_PIN))
        note = station.handoff_screen.view.note.text()
        assert bundle.office_hours.get_text(language) in note
        if language != "de":  # the office's page is in German: the visitor is told so
            assert CATALOGS[language]["handoff.only_in"].split("{")[0] in note
        assert station.handoff_screen.primary.isVisible()  # and the test card is offered


def test_a_page_off_the_allow_list_shows_no_code(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock
) -> None:
    """Same allow-list as the services station: an address it does not know gets no code."""
    local = replace(config, eid=replace(config.eid, portal_login_url="https://evil.example/"))
    app = make_kiosk(local, bundle, clock, None)
    try:
        station = open_eid(app)
        show(station, ScreenState(view=View.PORTAL))
        screen = station.handoff_screen
        assert screen.problem is not None and not screen.view.qr.isVisible()
        assert screen.view.blocked.isVisible()
        assert "evil.example" not in "\n".join(visible_texts(screen))
    finally:
        app.stop()
        settle()


def test_the_shipped_defaults_are_on_the_shipped_allow_list(config: Config) -> None:
    from ui.qr import url_problem  # noqa: PLC0415

    hosts = config.content.allowed_hosts
    for url in (AUSWEISAPP_DOWNLOAD_URL, config.eid.portal_login_url, config.eid.appointment_url):
        assert url_problem(url, hosts) is None, url


def test_no_pin_offers_the_test_card(configured_kiosk: KioskApp, qtbot: Any) -> None:
    station = open_eid(configured_kiosk)
    show(station, ScreenState(view=View.NO_PIN))
    seen: list[Step] = []
    station.handoff_screen.chosen.connect(seen.append)
    station.handoff_screen.primary.click()
    assert seen == [Step.TEST_CARD]


def test_a_hand_off_host_off_the_allow_list_is_named_for_staff(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    local = replace(config, eid=replace(config.eid, appointment_url="https://termine.example.org/"))
    app = make_kiosk(local, bundle, clock, None)
    try:
        assert "eid.appointment_url" in caplog.text and "termine.example.org" in caplog.text
    finally:
        app.stop()
        settle()
