"""The survey as a visitor uses it: answer by touch, send once, see results; the wipe forgets."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from kiosk.flow import Shell
from stations.survey.flow import View
from stations.survey.model import Survey
from stations.survey.station import SurveyStation
from stations.survey.storage import Submission, SurveyDb
from tests.qt_helpers import FakeClock, all_texts, settle, tap, type_on_keyboard
from ui.app import KioskApp

ROOT = Path(__file__).resolve().parents[2]


def open_survey(kiosk: KioskApp, language: str = "de") -> SurveyStation:
    kiosk.start_session()
    kiosk.choose_language(language)
    kiosk.open_station("survey")
    station = kiosk.stations["survey"]
    assert isinstance(station, SurveyStation)
    settle()
    return station


def answer_button(station: SurveyStation, value: str) -> QAbstractButton:
    return next(b for b in station.question.choices.buttons() if b.property("answer") == value)


def answer_everything(qtbot: QtBot, station: SurveyStation, wish: str) -> None:
    tap(station.intro.start)
    tap(answer_button(station, "mobilitaet"))
    tap(station.question.next)
    tap(answer_button(station, "4"))
    tap(station.question.next)
    tap(station.question.next)  # skipped: "Überspringen"
    assert station.question.question is not None
    assert station.question.question.kind == "text"
    type_on_keyboard(station.question.keyboard, wish)


def stored(database: Path, survey: Survey) -> tuple[int, dict[str, dict[str, int]]]:
    db = SurveyDb(database)
    try:
        results = db.results(survey)
    finally:
        db.close()
    return results.submissions, {k: dict(v) for k, v in results.counts.items()}


def test_a_visitor_answers_and_sends_once(
    qtbot: QtBot, kiosk: KioskApp, database: Path, survey: Survey
) -> None:
    station = open_survey(kiosk)
    assert station.store is not None
    answer_everything(qtbot, station, "wlan im bus 0461 98765")
    assert station.question.keyboard.enter_button.text() == "Antworten absenden"
    with qtbot.waitSignal(station.store.saved, timeout=10000) as saved:
        tap(station.question.keyboard.enter_button)
    assert saved.args == [True]
    assert station.flow.state is View.THANKS
    assert station.submission is None  # handed to the store, gone from the screen's memory
    submissions, counts = stored(database, survey)
    assert submissions == 1
    assert counts["feld"]["mobilitaet"] == 1 and counts["online-zufrieden"]["4"] == 1
    assert sum(counts["online-ausweis"].values()) == 0
    # the same visitor cannot send a second time in this session
    kiosk.back()
    kiosk.open_station("survey")
    settle()
    assert not station.intro.start.isVisible()
    assert station.intro.results.isVisible()
    station.start()
    assert station.flow.state is View.INTRO
    # the next visitor can
    kiosk.finish()
    station = open_survey(kiosk)
    assert station.intro.start.isVisible()


def test_unsent_answers_are_wiped_and_never_stored(
    qtbot: QtBot, kiosk: KioskApp, database: Path, survey: Survey, clock: FakeClock
) -> None:
    station = open_survey(kiosk)
    answer_everything(qtbot, station, "mein name ist erika")
    kiosk.finish()
    settle()
    assert station.submission is None
    assert station.question.keyboard.text == ""
    assert [t for t in all_texts(station.stack) if "erika" in t.casefold()] == []
    assert stored(database, survey)[0] == 0
    # the idle reset wipes the same way
    station = open_survey(kiosk)
    answer_everything(qtbot, station, "geheim")
    clock.now += kiosk.config.session.idle_seconds
    kiosk.session.tick()
    clock.now += kiosk.config.session.warning_seconds
    kiosk.session.tick()
    assert kiosk.flow.state is Shell.ATTRACT
    assert [t for t in all_texts(station.stack) if "geheim" in t] == []
    assert stored(database, survey)[0] == 0


def test_no_names_hint_and_the_text_limit(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_survey(kiosk, "en")
    assert "no name" in station.intro.privacy.text()
    tap(station.intro.start)
    for _ in range(3):
        tap(station.question.next)
    assert "Please no names" in station.question.no_names_title.text()
    station.question.keyboard.type_text("x" * 500)
    assert len(station.question.keyboard.text) == 160
    assert station.question.counter.text() == "160 of 160 characters"


def test_results_show_the_counts(
    qtbot: QtBot, kiosk: KioskApp, database: Path, survey: Survey
) -> None:
    db = SurveyDb(database)
    for _ in range(3):
        db.add(survey, Submission("de", choices={"feld": "kultur", "online-ausweis": "nein"}))
    db.close()
    station = open_survey(kiosk)
    answer_everything(qtbot, station, "ok")
    assert station.store is not None
    with qtbot.waitSignal(station.store.saved, timeout=10000):
        tap(station.question.keyboard.enter_button)
    with qtbot.waitSignal(station.store.results_ready, timeout=10000):
        tap(station.thanks.results)
    settle()
    view = station.result_screen.view
    assert "Teilnahmen bisher: 4" in view.summary.text()
    assert "Kultur: 3" in view.charts["feld"].accessibleName()
    assert "Mobilität: 1" in view.charts["feld"].accessibleName()
    kiosk.back()
    assert station.flow.state is View.THANKS


def test_export_survey_command_writes_csv(tmp_path: Path, survey: Survey) -> None:
    data = tmp_path / "data"
    db = SurveyDb(data / "survey.sqlite3")
    db.add(survey, Submission("da", choices={"feld": "bildung"}, texts={"wunsch": "Mere wifi"}))
    db.close()
    target = tmp_path / "export.csv"
    done = subprocess.run(
        [sys.executable, "main.py", "--export-survey", str(target)],
        cwd=ROOT,
        env={**os.environ, "PLIETSCH_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["kind"], r["answer"]) for r in rows} == {
        ("submissions", "da"),
        ("answer", "bildung"),
        ("text", "Mere wifi"),
    }


def test_the_staff_dashboard_gets_the_results_view(
    qtbot: QtBot, kiosk: KioskApp, database: Path, survey: Survey
) -> None:
    db = SurveyDb(database)
    db.add(survey, Submission("de", choices={"online-ausweis": "ja"}))
    db.close()
    station = kiosk.stations["survey"]
    assert isinstance(station, SurveyStation) and station.store is not None
    view = station.staff_view()
    assert view is not None
    qtbot.addWidget(view)
    with qtbot.waitSignal(station.store.results_ready, timeout=10000):
        view.show()
    settle()
    assert "Ja: 1" in view.charts["online-ausweis"].accessibleName()  # type: ignore[attr-defined]
    assert kiosk.stations["services"].staff_view() is None
