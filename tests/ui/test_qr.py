"""The QR code carries exactly the portal URL, is crisp, and only allowed URLs get one."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from kiosk.content import Bundle
from tests.qt_helpers import settle
from ui.handoff import display_address
from ui.qr import QrCodeView, qr_image, qr_matrix, url_problem

pyzbar = pytest.importorskip("pyzbar.pyzbar")

HOSTS = ("www.flensburg.de", "wohnsitzanmeldung.gov.de")


def decode(image: QImage) -> list[str]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    pil = Image.open(io.BytesIO(bytes(buffer.data())))
    return [symbol.data.decode("utf-8") for symbol in pyzbar.decode(pil)]


@pytest.mark.parametrize(
    "url", ["https://wohnsitzanmeldung.gov.de/", "https://www.flensburg.de/leben/a?b=c&d=e"]
)
def test_widget_renders_a_code_that_decodes_to_exactly_the_url(qtbot: object, url: str) -> None:
    view = QrCodeView()
    view.resize(600, 600)
    view.show()
    assert view.set_url(url, HOSTS) is None
    settle()
    assert decode(view.grab().toImage()) == [url]
    assert view.module_px() >= 10  # large enough for a phone at arm's length


def test_modules_are_whole_pixels_and_the_quiet_zone_is_white() -> None:
    matrix = qr_matrix("https://www.flensburg.de/")
    image = qr_image(matrix, 7)
    assert image.width() == len(matrix) * 7
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(0, 60)}
    assert colours <= {"#000000", "#ffffff"}  # no smoothing: only pure black and white
    for x in range(4 * 7):
        assert image.pixelColor(x, image.height() // 2).name() == "#ffffff"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.flensburg.de/", "https"),
        ("https://evil.example/", "allow-list"),
        ("https://www.flensburg.de.evil.example/", "allow-list"),
        ("https://user:pw@www.flensburg.de/", "password"),
        ("javascript:alert(1)", "https"),
        ("", "https"),
    ],
)
def test_disallowed_urls_get_no_code(qtbot: object, url: str, reason: str) -> None:
    assert reason in (url_problem(url, HOSTS) or "")
    view = QrCodeView()
    view.resize(600, 600)
    view.show()
    view.set_url("https://www.flensburg.de/", HOSTS)
    problem = view.set_url(url, HOSTS)
    settle()
    assert problem is not None
    assert not view.has_code
    assert decode(view.grab().toImage()) == []


def test_every_shipped_service_hands_off_its_own_url(kiosk: object, bundle: Bundle) -> None:
    station = kiosk.stations["services"]  # type: ignore[attr-defined]
    kiosk.attract.start_buttons["de"].click()  # type: ignore[attr-defined]
    kiosk.menu.tiles["services"].click()  # type: ignore[attr-defined]
    for service in bundle.services:
        station.enter()
        station.menu.tiles[service.id].click()
        station.overview.action_row.secondary.click()
        settle()
        assert station.handoff.view.qr.isVisible()
        assert decode(station.handoff.view.qr.grab().toImage()) == [service.portal_url]
        assert station.handoff.view.address.address == display_address(service.portal_url)


def test_handoff_with_a_disallowed_url_shows_a_message_not_a_code(
    kiosk: object, bundle: Bundle
) -> None:
    station = kiosk.stations["services"]  # type: ignore[attr-defined]
    bad = replace(bundle.services[0], portal_url="http://phishing.example/")
    station.handoff.fill(bad)
    settle()
    assert not station.handoff.view.qr.has_code
    assert station.handoff.view.blocked.isVisibleTo(station.handoff)
    assert station.handoff.view.blocked.text() == kiosk.translator.tr("handoff.blocked")  # type: ignore[attr-defined]
    assert not station.handoff.view.address.text()
