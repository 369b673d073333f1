"""The service finder station: "Wer hilft mir bei …?" — which office helps, online or not.

The visitor types on the on-screen keyboard or taps a topic; results follow every key. A result
shows the responsible office, whether it can be done online and whether the online ID is needed,
and hands off to the portal or information page by QR code. The query lives only in the
keyboard and the screens, and `wipe()` clears both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.content import SHIPPED_BUNDLE
from kiosk.flow import Machine
from stations.finder.catalogue import Catalogue, FinderService, load_catalogue
from stations.finder.flow import Go, View, finder_machine
from stations.finder.matching import FinderIndex, Hit
from stations.finder.screens import DetailScreen, SearchScreen
from ui.handoff import Handoff, HandoffView, portal_language_note
from ui.station import ScreenshotState, Station, StationContext
from ui.widgets import Page

logger = logging.getLogger(__name__)


class HandoffPage(Page):
    def __init__(self, view: HandoffView) -> None:
        super().__init__()
        self.view = view
        self.outer.addWidget(view, 1)

    def wipe(self) -> None:
        self.view.clear()
        super().wipe()


class FinderStation(Station):
    id = "finder"
    title_key = "finder.tile.title"
    summary_key = "finder.tile.summary"

    def __init__(self) -> None:
        self.context: StationContext | None = None
        self.flow: Machine = finder_machine()
        self.stack = QStackedWidget()
        self.catalogue: Catalogue | None = None
        self.index: FinderIndex | None = None
        self.hits: list[Hit] = []
        self.current: FinderService | None = None

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        translator = context.translator
        self.catalogue = self._load_catalogue(context)
        self.search = SearchScreen(translator, context.config.finder.max_results)
        self.detail = DetailScreen(translator)
        self.handoff = HandoffPage(
            HandoffView(translator, context.theme, context.config.content.allowed_hosts)
        )
        self.pages: dict[View, Page] = {
            View.SEARCH: self.search,
            View.DETAIL: self.detail,
            View.HANDOFF: self.handoff,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        if self.catalogue is not None:
            self.search.set_topics(self.catalogue.topics)
        self.search.query_changed.connect(self.run_search)
        self.search.topic_chosen.connect(self.choose_topic)
        self.search.result_chosen.connect(self.open_result)
        self.search.submitted.connect(self.open_first)
        self.detail.to_phone_requested.connect(lambda: self.flow.fire(Go.TO_PHONE))
        self.flow.changed.connect(lambda _old, _new: self._render_if_shown())
        translator.language_changed.connect(lambda _lang: self.render())
        # The index takes a few hundred ms to build: after start-up, not on the first tap.
        QTimer.singleShot(0, self._ensure_index)
        self.render()
        return self.stack

    def _load_catalogue(self, context: StationContext) -> Catalogue | None:
        """The bundle's catalogue; the shipped one if it is broken or missing; else None."""
        hosts = context.config.content.allowed_hosts
        for directory in dict.fromkeys((context.bundle.directory, SHIPPED_BUNDLE)):
            catalogue, problems = load_catalogue(directory, hosts)
            for problem in problems:
                logger.error("finder content: %s", problem)
            if catalogue is not None:
                return catalogue
        logger.critical("finder: no usable catalogue; the station shows a message only")
        return None

    def _ensure_index(self) -> FinderIndex | None:
        if self.index is None and self.catalogue is not None:
            self.index = FinderIndex(self.catalogue)
        return self.index

    # intents --------------------------------------------------------------------------------

    def run_search(self, query: str) -> None:
        index = self._ensure_index()
        limit = self.context.config.finder.max_results if self.context else 6
        self.hits = index.search(query, limit=limit) if index else []
        self.search.show_results(query, self.hits, available=index is not None)

    def choose_topic(self, position: int) -> None:
        if self.catalogue is None or not 0 <= position < len(self.catalogue.topics):
            return
        lang = self.context.translator.language if self.context else "de"
        self.search.keyboard.set_text(self.catalogue.topics[position].query.get_text(lang) + " ")

    def open_result(self, service_id: str) -> None:
        service = self.catalogue.service(service_id) if self.catalogue else None
        if service is None:
            logger.warning("finder: unknown result %r", service_id)
            return
        self.current = service
        self.flow.fire(Go.OPEN)

    def open_first(self) -> None:
        if self.hits:
            self.open_result(self.hits[0].service.id)

    def back(self) -> bool:
        if self.flow.state is View.SEARCH:
            return False
        return self.flow.fire(Go.BACK)

    def wipe(self) -> None:
        self.current = None
        self.hits = []
        self.flow.reset()
        for page in self.pages.values():
            page.wipe()
        self.render()  # the default language's texts, as before the visitor came

    def enter(self) -> None:
        self.wipe()
        self.render()

    # rendering ------------------------------------------------------------------------------

    def _render_if_shown(self) -> None:
        """Re-render after a move only if a visitor sees the station (`enter()` renders it)."""
        if self.stack.isVisible():
            self.render()

    def render(self) -> None:
        view = self.flow.state
        if view is View.DETAIL and self.current is not None:
            self.detail.fill(self.current)
        elif view is View.HANDOFF and self.current is not None:
            self.handoff.view.present(self._handoff(self.current))
        else:
            view = View.SEARCH
            self.search.show_results(
                self.search.keyboard.text, self.hits, available=self.catalogue is not None
            )
        assert isinstance(view, View)
        self.stack.setCurrentWidget(self.pages[view])

    def _handoff(self, service: FinderService) -> Handoff:
        assert self.context is not None
        tr = self.context.translator.tr
        lang = self.context.translator.language
        title = service.title.get_text(lang)
        note = ""
        if service.general_page:
            # The city's site is German: the visitor searches there with the German title.
            site = urlsplit(service.url).hostname
            text = tr("finder.qr.general", title=service.title.get_text("de"), site=site)
            note = portal_language_note(self.context.translator, ("de",))
        else:
            text = tr("finder.qr.online" if service.online else "finder.qr.info")
        return Handoff(service.url, tr("finder.qr.title"), text=text, eyebrow=title, note=note)

    # screenshots ----------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        to_phone = partial(self.flow.fire, Go.TO_PHONE)
        # Normal text only: the renderer runs every state once more in larger text.
        return [
            ("search", self.enter),
            ("typing", partial(self._typed, "hund")),
            ("results", partial(self._typed, "ummelden")),
            ("nothing", partial(self._typed, "xqzv")),
            ("detail", partial(self._opened, "ummelden", [])),
            ("detail-offline", partial(self._opened, "Personalausweis", [])),
            ("qr", partial(self._opened, "ummelden", [to_phone])),
            ("qr-general", partial(self._opened, "dog tax", [to_phone])),
        ]

    def _typed(self, text: str) -> None:
        self.enter()
        for char in text:
            self.search.keyboard.type_text(char)

    def _opened(self, text: str, moves: list[Callable[[], object]]) -> None:
        self._typed(text)
        self.open_first()
        for move in moves:
            move()
