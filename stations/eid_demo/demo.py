"""Info pages and screenshot states of the eID station.

The screenshot states put the station into each screen with demo view data (the
Mustermann test person of the AusweisApp Simulator), without any workflow or SDK.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from eid.commands import NumberKind
from eid.emulator.person import OPTIONAL_RIGHTS, REQUIRED_RIGHTS, self_disclosure
from eid.readers.cardkind import CardKind
from eid.selfauth import SelfAuthData, parse_self_auth
from eid.workflows.outcomes import OutcomeKind
from stations.eid_demo.choice_screens import InfoScreen
from stations.eid_demo.flow import Step, View
from stations.eid_demo.texts import OUTCOME_KEYS
from stations.eid_demo.workflow_glue import CardView, RightsView
from stations.eid_demo.workflow_screens import NumberView

if TYPE_CHECKING:
    from stations.eid_demo.station import EidStation
    from ui.station import ScreenshotState

logger = logging.getLogger(__name__)

Translate = Callable[[str], str]


def fill_no_pin(page: InfoScreen, tr: Translate) -> None:
    page.fill(
        tr("eid.no_pin.title"),
        tr("eid.no_pin.lead"),
        [tr(f"eid.no_pin.point{index}") for index in range(1, 5)],
        hint=tr("eid.no_pin.hint"),
        action=tr("eid.no_pin.try"),
        step=Step.TEST_CARD,
    )


def fill_transport_info(page: InfoScreen, tr: Translate) -> None:
    page.fill(
        tr("eid.transport.title"),
        tr("eid.transport.lead"),
        [tr(f"eid.transport.point{index}") for index in range(1, 4)],
        hint=tr("eid.transport.hint"),
        action=tr("eid.transport.start"),
        step=Step.START_TRANSPORT,
    )


def mustermann() -> SelfAuthData:
    """The Simulator's test person as a `SelfAuthData` record (test data, not a person)."""
    return parse_self_auth(json.dumps(self_disclosure(REQUIRED_RIGHTS + OPTIONAL_RIGHTS)))


def _into(station: EidStation, steps: list[Step]) -> None:
    station.wipe()
    for step in steps:
        station.flow.fire(step)


def _rights(station: EidStation) -> None:
    _into(station, [Step.SHOW_DATA, Step.HAVE_PIN])
    station.rights = RightsView(
        provider="Stadt Flensburg – Selbstauskunft (Test)",
        purpose="Anzeige der eigenen Daten",
        required=REQUIRED_RIGHTS,
        optional=OPTIONAL_RIGHTS,
        enabled=OPTIONAL_RIGHTS[:1],
    )
    station.flow.fire(Step.RIGHTS)


def _card(station: EidStation, wrong: CardKind | None) -> None:
    _into(station, [Step.SHOW_DATA, Step.HAVE_PIN])
    station.card = CardView(wrong_card=wrong, test_card_offered=True)
    station.flow.fire(Step.CARD)


def _number(station: EidStation, view: NumberView) -> None:
    _into(station, [Step.SHOW_DATA, Step.HAVE_PIN])
    station.number = view
    station.flow.fire(Step.NUMBER)


def _working(station: EidStation) -> None:
    _into(station, [Step.SHOW_DATA, Step.HAVE_PIN])
    station.percent = 40
    station.render()


def _explained(station: EidStation) -> None:
    """The trainer's "Schritt für Schritt" panel open under the card-reading screen."""
    _working(station)
    station.trainer.toggle.setChecked(True)


def _result(station: EidStation) -> None:
    _into(station, [Step.TEST_CARD])
    station.test_card = True
    data = mustermann()
    station._on_data(data)


def _outcome(station: EidStation, key: str, pin_change: bool = False) -> None:
    _into(station, [Step.SHOW_DATA, Step.HAVE_PIN])
    station.outcome = key
    station.pin_change = pin_change
    station.flow.fire(Step.ENDED)


def _start(station: EidStation, available: bool) -> None:
    station.showcase = available
    station.wipe()


def screenshot_states(station: EidStation) -> list[ScreenshotState]:
    """Every screen with demo data; the start screen as it looks with eID ready."""
    station.showcase = True
    states: list[ScreenshotState] = [
        ("start-unavailable", partial(_start, station, False)),
        ("start", partial(_start, station, True)),
        ("pin-choice", partial(_into, station, [Step.SHOW_DATA])),
        ("no-pin", partial(_into, station, [Step.NO_PIN])),
        ("transport-info", partial(_into, station, [Step.CHANGE_PIN])),
        ("access-rights", partial(_rights, station)),
        ("insert-card", partial(_card, station, None)),
        ("insert-card-egk", partial(_card, station, CardKind.EGK)),
        ("pin", partial(_number, station, NumberView(NumberKind.PIN))),
        (
            "pin-wrong",
            partial(
                _number, station, NumberView(NumberKind.PIN, retry_counter=2, wrong_attempt=True)
            ),
        ),
        ("transport-pin", partial(_number, station, NumberView(NumberKind.TRANSPORT_PIN))),
        ("can", partial(_number, station, NumberView(NumberKind.CAN, retry_counter=1))),
        ("puk", partial(_number, station, NumberView(NumberKind.PUK, retry_counter=0))),
        ("new-pin", partial(_number, station, NumberView(NumberKind.NEW_PIN))),
        (
            "new-pin-mismatch",
            partial(_number, station, NumberView(NumberKind.NEW_PIN, mismatch=True)),
        ),
        ("pin-keypad", partial(_number, station, NumberView(NumberKind.PIN, keypad=True))),
        ("working", partial(_working, station)),
        ("working-explained", partial(_explained, station)),
        ("result", partial(_result, station)),
        ("outcome-pin-changed", partial(_outcome, station, "eid.outcome.pin_changed", True)),
    ]
    for kind, suffix in OUTCOME_KEYS.items():
        if kind is not OutcomeKind.SUCCESS:
            name = "outcome-" + suffix.replace("_", "-")
            states.append((name, partial(_outcome, station, f"eid.outcome.{suffix}")))
    return states


__all__ = ["View", "fill_no_pin", "fill_transport_info", "mustermann", "screenshot_states"]
