"""The live-sensors station: fine dust and the Förde water level, live, explained.

The station shows what the service knows (from the network, its cache or the bundle's
snapshot) and never waits for the network itself: opening it starts a fetch in the
background when one is due, and the cards update when values arrive.
"""

from __future__ import annotations

import logging
from functools import partial

import requests
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.sensor_model import SensorSnapshot
from stations.sensors.cards import OverviewScreen
from stations.sensors.demo import Situation, demo_view
from stations.sensors.detail import DetailScreen
from stations.sensors.flow import OPEN, Go, View, sensors_machine, view_of
from stations.sensors.http import HttpSettings, plietsch_version, user_agent
from stations.sensors.present_detail import DetailPresenter
from stations.sensors.service import Clock, SensorService, SensorView, utc_now
from stations.sensors.sources import AIR, WATER, WORKSHOP, configured_sources
from stations.sensors.store import default_cache_path
from stations.sensors.wording import Wording, station_zone
from ui.station import ScreenshotState, Station, StationContext

logger = logging.getLogger(__name__)

VIEW_OF_SOURCE = {AIR: View.AIR, WORKSHOP: View.WORKSHOP, WATER: View.WATER}


class SensorsStation(Station):
    id = "sensors"
    title_key = "stations.sensors.title"
    summary_key = "stations.sensors.summary"

    def __init__(self, session: requests.Session | None = None, clock: Clock = utc_now) -> None:
        """``session``: the one HTTP session of the station (tests inject their own)."""
        self._session = session
        self._clock = clock
        self.stack = QStackedWidget()
        self.machine = sensors_machine()
        self.context: StationContext | None = None
        self.frozen: SensorView | None = None  # screenshots: a fixed view, no network

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        settings = context.config.sensors
        content = context.bundle.sensors
        if content is None:
            logger.warning("sensors: the content bundle has no sensors part; titles are generic")
        self.shipped: SensorSnapshot | None = content.snapshot if content else None
        http = HttpSettings(user_agent(plietsch_version(), settings.contact))
        self.service = SensorService(
            settings,
            self._session or requests.Session(),
            http,
            cache_path=settings.cache_file or default_cache_path(),
            shipped=self.shipped,
            clock=self._clock,
            parent=self.stack,
        )
        self.wording = Wording(context.translator, station_zone(settings.timezone))
        self.presenter = DetailPresenter(
            self.wording,
            content.texts if content else {},
            content.place if content else None,
            settings.radius_km,
        )
        self.sources = [s for s in (AIR, WORKSHOP, WATER) if s in configured_sources(settings)]
        self.overview = OverviewScreen(context.theme, self.sources)
        self.details = {s: DetailScreen(context.theme, self.wording) for s in self.sources}
        self.stack.addWidget(self.overview)
        for detail in self.details.values():
            self.stack.addWidget(detail)
        self.overview.opened.connect(self.open)
        self.machine.changed.connect(lambda _old, _new: self.render())
        self.machine.changed.connect(lambda _old, new: context.usage.step(self.id, new.value))
        self.service.changed.connect(lambda _view: self.render())
        context.translator.language_changed.connect(lambda _lang: self.render())
        context.theme.changed.connect(self.restyle)
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.service.shutdown)
        self.render()
        return self.stack

    # intents --------------------------------------------------------------------------------

    def open(self, source: str) -> None:
        view = VIEW_OF_SOURCE.get(source)
        if view is not None:
            self.machine.fire(OPEN[view])

    def enter(self) -> None:
        self.frozen = None
        self.machine.reset()
        self.render()
        # After the screen is up (and after a screenshot setup has frozen the view): fetch
        # in the background if due, then every refresh interval from now on.
        QTimer.singleShot(0, self._start_polling)

    def _start_polling(self) -> None:
        if self.frozen is None and self.context is not None:
            self.service.start_polling()

    def back(self) -> bool:
        if view_of(self.machine) is View.OVERVIEW:
            return False
        return self.machine.fire(Go.BACK)

    def wipe(self) -> None:
        """Nothing personal is shown here: back to the overview. Polling goes on between
        visitors, so the 24-hour dust chart has no gaps where nobody looked."""
        try:
            self.frozen = None
            self.machine.reset()
            self.overview.wipe()
            for detail in self.details.values():
                detail.wipe()
            self.render()
        except Exception:  # the wipe must never raise
            logger.exception("sensors: wipe failed")

    # rendering ------------------------------------------------------------------------------

    def current_view(self) -> SensorView:
        return self.frozen or self.service.view()

    def render(self) -> None:
        if self.context is None:
            return
        view = self.current_view()
        presenter = self.presenter
        self.overview.show_texts(
            presenter.title(), presenter.status_line(view), presenter.all_credits(self.sources)
        )
        for source, card in self.overview.cards.items():
            if source == WATER:
                card.show_content(presenter.water_card(view))
            else:
                card.show_content(presenter.dust_card(view, source))
        current = view_of(self.machine)
        if current is View.OVERVIEW:
            self.stack.setCurrentWidget(self.overview)
            return
        source = next(s for s, v in VIEW_OF_SOURCE.items() if v is current)
        detail = self.details.get(source)
        if detail is None:
            self.machine.reset()
            return
        if source == WATER:
            detail.show_content(presenter.water_detail(view))
        else:
            detail.show_content(presenter.dust_detail(view, source))
        self.stack.setCurrentWidget(detail)

    def restyle(self) -> None:
        self.overview.restyle()
        for detail in self.details.values():
            detail.restyle()

    # screenshots ----------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        """Normal text only: the renderer runs every state once more in larger text."""
        states: list[ScreenshotState] = []
        for situation in Situation:
            screens: list[View | None] = [None]
            if situation is Situation.ONLINE:
                screens += [VIEW_OF_SOURCE[s] for s in self.sources]
            elif situation is Situation.OFFLINE:
                screens.append(View.WATER if WATER in self.sources else None)
            for screen in screens:
                name = situation.value + (f"-{screen.value}" if screen else "")
                if name not in {n for n, _ in states}:
                    states.append((name, partial(self.show_demo, situation, screen)))
        return states

    def show_demo(self, situation: Situation, screen: View | None) -> None:
        """A fixed situation for a screenshot: no network, the shipped values re-labelled."""
        if self.context is None or self.shipped is None:
            return
        self.service.stop_polling()
        self.frozen = demo_view(situation, self.shipped, self.context.config.sensors)
        self.machine.reset()
        if screen is not None:
            self.machine.fire(OPEN[screen])
        self.render()
        self.restyle()
