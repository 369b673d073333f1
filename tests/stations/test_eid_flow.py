"""The eID station's flow table and wording rules, without a display."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eid.commands import NumberKind
from eid.readers.cardkind import CardKind
from eid.workflows.outcomes import Outcome, OutcomeKind
from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo.data_words import country_name, data_rows, format_date
from stations.eid_demo.demo import mustermann
from stations.eid_demo.flow import TABLE, WORKFLOW_VIEWS, Step, View
from stations.eid_demo.state import NumberView, ScreenState
from stations.eid_demo.texts import (
    KNOWN_RIGHTS,
    OUTCOME_KEYS,
    OUTCOME_PARTS,
    PIN_CHANGED,
    explain_key,
    number_key,
    outcome_key,
    right_text,
    wrong_card_key,
)

CATALOGS, PROBLEMS = load_catalogs(CATALOG_DIR)
STATION_SOURCES = (
    "choice_screens",
    "number_screens",
    "rights_screen",
    "card_screens",
    "pin_rules",
    "data_words",
    "result_screens",
    "demo",
    "trainer",
    "controller",
    "sdk_views",
)


def reachable(start: View) -> set[View]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for (source, _step), target in TABLE.items():
            if source is state and isinstance(target, View) and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_view_is_reachable_from_the_start_and_leads_back() -> None:
    assert reachable(View.START) == set(View)
    for view in View:
        assert View.START in reachable(view) or view is View.START, view


@pytest.mark.parametrize("view", WORKFLOW_VIEWS)
def test_workflow_views_follow_every_workflow_step(view: View) -> None:
    expected = {
        Step.RIGHTS: View.ACCESS_RIGHTS,
        Step.CARD: View.INSERT_CARD,
        Step.NUMBER: View.ENTER_NUMBER,
        Step.WORKING: View.WORKING,
        Step.DATA: View.RESULT,
        Step.ENDED: View.OUTCOME,
    }
    assert {step: TABLE[(view, step)] for step in expected} == expected


def test_a_late_workflow_step_cannot_leave_the_result_or_outcome() -> None:
    for view in (View.RESULT, View.OUTCOME, View.START):
        for step in (Step.RIGHTS, Step.CARD, Step.NUMBER, Step.DATA):
            assert (view, step) not in TABLE


def test_catalogs_load() -> None:
    assert PROBLEMS == []


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_every_key_the_station_uses_exists(language: str) -> None:
    catalog = CATALOGS[language]
    keys = {f"eid.rights.{right}" for right in KNOWN_RIGHTS}
    for suffix in OUTCOME_KEYS.values():
        keys |= {f"eid.outcome.{suffix}.{part}" for part in OUTCOME_PARTS}
    for kind in NumberKind:
        keys |= {f"{number_key(kind)}.{part}" for part in ("title", "lead", "hint", "name")}
    keys |= {explain_key(ScreenState(view=view)) for view in View}
    keys |= {
        explain_key(ScreenState(view=View.ENTER_NUMBER, number=NumberView(kind)))
        for kind in NumberKind
    }
    for card in CardKind:
        if (key := wrong_card_key(card)) is not None:
            keys.add(key)
    package = Path(__file__).resolve().parents[2] / "stations" / "eid_demo"
    source = "".join(
        (package / f"{name}.py").read_text(encoding="utf-8")
        for name in (*STATION_SOURCES, "station")
    )
    used = set(re.findall(r'"(eid\.[a-z_.]+[a-z])"', source))
    prefixes = {key for key in used if any(k.startswith(key + ".") for k in catalog)}
    keys |= used - prefixes
    assert sorted(key for key in keys if key not in catalog) == []


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_no_outcome_text_shows_a_raw_code(language: str) -> None:
    catalog = CATALOGS[language]
    for key, text in catalog.items():
        if key.startswith("eid.outcome."):
            assert not re.search(r"[a-z]+#[a-zA-Z]|_[A-Z][a-z]+_|\b[0-9]{3}\b", text), key


def test_outcomes_map_to_their_own_words() -> None:
    assert outcome_key(Outcome(OutcomeKind.SUCCESS), pin_change=True) == PIN_CHANGED
    assert outcome_key(Outcome(OutcomeKind.SUCCESS), pin_change=False) == "eid.outcome.success"
    assert outcome_key(Outcome(OutcomeKind.BLOCKED), pin_change=True) == "eid.outcome.blocked"
    assert {outcome_key(Outcome(kind), pin_change=False) for kind in OutcomeKind} == {
        f"eid.outcome.{suffix}" for suffix in OUTCOME_KEYS.values()
    }


def test_rights_in_plain_words() -> None:
    german = CATALOGS["de"]
    assert right_text(lambda key: german[key], "FamilyName") == "Familienname"
    assert right_text(lambda key: german[key], "Address") == "Anschrift"
    assert right_text(lambda key: german[key], "SomethingNew") == "SomethingNew"


def test_wrong_card_messages_name_the_card() -> None:
    assert wrong_card_key(CardKind.EGK) == "eid.card.wrong.egk"
    assert "Gesundheitskarte" in CATALOGS["de"]["eid.card.wrong.egk"]
    assert wrong_card_key(CardKind.EID) is None
    assert wrong_card_key(CardKind.UNCHECKED) is None
    assert wrong_card_key(None) is None


def test_dates_and_data_rows() -> None:
    assert format_date("1964-08-12+01:00", "de") == "12.08.1964"
    assert format_date("1964-08-12", "en") == "12/08/1964"
    assert format_date("unknown", "da") == "unknown"
    data = mustermann()
    rows = data_rows(data, "de")
    values = {row.label_key: row.value for row in rows}
    assert values["eid.data.family_names"] == "MUSTERMANN"
    assert values["eid.data.address"] == "HEIDESTRAẞE 17, 51147 KÖLN, Deutschland"
    assert all(row.value for row in rows)


@pytest.mark.parametrize(
    ("language", "nationality", "document", "danish"),
    [
        ("de", "Deutschland", "Personalausweis", "Dänemark"),
        ("en", "Germany", "German ID card", "Denmark"),
        ("da", "Tyskland", "Tysk personligt ID-kort", "Danmark"),
    ],
)
def test_the_data_screen_shows_words_not_codes(
    language: str, nationality: str, document: str, danish: str
) -> None:
    rows = {row.label_key: row for row in data_rows(mustermann(), language)}
    assert rows["eid.data.nationality"].value == nationality  # the chip says "D"
    assert rows["eid.data.issuing_state"].value == nationality
    key = rows["eid.data.document_type"].value_key  # the chip says "ID"
    assert CATALOGS[language][key] == document
    assert country_name("DNK", language) == danish
    assert country_name("XYZ", language) == "XYZ"  # unknown: shown as it came
