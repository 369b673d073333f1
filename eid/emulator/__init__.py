"""Built-in AusweisApp SDK emulator: speaks the protocol of AusweisApp 1.26.2 as recorded,
with a scriptable card, so the kiosk runs without AusweisApp and without an ID card.

Embedded: ``server = EmulatorServer(card="good"); url = server.start(); ...; server.stop()``.
As a process: ``python -m eid emulator --port 0 --card good``.
"""

from eid.emulator.cards import DEFAULT_PRESET, PRESETS, CardScript, card_script
from eid.emulator.server import EmulatorServer

__all__ = ["DEFAULT_PRESET", "PRESETS", "CardScript", "EmulatorServer", "card_script"]
