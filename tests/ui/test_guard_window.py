"""The kiosk guard sits on the window, not on the QApplication: real input must still reach it.

Real input here means events delivered the way the platform delivers them, through the
window's QWindow (QTest's QWindow overloads), not signals or `sendEvent` to a widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.flow import Shell
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp


def test_a_real_tap_on_a_button_keeps_the_session_alive(
    kiosk: KioskApp, clock: FakeClock, qtbot: object
) -> None:
    kiosk.start_session()
    kiosk.choose_language("de")
    settle()
    assert kiosk.flow.state is Shell.MENU
    idle = kiosk.config.session.idle_seconds
    clock.now += idle - 2
    # the larger-text toggle takes the press itself (it never reaches the shell widget) and
    # does not touch the session: only the guard on the window can notice this tap
    toggle = kiosk.window.large_text_button
    window = kiosk.window.windowHandle()
    assert window is not None
    centre = toggle.mapTo(kiosk.window, toggle.rect().center())
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert toggle.isChecked()
    clock.now += 4  # past the idle limit counted from before the tap
    kiosk.session.tick()
    assert kiosk.flow.state is Shell.MENU
    clock.now += idle
    kiosk.session.tick()
    assert kiosk.flow.state is Shell.IDLE_WARNING  # and without a tap the warning does come


def test_real_quit_keys_are_swallowed(kiosk: KioskApp) -> None:
    kiosk.start_session()
    settle()
    kiosk.menu.tiles["services"].setFocus()
    window = kiosk.window.windowHandle()
    assert window is not None
    before = kiosk.guard.swallowed
    QTest.keyClick(window, Qt.Key.Key_Escape)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.guard.swallowed >= before + 2
    assert kiosk.window.isVisible()


def test_stop_removes_the_guard(kiosk: KioskApp, qtbot: object) -> None:
    kiosk.stop()
    before = kiosk.guard.swallowed
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert kiosk.guard.swallowed == before
