"""Render every screen in every language, normal and larger text, into PNG files (for review).

Why through the real app: the screenshots must show what a visitor sees, so they drive the
same KioskApp through its intents, at 1920×1080, offscreen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.flow import Shell
from ui.app import KioskApp
from ui.staff.screenshots import staff_screens
from ui.station import STATION_PACKAGES, Station, load_stations
from ui.trainer.screenshots import trainer_screens

logger = logging.getLogger(__name__)

SIZE = (1920, 1080)


def _settle() -> None:
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()


def every_station(configured: Sequence[str]) -> list[Station]:
    """The configured stations in their order, then every other installed station type.

    Why all: the screenshots review every station a city may switch on (the live sensors are
    off by default), not only this config's; the running kiosk still shows only its own."""
    stations, _problems = load_stations(list(dict.fromkeys([*configured, *STATION_PACKAGES])))
    return stations


def render_screenshots(kiosk: KioskApp, directory: Path) -> list[Path]:
    """Write `<station>-<screen>-<lang>.png` for every screen (lang in lower case: `de-ls`), and
    the same with larger text as `<station>-<screen>-<lang>-large.png`; returns the files.

    Beside each PNG, `<same name>.speech.txt` holds what Vorlesen would say on that screen
    (empty for the trainer's window, which is not read aloud), for review with the picture.
    """
    directory.mkdir(parents=True, exist_ok=True)
    kiosk.window.resize(*SIZE)
    kiosk.window.show()
    written: list[Path] = []

    def shoot(
        station: str, screen: str, lang: str, suffix: str, window: QWidget | None = None
    ) -> None:
        target = window or kiosk.window
        # Back to the screen's size before each shot: a window never shrinks by itself, so
        # one screen too wide for 1920 px would otherwise widen every later screenshot too
        # (a screen that needs more than 1920 px still shows up wider, in its own shot).
        target.resize(*SIZE)
        _settle()
        path = directory / f"{station}-{screen}-{lang.lower()}{suffix}.png"  # de-LS -> de-ls
        if not target.grab().save(str(path), "PNG"):
            logger.error("cannot write %s", path)
            return
        written.append(path)
        spoken = kiosk.reader.page_utterance() if window is None else ""
        path.with_suffix(".speech.txt").write_text(spoken + "\n" if spoken else "", "utf-8")

    staff_states, staff_done = staff_screens(kiosk)
    trainer, trainer_states = trainer_screens(kiosk.translator)
    trainer.show()
    for large in (False, True):
        suffix = "-large" if large else ""
        for lang in kiosk.translator.languages:
            shot = partial(shoot, lang=lang, suffix=suffix)
            _render_language(kiosk, lang, large, shot)
            kiosk.translator.set_language(lang)
            kiosk.theme.set_large_text(large)
            for screen, setup in staff_states:
                setup()
                shot("staff", screen)
            staff_done()
            if not large:  # the trainer's own window does not follow the visitor's text size
                kiosk.translator.set_language(lang)
                for screen, setup in trainer_states:
                    setup()
                    shot("trainer", screen, window=trainer)
            kiosk.finish()
    trainer.close()
    return written


def _render_language(kiosk: KioskApp, lang: str, large: bool, shoot: Callable[..., None]) -> None:
    """Every visitor screen in `lang`; the larger text is switched on after each session start,
    as a visitor would (the privacy wipe switches it off again)."""
    shell_states: list[tuple[str, Callable[[], None]]] = [
        ("attract", partial(kiosk.attract.restart, lang)),
        ("menu", partial(kiosk.choose_language, lang)),
        ("idle-warning", lambda: kiosk._on_warning(kiosk.config.session.warning_seconds)),
    ]
    kiosk.finish()
    kiosk.translator.set_language(lang)
    for screen, setup in shell_states:
        setup()
        kiosk.theme.set_large_text(large)
        shoot("shell", screen)
    for station in kiosk.stations.values():
        kiosk.finish()
        kiosk.choose_language(lang)
        kiosk.theme.set_large_text(large)
        kiosk.open_station(station.id)
        for screen, setup in station.screenshot_states():
            setup()
            if kiosk.flow.state is not Shell.STATION:
                logger.error("%s/%s left the station screen", station.id, screen)
            shoot(station.id, screen)
    kiosk.finish()
