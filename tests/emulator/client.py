"""A plain SDK client for the emulator tests, built on websocket-client (not our code)."""

from __future__ import annotations

import json
from typing import Any

import websocket

RECV_TIMEOUT_S = 10.0
READERS_ON_CONNECT = 2  # Simulator and Plietsch Emulator


class SdkClient:
    """Connects, collects the unsolicited READER frames, then sends and receives JSON."""

    def __init__(self, url: str) -> None:
        self.ws = websocket.create_connection(url, timeout=RECV_TIMEOUT_S, suppress_origin=True)
        self.initial_readers = [self.recv() for _ in range(READERS_ON_CONNECT)]

    def send(self, frame: dict[str, Any] | str) -> None:
        self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    def recv(self) -> dict[str, Any]:
        raw = self.ws.recv()
        assert isinstance(raw, str), f"expected a text frame, got {raw!r}"
        message: dict[str, Any] = json.loads(raw)
        return message

    def request(self, frame: dict[str, Any] | str) -> dict[str, Any]:
        """Send and return the next message."""
        self.send(frame)
        return self.recv()

    def expect(self, *names: str) -> list[dict[str, Any]]:
        """Receive len(names) messages and check their names in order."""
        messages = [self.recv() for _ in names]
        assert [m["msg"] for m in messages] == list(names), messages
        return messages

    def until(self, name: str, limit: int = 20) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Receive up to ``name``; returns the messages before it and the message itself."""
        before = []
        for _ in range(limit):
            message = self.recv()
            if message["msg"] == name:
                return before, message
            before.append(message)
        raise AssertionError(f"no {name} within {limit} messages: {before}")

    def close(self) -> None:
        self.ws.close()


def cmd(command: str, /, **fields: Any) -> dict[str, Any]:
    return {"cmd": command, **fields}
