"""The trainer window against the built-in emulator: it follows a real authentication with a
wrong PIN, shows every step and message, and never shows the PIN, the session address or the
test person's data; every scenario button puts its card on the emulator's reader."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import requests

from eid.backend import EidBackend
from eid.client import AusweisClient
from eid.commands import NumberKind
from eid.emulator.person import TEST_PERSON
from eid.emulator.server import EmulatorServer
from eid.messages import Auth, Message
from eid.selfauth import SelfAuthFetcher
from eid.workflows.auth import AuthWorkflow
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.i18n import default_translator
from kiosk.session import EndReason
from tests.eid.workflows.visitor import Visitor, ready_client, run
from tests.emulator.running import running_emulator
from tests.qt_helpers import FakeClock, all_texts, settle
from ui.app import KioskApp
from ui.trainer.scenarios import SCENARIOS, ScenarioControl, control_url
from ui.trainer.setup import install_trainer
from ui.trainer.timeline import Step, Timeline
from ui.trainer.window import TrainerWindow

TIMEOUT_MS = 30000
RIGHT, WRONG = "123456", "000000"


@pytest.fixture
def emulator(qtbot: Any) -> Iterator[EmulatorServer]:
    yield from running_emulator(qtbot, card="good")


@pytest.fixture
def client(qtbot: Any, emulator: EmulatorServer) -> Iterator[AusweisClient]:
    sdk = ready_client(qtbot, emulator.url, TIMEOUT_MS)
    yield sdk
    sdk.close()
    settle()


def leaf_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from leaf_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from leaf_strings(value)
    elif isinstance(data, str):
        yield data


def shown(window: TrainerWindow) -> str:
    """Everything the window shows or says: labels, buttons, accessible names, the messages."""
    return "\n".join([*all_texts(window), window.frames_view.toPlainText()])


def test_the_trainer_follows_an_authentication_and_masks_pin_and_data(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    translator = default_translator()
    window = TrainerWindow(translator, Timeline())
    qtbot.addWidget(window)
    client.traffic.connect(window.feed)
    urls: list[str] = []

    def remember_url(message: Message) -> None:
        if isinstance(message, Auth) and message.url:
            urls.append(message.url)

    client.message_received.connect(remember_url)
    fetcher = SelfAuthFetcher()
    try:
        workflow = AuthWorkflow(client, emulator.self_auth_tc_token_url, fetcher=fetcher)
        visitor = Visitor(numbers={NumberKind.PIN: [WRONG, RIGHT]})
        run(qtbot, TIMEOUT_MS, workflow, visitor)
    finally:
        fetcher.shutdown()
    assert visitor.outcome is not None and visitor.outcome.ok, visitor.outcome
    assert visitor.data, "the test person's data did reach this process"
    settle()

    text = shown(window)
    assert '"cmd":"SET_PIN","value":"***"' in text
    for secret in (RIGHT, WRONG):
        assert secret not in text
    assert urls and urls[0].split("/")[-1].split("?")[0] not in text  # the refID
    personal = {value for value in leaf_strings(TEST_PERSON) if len(value) >= 4}
    assert "MUSTERMANN" in personal
    assert [value for value in personal if value in text] == []

    timeline = window.timeline
    assert timeline.outcome == "success"
    pace = timeline.step(Step.PACE)
    assert pace is not None and [key for key, _ in pace.notes] == [
        "trainer.note.ask_pin",
        "trainer.note.pin_again",
    ]
    assert "Falsche PIN: noch 2 Versuche." in text
    names = [card.accessibleName() for card in window.cards if card.isVisibleTo(window)]
    assert names[3].startswith("Schritt 4 von 7: PIN-Prüfung (PACE) – erledigt · ")
    assert names[-1] == "Schritt 7 von 7: Ergebnis – erledigt"


def scenario_window(qtbot: Any, client: AusweisClient) -> tuple[TrainerWindow, ScenarioControl]:
    """The trainer window with scenario buttons for the client's emulator."""
    scenarios = ScenarioControl(lambda: client.url)
    window = TrainerWindow(default_translator(), Timeline(), scenarios=scenarios)
    qtbot.addWidget(window)
    return window, scenarios


def choose(qtbot: Any, window: TrainerWindow, scenarios: ScenarioControl, name: str) -> None:
    """Tap a scenario button and wait until the emulator has taken the card."""
    with qtbot.waitSignal(scenarios.chosen, timeout=TIMEOUT_MS):
        window.scenario_buttons[name].click()


def test_every_scenario_puts_its_card_on_the_emulators_reader(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    window, scenarios = scenario_window(qtbot, client)
    endpoint = control_url(client.url)
    assert endpoint is not None
    assert set(SCENARIOS) >= {
        "wrong-pin",
        "can",
        "puk",
        "blocked",
        "deactivated",
        "removed",
        "slow",
    }
    for name in SCENARIOS:
        with qtbot.waitSignal(scenarios.chosen, timeout=TIMEOUT_MS) as chosen:
            window.scenario_buttons[name].click()
        assert chosen.args == [name]
        assert requests.get(endpoint, timeout=5).json()["preset"] == name
        assert emulator.card.name == name
        title = window.translator.tr(f"trainer.scenario.{name}.title")
        assert window.scenario_status.text() == f"Der nächste Vorgang nutzt: {title}"
        assert window.scenario_buttons[name].isChecked()


def test_a_card_chosen_for_the_next_run_is_used_by_it(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    window, scenarios = scenario_window(qtbot, client)
    client.traffic.connect(window.feed)
    choose(qtbot, window, scenarios, "can")
    workflow = AuthWorkflow(client, emulator.self_auth_tc_token_url)
    visitor = Visitor(numbers={NumberKind.CAN: ["654321"], NumberKind.PIN: [RIGHT]})
    run(qtbot, TIMEOUT_MS, workflow, visitor)
    pace = window.timeline.step(Step.PACE)
    assert pace is not None and pace.notes[0][0] == "trainer.note.ask_can"
    assert '"cmd":"SET_CAN","value":"***"' in window.frames_view.toPlainText()
    # the demo card's CAN is printed on the scenario button for the trainer, nowhere else
    steps = "\n".join(text for card in window.cards for text in all_texts(card))
    assert "654321" not in window.frames_view.toPlainText() + steps


@pytest.fixture
def kiosk(qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    app = KioskApp(config, bundle, kiosk_mode=False, clock=clock, auto_tick=False)
    yield app
    app.stop()
    settle()


def test_the_config_decides_and_the_option_forces(qtbot: Any, kiosk: KioskApp) -> None:
    backend = EidBackend(AusweisClient("ws://127.0.0.1:9/eID-Kernel"), emulated=True)
    assert install_trainer(kiosk, backend) is None  # [trainer] window = "off" (default)
    kiosk.config = replace(kiosk.config, trainer=replace(kiosk.config.trainer, window="auto"))
    assert install_trainer(kiosk, backend) is None  # no second screen offscreen
    window = install_trainer(kiosk, backend, forced=True)
    assert window is not None and window.isVisible()
    assert window.scenarios is not None  # the emulator: scenarios offered
    window.close()


def test_with_real_cards_the_privacy_wipe_clears_the_trainer(qtbot: Any, kiosk: KioskApp) -> None:
    backend = EidBackend(AusweisClient("ws://127.0.0.1:9/eID-Kernel"), emulated=False)
    window = install_trainer(kiosk, backend, forced=True)
    assert window is not None and window.scenarios is None
    window.feed("send", '{"cmd":"RUN_AUTH","tcTokenURL":"https://x/t"}')
    window.feed("recv", '{"msg":"ENTER_PIN","reader":{"name":"R","card":{"retryCounter":2}}}')
    assert window.timeline.kind == "auth"
    kiosk.session.start()
    kiosk.session.end(EndReason.IDLE)
    assert window.timeline.kind is None and window.timeline.frames == []
    assert "ENTER_PIN" not in shown(window)
    window.close()


RIGHT_NUMBERS = {
    NumberKind.PIN: [RIGHT],
    NumberKind.CAN: ["654321"],
    NumberKind.PUK: ["1234567890"],
}


@pytest.mark.parametrize(
    ("scenario", "pace_notes", "result_note"),
    [
        ("good", ["ask_pin"], "trainer.note.success"),
        ("can", ["ask_can", "ask_pin"], "trainer.note.success"),
        ("puk", ["ask_puk", "ask_pin"], "trainer.note.success"),
        ("blocked", ["ask_puk", "inoperative"], "trainer.minor.cancelled"),
        ("deactivated", [], "trainer.minor.cancelled"),
        ("removed", ["ask_pin", "card_gone"], "trainer.minor.card_removed"),
        ("slow", ["ask_pin"], "trainer.note.success"),
    ],
)
def test_each_scenario_reads_as_it_happened(
    qtbot: Any,
    *,
    emulator: EmulatorServer,
    client: AusweisClient,
    scenario: str,
    pace_notes: list[str],
    result_note: str,
) -> None:
    window, scenarios = scenario_window(qtbot, client)
    client.traffic.connect(window.feed)
    choose(qtbot, window, scenarios, scenario)
    visitor = Visitor(numbers={kind: list(values) for kind, values in RIGHT_NUMBERS.items()})
    run(qtbot, TIMEOUT_MS, AuthWorkflow(client, emulator.self_auth_tc_token_url), visitor)
    settle()
    timeline = window.timeline
    pace, result = timeline.step(Step.PACE), timeline.step(Step.RESULT)
    assert pace is not None and result is not None
    notes = [key.removeprefix("trainer.note.") for key, _ in pace.notes]
    if scenario == "deactivated":  # the card is refused before any number: noted where it showed
        notes = [key.removeprefix("trainer.note.") for r in timeline.steps for key, _ in r.notes]
        assert "deactivated" in notes
    else:
        assert notes == pace_notes
    assert result.notes[0][0] == result_note
    assert timeline.outcome == ("success" if result_note.endswith("success") else "failure")
