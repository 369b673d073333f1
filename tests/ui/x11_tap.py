"""Child process of test_touch_scroll_x11: taps a tile of the scrolling services list on a
real X server and prints what happened as JSON.

Why a child process: the test session runs on the offscreen platform, where a scroll area's
delayed press is replayed to `QApplication.widgetAt()`, which is always None there, so every
tap on a scrollable list is lost offscreen although it works on a real display.
"""

from __future__ import annotations

import json
import logging
import sys

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, load_bundle
from ui.app import KioskApp
from ui.station import load_stations

logger = logging.getLogger(__name__)


def main(hold_ms: int, jitter: int) -> dict[str, object]:
    app = QApplication(sys.argv[:1])
    config = load_config(None)[0]
    bundle, _problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert bundle is not None
    stations, _ = load_stations(["services"])
    kiosk = KioskApp(config, bundle, kiosk_mode=False, stations=stations, auto_tick=False)
    kiosk.window.resize(1920, 1080)
    kiosk.show(windowed=True)
    QTest.qWaitForWindowExposed(kiosk.window)
    kiosk.choose_language("de")
    kiosk.theme.set_large_text(True)  # the list scrolls with larger text
    kiosk.open_station("services")
    QTest.qWait(200)
    menu = kiosk.stations["services"].menu
    service = bundle.services[1]
    tile = menu.tiles[service.id]
    clicked: list[bool] = []
    tile.clicked.connect(lambda: clicked.append(True))
    window = kiosk.window.windowHandle()
    start = tile.mapTo(kiosk.window, QPoint(tile.width() // 2, tile.height() // 2))
    end = start + QPoint(0, jitter)
    no_modifier = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(window, Qt.MouseButton.LeftButton, no_modifier, start)
    QTest.qWait(hold_ms)
    steps = max(1, abs(jitter) // 20)  # a drag moves in steps, as a finger does
    for step in range(1, steps + 1):
        QTest.mouseMove(window, start + QPoint(0, jitter * step // steps))
        QTest.qWait(15)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, no_modifier, end)
    QTest.qWait(600)  # longer than the scroller's press delay
    result = {
        "scrollable": menu.scroller.verticalScrollBar().maximum() > 0,
        "scrolled": menu.scroller.verticalScrollBar().value() > 0,
        "clicked": bool(clicked),
        "menu_visible": menu.isVisible(),
        "title_shown": service.title.get_text("de"),
    }
    kiosk.stop()
    app.processEvents()
    return result


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
