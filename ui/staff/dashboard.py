"""The staff dashboard: station health on the left, today's numbers and a chart in the middle,
the stations in the menu and the actions on the right, and one line saying what just happened.

It renders what it is given and emits what staff tapped; `ui.staff.mode.StaffMode` does the
rest. It covers the whole window, so nothing of the visitor's screens can be touched beneath.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.health import HealthReport
from kiosk.i18n import Translator
from kiosk.stats import Today
from ui.languages import NATIVE_NAMES
from ui.staff.chart import VisitorsChart
from ui.staff.health_view import STATUS_COLOURS, Translate, check_lines
from ui.staff.station_views import StationViewPage, ViewButton
from ui.staff.stations_panel import StationsPanel
from ui.theme import MARGIN_PX, SPACING_PX
from ui.widgets import TouchScroll, button, set_button_text, text_label

logger = logging.getLogger(__name__)

ACTIONS = ("reload", "restart_eid", "selftest", "export")
DOT_PX = 22
HEALTH_WIDTH_PX = 720
CONTROLS_WIDTH_PX = 470
EID_PREFIX = "eid: "  # `Today.outcomes` keys are "station: outcome"


def _listing(title: str, items: list[str], tr: Translate) -> str:
    """A heading line and one line per item ("none yet" when there is none)."""
    return "\n".join([f"{title}:", *(f"  {item}" for item in items or [tr("staff.dash.none")])])


class CheckRow(QFrame):
    """One health check: a coloured dot, the name, the status, detail lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 8, 18, 10)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.dot = QLabel()
        self.dot.setFixedSize(DOT_PX, DOT_PX)
        self.name = text_label("h3", wrap=False)
        self.status = text_label("badge-line", wrap=False)
        top.addWidget(self.dot)
        top.addSpacing(8)
        top.addWidget(self.name)
        top.addStretch(1)
        top.addWidget(self.status)
        layout.addLayout(top)
        self.details = text_label("muted")
        layout.addWidget(self.details)

    def fill(self, name: str, status: str, colour: str, lines: list[str]) -> None:
        self.dot.setStyleSheet(f"background: {colour}; border-radius: {DOT_PX // 2}px;")
        self.name.setText(name)
        self.status.setText(status)
        self.details.setText("\n".join(lines))
        self.setAccessibleName(f"{name}: {status}")
        self.setAccessibleDescription(" ".join(lines))


class StaffDashboard(QWidget):
    """Signals: lock_requested(), refresh_requested(), action_requested(str),
    kiosk_mode_requested(bool), language_requested(str); `stations` has its own."""

    lock_requested = Signal()
    refresh_requested = Signal()
    action_requested = Signal(str)
    kiosk_mode_requested = Signal(bool)
    language_requested = Signal(str)

    def __init__(
        self, translator: Translator, station: str, auto_lock_s: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self._station = station
        self._auto_lock_s = auto_lock_s
        self._report: HealthReport | None = None
        self._today = Today()
        self._titles: dict[str, str] = {}
        self._result: tuple[str, dict[str, object]] | None = None
        self._kiosk_mode = True
        self.rows: dict[str, CheckRow] = {}
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(MARGIN_PX, 28, MARGIN_PX, 28)
        outer.setSpacing(SPACING_PX * 2)
        outer.addLayout(self._build_top())
        self.overview = QWidget()  # the three columns; a station's own view replaces them
        columns = QHBoxLayout(self.overview)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(SPACING_PX * 3)
        for column, width in (
            (self._build_health(), HEALTH_WIDTH_PX),
            (self._build_today(), 0),
            (self._build_controls(), CONTROLS_WIDTH_PX),
        ):
            holder = QWidget()
            holder.setLayout(column)
            column.setContentsMargins(0, 0, 0, 0)
            if width:
                holder.setFixedWidth(width)
            columns.addWidget(holder, 0 if width else 1)
        self.body = QStackedWidget()
        self.body.addWidget(self.overview)
        self.view_pages: dict[str, StationViewPage] = {}
        self.view_buttons: dict[str, ViewButton] = {}
        outer.addWidget(self.body, 1)
        self.result_line = text_label("lead")
        self.result_line.setMinimumHeight(48)
        outer.addWidget(self.result_line)
        translator.language_changed.connect(lambda _lang: self.retranslate())
        self.hide()
        self.retranslate()

    # --- construction --------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACING_PX)
        titles = QVBoxLayout()
        self.title = text_label("h2", wrap=False)
        self.autolock = text_label("muted", wrap=False)
        titles.addWidget(self.title)
        titles.addWidget(self.autolock)
        row.addLayout(titles)
        row.addStretch(1)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in self._translator.languages:
            widget = button("segment", NATIVE_NAMES.get(lang, lang))
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, code=lang: self.language_requested.emit(code))
            self.language_buttons[lang] = widget
            row.addWidget(widget)
        row.addSpacing(SPACING_PX * 2)
        self.lock_button = button("primary")
        self.lock_button.setMinimumWidth(220)
        self.lock_button.clicked.connect(self.lock_requested)
        row.addWidget(self.lock_button)
        return row

    def _build_health(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(SPACING_PX)
        head = QHBoxLayout()
        headings = QVBoxLayout()
        headings.setSpacing(0)
        self.health_heading = text_label("h3", wrap=False)
        self.checked_at = text_label("muted", wrap=False)
        headings.addWidget(self.health_heading)
        headings.addWidget(self.checked_at)
        self.refresh_button = button("secondary")
        self.refresh_button.clicked.connect(self.refresh_requested)
        head.addLayout(headings)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        column.addLayout(head)
        content = QWidget()
        self.check_list = QVBoxLayout(content)
        self.check_list.setContentsMargins(0, 0, 0, 0)
        self.check_list.setSpacing(SPACING_PX // 2)
        self.check_list.addStretch(1)
        self.check_scroll = TouchScroll(content)
        column.addWidget(self.check_scroll, 1)
        return column

    def _build_today(self) -> QVBoxLayout:
        """Today's numbers, or (after "Stations in the menu …") the stations editor."""
        today = QWidget()
        column = QVBoxLayout(today)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING_PX)
        self.today_heading = text_label("h3")
        self.visitors = text_label("h2")
        self.chart_label = text_label("muted")
        self.chart = VisitorsChart()
        self.stations_used = text_label("")
        self.outcomes = text_label("")
        for widget in (self.today_heading, self.visitors, self.chart_label, self.chart):
            column.addWidget(widget)
        column.addWidget(self.stations_used)
        column.addWidget(self.outcomes)
        column.addStretch(1)
        self.stations = StationsPanel(self._translator)
        self.stations.done.connect(self.show_today_view)
        self.today: QWidget = today
        # Scrolls when it must: in larger text the numbers ran over the chart.
        self.today_scroll = TouchScroll(today)
        self.middle = QStackedWidget()
        self.middle.addWidget(self.today_scroll)
        self.middle.addWidget(self.stations)
        holder = QVBoxLayout()
        holder.addWidget(self.middle)
        return holder

    def _build_controls(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(SPACING_PX)
        self.actions_heading = text_label("h3")
        column.addWidget(self.actions_heading)
        self.stations_button = button("secondary")
        self.stations_button.clicked.connect(lambda: self.middle.setCurrentWidget(self.stations))
        column.addWidget(self.stations_button)
        self.view_list = QVBoxLayout()  # one button per station view (set_station_views)
        self.view_list.setSpacing(SPACING_PX)
        column.addLayout(self.view_list)
        self.action_buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            widget = button("secondary")
            widget.clicked.connect(lambda _c=False, name=action: self.action_requested.emit(name))
            self.action_buttons[action] = widget
            column.addWidget(widget)
        self.kiosk_button = button("quiet")
        self.kiosk_button.clicked.connect(
            lambda: self.kiosk_mode_requested.emit(not self._kiosk_mode)
        )
        column.addWidget(self.kiosk_button)
        column.addStretch(1)
        return column

    # --- what to show --------------------------------------------------------------------

    def show_today_view(self) -> None:
        """Back to today's numbers (the dashboard opens on them)."""
        self.body.setCurrentWidget(self.overview)
        self.middle.setCurrentWidget(self.today_scroll)
        self.today_scroll.reset_scroll()

    def set_station_views(self, views: list[tuple[str, str, QWidget]]) -> None:
        """(station id, title key, widget) of every station with a view for staff: each gets
        a button under the actions and a page of its own (once, when the dashboard is built)."""
        for station_id, title_key, view in views:
            page = StationViewPage(self._translator, title_key, view)
            page.done.connect(self.show_today_view)
            self.body.addWidget(page)
            self.view_pages[station_id] = page
            widget = ViewButton()
            widget.clicked.connect(lambda _c=False, sid=station_id: self.show_station_view(sid))
            self.view_list.addWidget(widget)
            self.view_buttons[station_id] = widget
        self.retranslate()

    def show_station_view(self, station_id: str) -> None:
        page = self.view_pages.get(station_id)
        if page is not None:
            page.scroller.reset_scroll()
            self.body.setCurrentWidget(page)

    def show_report(self, report: HealthReport) -> None:
        self._report = report
        self._render_health()

    def show_today(self, today: Today, titles: dict[str, str]) -> None:
        """`titles`: station id -> title key, for the counters."""
        self._today, self._titles = today, titles
        self._render_today()

    def show_result(self, key: str, params: dict[str, object]) -> None:
        self._result = (key, params)
        self._render_result()

    def set_kiosk_mode(self, on: bool) -> None:
        self._kiosk_mode = on
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        for widget in self.action_buttons.values():
            widget.setEnabled(not busy)

    # --- rendering -----------------------------------------------------------------------

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.title.setText(tr("staff.dash.title", station=self._station))
        self.autolock.setText(tr("staff.dash.autolock", seconds=self._auto_lock_s))
        for code, widget in self.language_buttons.items():
            widget.setChecked(code == self._translator.language)
        set_button_text(self.lock_button, tr("staff.dash.lock"))
        self.health_heading.setText(tr("staff.dash.health"))
        set_button_text(self.refresh_button, tr("staff.dash.refresh"))
        self.today_heading.setText(tr("staff.dash.today"))
        self.chart_label.setText(tr("staff.dash.chart"))
        self.actions_heading.setText(tr("staff.dash.actions"))
        set_button_text(self.stations_button, tr("staff.action.stations"))
        for station_id, widget in self.view_buttons.items():
            page = self.view_pages[station_id]
            widget.set_words(tr("staff.action.view", name=tr(page.title_key)))
            page.retranslate()
        for action, widget in self.action_buttons.items():
            set_button_text(widget, tr(f"staff.action.{action}"))
        kiosk_key = "staff.action.leave_kiosk" if self._kiosk_mode else "staff.action.enter_kiosk"
        set_button_text(self.kiosk_button, tr(kiosk_key))
        self.stations.retranslate()
        self._render_health()
        self._render_today()
        self._render_result()

    def _render_health(self) -> None:
        report = self._report
        if report is None:
            return
        tr = self._translator.tr
        time_text = datetime.fromtimestamp(report.generated_at).strftime("%H:%M:%S")
        self.checked_at.setText(tr("staff.dash.checked", time=time_text))
        for check in report.checks:
            row = self.rows.get(check.name)
            if row is None:
                row = self.rows[check.name] = CheckRow()
                self.check_list.insertWidget(self.check_list.count() - 1, row)
            status = tr(f"staff.status.{check.status.value}")
            if check.required:
                status += f" · {tr('staff.status.required')}"
            name = tr(f"staff.check.{check.name}")
            row.fill(name, status, STATUS_COLOURS[check.status], check_lines(check, tr))

    def _render_today(self) -> None:
        tr = self._translator.tr
        today = self._today
        self.visitors.setText(tr("staff.dash.visitors", count=today.visitors))
        per_hour = ", ".join(f"{hour}: {count}" for hour, count in sorted(today.per_hour.items()))
        self.chart.show_hours(
            today.per_hour, f"{tr('staff.dash.chart')}: {per_hour or tr('staff.dash.none')}"
        )
        opened = [
            f"{tr(self._titles.get(station, station))}: {count}"
            for station, count in sorted(today.stations.items(), key=lambda i: -i[1])
        ]
        self.stations_used.setText(_listing(tr("staff.dash.stations_used"), opened, tr))
        ended = [
            f"{tr('staff.outcome.' + key.removeprefix(EID_PREFIX))}: {count}"
            for key, count in sorted(today.outcomes.items(), key=lambda i: -i[1])
            if key.startswith(EID_PREFIX)
        ]
        self.outcomes.setText(_listing(tr("staff.dash.outcomes"), ended, tr))

    def _render_result(self) -> None:
        if self._result is None:
            self.result_line.setText("")
            return
        key, params = self._result
        tr = self._translator.tr
        text = tr(key, **params)
        failed = params.get("failed_names")
        if isinstance(failed, list) and failed:
            text += " " + tr("staff.result.selftest_failed", names=", ".join(failed))
        self.result_line.setText(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # taps on empty space stay here, never reach the screens beneath
