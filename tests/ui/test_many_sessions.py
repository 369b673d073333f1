"""A scripted day: 1,000 visitor sessions with random choices, idle resets and language
switches, without an error, and with the wipe verified at the end."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from kiosk.flow import Shell
from stations.services.flow import View
from tests.qt_helpers import FakeClock, all_texts, settle
from ui.app import KioskApp

SESSIONS = 1000


def one_session(kiosk: KioskApp, clock: FakeClock, rng: random.Random) -> str:
    """Walk one visitor through the kiosk; returns how the session ended."""
    station = kiosk.stations["services"]
    if rng.random() < 0.8:
        kiosk.attract.start_buttons[rng.choice(("de", "en", "da", "de-LS"))].click()
    else:
        kiosk.attract.touched.emit()
        kiosk.window.language_buttons[rng.choice(("de", "en", "da", "de-LS"))].click()
    assert kiosk.flow.state is Shell.MENU
    kiosk.menu.tiles["services"].click()
    service = rng.choice(kiosk.bundle.services)
    station.menu.tiles[service.id].click()
    assert station.flow.view is View.OVERVIEW
    for _ in range(rng.randint(1, 12)):
        action = rng.random()
        page = station.pages[station.flow.view]
        primary = getattr(page, "action_row", None)
        if action < 0.55 and primary is not None and primary.primary.isVisibleTo(page):
            primary.primary.click()
        elif action < 0.65 and station.flow.view is View.OVERVIEW:
            station.overview.action_row.secondary.click()
        elif action < 0.8:
            kiosk.window.back_button.click()
            if kiosk.flow.state is not Shell.STATION:
                kiosk.menu.tiles["services"].click() if kiosk.flow.state is Shell.MENU else None
                break
        elif action < 0.9:
            kiosk.window.language_buttons[rng.choice(("de", "en", "da", "de-LS"))].click()
        else:
            kiosk.window.large_text_button.click()
        assert kiosk.translator.language in ("de", "en", "da", "de-LS")
    ending = rng.random()
    if ending < 0.6:
        kiosk.window.done_button.click()
        result = "done"
    else:
        clock.now += kiosk.config.session.idle_seconds
        kiosk.session.tick()
        assert kiosk.flow.state is Shell.IDLE_WARNING
        if ending < 0.75:
            kiosk.window.overlay.continue_button.click()
            assert kiosk.flow.state is not Shell.IDLE_WARNING
            kiosk.window.done_button.click()
            result = "continued"
        else:
            clock.now += kiosk.config.session.warning_seconds
            kiosk.session.tick()
            result = "idle"
    assert kiosk.flow.state is Shell.ATTRACT
    assert not kiosk.session.active
    return result


@pytest.mark.slow
def test_a_thousand_sessions(kiosk: KioskApp, clock: FakeClock) -> None:
    settle()
    baseline = Counter(all_texts(kiosk.window))
    rng = random.Random(20261129)
    endings: Counter[str] = Counter()
    for number in range(SESSIONS):
        endings[one_session(kiosk, clock, rng)] += 1
        if number % 20 == 0:
            settle()
    settle()
    assert kiosk.session.count == SESSIONS
    assert set(endings) == {"done", "continued", "idle"}
    assert Counter(all_texts(kiosk.window)) == baseline
    assert kiosk.translator.language == "de"
    assert not kiosk.theme.large_text
