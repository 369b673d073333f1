"""Render every screen in every language into PNG files (for review and documentation).

Why through the real app: the screenshots must show what a visitor sees, so they drive the
same KioskApp through its intents, at 1920×1080, offscreen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.flow import Shell
from ui.app import KioskApp
from ui.staff.screenshots import staff_screens
from ui.trainer.screenshots import trainer_screens

logger = logging.getLogger(__name__)

SIZE = (1920, 1080)


def _settle() -> None:
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()


def render_screenshots(kiosk: KioskApp, directory: Path) -> list[Path]:
    """Write `<station>-<screen>-<lang>.png` for every screen; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    kiosk.window.resize(*SIZE)
    kiosk.window.show()
    written: list[Path] = []

    def shoot(station: str, screen: str, lang: str, window: QWidget | None = None) -> None:
        _settle()
        path = directory / f"{station}-{screen}-{lang}.png"
        if not (window or kiosk.window).grab().save(str(path), "PNG"):
            logger.error("cannot write %s", path)
            return
        written.append(path)

    staff_states, staff_done = staff_screens(kiosk)
    trainer, trainer_states = trainer_screens(kiosk.translator)
    trainer.show()
    for lang in kiosk.translator.languages:
        shell_states: list[tuple[str, Callable[[], None]]] = [
            ("attract", partial(kiosk.attract.restart, lang)),
            ("language", kiosk.start_session),
            ("menu", partial(kiosk.choose_language, lang)),
            ("idle-warning", lambda: kiosk._on_warning(kiosk.config.session.warning_seconds)),
        ]
        kiosk.finish()
        kiosk.translator.set_language(lang)
        for screen, setup in shell_states:
            setup()
            shoot("shell", screen, lang)
        for station in kiosk.stations.values():
            kiosk.finish()
            kiosk.choose_language(lang)
            kiosk.open_station(station.id)
            for screen, setup in station.screenshot_states():
                setup()
                if kiosk.flow.state is not Shell.STATION:
                    logger.error("%s/%s left the station screen", station.id, screen)
                shoot(station.id, screen, lang)
        kiosk.finish()
        kiosk.translator.set_language(lang)
        for screen, setup in staff_states:
            setup()
            shoot("staff", screen, lang)
        staff_done()
        kiosk.translator.set_language(lang)
        for screen, setup in trainer_states:
            setup()
            shoot("trainer", screen, lang, trainer)
        kiosk.finish()
    trainer.close()
    return written
