"""The dashboard shows what stations offer staff: a button per station view (the survey's
result charts), its page in place of the overview, "Fertig" back — by touch, in the window."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Config, load_config
from kiosk.staff_access import StaffState
from stations.survey.station import SurveyStation
from stations.survey.storage import Submission, SurveyDb
from tests.qt_helpers import visible_texts
from tests.staff.test_staff_ui import PIN, Staff, staff

__all__ = ["staff"]


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """The default config with the survey's answers in this test's own file."""
    loaded = load_config(None)[0]
    return replace(loaded, survey=replace(loaded.survey, database=tmp_path / "survey.sqlite"))


def test_the_survey_results_open_from_the_dashboard_and_go_back(
    qtbot: Any,
    staff: Staff,
    config: Config,
) -> None:
    kiosk, mode = staff.kiosk, staff.mode
    station = kiosk.stations["survey"]
    assert isinstance(station, SurveyStation) and station.survey is not None
    db = SurveyDb(config.survey.database)
    db.add(station.survey, Submission("de", choices={"online-ausweis": "ja"}))
    db.close()
    staff.gesture()
    staff.type_pin(PIN)
    qtbot.waitUntil(lambda: mode.access.state is StaffState.OPEN, timeout=5000)
    dashboard = mode.dashboard
    assert dashboard is not None
    assert list(dashboard.view_buttons) == ["survey"]  # only stations that offer a view
    button = dashboard.view_buttons["survey"]
    assert button.words.text() == "Digitale Agenda – Ihre Meinung – Auswertung …"
    assert button.height() > button.words.fontMetrics().lineSpacing() * 2  # wrapped, whole
    staff.tap(button)
    page = dashboard.view_pages["survey"]
    assert page.isVisible() and not dashboard.overview.isVisible()
    assert "Digitale Agenda – Ihre Meinung – Auswertung" in visible_texts(dashboard)
    view: Any = page.view
    qtbot.waitUntil(lambda: "online-ausweis" in view.charts, timeout=10000)
    assert "Ja: 1" in view.charts["online-ausweis"].accessibleName()
    assert view.charts["online-ausweis"].isVisible()
    staff.tap(page.done_button)
    assert dashboard.overview.isVisible() and not page.isVisible()
    assert dashboard.geometry() == kiosk.window.rect()  # the dashboard still covers the window
