"""Staff mode in the real kiosk window (offscreen): gesture → PIN pad → dashboard → stations
→ export → lock, driven through the window's input like a finger would."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.health_probes import ContentStatus
from kiosk.health_run import build_monitor
from kiosk.staff import CornerTaps, Lockout, PinStore, hash_pin
from kiosk.staff_access import StaffAccess, StaffState
from kiosk.stats import Statistics, UsageRecorder
from tests.qt_helpers import FakeClock, all_texts, settle, visible_texts
from ui.app import KioskApp
from ui.staff.mode import StaffMode

PIN = "482913"


def now(work: Any) -> None:
    work()


class Staff:
    """A kiosk with staff mode on a fake clock, and a finger."""

    def __init__(self, kiosk: KioskApp, mode: StaffMode, clock: FakeClock) -> None:
        self.kiosk, self.mode, self.clock = kiosk, mode, clock

    def tap_at(self, x: int, y: int) -> None:
        self.clock.now += 0.3
        handle = self.kiosk.window.windowHandle()
        QTest.mouseClick(
            handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
        )
        settle()

    def tap(self, widget: QWidget) -> None:
        """A click where the widget is on screen, through the window (not widget.click())."""
        assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
        centre = widget.mapTo(self.kiosk.window, widget.rect().center())
        self.tap_at(centre.x(), centre.y())

    def gesture(self) -> None:
        for _ in range(5):
            self.tap_at(30, 30)

    def type_pin(self, pin: str) -> None:
        for digit in pin:
            self.tap(self.mode.pad.keys[digit])
        self.tap(self.mode.pad.ok_key)


@pytest.fixture
def staff(
    qtbot: Any,
    *,
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    tmp_path: Path,
    file_keyring: dict[str, str],
) -> Iterator[Staff]:
    PinStore().save(hash_pin(PIN))
    config = replace(config, staff=replace(config.staff, export_dir=tmp_path / "usb"))
    stats = Statistics(tmp_path / "statistics.sqlite")
    kiosk = KioskApp(
        config, bundle, kiosk_mode=True, clock=clock, auto_tick=False, usage=UsageRecorder(stats)
    )
    kiosk.window.resize(1920, 1080)
    kiosk.show(windowed=True)
    kiosk.health = build_monitor(config, ContentStatus(bundle.id, bundle.directory))
    access = StaffAccess(PinStore(), Lockout(clock), clock=clock, auto_tick=False, run=now)
    access.probe()
    mode = StaffMode(
        kiosk,
        access,
        CornerTaps(clock=clock),
        statistics=stats,
        choice_path=tmp_path / "stations.json",
    )
    settle()
    yield Staff(kiosk, mode, clock)
    access.lock("end of test")  # stops the dashboard's timers
    kiosk.stop()
    stats.close()
    settle()


def button_named(root: QWidget, name: str) -> QAbstractButton:
    found = [
        b
        for b in root.findChildren(QAbstractButton)
        if b.accessibleName() == name and b.isVisible()
    ]
    assert len(found) == 1, (name, [b.accessibleName() for b in root.findChildren(QAbstractButton)])
    return found[0]


def test_unlock_health_stations_export_and_lock_by_touch(
    qtbot: Any, staff: Staff, tmp_path: Path
) -> None:
    kiosk, mode = staff.kiosk, staff.mode
    staff.tap_at(900, 500)  # a visitor starts on the attract loop ...
    kiosk.choose_language("en")
    kiosk.open_station("services")
    staff.gesture()  # ... and staff come along
    assert mode.access.state is StaffState.PIN_PAD and mode.pad.isVisible()
    staff.type_pin(PIN)
    qtbot.waitUntil(lambda: mode.access.state is StaffState.OPEN, timeout=5000)
    dashboard = mode.dashboard
    assert dashboard is not None and dashboard.isVisible()
    assert not kiosk.session.active, "unlocking ends the visitor's session (privacy wipe)"
    assert kiosk.translator.language == "de"
    texts = visible_texts(dashboard)
    assert "Zustand der Station" in texts
    content = dashboard.rows["content"]
    assert content.accessibleName() == "Inhalte: OK · erforderlich"
    assert "flensburg" in content.details.text()
    qtbot.waitUntil(lambda: "Besucher heute: 1" in visible_texts(dashboard), timeout=5000)

    staff.tap(dashboard.stations_button)
    configured = list(kiosk.stations)
    assert configured[:2] == ["services", "eid"]
    staff.tap(button_named(dashboard, "Online-Dienste der Stadt zeigen"))
    assert list(kiosk.menu.tiles) == configured[1:]
    staff.tap(button_named(dashboard, "Online-Dienste der Stadt zeigen"))
    staff.tap(button_named(dashboard, "Online-Dienste der Stadt nach unten"))
    reordered = ["eid", "services", *configured[2:]]
    assert list(kiosk.menu.tiles) == reordered
    staff.tap(dashboard.stations.done_button)

    staff.tap(dashboard.action_buttons["export"])
    qtbot.waitUntil(lambda: list((tmp_path / "usb").glob("*.csv")) != [], timeout=5000)
    exported = next((tmp_path / "usb").glob("plietsch-statistics-*.csv"))
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["hour", "station", "event", "value", "count"]
    assert ["shell", "visitor", "started", "1"] in [row[1:] for row in rows]
    qtbot.waitUntil(lambda: str(exported) in dashboard.result_line.text(), timeout=5000)

    staff.tap(dashboard.lock_button)
    assert mode.access.state is StaffState.CLOSED and not dashboard.isVisible()
    assert list(kiosk.menu.tiles) == reordered  # the choice outlives the lock ...
    again = StaffMode(
        kiosk, mode.access, CornerTaps(clock=staff.clock), choice_path=tmp_path / "stations.json"
    )
    assert again.shown() == reordered  # ... and a restart


def test_a_wrong_pin_shows_the_wait_and_the_pin_is_shown_nowhere(qtbot: Any, staff: Staff) -> None:
    staff.gesture()
    staff.type_pin("999998")
    pad = staff.mode.pad
    assert "Falsche PIN" in pad.message.text() and "1 s" in pad.message.text()
    assert not pad.keys["1"].isEnabled()
    for digit in "4829":
        pad.keys[digit].setEnabled(True)
        staff.tap(pad.keys[digit])
    texts = "\n".join(all_texts(staff.kiosk.window))
    assert "4829" not in texts and "999998" not in texts
    assert pad.dots.accessibleName() == "4 Ziffern eingegeben"
    assert pad.dots.text().count("●") == 4


def test_it_locks_itself_after_a_minute_without_a_touch(qtbot: Any, staff: Staff) -> None:
    staff.gesture()
    staff.type_pin(PIN)
    qtbot.waitUntil(lambda: staff.mode.access.is_open, timeout=5000)
    staff.clock.now += 45
    staff.tap_at(1000, 1000)  # staff still working: counts as a touch
    staff.clock.now += 45
    staff.mode.access.tick()
    assert staff.mode.access.is_open
    staff.clock.now += 16
    staff.mode.access.tick()
    assert not staff.mode.access.is_open
    assert staff.mode.dashboard is not None and not staff.mode.dashboard.isVisible()


def test_ordinary_visitor_taps_never_open_the_pad(staff: Staff) -> None:
    for x, y in [(960, 540), (1500, 60), (300, 300), (30, 1000), (1890, 30)] * 10:
        staff.tap_at(x, y)
    assert staff.mode.access.state is StaffState.CLOSED
    assert not staff.mode.pad.isVisible()


def test_every_dashboard_button_has_an_accessible_name(qtbot: Any, staff: Staff) -> None:
    staff.gesture()
    staff.type_pin(PIN)
    qtbot.waitUntil(lambda: staff.mode.access.is_open, timeout=5000)
    assert staff.mode.dashboard is not None
    staff.tap(staff.mode.dashboard.stations_button)
    for widget in staff.mode.dashboard.findChildren(QAbstractButton):
        if widget.isVisible():
            assert widget.accessibleName().strip(), widget.text()


def test_without_a_keyring_the_pad_says_so_and_stays_closed(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, no_keyring: dict[str, str]
) -> None:
    kiosk = KioskApp(config, bundle, kiosk_mode=True, clock=clock, auto_tick=False)
    kiosk.window.resize(1920, 1080)
    kiosk.show(windowed=True)
    try:
        access = StaffAccess(PinStore(), Lockout(clock), clock=clock, auto_tick=False, run=now)
        access.probe()
        mode = StaffMode(kiosk, access, CornerTaps(clock=clock), choice_path=None)
        staff = Staff(kiosk, mode, clock)
        staff.gesture()
        assert mode.pad.isVisible()
        assert "Schlüsselbund" in mode.pad.message.text()
        assert not any(key.isEnabled() for key in mode.pad.keys.values())
        mode.pad.submitted.emit(PIN)  # even a PIN that got here is not checked
        assert access.state is StaffState.PIN_PAD and mode.dashboard is None
    finally:
        kiosk.stop()
        settle()


def press_at(staff: Staff, x: int, y: int, timestamp_ms: int) -> None:
    """A press as the window system delivers it, with its own timestamp."""
    point = QPointF(x, y)
    handle = staff.kiosk.window.windowHandle()
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            point,
            point,
            point,
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        event.setTimestamp(timestamp_ms)
        QCoreApplication.sendEvent(handle, event)


def test_taps_that_queued_up_while_the_kiosk_was_busy_still_count(staff: Staff) -> None:
    """The GUI thread may handle five quick taps in one go; their own times decide."""
    for index in range(5):
        press_at(staff, 30, 30, 900_000 + index * 300)  # 0.3 s apart, handled at once
    assert staff.mode.access.state is StaffState.PIN_PAD


def test_slow_taps_do_not_count_even_if_handled_at_once(staff: Staff) -> None:
    for index in range(5):
        press_at(staff, 30, 30, 900_000 + index * 1500)
    assert staff.mode.access.state is StaffState.CLOSED


def test_a_reopened_pad_still_waits_and_then_takes_pins_again(staff: Staff) -> None:
    staff.gesture()
    staff.type_pin("999998")
    staff.tap(staff.mode.pad.cancel_button)
    for index in range(5):  # again at once (the clock stands): the wait of 1 s still runs
        press_at(staff, 30, 30, 500_000 + index * 300)
    pad = staff.mode.pad
    assert pad.isVisible() and not pad.keys["4"].isEnabled()
    assert "Falsche PIN" in pad.message.text()
    staff.tap(pad.cancel_button)
    staff.clock.now += 5
    staff.gesture()
    assert pad.keys["4"].isEnabled() and pad.message.text() == "Geben Sie die Personal-PIN ein."
