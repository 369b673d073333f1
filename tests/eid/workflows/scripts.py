"""Building blocks for scripted workflow tests: SDK frames and a recorder of what the UI sees."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eid.workflows import Outcome, Request, Workflow
from tests.eid.workflows.fakes import FakeClient

BASIC = "REINER SCT cyberJack basis"
PINPAD = "REINER SCT cyberJack RFID standard"
SIM = "Simulator"


def card(retry: int = 3, *, deactivated: bool = False, inoperative: bool = False) -> dict[str, Any]:
    return {"deactivated": deactivated, "inoperative": inoperative, "retryCounter": retry}


def reader(
    name: str = BASIC,
    card_state: dict[str, Any] | None = None,
    *,
    keypad: bool | None = None,
    insertable: bool = False,
) -> dict[str, Any]:
    if keypad is None:
        keypad = name in {PINPAD, SIM}
    return {
        "name": name,
        "attached": True,
        "insertable": insertable or name == SIM,
        "keypad": keypad,
        "card": card_state,
    }


def reader_msg(name: str = BASIC, card_state: dict[str, Any] | None = None, **kw: Any) -> dict:
    return {"msg": "READER", **reader(name, card_state, **kw)}


def enter(what: str, name: str = BASIC, retry: int = 3, error: str | None = None) -> dict:
    frame: dict[str, Any] = {"msg": f"ENTER_{what}", "reader": reader(name, card(retry))}
    if error:
        frame["error"] = error
    return frame


MAJOR = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#"
MINOR = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/"


def auth_result(minor: str | None = None, url: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"major": MAJOR + ("ok" if minor is None else "error")}
    if minor:
        result["minor"] = MINOR + minor
    frame: dict[str, Any] = {"msg": "AUTH", "result": result}
    if url:
        frame["url"] = url
    return frame


@dataclass
class Recorder:
    """Everything a UI would notice from a workflow."""

    requests: list[Request] = field(default_factory=list)
    updates: list[Request] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    steps: list[Any] = field(default_factory=list)

    @classmethod
    def attach(cls, workflow: Workflow) -> Recorder:
        rec = cls()
        workflow.request_opened.connect(rec.requests.append)
        workflow.request_updated.connect(rec.updates.append)
        workflow.finished.connect(rec.outcomes.append)
        workflow.status.connect(rec.steps.append)
        return rec

    @property
    def last(self) -> Any:
        return self.requests[-1]

    @property
    def outcome(self) -> Outcome:
        assert len(self.outcomes) == 1, self.outcomes
        return self.outcomes[0]


Step = dict[str, Any] | Callable[[Recorder], Any]


def play(client: FakeClient, rec: Recorder, script: list[Step]) -> None:
    """Frames go to the fake client; callables act as the UI on the recorder."""
    for step in script:
        if callable(step):
            step(rec)
        else:
            client.feed(step)
