"""Every eID screen with demo data (no SDK): trainer panel, wipe, language switch."""

from __future__ import annotations

import pytest

from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo.texts import explain_key
from tests.qt_helpers import all_texts, settle
from tests.stations.conftest import open_eid
from ui.app import KioskApp

CATALOGS, _ = load_catalogs(CATALOG_DIR)
PERSON = ("ERIKA", "MUSTERMANN", "GABLER", "HEIDESTRA", "51147")


@pytest.mark.parametrize("language", ["de", "en", "da", "de-LS"])
def test_trainer_panel_explains_every_screen_in_plain_words(
    offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    station.trainer.toggle.setChecked(True)
    names = []
    for name, setup in station.screenshot_states():
        setup()
        station.trainer.toggle.setChecked(True)
        key = explain_key(station.controller.state)
        assert station.trainer.text.text() == CATALOGS[language][key], name
        assert not any(word in station.trainer.text.text() for word in PERSON)
        names.append(name)
    assert {"start", "access-rights", "pin", "result", "outcome-deactivated"} <= set(names)


def test_wipe_after_every_screen_leaves_no_visitor_text(offline_kiosk: KioskApp) -> None:
    station = open_eid(offline_kiosk)
    for name, setup in station.screenshot_states():
        offline_kiosk.choose_language("en")
        offline_kiosk.open_station("eid")
        setup()
        settle()
        offline_kiosk.finish()
        settle()
        texts = "\n".join(all_texts(offline_kiosk.window))
        assert [word for word in PERSON if word in texts] == [], name
        assert station.view.name == "START" and station.controller.data is None, name
        assert station.number_screen.pad.count == 0, name
        assert offline_kiosk.translator.language == "de"
        assert station.start_screen.title.text() == "Ihr Online-Ausweis"


def test_result_in_every_language_shows_the_test_badge(offline_kiosk: KioskApp) -> None:
    station = open_eid(offline_kiosk)
    states = dict(station.screenshot_states())
    states["result"]()
    for language, words in (("de", "Testdaten"), ("en", "test data"), ("da", "testdata")):
        offline_kiosk.translator.set_language(language)
        assert words in station.result.test_badge.text()
        assert "MUSTERMANN" in "\n".join(all_texts(station.result))
    station.controller.clear_result()
    assert "MUSTERMANN" not in "\n".join(all_texts(offline_kiosk.window))
