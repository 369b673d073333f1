"""``python -m eid diagnose``: what staff need to know about an SDK endpoint, in one short run.

Connects with the kiosk's own client (so a problem seen here is the problem the kiosk
has), asks INFO, API_LEVEL and READER_LIST, prints them and exits. When nothing
listens, another client holds the SDK (429) or a GUI workflow runs (409), it says so
in one line on stderr and exits non-zero; ``--json`` prints a JSON object either way.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer

from eid.client import AusweisClient, ConnectionState
from eid.commands import GetApiLevel, GetInfo, GetReaderList
from eid.discovery import discover_url
from eid.messages import ApiLevel, Info, Message, Reader, ReaderInfo, ReaderList
from eid.traffic_log import TRAFFIC, RedactingFilter

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREACHABLE = 3
EXIT_HELD = 4
EXIT_BUSY = 5
EXIT_INCOMPATIBLE = 6
EXIT_TIMEOUT = 7
READER_SETTLE_MS = 500  # how long READER pushes may trail the answers
EMPTY_LIST_WAIT_MS = 3000  # a fresh AusweisApp may answer [] and push its Simulator later

_EXIT_BY_STATE = {
    ConnectionState.UNREACHABLE: EXIT_UNREACHABLE,
    ConnectionState.HELD_BY_OTHER_CLIENT: EXIT_HELD,
    ConnectionState.BUSY_IN_GUI: EXIT_BUSY,
    ConnectionState.INCOMPATIBLE: EXIT_INCOMPATIBLE,
}


@dataclass
class Diagnosis:
    """What one run found; ``error`` is set (and ``exit_code`` non-zero) when it failed."""

    url: str
    info: Info | None = None
    api_level: ApiLevel | None = None
    readers: tuple[ReaderInfo, ...] | None = None
    error: str | None = None
    exit_code: int = EXIT_OK
    state: ConnectionState = ConnectionState.DISCONNECTED
    pending: set[str] = field(default_factory=lambda: {"INFO", "API_LEVEL", "READER_LIST"})

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"url": self.url, "state": self.state.value}
        if self.error:
            data["error"] = self.error
            return data
        if self.info is not None:
            data["name"] = self.info.name
            data["version"] = self.info.implementation_version
        if self.api_level is not None:
            data["api_levels"] = {
                "available": list(self.api_level.available),
                "current": self.api_level.current,
            }
        data["readers"] = [_reader_json(r) for r in self.readers or ()]
        return data


def _reader_json(reader: ReaderInfo) -> dict[str, Any]:
    card = None
    if reader.card is not None:
        card = {
            "retry_counter": reader.card.retry_counter,
            "deactivated": reader.card.deactivated,
            "inoperative": reader.card.inoperative,
        }
    return {
        "name": reader.name,
        "attached": reader.attached,
        "keypad": reader.keypad,
        "insertable": reader.insertable,
        "card": card,
        "unknown_card": reader.unknown_card,
    }


def _card_text(reader: ReaderInfo) -> str:
    if reader.card is None:
        return "a card that is not an eID card" if reader.unknown_card else "no card"
    card = reader.card
    flags = [f"retry counter {card.retry_counter}" if card.retry_counter is not None else ""]
    flags += [
        "eID deactivated" if card.deactivated else "",
        "inoperative" if card.inoperative else "",
    ]
    return "eID card (" + ", ".join(f for f in flags if f) + ")"


def render_text(result: Diagnosis) -> str:
    lines = [f"AusweisApp SDK at {result.url}"]
    if result.info is not None:
        lines.append(f"  version:    {result.info.implementation_version} ({result.info.name})")
    if result.api_level is not None:
        available = ", ".join(str(level) for level in result.api_level.available) or "?"
        lines.append(f"  API levels: available {available}; current {result.api_level.current}")
    readers = result.readers or ()
    lines.append(f"  readers:    {len(readers)}")
    for reader in readers:
        traits = [
            "attached" if reader.attached else "not attached",
            "keypad" if reader.keypad else "",
            "insertable" if reader.insertable else "",
        ]
        described = ", ".join(t for t in traits if t)
        lines.append(f"    {reader.name}: {described}; {_card_text(reader)}")
    return "\n".join(lines)


def diagnose(url: str, timeout_s: float) -> Diagnosis:
    """Connect, ask, and return what was found; runs a local event loop for at most timeout_s."""
    if QCoreApplication.instance() is None:
        QCoreApplication([sys.argv[0]])
    result = Diagnosis(url=url)
    client = AusweisClient(
        url, reconnect=False, user_agent="Plietsch diagnose", handshake_timeout_s=timeout_s
    )
    loop = QEventLoop()

    def on_state(state: ConnectionState) -> None:
        result.state = state
        if state is ConnectionState.READY:
            for command in (GetInfo(), GetApiLevel(), GetReaderList()):
                client.send(command)
        elif state in _EXIT_BY_STATE:
            result.error = client.last_error or state.value
            result.exit_code = _EXIT_BY_STATE[state]
            loop.quit()

    settle = QTimer()
    settle.setSingleShot(True)
    settle.timeout.connect(loop.quit)

    def on_message(message: Message) -> None:
        if isinstance(message, Reader) and not result.pending:
            settle.start(READER_SETTLE_MS)  # more are trickling in: wait for the last one
            return
        if isinstance(message, Info):
            result.info = message
        elif isinstance(message, ApiLevel):
            result.api_level = message
        elif isinstance(message, ReaderList):
            result.readers = message.readers
        else:
            return
        result.pending.discard(message.msg)
        if not result.pending:
            # READER frames pushed right after connecting may trail the answers: a busy
            # AusweisApp 1.26.2 answers READER_LIST with [] and enables its Simulator a
            # moment later (seen after 50 ms idle, longer under load). Wait until they stop.
            empty = not result.readers and not client.readers
            settle.start(EMPTY_LIST_WAIT_MS if empty else READER_SETTLE_MS)

    def on_timeout() -> None:
        result.error = f"no complete answer from {url} within {timeout_s:g} s"
        result.exit_code = EXIT_TIMEOUT
        loop.quit()

    connections = [
        client.state_changed.connect(on_state),
        client.message_received.connect(on_message),
    ]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(on_timeout)
    timer.start(round(timeout_s * 1000))
    client.open()
    if result.exit_code == EXIT_OK and result.pending:
        loop.exec()
    timer.stop()
    settle.stop()
    _merge_pushed_readers(result, client)
    for connection in connections:
        QObject.disconnect(connection)
    client.close()
    return result


def _merge_pushed_readers(result: Diagnosis, client: AusweisClient) -> None:
    """The READER_LIST answer plus what READER pushes reported after it."""
    if result.readers is not None:
        known = {reader.name: reader for reader in result.readers}
        known.update(client.readers)
        result.readers = tuple(known.values())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eid diagnose",
        description="Show version, API levels, readers and cards of an AusweisApp SDK endpoint.",
    )
    parser.add_argument(
        "--url",
        help="SDK endpoint (default: port file of a running AusweisApp, else port 24727)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log the connection (TRAFFIC: frames)"
    )
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    url = args.url or discover_url()
    eid_logger = logging.getLogger("eid")
    old_level = eid_logger.level
    quiet = logging.NullHandler()  # the error line below says it once; no duplicate warnings
    handler: logging.Handler = quiet
    if args.verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        eid_logger.setLevel(TRAFFIC)
    eid_logger.addHandler(handler)
    try:
        result = diagnose(url, args.timeout)
    finally:
        eid_logger.removeHandler(handler)
        eid_logger.setLevel(old_level)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif result.error is None:
        print(render_text(result))
    if result.error is not None:
        print(f"error: {result.error}", file=sys.stderr)
    return result.exit_code
