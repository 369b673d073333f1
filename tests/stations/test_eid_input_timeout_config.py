"""``[eid] input_timeout_seconds``: how long the eID station waits for the visitor's PIN
before it cancels the workflow. Validated like every key; the station's workflows use it
(the cancel itself is tested in test_eid_controller with a short timeout)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from eid.backend import EidBackend
from eid.workflows import INPUT_TIMEOUT_S
from kiosk.config import Config, load_config
from kiosk.content import Bundle
from stations.eid_demo.flow import Step
from tests.eid.fakes import FakeSocketFactory
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import make_kiosk, open_eid


def test_the_default_is_the_workflows_own() -> None:
    assert Config().eid.input_timeout_seconds == INPUT_TIMEOUT_S == 150


@pytest.mark.parametrize(
    ("value", "expected", "problem"),
    [("45", 45, None), ("10", 150, "30 to 900"), ('"long"', 150, "whole number")],
)
def test_the_key_is_validated(
    tmp_path: Path, value: str, expected: int, problem: str | None
) -> None:
    path = tmp_path / "station.toml"
    path.write_text(f"[eid]\ninput_timeout_seconds = {value}\n")
    config, problems = load_config(path)
    assert config.eid.input_timeout_seconds == expected
    if problem is None:
        assert problems == []
    else:
        (found,) = problems
        assert found.key == "eid.input_timeout_seconds" and problem in found.message


@pytest.mark.parametrize("seconds", [45, 600])
def test_the_station_s_workflows_wait_that_long(
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    sdk: tuple[EidBackend, FakeSocketFactory],
    seconds: int,
) -> None:
    backend, _factory = sdk
    configured = replace(config, eid=replace(config.eid, input_timeout_seconds=seconds))
    kiosk = make_kiosk(configured, bundle, clock, backend)
    try:
        station = open_eid(kiosk)
        station.controller.choose(Step.CHANGE_PIN)
        station.controller.choose(Step.START_TRANSPORT)
        workflow = station.controller.workflow
        assert workflow is not None and workflow.input_timeout_s == seconds
    finally:
        kiosk.stop()
        settle()
