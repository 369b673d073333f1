"""Accessibility on every screen: target size and spacing, names, toggle, contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from tests.qt_helpers import settle
from tests.ui.walk import walk_screens
from ui.app import KioskApp
from ui.theme import TEXT_PAIRS, TYPE, contrast_ratio

MIN_TARGET = 44
MIN_GAP = 8


def every_screen(kiosk: KioskApp) -> Iterator[str]:
    """Put the kiosk into each screen in turn and yield its name."""
    yield from walk_screens(kiosk)


def visible_buttons(root: QWidget) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root) and b.isVisible()]


def global_rect(widget: QWidget) -> QRect:
    """The part of the widget a finger can reach (clipped by scroll areas), in global pixels."""
    visible = widget.visibleRegion().boundingRect()
    return QRect(widget.mapToGlobal(visible.topLeft()), visible.size())


def gap(a: QRect, b: QRect) -> int:
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    if a.intersects(b):
        return -1
    return max(dx, dy)


def check_screen(kiosk: KioskApp, screen: str) -> list[str]:
    problems = []
    window = kiosk.window
    overlay_up = window.overlay.isVisible()
    buttons = visible_buttons(window.overlay if overlay_up else window)
    assert buttons, screen
    for button in buttons:
        label = button.accessibleName() or "<no name>"
        if button.width() < MIN_TARGET or button.height() < MIN_TARGET:
            problems.append(f"{screen}: {label} is {button.width()}×{button.height()}")
        if not button.accessibleName().strip():
            problems.append(f"{screen}: a button without accessible name ({button.text()!r})")
    rects = [(b, global_rect(b)) for b in buttons if not global_rect(b).isEmpty()]
    for index, (first, a) in enumerate(rects):
        for second, b in rects[index + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if gap(a, b) < MIN_GAP:
                problems.append(
                    f"{screen}: {first.accessibleName()} and {second.accessibleName()} "
                    f"are {gap(a, b)} px apart"
                )
    if not overlay_up and not window.large_text_button.isVisible():
        problems.append(f"{screen}: no larger-text toggle")
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
@pytest.mark.parametrize("language", ["de", "en", "da", "de-LS"])
def test_every_screen_meets_the_touch_rules(kiosk: KioskApp, language: str, large: bool) -> None:
    problems: list[str] = []
    screens = 0
    for screen in every_screen(kiosk):
        kiosk.translator.set_language(language)
        kiosk.theme.set_large_text(large)
        settle()
        problems += check_screen(kiosk, screen)
        screens += 1
    assert screens > 20
    assert problems == []


def test_body_text_is_large_enough() -> None:
    assert TYPE.body >= 24
    assert TYPE.small >= 22
    assert min(TYPE.h1, TYPE.h2, TYPE.h3) > TYPE.body


@pytest.mark.parametrize(("pair", "colours"), list(TEXT_PAIRS.items()))
def test_text_contrast_is_at_least_4_5(pair: str, colours: tuple[str, str]) -> None:
    assert contrast_ratio(*colours) >= 4.5, pair


def test_contrast_formula_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
