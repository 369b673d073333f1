"""Larger text re-polishes the page on screen at once; every other page of the shell takes
the new size just before it is shown again. What a visitor sees must not differ from
re-polishing every widget at the toggle (as before): the same fonts and places on every
page, after every toggle, and after the wipe switched larger text off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.config import Config
from kiosk.content import Bundle
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp
from ui.restyle import Restyler, repolish_tree

Look = tuple[int, float, int, int, int, int]
Looks = dict[str, Look]


def looks(root: QWidget) -> Looks:
    """Font and place on screen of every visible widget under ``root``."""
    found = {}
    for number, widget in enumerate([root, *root.findChildren(QWidget)]):
        if widget.isVisible():
            font, box = widget.font(), widget.geometry()
            key = f"{number}:{type(widget).__name__}:{widget.objectName()}"
            found[key] = (
                font.pixelSize(),
                font.pointSizeF(),
                box.x(),
                box.y(),
                *box.size().toTuple(),
            )
    return found


def open_service(kiosk: KioskApp, index: int = 0) -> None:
    kiosk.menu.tiles["services"].click()
    kiosk.stations["services"].menu.tiles[kiosk.bundle.services[index].id].click()
    settle()


def back_to_menu(kiosk: KioskApp) -> None:
    kiosk.window.back_button.click()
    kiosk.window.back_button.click()
    settle()


def toggle(kiosk: KioskApp) -> None:
    kiosk.window.large_text_button.click()
    settle()


def visit(kiosk: KioskApp) -> list[Looks]:
    """A visitor's way through larger text; what the screen shows at each stop."""
    seen = []
    kiosk.attract.start_buttons["de"].click()
    settle()
    open_service(kiosk)
    seen.append(looks(kiosk.window))  # normal size
    back_to_menu(kiosk)
    toggle(kiosk)  # on, while the service pages are hidden
    seen.append(looks(kiosk.window))
    open_service(kiosk, 1)
    seen.append(looks(kiosk.window))
    back_to_menu(kiosk)
    open_service(kiosk)
    seen.append(looks(kiosk.window))
    back_to_menu(kiosk)
    toggle(kiosk)  # off, again while they are hidden
    open_service(kiosk)
    seen.append(looks(kiosk.window))
    toggle(kiosk)  # on, on the page itself
    seen.append(looks(kiosk.window))
    kiosk.window.done_button.click()  # the wipe switches it off behind the attract screen
    settle()
    kiosk.attract.start_buttons["de"].click()
    settle()
    open_service(kiosk)
    seen.append(looks(kiosk.window))
    return seen


def eager(_restyler: Restyler, root: QWidget, _pages: object) -> int:
    """The old way: every widget re-polished at the toggle."""
    return repolish_tree(root)


def run(make: Callable[[], KioskApp]) -> list[Looks]:
    kiosk = make()
    try:
        return visit(kiosk)
    finally:
        kiosk.stop()
        settle()


def test_the_screen_is_the_same_as_with_every_widget_re_polished(
    qtbot: object, config: Config, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def make() -> KioskApp:
        kiosk = KioskApp(config, bundle, kiosk_mode=True, clock=FakeClock(), auto_tick=False)
        kiosk.window.resize(1920, 1080)
        kiosk.show(windowed=True)
        settle()
        return kiosk

    lazy = run(make)
    monkeypatch.setattr(Restyler, "restyle", eager)
    reference = run(make)
    assert len(lazy) == len(reference)
    for stop, (got, expected) in enumerate(zip(lazy, reference, strict=True)):
        assert got == expected, f"stop {stop}"
    normal, larger = lazy[0], lazy[3]  # the same service page, normal and larger
    assert normal == lazy[4] == lazy[6]  # the wipe and the toggle restore it
    grown = [k for k in normal if k in larger and larger[k][0] > normal[k][0] > 0]
    assert grown, "no text on the service page grew"
