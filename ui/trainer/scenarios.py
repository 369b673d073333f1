"""Choosing the emulator's card for the next run, from the trainer window (demo mode only).

The emulator runs as its own process in demo mode and puts a fresh card of a preset on its
"Plietsch Emulator" reader on `POST /control/card?preset=NAME`, on the same loopback port as
its SDK WebSocket. The request runs in a worker thread with a short timeout.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from PySide6.QtCore import QObject, Signal

from eid.emulator.cards import PRESETS
from eid.emulator.server import CONTROL_PATH

logger = logging.getLogger(__name__)

#: The scenarios a trainer stages, in the order of the buttons (names of emulator presets).
SCENARIOS = tuple(
    name
    for name in (
        "good",
        "wrong-pin",
        "can",
        "puk",
        "blocked",
        "deactivated",
        "removed",
        "slow",
        "transport",
        "keypad",
    )
    if name in PRESETS
)
TIMEOUT_S = 3.0


def control_url(sdk_url: str) -> str | None:
    """`ws://127.0.0.1:PORT/eID-Kernel` -> `http://127.0.0.1:PORT/control/card`."""
    parts = urlsplit(sdk_url)
    if parts.hostname is None or parts.port is None:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"http://{host}:{parts.port}{CONTROL_PATH}"


class ScenarioControl(QObject):
    """Signals: chosen(str) — the preset now on the reader; failed(str) — why not."""

    chosen = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        sdk_url: Callable[[], str | None],
        *,
        session_factory: Callable[[], requests.Session] = requests.Session,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sdk_url = sdk_url
        self._session_factory = session_factory

    def choose(self, preset: str) -> None:
        if preset not in SCENARIOS:
            self.failed.emit(f"unknown scenario {preset!r}")
            return
        self._request("POST", {"preset": preset})

    def ask(self) -> None:
        """Which preset lies on the reader now (the answer comes as `chosen`)."""
        self._request("GET", {})

    def _request(self, method: str, params: dict[str, str]) -> None:
        url = control_url(self._sdk_url() or "")
        if url is None:
            self.failed.emit("the emulator is not running")
            return

        def work() -> None:
            try:
                with self._session_factory() as session:
                    reply = session.request(method, url, params=params, timeout=TIMEOUT_S)
                reply.raise_for_status()
                preset = reply.json()["preset"]
            except (requests.RequestException, ValueError, KeyError, TypeError) as error:
                logger.warning("trainer: emulator control %s failed: %s", method, error)
                self.failed.emit(type(error).__name__)
                return
            logger.info("trainer: emulator card is now %r", preset)
            self.chosen.emit(str(preset))

        threading.Thread(target=work, name="trainer-scenario", daemon=True).start()
