"""Every screen of every station with arrow keys only: each actionable widget takes focus, and
the right arrow visits all of them once, in reading order, each scrolled into view."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from tests.a11y.keys import (
    actionable,
    focused,
    name,
    place,
    press,
    scope,
    text_areas,
)
from tests.qt_helpers import settle
from tests.ui.walk import walk_screens
from ui.app import KioskApp
from ui.focus_order import takes_key_focus
from ui.focus_ring import visible_rect


def out_of_order(before: QWidget, after: QWidget, top: QWidget) -> bool:
    """Two neighbours in one container (a key row, a tile grid, a button row): `after` lies
    above `before`, or beside it on the left. (Containers side by side are read one after
    the other, so across containers only the page-before-footer rule below applies.)"""
    if before.parentWidget() is not after.parentWidget():
        return False
    a, b = place(before, top), place(after, top)
    if b.bottom() < a.top():
        return True  # clearly above
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    same_row = overlap > min(a.height(), b.height()) // 2
    return same_row and b.right() <= a.left()


def block_order(kiosk: KioskApp, screen: str, visited: list[QWidget]) -> list[str]:
    """The focus starts in the page (in the footer if the page has nothing to press); one
    round is header, page, footer (counted from the header on)."""
    window = kiosk.window
    parts = [window.findChild(QWidget, "header"), window.stack, window.footer]
    part = [next(i for i, p in enumerate(parts) if p and p.isAncestorOf(w)) for w in visited]
    problems = []
    if part[0] != (1 if 1 in part else 2):  # a page without buttons: the footer
        problems.append(f"{screen}: the focus starts at {name(visited[0])}, not in the page")
    if 0 in part:
        first = part.index(0)
        part = part[first:] + part[:first]
    if part != sorted(part):
        problems.append(f"{screen}: header, page and footer are not read in this order: {part}")
    return problems


def in_view(widget: QWidget, kiosk: KioskApp) -> bool:
    """Fully visible, or (taller than its scroll area) filling the visible part."""
    shown = visible_rect(widget, kiosk.window)
    whole = QRect(widget.mapTo(kiosk.window, widget.rect().topLeft()), widget.size())
    return shown == whole or shown.height() >= 300


def cycle(kiosk: KioskApp, screen: str) -> list[str]:
    """Press Right around the whole screen once; return the problems found."""
    problems: list[str] = []
    wanted = actionable(kiosk) + text_areas(kiosk)
    for widget in actionable(kiosk):
        if not takes_key_focus(widget):
            problems.append(f"{screen}: {name(widget)} does not take keyboard focus")
    press(kiosk, Qt.Key.Key_Right)  # the first key shows where the focus starts
    start = focused()
    if start is None or start not in wanted:
        return [*problems, f"{screen}: the first key focused {name(start)}"]
    visited = [start]
    for _ in range(len(wanted) + 2):
        if not in_view(visited[-1], kiosk):
            problems.append(f"{screen}: {name(visited[-1])} is focused but not scrolled into view")
        press(kiosk, Qt.Key.Key_Right)
        widget = focused()
        if widget is start or widget is None:
            break
        visited.append(widget)
    missing = [name(w) for w in wanted if w not in visited]
    if missing:
        problems.append(f"{screen}: never reached: {missing}")
    if len(visited) != len(set(visited)):
        problems.append(f"{screen}: visited twice in one round: {[name(w) for w in visited]}")
    if focused() is not start:
        problems.append(f"{screen}: the round did not come back to {name(start)}")
    top = scope(kiosk)
    steps = list(pairwise(visited))
    backwards = [
        f"{screen}: {name(b)} comes after {name(a)}" for a, b in steps if out_of_order(a, b, top)
    ]
    # on the idle warning the focus starts at "Weiter" (right): its round wraps to the left once
    problems += backwards[1:] if top is not kiosk.window else backwards
    if top is kiosk.window:
        problems += block_order(kiosk, screen, visited)
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_right_arrow_reaches_every_widget_of_every_screen_in_order(
    kiosk: KioskApp, large: bool
) -> None:
    problems: list[str] = []
    screens = 0
    for screen in walk_screens(kiosk, "de", large):
        problems += cycle(kiosk, screen)
        kiosk.navigator.reset()  # the next screen starts as a visitor would find it
        screens += 1
    assert screens > 20
    assert problems == [], "\n".join(problems)


def test_right_arrow_reaches_every_widget_of_the_sensors_station(sensors_kiosk: KioskApp) -> None:
    """The sensors station is not in the default config; its screens in normal and larger
    text (its screenshot states include both)."""
    problems: list[str] = []
    screens = 0
    for screen in walk_screens(sensors_kiosk, "de", stations={"sensors"}):
        if screen.startswith("sensors-"):
            problems += cycle(sensors_kiosk, screen)
            sensors_kiosk.navigator.reset()
            screens += 1
    assert screens > 4
    assert problems == [], "\n".join(problems)


def test_buttons_made_by_the_kit_take_focus_from_keys_but_not_from_a_tap(kiosk: KioskApp) -> None:
    kiosk.start_session()
    settle()
    buttons = [b for b in kiosk.window.findChildren(QAbstractButton) if b.isVisible()]
    assert buttons
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus or b.group() for b in buttons)
    assert not [b for b in buttons if b.focusPolicy() & Qt.FocusPolicy.ClickFocus]
