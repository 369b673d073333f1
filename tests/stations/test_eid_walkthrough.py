"""What the visitor walk-through found on the eID station, each as a check that would catch it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from eid.commands import NumberKind
from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo import demo
from stations.eid_demo.flow import View
from stations.eid_demo.state import NumberView, ScreenState, Stage
from stations.eid_demo.station import EidStation
from stations.eid_demo.texts import PIN_CHANGED
from tests.qt_helpers import settle, visible_texts
from tests.stations.conftest import open_eid
from ui.app import KioskApp

CATALOGS, _ = load_catalogs(CATALOG_DIR)
LANGUAGES = ("de", "en", "da")


def show(station: EidStation, state: ScreenState, *, explained: bool = False) -> None:
    station.controller.present(state)
    station.trainer.toggle.setChecked(explained)
    settle()


def visible_buttons(root: QWidget) -> list[str]:
    return [
        b.text()
        for b in root.findChildren(QAbstractButton)
        if b.isVisible() and b.isVisibleTo(root) and b.text()
    ]


# --- 3, 11, 12: the right words on the PIN-change screens ----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_by_step_explains_the_pin_change_success_and_the_new_pin(
    offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    catalog = CATALOGS[language]
    pin_ready = ScreenState(view=View.PIN_READY, outcome=PIN_CHANGED)
    show(station, pin_ready, explained=True)
    assert station.trainer.text.text() == catalog["eid.explain.pin_ready"]
    assert station.trainer.text.text() != catalog["eid.explain.outcome"]
    show(station, demo.number(NumberView(NumberKind.NEW_PIN)), explained=True)
    assert station.trainer.text.text() == catalog["eid.explain.new_pin"]
    assert "PACE" not in station.trainer.text.text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pin_change_with_the_test_card_says_no_real_card_changed(
    offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    state = ScreenState(view=View.PIN_READY, outcome=PIN_CHANGED, test_card=True)
    show(station, state)
    shown = "\n".join(visible_texts(station.handoff_screen))
    assert CATALOGS[language]["eid.test_data"] not in shown  # "keine echte Person"
    assert CATALOGS[language]["eid.handoff.pin_ready.test_card"] in shown


# --- 9: one "Zurück" and one "Fertig" ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_end_screens_have_one_back_and_one_done(offline_kiosk: KioskApp, language: str) -> None:
    station = open_eid(offline_kiosk, language)
    back = CATALOGS[language]["footer.back"]
    done = CATALOGS[language]["footer.done"].split(" ")[0]  # "Fertig", "Done", "Færdig"
    end_views = {View.RESULT, View.OUTCOME, View.PIN_READY, View.PORTAL, View.NO_PIN}
    ends = [s for s in demo.screenshots() if s.state.view in end_views]
    assert len(ends) > 5
    for shot in ends:
        show(station, demo.with_person(shot.state) if shot.person else shot.state)
        buttons = visible_buttons(offline_kiosk.window)
        assert sum(back in text for text in buttons) == 1, (shot.name, buttons)
        assert sum(done in text for text in buttons) == 1, (shot.name, buttons)


# --- 10 and 13: texts that name a tile, and Danish quotation marks -------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_transport_page_names_a_tile_of_the_start_screen(
    offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    show(station, ScreenState(available=True))
    tiles = {tile.title.text() for tile in station.start_screen.tiles.values()}
    show(station, ScreenState(view=View.TRANSPORT_INFO, available=True))
    hint = station.info.hint.text()
    named = re.findall(r"[„“»\"](.+?)[“”«\"]", hint)
    assert named and set(named) <= tiles, (named, tiles)


def test_danish_texts_use_danish_quotation_marks() -> None:
    german_marks = {
        key: text
        for key, text in CATALOGS["da"].items()
        if key.startswith("eid.") and re.search("[„“”]", text)
    }
    assert german_marks == {}
    assert "»" in CATALOGS["da"]["eid.transport.hint"]


# --- 5 and 6: the provider's own words, and optional data that never hide ------------------------


@pytest.mark.parametrize(
    ("language", "intro", "name"),
    [
        ("de", "in seinen eigenen Worten", "Name: „Stadt Flensburg – Selbstauskunft (Test)“"),
        ("en", "in its own words", "Name: “Stadt Flensburg – Selbstauskunft (Test)”"),
        ("da", "med egne ord", "Navn: »Stadt Flensburg – Selbstauskunft (Test)«"),
    ],
)
def test_the_providers_words_are_labelled_as_its_own(
    offline_kiosk: KioskApp, language: str, intro: str, name: str
) -> None:
    station = open_eid(offline_kiosk, language)
    show(station, ScreenState(view=View.ACCESS_RIGHTS, rights=demo.DEMO_RIGHTS))
    screen = station.rights_screen
    assert intro in screen.provider_intro.text() and screen.provider_intro.isVisible()
    assert screen.provider.text() == name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("explained", [False, True])
def test_optional_data_are_fully_visible_or_the_list_says_it_goes_on(
    offline_kiosk: KioskApp, language: str, large: bool, explained: bool
) -> None:
    station = open_eid(offline_kiosk, language)
    offline_kiosk.theme.set_large_text(large)
    show(
        station, ScreenState(view=View.ACCESS_RIGHTS, rights=demo.DEMO_RIGHTS), explained=explained
    )
    screen = station.rights_screen
    viewport = screen.scroller.viewport()
    area = QRect(QPoint(0, 0), viewport.size())
    hidden = [
        right
        for right, toggle in screen.toggles.items()
        if not area.contains(QRect(toggle.mapTo(viewport, QPoint(0, 0)), toggle.size()))
    ]
    assert hidden == [] or screen.more.isVisible(), hidden
    assert screen.accept.isVisible()


# --- 4: the PIN pad stays where it is ------------------------------------------------------------

ONE_FLOW = [
    NumberView(NumberKind.TRANSPORT_PIN, request=1),
    NumberView(NumberKind.NEW_PIN, request=2),
    NumberView(NumberKind.NEW_PIN, stage=Stage.REPEAT, request=2),
    NumberView(NumberKind.NEW_PIN, mismatch=True, request=3),
    NumberView(NumberKind.PIN, retry_counter=2, wrong_attempt=True, request=4),
    NumberView(NumberKind.CAN, retry_counter=1, request=5),
    NumberView(NumberKind.PIN, retry_counter=1, request=6),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("explained", [False, True])
def test_the_pin_pad_does_not_move_between_the_entries_of_a_flow(
    offline_kiosk: KioskApp, language: str, large: bool, explained: bool
) -> None:
    station = open_eid(offline_kiosk, language)
    offline_kiosk.theme.set_large_text(large)
    window = offline_kiosk.window
    places = set()
    for view in ONE_FLOW:
        show(station, demo.number(view), explained=explained)
        keys = station.number_screen.pad.digit_keys
        places.add(tuple(keys[d].mapTo(window, QPoint(0, 0)).toTuple() for d in "1590"))
    assert len(places) == 1, places


# --- 7 (the eID part): nothing of the explanation is cut off in larger text ----------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_step_by_step_panel_fits_its_text_in_larger_text(
    offline_kiosk: KioskApp, language: str
) -> None:
    station = open_eid(offline_kiosk, language)
    offline_kiosk.theme.set_large_text(True)
    panel = station.trainer
    for shot in demo.screenshots():
        show(station, demo.with_person(shot.state) if shot.person else shot.state, explained=True)
        for label in (panel.heading, panel.text):
            assert label.minimumSizeHint().width() <= label.width(), (shot.name, label.text())
        box = panel.box
        assert box.height() >= box.heightForWidth(box.width()), shot.name


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("explained", [False, True])
def test_no_screen_makes_the_window_larger_than_the_display(
    offline_kiosk: KioskApp, large: bool, explained: bool
) -> None:
    """A page whose minimum size exceeds 1920×1080 pushes parts off the screen."""
    station = open_eid(offline_kiosk)
    offline_kiosk.theme.set_large_text(large)
    for shot in demo.screenshots():
        show(station, demo.with_person(shot.state) if shot.person else shot.state)
        station.trainer.toggle.setChecked(explained)
        settle()
        assert offline_kiosk.window.size().toTuple() == (1920, 1080), shot.name


@pytest.mark.parametrize(
    ("ending", "offered"),
    [
        ("wrong_pin", True),
        ("cancelled", True),
        ("card_removed", True),
        ("timed_out", True),
        ("unknown", True),
        ("blocked", False),
        ("deactivated", False),
        ("disconnected", False),
    ],
)
def test_try_again_is_offered_where_a_second_try_can_help(
    offline_kiosk: KioskApp, ending: str, offered: bool
) -> None:
    station = open_eid(offline_kiosk)
    show(station, demo.outcome(f"eid.outcome.{ending}"))
    assert station.outcome_screen.retry.isVisible() is offered
    only_the_office = ending in {"blocked", "deactivated"}
    assert station.outcome_screen.office.isVisible() is only_the_office
    if only_the_office:  # on to the office's page with its QR code and opening hours
        station.outcome_screen.office.click()
        assert station.view is View.NO_PIN
