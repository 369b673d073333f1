"""Walk a kiosk through its screens, as a visitor reaches them, for the screen-wide UI checks."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from kiosk.flow import Intent, Shell
from tests.qt_helpers import settle
from ui.app import KioskApp


def walk_screens(
    kiosk: KioskApp,
    language: str | None = None,
    large: bool = False,
    stations: Collection[str] | None = None,
) -> Iterator[str]:
    """Put the kiosk into each screen in turn (shell, then every screenshot state of each
    station, or of `stations` only) and yield its name; in `language` and text size if given."""
    kiosk.finish()
    kiosk.attract.restart(language)
    kiosk.theme.set_large_text(large)
    settle()
    yield "attract"
    kiosk.choose_language(language or kiosk.translator.default_language)
    kiosk.theme.set_large_text(large)
    settle()
    yield "menu"
    kiosk._on_warning(kiosk.config.session.warning_seconds)
    settle()
    yield "idle-warning"
    kiosk.flow.fire(Intent.CONTINUE)
    for station in kiosk.stations.values():
        if stations is not None and station.id not in stations:
            continue
        kiosk.open_station(station.id)
        for name, setup in station.screenshot_states():
            setup()
            settle()
            assert kiosk.flow.state is Shell.STATION
            assert not kiosk.window.overlay.isVisible()
            yield f"{station.id}-{name}"
        while kiosk.flow.state is Shell.STATION:
            kiosk.back()
