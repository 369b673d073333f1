"""Record SDK exchanges with a real AusweisApp into ``tests/eid/transcripts/<version>/``.

    python tests/eid/record_transcripts.py --version 2 [--out DIR]

Made the way the 1.26.2 transcripts in ``tests/eid/transcripts`` were: a fresh headless
instance (tests/eid/real_ausweisapp.py), a plain websocket-client connection without an
Origin header, the READER frames pushed on connect collected for 1.5 s, then one command
every 0.7 s. Each line is ``{"dir": "send"|"recv"|"note", "ms": ..., "data": ...}``. Only
the Simulator card is used, which takes no PIN value, so nothing secret is recorded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import websocket

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.eid import real_ausweisapp  # noqa: E402

SETTLE_S = 1.5
STEP_S = 0.7
TEST_TC_TOKEN = "https://test.governikus-eid.de/AusweisAuskunft/WebServiceRequesterServlet"


class Recorder:
    """One connection; every frame in and out lands in ``entries``."""

    def __init__(self, url: str, origin: str | None = None) -> None:
        self.started = time.monotonic()
        self.entries: list[dict[str, Any]] = []
        self.ws = websocket.create_connection(
            url, timeout=0.2, suppress_origin=origin is None, origin=origin
        )
        self.drain(SETTLE_S)

    def _add(self, direction: str, data: Any) -> None:
        ms = round((time.monotonic() - self.started) * 1000)
        self.entries.append({"dir": direction, "ms": ms, "data": data})

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            self._add("recv", json.loads(raw))

    def send(self, frame: dict[str, Any] | str, wait_s: float = STEP_S) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        self._add("send", frame)
        self.ws.send(text)
        self.drain(wait_s)

    def note(self, text: str) -> None:
        self._add("note", text)

    def close(self) -> None:
        self.ws.close()


def connect_info_readers(rec: Recorder, url: str) -> None:
    rec.send({"cmd": "GET_INFO"})
    rec.send({"cmd": "GET_API_LEVEL"})
    rec.send({"cmd": "SET_API_LEVEL", "level": 2})
    rec.send({"cmd": "GET_STATUS"})
    rec.send({"cmd": "GET_READER_LIST"})
    rec.send({"cmd": "GET_READER", "name": "Simulator"})
    rec.send({"cmd": "GET_READER", "name": "No such reader"})
    rec.send({"cmd": "SET_API_LEVEL", "level": 3})
    rec.send({"cmd": "GET_API_LEVEL"})


def malformed_and_bad_state(rec: Recorder, url: str) -> None:
    for frame in ("not json", '{"cmd":', "[]"):
        rec.send(frame)
    for command in (
        {"nocmd": 1},
        {"cmd": "FOO"},
        {"cmd": "get_info"},
        {"cmd": "SET_PIN", "value": "123456"},
        {"cmd": "ACCEPT"},
        {"cmd": "CANCEL"},
        {"cmd": "GET_ACCESS_RIGHTS"},
        {"cmd": "SET_API_LEVEL", "level": 9},
        {"cmd": "INTERRUPT"},
        {"cmd": "CONTINUE"},
        {"cmd": "SET_CARD", "name": "Simulator"},
        {"cmd": "SET_API_LEVEL"},
        {"cmd": "SET_API_LEVEL", "level": "3"},
        {"cmd": "GET_READER"},
        {"cmd": "RUN_AUTH", "tcTokenURL": "not a url"},
    ):
        rec.send(command)


def change_pin_simulator_success(rec: Recorder, url: str) -> None:
    rec.send({"cmd": "RUN_CHANGE_PIN"}, wait_s=0.3)
    rec.send({"cmd": "SET_CARD", "name": "Simulator"})
    rec.send({"cmd": "SET_PIN", "value": "12345"})
    rec.send({"cmd": "SET_PIN"})
    rec.send({"cmd": "SET_NEW_PIN"}, wait_s=1.0)
    rec.send({"cmd": "GET_STATUS"})


def change_pin_cancel(rec: Recorder, url: str) -> None:
    rec.send({"cmd": "RUN_CHANGE_PIN"}, wait_s=0.3)
    rec.send({"cmd": "GET_STATUS"})
    rec.send({"cmd": "RUN_CHANGE_PIN"})
    rec.send({"cmd": "SET_CARD", "name": "No such reader"})
    rec.send({"cmd": "SET_CARD"})
    rec.send({"cmd": "CANCEL"})
    rec.send({"cmd": "CANCEL"})


def auth_offline_network_error(rec: Recorder, url: str) -> None:
    rec.send({"cmd": "RUN_AUTH"})
    rec.send({"cmd": "RUN_AUTH", "tcTokenURL": TEST_TC_TOKEN}, wait_s=3.0)


def second_client_refused(rec: Recorder, url: str) -> None:
    try:
        websocket.create_connection(url, timeout=5, suppress_origin=True).close()
        rec.note("second client accepted")
    except websocket.WebSocketBadStatusException as exc:
        rec.note(f"second client refused: HTTP {exc.status_code}")


FLOWS: dict[str, Callable[[Recorder, str], None]] = {
    "connect-info-readers": connect_info_readers,
    "malformed-and-bad-state": malformed_and_bad_state,
    "change-pin-simulator-success": change_pin_simulator_success,
    "change-pin-cancel": change_pin_cancel,
    "auth-offline-network-error": auth_offline_network_error,
    "second-client-refused": second_client_refused,
}


def origin_note(url: str) -> str:
    """What the SDK answers to a handshake that carries an Origin header."""
    try:
        ws = websocket.create_connection(url, timeout=5, origin="http://localhost")
    except websocket.WebSocketBadStatusException as exc:
        return f"handshake with Origin: HTTP {exc.status_code}"
    ws.close()
    return "handshake with Origin: HTTP 101"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", choices=real_ausweisapp.VERSIONS, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    instance = real_ausweisapp.start(args.version)
    try:
        probe = Recorder(instance.url)
        probe.send({"cmd": "GET_INFO"}, wait_s=0.3)
        info = next(e["data"] for e in probe.entries if e["data"].get("msg") == "INFO")
        probe.close()
        version = info["VersionInfo"]["Implementation-Version"]
        out = args.out or Path(__file__).parent / "transcripts" / version
        out.mkdir(parents=True, exist_ok=True)
        for name, flow in FLOWS.items():
            time.sleep(1.0)  # the previous connection's workflow ends with it
            rec = Recorder(instance.url)
            flow(rec, instance.url)
            rec.close()
            if name == "connect-info-readers":
                rec.note(origin_note(instance.url))
            path = out / f"{name}.jsonl"
            path.write_text(
                "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in rec.entries),
                encoding="utf-8",
            )
            print(f"{path.relative_to(ROOT)}: {len(rec.entries)} entries")
    finally:
        instance.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
