"""The online-service station's table: every transition, ignored intents, step bounds."""

from __future__ import annotations

from enum import Enum

import pytest

from kiosk.content import Bundle, Service
from kiosk.flow import RESUME
from stations.services.flow import TABLE, Go, ServiceFlow, View
from stations.services.screens import first_sentence


def flow_at(view: View, service: Service) -> ServiceFlow:
    flow = ServiceFlow()
    moves = {
        View.MENU: [],
        View.OVERVIEW: [lambda: flow.open(service)],
        View.NEEDS: [lambda: flow.open(service), flow.next],
        View.STEP: [lambda: flow.open(service), flow.next, flow.next],
        View.HANDOFF: [lambda: flow.open(service), flow.to_phone],
    }
    for move in moves[view]:
        move()
    assert flow.view is view
    return flow


@pytest.fixture
def service(bundle: Bundle) -> Service:
    found = bundle.service("ewa")
    assert found is not None and len(found.steps) >= 3
    return found


@pytest.mark.parametrize(("key", "target"), list(TABLE.items()), ids=str)
def test_every_transition(key: tuple[Enum, Enum], target: Enum, service: Service) -> None:
    view, intent = key
    assert isinstance(view, View)
    flow = flow_at(view, service)
    if intent is Go.STEP_BACK:
        flow.next()
    assert flow.machine.fire(intent)
    expected = View.OVERVIEW if target is RESUME else target
    assert flow.view is expected


@pytest.mark.parametrize("view", list(View))
def test_intents_without_a_transition_are_ignored(view: View, service: Service) -> None:
    for intent in Go:
        if (view, intent) in TABLE:
            continue
        flow = flow_at(view, service)
        assert not flow.machine.fire(intent)
        assert flow.view is view


def test_steps_run_in_order_to_the_handoff_and_back(service: Service) -> None:
    flow = flow_at(View.STEP, service)
    seen = [flow.position.step]
    while flow.view is View.STEP:
        flow.next()
        if flow.view is View.STEP:
            seen.append(flow.position.step)
    assert seen == list(range(len(service.steps)))
    assert flow.view is View.HANDOFF
    assert flow.back()
    assert flow.view is View.STEP
    assert flow.position.step == len(service.steps) - 1
    for _ in service.steps:
        flow.back()
    assert flow.view is View.NEEDS


def test_back_at_the_menu_leaves_the_station(service: Service) -> None:
    assert not ServiceFlow().back()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sie sind umgezogen? Dann melden Sie sich an.", "Sie sind umgezogen?"),
        ("Ein Satz. Noch einer.", "Ein Satz."),
        ("Kein Punkt", "Kein Punkt"),
        ("Zum Beispiel z. B. Nr. 5 gilt. Danach mehr.", "Zum Beispiel z. B. Nr. 5 gilt."),
        ("Hej. Dette er en test.", "Hej."),
        (
            "Penge, hvis din indkomst ikke slår til. I 2019 var det nyt.",
            "Penge, hvis din indkomst ikke slår til.",
        ),
        ("Det koster f.eks. 10 euro. Mere her.", "Det koster f.eks. 10 euro."),
        ("Es kostet ca. 5 Euro, bzw. weniger. Danach mehr.", "Es kostet ca. 5 Euro, bzw. weniger."),
        ("Are you moving? Then register.", "Are you moving?"),
    ],
)
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected
