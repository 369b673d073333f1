"""The online-service station: explains a real online service and hands off to the portal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.content import Service
from stations.services.flow import ServiceFlow, View
from stations.services.handoff import HandoffScreen, StepScreen
from stations.services.screens import NeedsScreen, OverviewScreen, ServiceMenuScreen
from ui.station import ScreenshotState, Station, StationContext
from ui.widgets import Page

logger = logging.getLogger(__name__)


class ServicesStation(Station):
    id = "services"
    title_key = "stations.services.title"
    summary_key = "stations.services.summary"

    def __init__(self) -> None:
        self.flow = ServiceFlow()
        self.context: StationContext | None = None
        self.stack = QStackedWidget()
        self.pages: dict[View, Page] = {}

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        translator = context.translator
        bundle = context.bundle
        self.menu = ServiceMenuScreen(bundle, translator)
        self.overview = OverviewScreen(translator)
        self.needs = NeedsScreen(translator)
        self.step = StepScreen(translator)
        self.handoff = HandoffScreen(
            translator, context.theme, context.config.content.allowed_hosts
        )
        self.pages = {
            View.MENU: self.menu,
            View.OVERVIEW: self.overview,
            View.NEEDS: self.needs,
            View.STEP: self.step,
            View.HANDOFF: self.handoff,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.menu.service_chosen.connect(self.open_service)
        self.overview.next_requested.connect(self.flow.next)
        self.overview.to_phone_requested.connect(self.flow.to_phone)
        self.needs.next_requested.connect(self.flow.next)
        self.step.next_requested.connect(self.flow.next)
        self.flow.machine.changed.connect(lambda _old, _new: self.render())
        self.flow.machine.changed.connect(lambda _o, new: context.usage.step(self.id, new.value))
        translator.language_changed.connect(lambda _lang: self.render())
        self.render()
        return self.stack

    # intents --------------------------------------------------------------------------------

    def open_service(self, service_id: str) -> None:
        service = self.context.bundle.service(service_id) if self.context else None
        if service is None:
            logger.warning("services: unknown service %r", service_id)
            return
        self.flow.open(service)

    def enter(self) -> None:
        self.flow.reset()
        self.menu.wipe()
        self.render()

    def back(self) -> bool:
        return self.flow.back()

    def wipe(self) -> None:
        self.flow.reset()
        for page in self.pages.values():
            page.wipe()
        self.render()

    # rendering ------------------------------------------------------------------------------

    def render(self) -> None:
        """Show and fill the page of the current view."""
        view = self.flow.view
        service = self.flow.position.service
        if view is View.MENU or service is None:
            self.menu.fill()
            self.stack.setCurrentWidget(self.menu)
            return
        if view is View.OVERVIEW:
            self.overview.fill(service)
        elif view is View.NEEDS:
            self.needs.fill(service)
        elif view is View.STEP:
            self.step.fill(service, self.flow.position.step)
        elif view is View.HANDOFF:
            self.handoff.fill(service)
        self.stack.setCurrentWidget(self.pages[view])

    # screenshots ----------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        states: list[ScreenshotState] = [("menu", self.enter)]
        services = self.context.bundle.services if self.context else ()
        for service in services:
            states.append((f"{service.id}-overview", partial(self._show, service, View.OVERVIEW)))
            states.append((f"{service.id}-needs", partial(self._show, service, View.NEEDS)))
            for index in range(len(service.steps)):
                states.append(
                    (
                        f"{service.id}-step{index + 1}",
                        partial(self._show, service, View.STEP, index),
                    )
                )
            states.append((f"{service.id}-qr", partial(self._show, service, View.HANDOFF)))
        return states

    def _show(self, service: Service, view: View, step: int = 0) -> None:
        self.enter()
        self.open_service(service.id)
        moves: dict[View, list[Callable[[], None]]] = {
            View.NEEDS: [self.flow.next],
            View.STEP: [self.flow.next, self.flow.next],
            View.HANDOFF: [self.flow.to_phone],
        }
        for move in moves.get(view, []):
            move()
        for _ in range(step):
            self.flow.next()
