"""The shared hand-off: the address under the QR code never breaks in the host and never clips."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QFontMetricsF, QImage, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.content import Bundle, Service
from kiosk.i18n import Translator, default_translator
from stations.services.flow import View
from tests.qt_helpers import clipped_labels, settle
from ui.app import KioskApp
from ui.handoff import (
    MIN_ADDRESS_PX,
    AddressLabel,
    Handoff,
    HandoffView,
    address_parts,
    breakable_address,
    display_address,
    portal_language_note,
)
from ui.theme import TYPE, Theme

pyzbar = pytest.importorskip("pyzbar.pyzbar")

LONG_HOST = "serviceportal.schleswig-holstein.de"
LONG_URLS = [
    f"https://{LONG_HOST}/",
    f"https://{LONG_HOST}/Verwaltungsportal/FVP/FV/Wohngeld/Wohngeldantrag-stellen?id=99",
    "https://a-very-long-sub-domain.of-a-municipal-portal.schleswig-holstein.de/x",
]


def laid_out_lines(label: AddressLabel) -> list[str]:
    """The label's text broken into lines as Qt lays it out at the label's width and font."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.contentsRect().width())
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.replace("\u2060", "").replace("\u200b", "") for line in lines]


def host_of(url: str) -> str:
    return display_address(url).split("/")[0]


def assert_address_whole_and_unclipped(label: AddressLabel, url: str) -> None:
    lines = laid_out_lines(label)
    assert "".join(lines) == display_address(url)
    assert lines[0].startswith(host_of(url)), lines  # the host sits whole on the first line
    assert all(line[-1:] in "/?&" for line in lines[:-1]), lines  # breaks only after / ? &
    metrics = QFontMetricsF(label.font())
    assert max(metrics.horizontalAdvance(line) for line in lines) <= label.contentsRect().width()
    assert label.height() >= label.heightForWidth(label.width())
    assert label.visibleRegion().boundingRect() == label.rect()


def decode(image: QImage) -> list[str]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return [s.data.decode() for s in pyzbar.decode(Image.open(io.BytesIO(bytes(buffer.data()))))]


@pytest.mark.parametrize("url", LONG_URLS)
def test_breaks_only_after_a_slash(url: str) -> None:
    marked = breakable_address(display_address(url))
    assert marked.replace("\u2060", "").replace("\u200b", "") == display_address(url)
    assert address_parts(display_address(url))[0].rstrip("/") == host_of(url)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[tuple[HandoffView, Theme, Translator]]:
    translator = default_translator()
    theme = Theme()
    widget = HandoffView(translator, theme, [host_of(url) for url in LONG_URLS])
    widget.setStyleSheet(theme.combined_stylesheet())
    widget.setObjectName("shell")
    qtbot.addWidget(widget)
    widget.resize(1808, 820)  # the page body at 1920×1080
    widget.show()
    settle()
    yield widget, theme, translator


@pytest.mark.parametrize(
    ("url", "width"),
    [(url, 1808) for url in LONG_URLS]
    + [(url, width) for url in LONG_URLS[:2] for width in (1400, 1200)],
)
def test_long_addresses_fit_at_any_width(
    view: tuple[HandoffView, Theme, Translator], url: str, width: int
) -> None:
    widget, _theme, _translator = view
    widget.resize(width, 820)
    assert widget.present(Handoff(url, "Weiter auf dem Handy", text="Der Code öffnet …")) is None
    settle()
    assert_address_whole_and_unclipped(widget.address, url)
    assert widget.address.font_px() >= MIN_ADDRESS_PX
    assert decode(widget.qr.grab().toImage()) == [url]
    assert clipped_labels(widget) == []


def test_address_shrinks_only_when_needed_and_follows_the_larger_text(
    view: tuple[HandoffView, Theme, Translator],
) -> None:
    widget, theme, _translator = view
    widget.present(Handoff("https://" + LONG_HOST + "/a", "T"))
    settle()
    assert widget.address.font_px() == TYPE.h3  # fits at the normal size
    theme.set_large_text(True)
    widget.setProperty("large", True)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    settle()
    assert widget.address.font_px() <= theme.px(TYPE.h3)
    assert widget.address.font().pixelSize() == widget.address.font_px()
    assert_address_whole_and_unclipped(widget.address, "https://" + LONG_HOST + "/a")


def test_a_refused_url_shows_the_staff_message_and_no_address(
    view: tuple[HandoffView, Theme, Translator],
) -> None:
    widget, _theme, translator = view
    problem = widget.present(Handoff("https://evil.example/", "T", text="x", note="n"))
    settle()
    assert problem is not None and "allow-list" in problem
    assert not widget.qr.has_code
    assert widget.blocked.isVisible()
    assert widget.blocked.text() == translator.tr("handoff.blocked")
    assert not widget.address.isVisible() and not widget.address.text()
    assert not widget.note.isVisible()


def test_clear_forgets_everything(view: tuple[HandoffView, Theme, Translator]) -> None:
    widget, _theme, _translator = view
    widget.present(Handoff(f"https://{LONG_HOST}/", "Titel", text="t", eyebrow="e", note="n"))
    widget.clear()
    assert not widget.qr.has_code
    assert widget.address.address == "" and widget.address.accessibleName() == ""
    assert not any(label.text() for label in (widget.title, widget.text, widget.note))


@pytest.mark.parametrize(
    ("language", "page_languages", "expected"),
    [
        ("de", ("de",), ""),
        ("en", ("de",), "This page is only available in German."),
        ("da", ("de",), "Denne side findes kun på tysk."),
        ("da", ("de", "en"), "Denne side findes kun på tysk og engelsk."),
        ("en", ("de", "en"), ""),
        ("en", (), ""),
    ],
)
def test_portal_language_note(
    language: str, page_languages: tuple[str, ...], expected: str
) -> None:
    translator = default_translator()
    translator.set_language(language)
    assert portal_language_note(translator, page_languages) == expected


def services_with_long_hosts(bundle: Bundle) -> list[Service]:
    longest = max(len(host_of(s.portal_url)) for s in bundle.services)
    return [s for s in bundle.services if len(host_of(s.portal_url)) >= min(longest, 30)]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_every_service_address_is_whole_on_the_real_screen(
    kiosk: KioskApp, bundle: Bundle, language: str, large: bool
) -> None:
    """At 1920×1080, in every language and text size (walk-through item 2: wohngeld, English)."""
    station = kiosk.stations["services"]
    kiosk.start_session()
    kiosk.choose_language(language)
    kiosk.open_station("services")
    kiosk.theme.set_large_text(large)
    assert services_with_long_hosts(bundle)
    for service in bundle.services:
        station.enter()
        station.open_service(service.id)
        station.flow.to_phone()
        settle()
        assert station.flow.view is View.HANDOFF
        view = station.handoff.view
        assert_address_whole_and_unclipped(view.address, service.portal_url)
        assert clipped_labels(kiosk.window) == [], service.id
        assert QApplication.instance() is not None


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_each_service_says_what_the_code_opens_and_in_which_language(
    kiosk: KioskApp, bundle: Bundle, language: str
) -> None:
    """Walk-through item 1: the screen never promises the online service when the code opens an
    information page, and English and Danish visitors learn when the page is German only."""
    station = kiosk.stations["services"]
    kiosk.start_session()
    kiosk.choose_language(language)
    kiosk.open_station("services")
    tr = kiosk.translator.tr
    notes = 0
    for service in bundle.services:
        station.enter()
        station.open_service(service.id)
        station.flow.to_phone()
        settle()
        view = station.handoff.view
        if service.portal_kind == "service":
            assert view.text.text() in (tr("services.qr.continue"), tr("services.qr.continue_eid"))
        else:
            assert view.text.text() == tr("services.qr.continue_info"), service.id
        german_only = language not in service.portal_languages
        assert view.note.isVisible() is german_only, service.id
        if german_only:
            notes += 1
            expected = portal_language_note(kiosk.translator, service.portal_languages)
            assert view.note.text() == expected
            assert tr("language.name.de") in expected
    assert notes == 0 if language == "de" else notes >= 7
