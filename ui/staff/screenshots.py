"""Staff screens for `main.py --screenshots`: the PIN pad (typing, locked out) and the
dashboard, filled with demo values (no keyring, no network, no statistics file needed)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop

from kiosk.content_pull import PullState
from kiosk.fleet import updates_check
from kiosk.health import Check, HealthReport, Status
from kiosk.stats import Today
from ui.staff.dashboard import StaffDashboard
from ui.staff.pinpad import StaffPinPad

if TYPE_CHECKING:
    from ui.app import KioskApp

logger = logging.getLogger(__name__)

READER = "REINER SCT cyberJack RFID standard"
VIEW_LOAD_S = 1.0  # a station view loads its data in a worker when shown
DEMO_TODAY = Today(
    visitors=58,
    per_hour={9: 4, 10: 11, 11: 15, 12: 7, 13: 9, 14: 12},
    stations={"services": 38, "eid": 21},
    outcomes={"eid: success": 12, "eid: cancelled": 4, "eid: wrong_pin": 3, "eid: card_removed": 1},
    languages={"de": 41, "en": 9, "da": 8},
)


def demo_report(station: str) -> HealthReport:
    hosts = [
        {"url": f"https://{h}/", "host": h, "state": s, "http_status": 200, "ms": ms}
        for h, s, ms in (
            ("www.flensburg.de", "ok", 142),
            ("wohnsitzanmeldung.gov.de", "slow", 1870),
        )
    ]
    checks = (
        Check(
            "ausweisapp",
            Status.OK,
            "",
            True,
            {"mode": "ausweisapp", "version": "1.26.2", "api_level": 2},
        ),
        Check(
            "readers",
            Status.OK,
            "",
            True,
            {"readers": [{"name": READER, "keypad": True, "card": "eid"}]},
        ),
        Check("portal", Status.DEGRADED, "", False, {"hosts": hosts}),
        Check(
            "content",
            Status.OK,
            "",
            True,
            {"bundle": "flensburg", "version": "2e7f4236456e", "valid": True, "problems": 0},
        ),
        updates_check(
            PullState(
                url="https://content.example.org/plietsch/flensburg/SHA256SUMS",
                last_check=time.time() - 60,
                last_success=time.time() - 60,
                last_update=time.time() - 3 * 3600,
                updates_total=4,
            )
        ),
        Check("statistics", Status.OK, "", False, {"set_aside": 0}),
        Check("staff", Status.OK, "", False, {}),
        Check("uptime", Status.OK, "", False, {"seconds": 3 * 3600 + 12 * 60}),
    )
    return HealthReport(station, time.time(), checks)


def staff_screens(
    kiosk: KioskApp,
) -> tuple[list[tuple[str, Callable[[], None]]], Callable[[], None]]:
    """(screen name, setup) pairs, each hiding what the previous one showed; and a cleanup."""
    window = kiosk.window
    wait = [0.0]  # seconds the demo pad is locked for
    pad = StaffPinPad(kiosk.translator, lambda: wait[0], window)
    dashboard = StaffDashboard(
        kiosk.translator, kiosk.config.station.name, kiosk.config.staff.auto_lock_seconds, window
    )
    titles = {sid: station.title_key for sid, station in kiosk.stations.items()}

    def show_pad(locked: bool) -> None:
        dashboard.hide()
        pad.setGeometry(window.rect())
        wait[0] = 287.0 if locked else 0.0
        pad.open()
        if locked:
            pad.refused(wait[0], locked_out=True)
        else:
            for digit in "4829":
                pad.keys[digit].click()

    def show_dashboard() -> None:
        pad.close_pad()
        dashboard.show_today_view()
        dashboard.setGeometry(window.rect())
        # the eID station first, the services hidden: what staff see after changing both
        rows = [(sid, key, sid != "services") for sid, key in reversed(titles.items())]
        dashboard.stations.show_rows(rows)
        dashboard.show_report(demo_report(kiosk.config.station.name))
        dashboard.show_today(DEMO_TODAY, titles)
        dashboard.show_result(
            "staff.result.selftest_done", {"passed": 10, "failed": 0, "failed_names": []}
        )
        dashboard.show()
        dashboard.raise_()

    def hide_all() -> None:
        pad.close_pad()
        dashboard.hide()

    def show_stations() -> None:
        show_dashboard()
        dashboard.stations_button.click()

    # The stations' own views for staff (the survey's results), as the staff mode hands them in.
    views = [
        (sid, station.title_key, view)
        for sid, station in kiosk.stations.items()
        if (view := station.staff_view()) is not None
    ]
    dashboard.set_station_views(views)

    def show_view(station_id: str) -> None:
        show_dashboard()
        dashboard.view_buttons[station_id].click()
        # A view loads its data in the background when shown (the survey's answers).
        deadline = time.monotonic() + VIEW_LOAD_S
        while time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    states: list[tuple[str, Callable[[], None]]] = [
        ("pinpad", lambda: show_pad(False)),
        ("pinpad-locked", lambda: show_pad(True)),
        ("dashboard", show_dashboard),
        ("stations", show_stations),
        *((f"view-{sid}", partial(show_view, sid)) for sid, _key, _view in views),
    ]
    return states, hide_all
