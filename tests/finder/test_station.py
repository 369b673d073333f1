"""The finder station as a visitor uses it: type on the keyboard, see results, open one, QR."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.content import SHIPPED_BUNDLE, Bundle
from kiosk.flow import Shell
from stations.finder.flow import View
from stations.finder.station import FinderStation
from tests.qt_helpers import FakeClock, all_texts, settle, tap, type_on_keyboard, visible_texts
from ui.app import KioskApp


def open_finder(kiosk: KioskApp, language: str = "de") -> FinderStation:
    kiosk.start_session()
    kiosk.choose_language(language)
    kiosk.open_station("finder")
    station = kiosk.stations["finder"]
    assert isinstance(station, FinderStation)
    settle()
    return station


def shown_results(station: FinderStation) -> list[str]:
    return [str(t.property("service")) for t in station.search.result_tiles if t.isVisible()]


def test_typing_shows_results_and_a_result_leads_to_the_qr_code(
    qtbot: QtBot, kiosk: KioskApp
) -> None:
    station = open_finder(kiosk)
    assert station.search.topics_host.isVisible()
    type_on_keyboard(station.search.keyboard, "hunde")
    assert shown_results(station)[0] == "hundesteuer"
    assert "hunde|" in visible_texts(station.search)
    tap(station.search.result_tiles[0])
    assert station.flow.state is View.DETAIL
    texts = visible_texts(station.detail)
    assert "Steueramt der Stadt" in texts
    assert any("Online möglich" in t for t in texts)
    tap(station.detail.to_phone)
    assert station.flow.state is View.HANDOFF
    view = station.handoff.view
    assert view.qr.has_code and view.qr.url == "https://www.flensburg.de/"
    assert "Hund an- oder abmelden (Hundesteuer)" in view.text.text()
    kiosk.back()
    kiosk.back()
    settle()
    assert station.flow.state is View.SEARCH
    assert station.search.keyboard.text == "hunde"  # back keeps the query and its results
    assert shown_results(station)[0] == "hundesteuer"
    kiosk.back()
    assert kiosk.flow.state is Shell.MENU


def test_a_topic_runs_its_query_in_the_visitors_language(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_finder(kiosk, "da")
    car = next(b for b in station.search.topic_buttons if b.text() == "Bil")
    tap(car)
    assert station.search.keyboard.text == "bil "
    assert "kfz-zulassung" in shown_results(station)[:3]
    assert not station.search.topics_host.isVisible()


def test_colloquial_and_foreign_words_typed_on_screen(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_finder(kiosk)
    type_on_keyboard(station.search.keyboard, "flytte")
    assert shown_results(station)[0] == "wohnsitz-anmelden"
    tap(station.search.keyboard.clear_key)
    assert station.search.topics_host.isVisible()
    type_on_keyboard(station.search.keyboard, "xqzv")
    assert shown_results(station) == []
    assert "Dazu haben wir nichts gefunden" in station.search.message.text()


def test_the_language_switch_rerenders_results(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_finder(kiosk)
    type_on_keyboard(station.search.keyboard, "dog tax")
    kiosk.choose_language("en")
    settle()
    tile = station.search.result_tiles[0]
    assert tile.title.text() == "Register a dog (dog tax)"
    assert station.search.keyboard.layout_code == "en"


def test_done_forgets_the_query_everywhere(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_finder(kiosk)
    type_on_keyboard(station.search.keyboard, "scheidung")
    tap(station.search.keyboard.enter_button)
    kiosk.finish()
    settle()
    assert station.search.keyboard.text == ""
    assert station.flow.state is View.SEARCH
    assert station.current is None and station.hits == []
    leftovers = [t for t in all_texts(station.stack) if "scheidung" in t.casefold()]
    assert leftovers == []
    assert not station.handoff.view.qr.has_code


def test_a_broken_finder_catalogue_falls_back_to_the_shipped_one(
    qtbot: QtBot, config: Config, bundle: Bundle, clock: FakeClock, tmp_path: Path
) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(SHIPPED_BUNDLE, copy)
    (copy / "finder" / "finder.toml").write_text("[[offices]\n", encoding="utf-8")
    broken = replace(bundle, directory=copy)
    config = replace(config, station=replace(config.station, stations=("finder",)))
    app = KioskApp(config, broken, kiosk_mode=True, clock=clock, auto_tick=False)
    try:
        station = app.stations["finder"]
        assert isinstance(station, FinderStation)
        assert station.catalogue is not None
        station.search.keyboard.type_text("Hund")
        assert shown_results(station) or station.hits
    finally:
        app.stop()
        settle()


def test_the_qr_text_says_when_only_a_start_page_is_known(qtbot: QtBot, kiosk: KioskApp) -> None:
    station = open_finder(kiosk, "en")
    type_on_keyboard(station.search.keyboard, "ummelden")
    tap(station.search.result_tiles[0])
    tap(station.detail.to_phone)
    view = station.handoff.view
    assert view.qr.url == "https://wohnsitzanmeldung.gov.de/"
    assert "start page" not in view.text.text()  # the address is the online service itself
    kiosk.back()
    kiosk.back()
    tap(station.search.keyboard.clear_key)
    type_on_keyboard(station.search.keyboard, "dog tax")
    tap(station.search.result_tiles[0])
    tap(station.detail.to_phone)
    assert "start page of www.flensburg.de" in view.text.text()
    assert "Hund an- oder abmelden (Hundesteuer)" in view.text.text()  # searchable in German
    assert view.note.isVisible() and view.note.text()
