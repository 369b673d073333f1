"""'Was ist der Online-Ausweis?': reachable from the start, pages turn by button, swipe and
"Zurück", each page with its own picture and words; and the start screen fits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage

from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo.flow import View
from stations.eid_demo.pictures import CardOnReaderPicture, IdCardPicture, PinLetterPicture
from stations.eid_demo.pin_rules import EXAMPLE_CAN, SHOWN_EXAMPLES
from stations.eid_demo.state import ABOUT_PAGES, ScreenState
from tests.qt_helpers import settle
from tests.stations.conftest import open_eid
from tests.stations.test_eid_walkthrough import show
from ui.app import KioskApp

CATALOGS, _ = load_catalogs(CATALOG_DIR)
LANGUAGES = ("de", "en", "da")


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def swipe(qtbot: Any, widget: Any, dx: int) -> None:
    start = QPoint(widget.width() // 2, widget.height() // 2)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, start + QPoint(dx // 2, 4))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 8))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explainer_turns_by_button_swipe_and_back(
    qtbot: Any, offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    catalog = CATALOGS[language]
    show(station, ScreenState(available=True))
    click(qtbot, station.start_screen.about)
    screen = station.about_screen
    titles = []
    for page in range(ABOUT_PAGES):
        assert station.view is View.ABOUT and station.controller.state.about_page == page
        key = f"eid.about.{page + 1}"
        assert screen.title.text() == catalog[f"{key}.title"]
        assert all(label.text().strip("• ") for label in screen.points)
        picture = screen.picture_stack.currentWidget()
        assert picture.accessibleName() == catalog[f"{key}.picture"]
        titles.append(screen.title.text())
        if page < ABOUT_PAGES - 1:
            click(qtbot, screen.next)
    assert len(set(titles)) == ABOUT_PAGES >= 3
    swipe(qtbot, screen, 300)  # to the right: back one page
    assert station.controller.state.about_page == ABOUT_PAGES - 2
    swipe(qtbot, screen, -300)
    assert station.controller.state.about_page == ABOUT_PAGES - 1
    swipe(qtbot, screen, 40)  # too short to count
    assert station.controller.state.about_page == ABOUT_PAGES - 1
    click(qtbot, offline_kiosk.window.back_button)  # the shell's "Zurück": a page back
    assert station.controller.state.about_page == ABOUT_PAGES - 2
    click(qtbot, screen.next)
    click(qtbot, screen.next)  # "Zur Auswahl" on the last page
    assert station.view is View.START


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explainer_names_the_four_numbers_with_their_lengths(language: str) -> None:
    catalog = CATALOGS[language]
    page = " ".join(catalog[f"eid.about.2.point{index}"] for index in range(1, 5))
    for number, digits in (("Transport", "5"), ("PIN", "6"), ("CAN", "6"), ("PUK", "10")):
        assert number in page and digits in page, number
    retries = " ".join(catalog[f"eid.about.3.point{index}"] for index in range(1, 5))
    assert "CAN" in retries and "PUK" in retries


def test_the_pictures_show_only_numbers_the_weak_pin_check_knows(qtbot: Any) -> None:
    """The card picture prints a CAN; the warning must catch a visitor who copies it."""
    assert EXAMPLE_CAN in SHOWN_EXAMPLES
    for kind in (CardOnReaderPicture, IdCardPicture, PinLetterPicture):
        picture = kind(width=600)
        qtbot.addWidget(picture)
        picture.set_labels(can="CAN", title="PIN-Brief", transport_pin="T", puk="P")
        picture.grab()  # paints without errors at its size


# --- the start screen (walk-through item 7, the eID part) ---------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("explained", [False, True])
@pytest.mark.parametrize("available", [False, True])
def test_the_start_tiles_are_whole_or_the_screen_says_there_is_more(
    offline_kiosk: KioskApp, language: str, large: bool, explained: bool, available: bool
) -> None:
    station = open_eid(offline_kiosk, language)
    offline_kiosk.theme.set_large_text(large)
    station.controller.showcase = available  # as if the eID back end were ready
    show(station, ScreenState(), explained=explained)
    assert station.start_screen.notice.isVisible() is not available
    screen = station.start_screen
    viewport = screen.scroller.viewport()
    area = QRect(QPoint(0, 0), viewport.size())
    cut = [
        step.name
        for step, tile in screen.tiles.items()
        if not area.contains(QRect(tile.mapTo(viewport, QPoint(0, 0)), tile.size()))
    ]
    if not large:
        assert cut == []  # normal text: every tile whole, with or without the panel
    assert cut == [] or screen.more.isVisible(), cut
    assert screen.about.isVisible()
    settle()


# --- review findings: the PIN letter's words and the bullet points ------------------------------


def ink_right_of(image: QImage, left: int, top: int, bottom: int, right: int) -> list[int]:
    """x of every dark pixel (text ink) between `left` and `right` in rows `top`..`bottom`."""
    found = []
    for y in range(top, bottom):
        for x in range(left, right):
            if QColor(image.pixel(x, y)).lightness() < 160:
                found.append(x)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [640, 480])
def test_the_pin_letter_keeps_its_words_inside_their_field(
    qtbot: Any, language: str, width: int
) -> None:
    """ "Transport-PIN (5 Stellen)" and the PUK line end before the field's right edge (the
    dots below end there too) in every language and picture size."""
    catalog = CATALOGS[language]
    picture = PinLetterPicture(width=width)
    qtbot.addWidget(picture)
    picture.set_labels(
        title=catalog["eid.about.letter"],
        transport_pin=catalog["eid.about.letter_transport_pin"],
        puk=catalog["eid.about.letter_puk"],
    )
    picture.resize(picture.sizeHint())
    image = picture.grab().toImage()
    scale = width / 600
    field_right = round(480 * scale) + 1  # the canvas' text area ends at x = 480
    sheet_right = round(510 * scale) - 3  # inside the letter's border
    for top in (184, 290):  # the two labels, 34 canvas px high
        rows = (round(top * scale), round((top + 34) * scale))
        assert ink_right_of(image, field_right, *rows, sheet_right) == [], (language, top)
        assert ink_right_of(image, round(120 * scale), *rows, field_right)  # words are drawn


def test_bullet_points_wrap_under_their_words_not_under_the_bullet(
    offline_kiosk: KioskApp,
) -> None:
    station = open_eid(offline_kiosk, "de")
    offline_kiosk.theme.set_large_text(True)
    show(station, ScreenState(view=View.ABOUT, about_page=1))
    settle()
    wrapped = 0
    for point in station.about_screen.points:
        bullet, words = point.bullet, point.words
        assert bullet.text() == "•" and not words.text().startswith("•")
        assert words.x() >= bullet.x() + bullet.width()  # every line starts right of the bullet
        line = words.fontMetrics().lineSpacing()
        wrapped += words.height() >= 2 * line
    assert wrapped  # the check means something: some point does run over two lines
    offline_kiosk.theme.set_large_text(False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explainer_pictures_are_whole_in_larger_text(
    offline_kiosk: KioskApp, language: str
) -> None:
    """In larger text the title takes two lines; the fixed-size PIN letter was cut off at the
    bottom (review finding). Now a picture gives way and stays whole above the buttons."""
    station = open_eid(offline_kiosk, language)
    offline_kiosk.theme.set_large_text(True)
    for page in range(ABOUT_PAGES):
        show(station, ScreenState(view=View.ABOUT, about_page=page))
        settle()
        screen = station.about_screen
        picture = screen.picture_stack.currentWidget()
        shown = picture.visibleRegion().boundingRect()
        assert shown.size() == picture.size(), (page, shown, picture.size())
        bottom = picture.mapTo(screen, QPoint(0, picture.height())).y()
        assert bottom <= screen.next.mapTo(screen, QPoint(0, 0)).y(), page
    offline_kiosk.theme.set_large_text(False)
