"""A spoken transcript of one eID self-disclosure with the test card, as Vorlesen says it.

    python -m ui.speech_transcript [--lang de|en|da] [--read-data]

Why a tool: reviewers (and the issue) need to read what a visitor who cannot see the screen
hears through a whole eID run, without listening to it. It drives the real kiosk, offscreen,
against the built-in SDK emulator and its test card (Erika Mustermann, PIN 123456), and
writes down every utterance in order instead of speaking it. With `--read-data` the visitor
also presses "Daten vorlesen" on the result screen (otherwise the data are never said).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QApplication

from eid.backend import EidBackend
from eid.client import AusweisClient
from eid.emulator.server import EmulatorServer
from eid.selfauth import SelfAuthFetcher
from kiosk.config import load_config
from kiosk.content import SHIPPED_BUNDLE, load_first_valid
from kiosk.speech import TranscriptEngine
from stations.eid_demo.flow import Step, View
from stations.eid_demo.station import EidStation
from ui.app import KioskApp

logger = logging.getLogger(__name__)

TEST_CARD_PIN = "123456"  # the emulator's test card; typed on the pad, never said
TIMEOUT_S = 20.0


def _wait(condition: Callable[[], bool], what: str, settle_s: float = 0.4) -> None:
    """Run the event loop until `condition`, then a little longer: the reader notices a
    refilled screen on its next poll, as it would for a visitor."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {TIMEOUT_S:.0f} s for {what}")
        QApplication.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + settle_s
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _press(widget: QAbstractButton) -> None:
    widget.click()
    _wait(lambda: True, "the tap")


def self_disclosure_transcript(language: str = "de", *, read_data: bool = False) -> list[str]:
    """Every utterance of one run, in order, as "[voice] text"."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    server = EmulatorServer(delay_ms=0)
    server.start()
    server.set_card("basic")
    client = AusweisClient(server.url, reconnect=False)
    fetcher = SelfAuthFetcher()
    backend = EidBackend(
        client, fetcher=fetcher, tc_token_url=server.self_auth_tc_token_url, emulated=True
    )
    engine = TranscriptEngine()
    config = load_config(None, demo=True)[0]
    bundle, _ = load_first_valid([], SHIPPED_BUNDLE, config.content.allowed_hosts)
    kiosk = KioskApp(
        config, bundle, kiosk_mode=False, auto_tick=False, defer_stations=True, speech=engine
    )
    try:
        backend.start()
        _wait(lambda: backend.ready, "the emulator")
        kiosk.load_stations(eid=backend)
        kiosk.show(windowed=True)
        _wait(lambda: True, "the attract screen")
        kiosk.set_speech(True)  # the toggle on the attract band
        _wait(lambda: True, "the attract screen read")
        kiosk.choose_language(language)
        _wait(lambda: True, "the menu")
        kiosk.open_station("eid")
        station = kiosk.stations["eid"]
        assert isinstance(station, EidStation)
        _wait(lambda: station.view is View.START, "the eID start screen")
        _press(station.start_screen.tiles[Step.SHOW_DATA])
        _press(station.choice.tiles[Step.HAVE_PIN])
        _wait(lambda: station.view is View.ACCESS_RIGHTS, "the access rights", 1.0)
        _press(station.rights_screen.accept)
        _wait(lambda: station.view is View.ENTER_NUMBER, "the PIN pad")
        pad = station.number_screen.pad
        for digit in TEST_CARD_PIN:
            _press(pad.digit_keys[digit])
        _press(pad.ok_key)
        _wait(lambda: station.view is View.RESULT, "the result")
        if read_data:
            _press(station.result.read_data)
        _press(station.result.clear)
        _wait(lambda: station.view is not View.RESULT, "the next screen")
        kiosk.finish()
        _wait(lambda: True, "the wipe")
    finally:
        kiosk.stop()
        client.close()
        fetcher.shutdown()
        server.stop()
        del app
    return [f"[{voice}] {text}" for voice, text in engine.lines]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.speech_transcript", description=__doc__)
    parser.add_argument("--lang", default="de", choices=("de", "en", "da"))
    parser.add_argument("--read-data", action="store_true", help='press "Daten vorlesen"')
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    for line in self_disclosure_transcript(args.lang, read_data=args.read_data):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
