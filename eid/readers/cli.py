"""``python -m eid readers``: list readers, their PIN pad and the kind of card on each.

For staff and for checking a station: it answers in one look whether pcscd runs,
whether the reader is seen, whether it has a keypad, and what card lies on it.
Exit codes: 0 listed, 2 bad arguments, 3 PC/SC service (pcscd) not reachable,
4 another PC/SC failure (e.g. a reader unplugged while it was being looked at).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from typing import Any

from eid.readers.cardkind import Classification
from eid.readers.events import ReaderInfo
from eid.readers.inspection import CardGoneError, classify_card, reader_features
from eid.readers.pcsc import (
    PNP_NOTIFICATION,
    STATE_CHANGED,
    STATE_PRESENT,
    ContextFactory,
    PcscContext,
    PcscError,
    ReaderState,
)

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NO_SERVICE = 3
EXIT_PCSC_ERROR = 4

#: Most USB readers (CCID class) need Debian's driver package ``libccid`` ("ccid" upstream);
#: without it pcscd runs, but sees no reader at all.
NO_READER_HINT = (
    "If a reader is plugged in: most USB card readers need the CCID driver "
    "(Debian/Ubuntu: apt-get install libccid), then restart pcscd."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eid readers",
        description="List PC/SC readers, their PIN-pad capability and the kind of card on each.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait up to SECONDS for a card on any reader before listing",
    )
    return parser


def _default_factory() -> PcscContext:
    from eid.readers.pyscard_backend import open_context  # noqa: PLC0415 - lazy on purpose

    return open_context()


def main(argv: list[str], context_factory: ContextFactory = _default_factory) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_request:
        return EXIT_OK if exit_request.code == 0 else EXIT_USAGE
    if args.wait < 0:
        print("readers: --wait must not be negative", file=sys.stderr)
        return EXIT_USAGE
    try:
        context = context_factory()
    except PcscError as error:
        return _no_service(error)
    try:
        report = _survey(context, args.wait)
    except PcscError as error:
        if error.service_gone:
            return _no_service(error)
        print(f"readers: PC/SC call failed: {error}", file=sys.stderr)
        return EXIT_PCSC_ERROR
    finally:
        context.release()
    print(json.dumps(report, indent=2) if args.json else _as_text(report))
    return EXIT_OK


def _no_service(error: PcscError) -> int:
    print(f"readers: PC/SC service (pcscd) not reachable: {error}", file=sys.stderr)
    return EXIT_NO_SERVICE


def _survey(context: PcscContext, wait_s: float) -> dict[str, Any]:
    states = _wait_for_card(context, wait_s)
    readers = []
    for state in states:
        info = ReaderInfo(state.name, reader_features(context, state.name))
        readers.append(_reader_entry(context, info, state))
    report: dict[str, Any] = {"service": "available", "readers": readers}
    if not readers:
        report["hint"] = NO_READER_HINT
    return report


def _current_states(context: PcscContext) -> list[ReaderState]:
    names = context.list_readers()
    if not names:
        return []
    return context.get_status_change(0, [ReaderState(name, 0) for name in names])


def _wait_for_card(context: PcscContext, wait_s: float) -> list[ReaderState]:
    """Reader states, after waiting (event-driven) up to `wait_s` for a card to appear."""
    deadline = time.monotonic() + wait_s
    while True:
        states = _current_states(context)
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0 or any(s.state & STATE_PRESENT for s in states):
            return states
        watch = [ReaderState(s.name, s.state & ~STATE_CHANGED) for s in states]
        watch.append(ReaderState(PNP_NOTIFICATION, 0))
        try:
            context.get_status_change(remaining_ms, watch)
        except PcscError as error:
            if not error.timed_out:
                raise


def _reader_entry(context: PcscContext, info: ReaderInfo, state: ReaderState) -> dict[str, Any]:
    features = info.features
    entry: dict[str, Any] = {
        "name": info.name,
        "keypad": info.keypad,
        "features": None
        if features is None
        else {
            "verify_pin_direct": features.verify_pin_direct,
            "modify_pin_direct": features.modify_pin_direct,
            "execute_pace": features.execute_pace,
        },
        "card": None,
    }
    if state.state & STATE_PRESENT:
        try:
            result = classify_card(context, info.name, state.atr, lambda: True)
        except CardGoneError:
            return entry
        entry["card"] = _card_entry(state.atr, result)
    return entry


def _card_entry(atr: bytes, result: Classification) -> dict[str, str]:
    return {"atr": atr.hex(" ").upper(), "kind": result.kind.value, "reason": result.reason}


def _keypad_text(keypad: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[keypad]


def _as_text(report: dict[str, Any]) -> str:
    readers = report["readers"]
    if not readers:
        return f"PC/SC service available, but no reader is connected.\n{NO_READER_HINT}"
    lines = []
    for reader in readers:
        lines.append(f"{reader['name']}")
        lines.append(f"  PIN pad on the reader: {_keypad_text(reader['keypad'])}")
        card = reader["card"]
        if card is None:
            lines.append("  card: none")
        else:
            lines.append(f"  card: {card['kind']} ({card['reason']})")
            lines.append(f"  ATR:  {card['atr']}")
    return "\n".join(lines)
