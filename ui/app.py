"""Builds the kiosk from its parts and wires intents to the flow and the session.

Why here and not in main.py: tests and the screenshot renderer build the same kiosk, with a
fake clock or offscreen, without going through argument parsing.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.flow import Intent, Shell, shell_machine
from kiosk.i18n import default_translator
from kiosk.session import Clock, EndReason, VisitorSession
from kiosk.speech import SilentEngine, Speaker, SpeechEngine
from kiosk.stats import UsageRecorder
from ui.guard import KioskGuard
from ui.navigation import KeypadNavigator
from ui.screens.attract import AttractScreen
from ui.screens.menu import MenuScreen
from ui.shell import ShellWindow
from ui.speech import ScreenReader
from ui.station import Station, StationContext, load_stations
from ui.theme import Theme

if TYPE_CHECKING:  # the back end pulls in requests and the emulator; only main.py needs them
    from eid.backend import EidBackend
    from kiosk.health import HealthMonitor

logger = logging.getLogger(__name__)


def station_page(station_id: str) -> tuple[str, str]:
    return ("station", station_id)


class KioskApp(QObject):
    """The running kiosk: window, screens, stations, flow, session, guard."""

    def __init__(
        self,
        config: Config,
        bundle: Bundle,
        *,
        kiosk_mode: bool = True,
        clock: Clock = time.monotonic,
        auto_tick: bool = True,
        stations: list[Station] | None = None,
        eid: EidBackend | None = None,
        defer_stations: bool = False,
        usage: UsageRecorder | None = None,
        speech: SpeechEngine | None = None,
    ) -> None:
        """`defer_stations`: build only the shell now and call `load_stations` later (after the
        first paint), so the attract loop appears before the stations' imports and screens.
        `speech`: the voice for Vorlesen (main.py passes the system's; None: unavailable)."""
        super().__init__()
        self.config = config
        self.eid = eid
        self.bundle = bundle
        self.translator = default_translator(
            config.station.languages, config.station.default_language
        )
        self.theme = Theme(self)
        self.session = VisitorSession(
            config.session.idle_seconds,
            config.session.warning_seconds,
            clock=clock,
            auto_tick=auto_tick,
            parent=self,
        )
        self.flow = shell_machine(self)
        self.station_problems: list[str] = []
        self.stations: dict[str, Station] = {}
        self.current_station: Station | None = None
        self.health: HealthMonitor | None = None  # set by main.py (the eID back end joins later)

        self.window = ShellWindow(self.translator, self.theme, bundle, kiosk_mode=kiosk_mode)
        self.attract = AttractScreen(bundle, self.translator, config.session.slide_seconds)
        self.menu = MenuScreen(self.translator, [])
        self.window.add_page(Shell.ATTRACT, self.attract)
        self.window.add_page(Shell.MENU, self.menu)
        self.translator.language_changed.connect(self._retranslate_pages)
        self.usage = usage or UsageRecorder()  # anonymous counters; records nothing by default
        self.context = StationContext(
            self.translator, config, self.session, self.theme, bundle, self.show_menu, self.finish
        )
        self.context.usage = self.usage
        if not defer_stations:
            self.load_stations(stations, eid)
        self.session.register_wipe("language", self.translator.reset)
        self.session.register_wipe("larger text", lambda: self.theme.set_large_text(False))
        self.session.register_wipe("shell pages", self._wipe_pages)
        self.speaker = Speaker(
            speech or SilentEngine(),
            language=self.translator.language,
            keep_after_visit=config.speech.keep_after_visit,
            parent=self,
        )
        self.reader = ScreenReader(self.window, self.speaker, self.translator)
        self.session.register_wipe("speech", self.speaker.wipe)

        self.guard = KioskGuard(self.session.touch, kiosk_mode=kiosk_mode, parent=self)
        self.navigator = KeypadNavigator(
            self.window,
            self.window.stack,
            back=self._key_back,
            start=self.start_session,
            activity=self.session.touch,
            back_button=self.window.back_button,
            parent=self,
        )
        self.reader.keys_in_use = lambda: self.navigator.keyboard_mode
        self.session.register_wipe("keypad focus", self.navigator.reset)
        self._guarded: list[QObject] = []
        self._connect()
        self.window.show_state(Shell.ATTRACT, Shell.ATTRACT)

    def _connect(self) -> None:
        self.attract.touched.connect(self.start_session)
        self.attract.language_chosen.connect(self.choose_language)
        self.menu.station_chosen.connect(self.open_station)
        self.window.language_requested.connect(self.choose_language)
        self.window.large_text_toggled.connect(self.theme.set_large_text)
        self.window.speech_toggled.connect(self.set_speech)
        self.attract.speech_toggled.connect(self.set_speech)
        self.speaker.enabled_changed.connect(lambda _on: self._show_speech_state())
        self.theme.changed.connect(self._show_speech_state)
        self._show_speech_state()
        self.window.back_requested.connect(self.back)
        self.window.done_requested.connect(self.finish)
        self.window.overlay.continue_requested.connect(self.session.touch)
        self.window.overlay.end_requested.connect(self.finish)
        self.session.warning_started.connect(self._on_warning)
        self.session.countdown.connect(self.window.overlay.set_seconds)
        self.session.continued.connect(lambda: self.flow.fire(Intent.CONTINUE))
        self.session.started.connect(self.usage.visitor_started)
        self.session.ended.connect(self._on_session_ended)
        self.flow.changed.connect(self._on_flow_changed)

    def load_stations(
        self, stations: list[Station] | None = None, eid: EidBackend | None = None
    ) -> None:
        """Create (unless given), build and register the configured stations; once only."""
        if self.stations:
            logger.warning("stations are already loaded")
            return
        self.eid = eid
        self.context.eid = eid
        if stations is None:
            stations, self.station_problems = load_stations(self.config.station.stations)
        self.stations = {station.id: station for station in stations}
        for station in self.stations.values():
            self.window.add_page(station_page(station.id), station.build(self.context))
            self.session.register_wipe(f"station {station.id}", station.wipe)
        self.menu.set_stations(list(self.stations.values()))
        if eid is not None:  # the eID tile says when the demo is not available
            eid.availability_changed.connect(lambda _a: self.menu.retranslate())

    def set_shown_stations(self, station_ids: list[str]) -> None:
        """Staff: which loaded stations the menu offers, in this order."""
        self.menu.set_stations([self.stations[i] for i in station_ids if i in self.stations])

    # intents ----------------------------------------------------------------------------------

    def start_session(self) -> None:
        """A tap on the attract screen: the visit starts in the default language."""
        if self.flow.state is Shell.ATTRACT:
            self.session.start()
            self.flow.fire(Intent.TOUCH)

    def choose_language(self, language: str) -> None:
        self.translator.set_language(language)
        if self.flow.state is Shell.ATTRACT:
            self.session.start()
        self.usage.language(self.translator.language)
        self.flow.fire(Intent.CHOOSE_LANGUAGE)

    def set_speech(self, on: bool) -> None:
        """Vorlesen on or off. On the attract screen this starts a visit (without leaving the
        loop), so the idle reset's wipe switches it off again if nobody goes on."""
        if on and self.flow.state is Shell.ATTRACT:
            self.session.start()
        self.speaker.set_enabled(on)
        self._show_speech_state()

    def _show_speech_state(self) -> None:
        large = self.theme.large_text
        for owner in (self.window, self.attract):
            owner.set_speech_state(self.speaker.enabled, self.speaker.available, large)

    def open_station(self, station_id: str) -> None:
        station = self.stations.get(station_id)
        if station is None or self.flow.state is not Shell.MENU:
            logger.info("open_station %s ignored in %s", station_id, self.flow.state.name)
            return
        self.current_station = station
        self.usage.station_opened(station.id)
        station.enter()
        self.flow.fire(Intent.OPEN_STATION)

    def back(self) -> None:
        station = self.current_station
        if self.flow.state is Shell.STATION and station is not None and station.back():
            return
        self.flow.fire(Intent.BACK)

    def _key_back(self) -> None:
        """The back key does what the footer's "Zurück" does, where it is shown."""
        if self.window.back_button.isVisible():
            self.window.back_button.click()

    def show_menu(self) -> None:
        if self.flow.state is Shell.STATION:
            self.flow.fire(Intent.BACK)

    def finish(self) -> None:
        """ "Fertig – nächste Person": wipe everything, back to the attract loop."""
        self.session.end(EndReason.DONE)

    def handle_error(self) -> None:
        """After an unhandled exception: wipe and start over, never show a traceback."""
        self.session.end(EndReason.ERROR)

    # reactions --------------------------------------------------------------------------------

    def _on_warning(self, seconds: int) -> None:
        self.window.overlay.set_seconds(seconds)
        self.flow.fire(Intent.IDLE)

    def _on_session_ended(self, reason: EndReason) -> None:
        self.usage.session_ended(reason.value, getattr(self.current_station, "id", None))
        if self.flow.state is not Shell.ATTRACT:
            self.flow.reset()

    def _on_flow_changed(self, _old: Shell, new: Shell) -> None:
        if new is Shell.ATTRACT and self.session.active:
            self.session.end(EndReason.DONE)  # e.g. "Zurück" from the menu
        if new is Shell.ATTRACT:
            self.current_station = None
        key: object = new
        if new is Shell.STATION and self.current_station is not None:
            key = station_page(self.current_station.id)
        self.window.show_state(new, key)

    def _retranslate_pages(self, _language: str) -> None:
        for page in (self.attract, self.menu):
            page.retranslate()

    def _wipe_pages(self) -> None:
        self.window.overlay.hide()
        self.window.overlay.set_seconds(0)
        self.attract.restart(self.translator.default_language)

    # running ----------------------------------------------------------------------------------

    def show(self, *, windowed: bool) -> None:
        if windowed:
            self.window.resize(1920, 1080)
            self.window.show()
        else:
            # Without a window manager (X11 kiosk, Xvfb) the full-screen request alone leaves
            # the window at its size hint; cover the screen explicitly as well.
            screen = self.window.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                self.window.setGeometry(screen.geometry())
            self.window.showFullScreen()
        self._guarded = self._guarded_objects()
        for watched in self._guarded:
            watched.installEventFilter(self.guard)
        self.navigator.attach(self._guarded)  # after the guard: it sees the keys first

    def _guarded_objects(self) -> list[QObject]:
        """The window's QWindow (every real touch, click and key arrives there before any
        widget) and the shell widget (events sent to it directly, as tests do).

        Why not the QApplication: a Python filter there runs for every event of every object,
        and wrapping objects of Qt's private classes made PySide load 135 binding types at
        once in the middle of the day (+2.2 MiB resident, measured over 1,000 sessions).
        """
        objects: list[QObject] = [self.window]
        handle = self.window.windowHandle()
        if handle is not None:
            objects.append(handle)
        return objects

    def stop(self) -> None:
        self.reader.stop()
        self.navigator.detach()
        for watched in self._guarded:
            watched.removeEventFilter(self.guard)
        self._guarded = []
        self.session.end(EndReason.DONE)
        self.window.kiosk_mode = False
        self.window.close()


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(kiosk: KioskApp) -> ExceptHook:
    """Log unhandled exceptions (redacted by the log formatter) and reset to the attract loop.

    Returns the previous hook so tests can restore it.
    """
    previous = sys.excepthook
    resetting = False  # a slot that raises during the reset calls this hook again

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal resetting
        if resetting:  # resetting again would recurse until the interpreter dies
            logger.error(
                "unhandled %s during the reset after an error; not resetting again",
                kind.__name__,
                exc_info=(kind, error, trace),
            )
            return
        logger.error(
            "unhandled %s; resetting to the attract loop",
            kind.__name__,
            exc_info=(kind, error, trace),
        )
        resetting = True
        try:
            kiosk.handle_error()
        except Exception:
            logger.critical("reset after an error failed", exc_info=True)
        finally:
            resetting = False

    sys.excepthook = hook
    return previous
