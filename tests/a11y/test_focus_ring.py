"""The keyboard focus ring: contrast from the theme's colours, and the ring's pixels on real
screens (grabbed), at least 3 px wide on every side; no ring for touch use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.a11y.keys import focused, name, press
from tests.qt_helpers import settle
from ui.app import KioskApp
from ui.theme import (
    FOCUS_GAP_PX,
    FOCUS_HALO_PX,
    FOCUS_RING_PX,
    FOCUS_SURROUNDINGS,
    PALETTE,
    contrast_ratio,
)

MIN_WIDTH = 3
MIN_CONTRAST = 3.0


def test_ring_lines_are_at_least_3_px_wide() -> None:
    assert FOCUS_RING_PX >= MIN_WIDTH
    assert FOCUS_HALO_PX >= MIN_WIDTH


@pytest.mark.parametrize(("where", "colour"), list(FOCUS_SURROUNDINGS.items()))
def test_one_ring_line_stands_out_from_every_surrounding(where: str, colour: str) -> None:
    best = max(
        contrast_ratio(PALETTE.focus_ring, colour), contrast_ratio(PALETTE.focus_halo, colour)
    )
    assert best >= MIN_CONTRAST, where


def test_the_two_ring_lines_stand_out_from_each_other() -> None:
    assert contrast_ratio(PALETTE.focus_ring, PALETTE.focus_halo) >= MIN_CONTRAST


def runs(image: QImage, start: QPoint, step: QPoint, colour: str, length: int) -> int:
    """The longest run of pixels of `colour` (±12 per channel) on `length` pixels from start."""
    want = QColor(colour)
    best = current = 0
    point = QPoint(start)
    for _ in range(length):
        if image.rect().contains(point):
            pixel = image.pixelColor(point)
            close = all(
                abs(a - b) <= 12
                for a, b in zip(
                    (pixel.red(), pixel.green(), pixel.blue()),
                    (want.red(), want.green(), want.blue()),
                    strict=True,
                )
            )
        else:
            close = False
        current = current + 1 if close else 0
        best = max(best, current)
        point += step
    return best


def ring_widths(kiosk: KioskApp, widget: QWidget, colour: str) -> dict[str, int]:
    """Grab the window; on each side of `widget`, from its edge outward through the middle of
    that side, the widest band of `colour`."""
    image = kiosk.window.grab().toImage()
    top_left = widget.mapTo(kiosk.window, QPoint(0, 0))
    w, h = widget.width(), widget.height()
    reach = FOCUS_GAP_PX + FOCUS_RING_PX + FOCUS_HALO_PX + 4
    middle_x, middle_y = top_left.x() + w // 2, top_left.y() + h // 2
    return {
        "left": runs(image, QPoint(top_left.x() + 2, middle_y), QPoint(-1, 0), colour, reach),
        "right": runs(image, QPoint(top_left.x() + w - 3, middle_y), QPoint(1, 0), colour, reach),
        "top": runs(image, QPoint(middle_x, top_left.y() + 2), QPoint(0, -1), colour, reach),
        "bottom": runs(image, QPoint(middle_x, top_left.y() + h - 3), QPoint(0, 1), colour, reach),
    }


def attract_band(kiosk: KioskApp) -> QWidget:
    press(kiosk, Qt.Key.Key_Right)
    return kiosk.attract.start_buttons["de"]


def menu_tile(kiosk: KioskApp) -> QWidget:
    press(kiosk, Qt.Key.Key_Return)  # OK on the attract screen starts the visit
    return kiosk.menu.tiles["services"]


def footer_back(kiosk: KioskApp) -> QWidget:
    press(kiosk, Qt.Key.Key_Return)
    for _ in range(30):
        if focused() is kiosk.window.back_button:
            break
        press(kiosk, Qt.Key.Key_Right)
    return kiosk.window.back_button


def idle_continue(kiosk: KioskApp) -> QWidget:
    press(kiosk, Qt.Key.Key_Return)
    kiosk._on_warning(30)
    settle()
    button = kiosk.window.overlay.continue_button
    for _ in range(3):  # the first key puts the focus on "Weiter"; the round has two buttons
        if focused() is button:
            break
        press(kiosk, Qt.Key.Key_Right)
    assert kiosk.window.overlay.isVisible()  # arrow keys act on the warning, not dismiss it
    return button


SCREENS: dict[str, tuple[Callable[[KioskApp], QWidget], str]] = {
    # where, how to get there with keys, which ring line carries the contrast there
    "start button on the blue band": (attract_band, PALETTE.focus_halo),
    "tile on the menu": (menu_tile, PALETTE.focus_ring),
    "back button in the footer": (footer_back, PALETTE.focus_ring),
    "continue on the idle warning": (idle_continue, PALETTE.focus_ring),
}


@pytest.mark.parametrize("where", list(SCREENS))
def test_the_ring_is_on_screen_around_the_focused_widget(kiosk: KioskApp, where: str) -> None:
    reach, colour = SCREENS[where]
    widget = reach(kiosk)
    assert focused() is widget, name(focused())
    widths = ring_widths(kiosk, widget, colour)
    assert min(widths.values()) >= MIN_WIDTH, widths


def test_a_touch_hides_the_ring_and_a_key_brings_it_back(kiosk: KioskApp) -> None:
    widget = menu_tile(kiosk)
    assert min(ring_widths(kiosk, widget, PALETTE.focus_ring).values()) >= MIN_WIDTH
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=QPoint(1900, 300))  # empty page
    settle()
    assert max(ring_widths(kiosk, widget, PALETTE.focus_ring).values()) == 0
    press(kiosk, Qt.Key.Key_Down)
    assert focused() is not None
    assert min(ring_widths(kiosk, focused(), PALETTE.focus_ring).values()) >= MIN_WIDTH


def test_touch_use_never_shows_a_ring(kiosk: KioskApp) -> None:
    """A tapped button does not even take the focus (buttons take focus from keys only)."""
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=QPoint(960, 400))
    settle()
    tile = kiosk.menu.tiles["services"]
    centre = tile.mapTo(kiosk.window, tile.rect().center())
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=centre)
    settle()
    assert not kiosk.navigator.ring.isVisible()
    assert max(ring_widths(kiosk, tile, PALETTE.focus_ring).values()) == 0
    assert focused() is not tile
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=centre)
    settle()
