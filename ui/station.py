"""How a station plugs into the shell.

A station is one thing a visitor can do at the kiosk ("walk through an online service",
"try your own ID card"). It appears as a tile in the menu and, once opened, owns the whole
content area between the shell's header and footer. The shell keeps the header (language,
larger text) and the footer ("Zurück", "Fertig – nächste Person") and the visitor session.

Writing a station:

1. Make a package `stations/<package>/` whose `__init__.py` has `create_station() -> Station`.
2. Add its id to `STATION_PACKAGES` below and to `[station] stations` in the config.
3. Subclass `Station`:

   - `id`, `title_key`, `summary_key`: the i18n keys of the menu tile. A station keeps its
     strings in its own part file, `assets/i18n/<lang>/<part>.toml`, in every language.
   - `build(context)` returns the station's root widget (usually a `QStackedWidget` of its
     screens), called once at start-up. Keep `context`; it carries everything shared.
   - `enter()` shows the station's first screen (the visitor came from the menu).
   - `back()` handles "Zurück": go one screen back and return True, or return False when the
     station is at its first screen (the shell then shows the menu).
   - `wipe()` forgets the visitor: clear inputs and results, cancel open requests, go to the
     first screen, reset scroll positions. Called on "Fertig", on idle reset and on errors;
     it must never raise and never block.
   - `screenshot_states()` lists `(screen_name, setup)` pairs; `setup()` puts the station into
     that screen with demo data, for `main.py --screenshots`. The renderer runs them in
     normal and in larger text; a setup leaves the text size alone.

Rules: screens render state and emit intents; flow lives in a `kiosk.flow.Machine`; re-render
texts on `context.translator.language_changed`; every button gets an accessible name (use
`ui.widgets.button`); never log or keep visitor data beyond `wipe()`.
"""

from __future__ import annotations

import importlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.config import Config
from kiosk.content import Bundle, ContentCheck, ContentSummary
from kiosk.i18n import Translator
from kiosk.session import VisitorSession
from kiosk.stats import UsageRecorder
from ui.theme import Theme

if TYPE_CHECKING:  # the back end pulls in requests and the emulator; only main.py builds it
    from eid.backend import EidBackend

logger = logging.getLogger(__name__)

#: Station id (as used in the config) -> the package that provides `create_station()`.
STATION_PACKAGES: dict[str, str] = {
    "services": "stations.services",
    "eid": "stations.eid_demo",
    "finder": "stations.finder",
    "survey": "stations.survey",
    "sensors": "stations.sensors",
}


@dataclass
class StationContext:
    """Everything a station shares with the shell.

    `show_menu()` leaves the station for the menu; `finish()` ends the visitor's session
    exactly like "Fertig – nächste Person" (wipe, back to the attract loop). `eid` is the
    kiosk's eID back end (None: eID not configured); a station that needs it reads it here.
    `usage` counts, anonymously, the steps a visitor reached and how a process ended:
    `context.usage.step(self.id, "insert-card")`, `context.usage.outcome(self.id, "success")`
    (short lower-case names only; a step is counted once per visitor).
    """

    translator: Translator
    config: Config
    session: VisitorSession
    theme: Theme
    bundle: Bundle
    show_menu: Callable[[], None]
    finish: Callable[[], None]
    eid: EidBackend | None = None
    usage: UsageRecorder = field(default_factory=UsageRecorder)


ScreenshotState = tuple[str, Callable[[], None]]


class Station(ABC):
    """Base class of every station; see the module docstring for the contract."""

    id: str = ""
    title_key: str = ""
    summary_key: str = ""

    @abstractmethod
    def build(self, context: StationContext) -> QWidget:
        """Create the station's root widget (called once)."""

    @abstractmethod
    def enter(self) -> None:
        """Show the first screen."""

    @abstractmethod
    def back(self) -> bool:
        """One screen back; False when already at the first screen."""

    @abstractmethod
    def wipe(self) -> None:
        """Forget the visitor completely; never raises."""

    def screenshot_states(self) -> list[ScreenshotState]:
        """(screen name, setup) pairs for `--screenshots`; default: just the first screen."""
        return [("start", self.enter)]

    def staff_view(self) -> QWidget | None:
        """A widget for the staff dashboard (e.g. the survey's results), or None.

        Why here: the dashboard lives in `ui/` and must not import stations; it asks each
        loaded station instead. The widget refreshes itself when shown."""
        return None


def content_checks() -> list[ContentCheck]:
    """The `check_content(bundle_dir, allowed_hosts)` functions of every known station package
    that has its own content in a bundle (for `main.py --check-content`).

    Every known station is checked, not only the configured ones: one bundle serves stations
    with different configs.
    """
    checks: list[ContentCheck] = []
    for package in STATION_PACKAGES.values():
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        check = getattr(module, "check_content", None)
        if callable(check):
            checks.append(check)
    return checks


def content_summaries() -> list[ContentSummary]:
    """The `content_summary(bundle_dir, allowed_hosts)` functions of the station packages (in
    `STATION_PACKAGES` order): each counts its own part for the `--check-content` ok line."""
    summaries: list[ContentSummary] = []
    for package in STATION_PACKAGES.values():
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        summary = getattr(module, "content_summary", None)
        if callable(summary):
            summaries.append(summary)
    return summaries


def load_stations(ids: Sequence[str]) -> tuple[list[Station], list[str]]:
    """Create the configured stations in order; unknown or broken ones are skipped, reported."""
    stations: list[Station] = []
    problems: list[str] = []
    for station_id in ids:
        package = STATION_PACKAGES.get(station_id)
        if package is None:
            known = ", ".join(sorted(STATION_PACKAGES))
            problems.append(f'station "{station_id}" is unknown; expected one of {known}')
            continue
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError as error:
            if error.name and package.startswith(error.name):
                logger.info('station "%s" is not installed (%s); not shown', station_id, package)
                continue
            problems.append(f'station "{station_id}" cannot be loaded: {error}')
            continue
        except Exception as error:
            problems.append(f'station "{station_id}" cannot be loaded: {error!r}')
            continue
        factory = getattr(module, "create_station", None)
        if not callable(factory):
            problems.append(f'station "{station_id}": {package} has no create_station()')
            continue
        stations.append(factory())
    for problem in problems:
        logger.error("config: %s", problem)
    return stations, problems
