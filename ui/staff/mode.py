"""Staff mode in the running kiosk: gesture → PIN pad → dashboard → lock, wired together.

`install_staff_mode(kiosk, statistics)` is what main.py calls once the stations are loaded.
Opening the dashboard ends the visitor's session first (the privacy wipe runs), so staff never
see what a visitor left; locking goes back to the attract loop in the default language.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from kiosk.anon_db import data_dir
from kiosk.health import HealthReport
from kiosk.staff import CornerTaps, PinStore
from kiosk.staff_access import StaffAccess, StaffState
from kiosk.station_choice import FILE_NAME, load_choice, save_choice
from kiosk.stats import Statistics, Today
from ui.staff.actions import StaffActions
from ui.staff.futures import FutureBridge
from ui.staff.input import StaffInput
from ui.staff.pinpad import StaffPinPad

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from ui.app import KioskApp
    from ui.staff.dashboard import StaffDashboard

logger = logging.getLogger(__name__)

REPORT_MS = 5000  # the dashboard re-reads the (cached) health this often
PROBE_MS = 30_000  # and asks for fresh network probes this often


class StaffMode(QObject):
    """Owns the PIN pad, the dashboard (built at the first unlock) and the actions."""

    def __init__(
        self,
        kiosk: KioskApp,
        access: StaffAccess,
        gesture: CornerTaps,
        *,
        statistics: Statistics | None = None,
        choice_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or kiosk)
        self.kiosk = kiosk
        self.access = access
        self.statistics = statistics
        self.choice_path = choice_path or data_dir() / FILE_NAME
        self.pad = StaffPinPad(kiosk.translator, access.lockout.wait_s, kiosk.window)
        self.dashboard: StaffDashboard | None = None
        self.actions = StaffActions(kiosk, statistics, parent=self)
        self.input = StaffInput(kiosk.window, gesture, access, parent=self)
        self._bridge = FutureBridge(self)
        self._report_timer = QTimer(self)
        self._report_timer.setInterval(REPORT_MS)
        self._report_timer.timeout.connect(self.show_report)
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_MS)
        self._probe_timer.timeout.connect(self.refresh)
        self.order, self.hidden = self._load_choice()
        kiosk.set_shown_stations(self.shown())
        access.state_changed.connect(self._on_state)
        access.refused.connect(lambda wait: self.pad.refused(wait, access.lockout.locked_out))
        self.pad.submitted.connect(access.submit)
        self.pad.cancelled.connect(access.cancel)
        self.actions.result.connect(self._on_result)
        self.actions.busy_changed.connect(
            lambda busy: self.dashboard and self.dashboard.set_busy(busy)
        )
        self.install_filters()

    def install_filters(self) -> None:
        """On the window (resizes, and events sent to it) and its QWindow (every real input)."""
        window = self.kiosk.window
        window.installEventFilter(self)
        window.installEventFilter(self.input)
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self.input)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.kiosk.window and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    # --- stations ------------------------------------------------------------------------

    def _load_choice(self) -> tuple[list[str], set[str]]:
        configured = self.kiosk.config.station.stations
        return load_choice(self.choice_path, configured, list(self.kiosk.stations))

    def shown(self) -> list[str]:
        return [station for station in self.order if station not in self.hidden]

    def set_shown(self, station: str, shown: bool) -> None:
        (self.hidden.discard if shown else self.hidden.add)(station)
        self._apply_choice()

    def move(self, station: str, step: int) -> None:
        index = self.order.index(station)
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self._apply_choice()

    def _apply_choice(self) -> None:
        logger.info("staff: menu shows %s", ", ".join(self.shown()) or "no station")
        self.kiosk.set_shown_stations(self.shown())
        save_choice(self.choice_path, self.kiosk.config.station.stations, self.order, self.hidden)
        self._render_stations()

    def _render_stations(self) -> None:
        if self.dashboard is not None:
            rows = [
                (sid, self.kiosk.stations[sid].title_key, sid not in self.hidden)
                for sid in self.order
            ]
            self.dashboard.stations.show_rows(rows)

    # --- states --------------------------------------------------------------------------

    def _on_state(self, state: StaffState) -> None:
        if state is StaffState.PIN_PAD:
            self._fit()
            key = self.access.problem_key
            if key is None:
                self.pad.open()
            else:
                self.pad.open(f"staff.problem.{key}", reason=self.access.problem or "")
        elif state is StaffState.CHECKING:
            self.pad.checking()
        elif state is StaffState.OPEN:
            self.pad.close_pad()
            self.kiosk.finish()  # the privacy wipe: nothing of the last visitor stays
            self._open_dashboard()
        else:
            self.pad.close_pad()
            self._report_timer.stop()
            self._probe_timer.stop()
            if self.dashboard is not None:
                self.dashboard.hide()
            self.kiosk.translator.reset()

    def _open_dashboard(self) -> None:
        dashboard = self.dashboard or self._build_dashboard()
        dashboard.show_today_view()
        self._fit()
        dashboard.show()
        dashboard.raise_()
        self._render_stations()
        self.refresh()
        self._report_timer.start()
        self._probe_timer.start()

    def _build_dashboard(self) -> StaffDashboard:
        from ui.staff.dashboard import StaffDashboard  # noqa: PLC0415 - Qt Charts: on first use

        config = self.kiosk.config
        dashboard = StaffDashboard(
            self.kiosk.translator,
            config.station.name,
            config.staff.auto_lock_seconds,
            self.kiosk.window,
        )
        dashboard.lock_requested.connect(lambda: self.access.lock("by staff"))
        dashboard.refresh_requested.connect(self.refresh)
        dashboard.action_requested.connect(self._on_action)
        dashboard.kiosk_mode_requested.connect(self._set_kiosk_mode)
        dashboard.language_requested.connect(self.kiosk.translator.set_language)
        dashboard.stations.toggled.connect(self.set_shown)
        dashboard.stations.moved.connect(self.move)
        dashboard.set_station_views(self._station_views())
        self.dashboard = dashboard
        return dashboard

    def _station_views(self) -> list[tuple[str, str, QWidget]]:
        """What each loaded station offers staff (the survey's results); a broken one is
        left out and logged, the dashboard opens all the same."""
        views = []
        for station_id, station in self.kiosk.stations.items():
            try:
                view = station.staff_view()
            except Exception:
                logger.exception("staff: the view of station %s failed", station_id)
                continue
            if view is not None:
                views.append((station_id, station.title_key, view))
        return views

    def _fit(self) -> None:
        rect = self.kiosk.window.rect()
        self.pad.setGeometry(rect)
        if self.dashboard is not None:
            self.dashboard.setGeometry(rect)

    # --- dashboard content ---------------------------------------------------------------

    def refresh(self) -> None:
        health = self.kiosk.health
        if health is not None:
            health.refresh()
        self.show_report()
        if self.statistics is not None:
            self._bridge.when_done(self.statistics.today(), self._on_today)

    def show_report(self, report: HealthReport | None = None) -> None:
        health = self.kiosk.health
        if self.dashboard is None or health is None:
            return
        self.dashboard.show_report(report or health.report())

    def _on_today(self, today: Today | None, error: BaseException | None) -> None:
        if self.dashboard is not None and today is not None:
            titles = {sid: station.title_key for sid, station in self.kiosk.stations.items()}
            self.dashboard.show_today(today, titles)
        elif error is not None:
            logger.warning("staff: today's statistics unavailable: %s", error)

    def _on_action(self, action: str) -> None:
        {
            "reload": self.actions.reload_content,
            "restart_eid": self.actions.restart_eid,
            "selftest": self.actions.run_selftest,
            "export": self.actions.export_statistics,
        }[action]()

    def _set_kiosk_mode(self, on: bool) -> None:
        self.actions.set_kiosk_mode(on)
        if self.dashboard is not None:
            self.dashboard.set_kiosk_mode(on)

    def _on_result(self, key: str, params: dict[str, object]) -> None:
        if self.dashboard is not None:
            self.dashboard.show_result(key, params)
        self.show_report()


def install_staff_mode(kiosk: KioskApp, statistics: Statistics | None) -> StaffMode | None:
    """Staff access as the config says; None when `[staff] enabled` is false."""
    config = kiosk.config.staff
    access = StaffAccess(
        PinStore(), enabled=config.enabled, auto_lock_s=config.auto_lock_seconds, parent=kiosk
    )
    if kiosk.health is not None:
        kiosk.health.add_source(access.health)
    if not config.enabled:
        logger.info("staff mode is off in the config")
        return None
    access.probe()  # in a worker: a missing keyring is reported in the log at start-up
    gesture = CornerTaps(config.gesture_corner)
    mode = StaffMode(kiosk, access, gesture, statistics=statistics)
    if kiosk.health is not None:
        kiosk.health.updated.connect(mode.show_report)
    return mode
