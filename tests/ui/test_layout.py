"""What a visitor sees at 1920×1080, normal and larger text, DE/EN/DA (walk-through items 7, 14):
nothing clipped, nothing below the screen without a visible way to scroll there, the larger-text
toggle shows its state, step circles explain their rings and tick finished steps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.content import Bundle
from tests.qt_helpers import clipped_labels, settle, visible_texts
from tests.ui.walk import walk_screens
from ui.app import KioskApp
from ui.step_indicator import StepIndicator
from ui.widgets import MoreBelow, TouchScroll

SCREEN = QRect(0, 0, 1920, 1080)


def shell_and_service_screens(kiosk: KioskApp, language: str, large: bool) -> Iterator[str]:
    """Each screen of the shell and the services station in turn, as a visitor reaches it."""
    yield from walk_screens(kiosk, language, large, stations={"services"})


def window_rect(widget: QAbstractButton) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
@pytest.mark.parametrize("language", ["de", "en", "da", "de-LS"])
def test_every_screen_fits_and_nothing_is_clipped(
    kiosk: KioskApp, language: str, large: bool
) -> None:
    problems: list[str] = []
    window = kiosk.window
    for screen in shell_and_service_screens(kiosk, language, large):
        if window.size() != SCREEN.size():
            problems.append(f"{screen}: the window grew to {window.size().toTuple()}")
        problems += [f"{screen}: {label}" for label in clipped_labels(window)]
        for button in window.findChildren(QAbstractButton):
            off_screen = button.isVisible() and not SCREEN.contains(window_rect(button))
            if off_screen and not any(isinstance(p, TouchScroll) for p in _parents(button)):
                problems.append(f"{screen}: {button.accessibleName()} is off the screen")
        for scroll in window.findChildren(TouchScroll):
            if scroll.isVisible() and scroll.verticalScrollBar().maximum() > 0:
                hints = [m for m in window.findChildren(MoreBelow) if m.isVisible()]
                if not hints:
                    problems.append(f"{screen}: the list goes on below with no visible sign")
    assert problems == []


def _parents(widget: QAbstractButton) -> Iterator[object]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


@pytest.mark.parametrize("language", ["de", "en", "da", "de-LS"])
def test_the_service_list_fits_with_normal_text(kiosk: KioskApp, language: str) -> None:
    kiosk.choose_language(language)
    kiosk.open_station("services")
    settle()
    menu = kiosk.stations["services"].menu
    assert menu.scroller.verticalScrollBar().maximum() == 0
    assert not menu.more.isVisible()


def test_with_larger_text_the_more_button_reaches_every_service_and_goes_back_up(
    kiosk: KioskApp, bundle: Bundle
) -> None:
    """Walk-through item 7: with larger text half the list fell below the screen behind a thin
    scroll bar. Now a labelled button says so and brings the rest into view."""
    kiosk.choose_language("en")
    kiosk.theme.set_large_text(True)
    kiosk.open_station("services")
    settle()
    menu = kiosk.stations["services"].menu
    assert menu.more.isVisible()
    assert menu.more.text() == "▼  More services further down"
    last = menu.tiles[bundle.services[-1].id]
    viewport = menu.scroller.viewport()

    def last_tile_in_view() -> bool:
        top_left = last.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, last.size()))

    assert not last_tile_in_view()
    for _ in range(5):
        if menu.more.at_end:
            break
        menu.more.click()
        settle()
    assert last_tile_in_view()
    assert menu.more.text() == "▲  Back to the top"
    menu.more.click()
    settle()
    assert menu.scroller.verticalScrollBar().value() == 0
    assert menu.more.text() == "▼  More services further down"


def test_the_larger_text_toggle_shows_its_state(kiosk: KioskApp) -> None:
    kiosk.choose_language("de")
    settle()
    toggle = kiosk.window.large_text_button
    off_text, off_name = toggle.text(), toggle.accessibleName()
    off_colour = toggle.grab().toImage().pixelColor(toggle.width() // 2, 8).name()
    toggle.click()
    settle()
    assert kiosk.theme.large_text and toggle.isChecked()
    on_colour = toggle.grab().toImage().pixelColor(toggle.width() // 2, 8).name()
    assert (off_text, off_name) == ("A+  Größere Schrift", "Größere Schrift: aus")
    assert (toggle.text(), toggle.accessibleName()) == ("✓  Größere Schrift", "Größere Schrift: an")
    assert off_colour != on_colour  # filled when on, not just a thin border change
    toggle.click()
    settle()
    assert toggle.text() == off_text


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
@pytest.mark.parametrize("language", ["de", "en", "da", "de-LS"])
def test_step_circles_name_their_rings_and_tick_finished_steps(
    kiosk: KioskApp, bundle: Bundle, language: str, large: bool
) -> None:
    """Walk-through item 14: the orange ring had no explanation and finished steps no tick."""
    kiosk.choose_language(language)
    kiosk.theme.set_large_text(large)
    kiosk.open_station("services")
    station = kiosk.stations["services"]
    tr = kiosk.translator.tr
    for service in bundle.services:
        station._show(service, station.flow.view.STEP, len(service.steps) - 1)
        settle()
        indicator: StepIndicator = station.step.indicator
        current = len(service.steps) - 1
        for index, step in enumerate(service.steps):
            expected = tr(f"services.moment_short.{step.moment}") if step.moment else ""
            assert indicator.mark(index) == expected, (service.id, index)
            assert indicator.is_done(index) is (index < current)
        assert indicator.width() >= indicator.sizeHint().width(), service.id
        assert indicator.height() >= indicator.sizeHint().height(), service.id
        assert indicator.accessibleName() == tr(
            "services.steps.progress", current=current + 1, total=len(service.steps)
        )


@pytest.mark.parametrize("jitter", [0, 6])
def test_a_tap_on_a_tile_in_the_scrolling_list_opens_the_service(
    kiosk: KioskApp, bundle: Bundle, jitter: int
) -> None:
    """A press and release on a tile of the scrollable list (also with a finger's jitter)
    opens it: the scroll area hands the press on at once (tests/ui/test_touch_scroll_x11.py
    checks the same on a real X server)."""
    kiosk.choose_language("de")
    kiosk.theme.set_large_text(True)
    kiosk.open_station("services")
    settle()
    menu = kiosk.stations["services"].menu
    assert menu.scroller.verticalScrollBar().maximum() > 0  # the list does scroll
    service = bundle.services[1]
    tile = menu.tiles[service.id]
    window = kiosk.window.windowHandle()
    start = tile.mapTo(kiosk.window, QPoint(tile.width() // 2, tile.height() // 2))
    end = start + QPoint(jitter, jitter)
    no_modifier = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(window, Qt.MouseButton.LeftButton, no_modifier, start)
    QTest.mouseMove(window, end)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, no_modifier, end)
    settle()
    assert not menu.isVisible()
    assert service.title.get_text("de") in visible_texts(kiosk.window)
