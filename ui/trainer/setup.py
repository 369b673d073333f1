"""Whether and where the trainer window opens: `[trainer] window` ("off", "auto": only with a
second screen, "on"), `--trainer-window` to force it; on a second screen when there is one.

The window follows the eID back end's client traffic. On a station with real cards, the
visitor's privacy wipe also clears it (a card's retry counter belongs to its holder); with the
emulator it keeps the last process until the next one starts, for the trainer to explain.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.i18n import default_translator
from ui.trainer.scenarios import ScenarioControl
from ui.trainer.timeline import Timeline
from ui.trainer.window import TrainerWindow

if TYPE_CHECKING:
    from eid.backend import EidBackend
    from ui.app import KioskApp

logger = logging.getLogger(__name__)

WINDOW_SIZE = (1600, 1000)  # without a second screen: a window beside the kiosk


def second_screen(kiosk_window: QWidget) -> QScreen | None:
    """Any screen the kiosk window is not on."""
    own = kiosk_window.screen()
    others = [screen for screen in QGuiApplication.screens() if screen is not own]
    return others[0] if others else None


def ask_when_ready(eid: EidBackend, scenarios: ScenarioControl) -> None:
    """Which card lies on the emulator's reader, once the emulator is up."""
    if eid.ready:
        scenarios.ask()


def install_trainer(
    kiosk: KioskApp, eid: EidBackend | None, *, forced: bool = False
) -> TrainerWindow | None:
    """The trainer window if wanted (the caller keeps the reference: it has no Qt parent)."""
    mode = kiosk.config.trainer.window
    screen = second_screen(kiosk.window)
    if not forced and (mode == "off" or (mode == "auto" and screen is None)):
        return None
    if eid is None:
        logger.warning("trainer window: no eID back end, nothing to follow")
        return None
    station = kiosk.config.station
    translator = default_translator(station.languages, station.default_language)
    scenarios = None
    if eid.emulated:
        scenarios = ScenarioControl(lambda: eid.client.url)
    window = TrainerWindow(translator, Timeline(), scenarios=scenarios)
    translator.setParent(window)
    eid.client.traffic.connect(window.feed)
    if not eid.emulated:
        kiosk.session.register_wipe("trainer window", window.clear)
    if scenarios is not None:
        scenarios.setParent(window)
        eid.availability_changed.connect(lambda _a: ask_when_ready(eid, scenarios))
    if screen is not None:
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        logger.info("trainer window on screen %s", screen.name())
    else:
        window.resize(*WINDOW_SIZE)
        window.show()
        logger.info("trainer window opened (no second screen)")
    return window
