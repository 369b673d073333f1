"""Test doubles for the SDK client: a socket with QWebSocket's real signals, and its factory.

The fake does nothing by itself; tests (or a small ``behaviour`` function given to the
factory) decide when it connects, what the "SDK" answers and when it goes away, so every
ordering Qt can produce can be replayed deterministically.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QNetworkRequest

logger = logging.getLogger(__name__)

# Error texts exactly as QWebSocket (PySide6 6.12) reports refused upgrades and connections.
_HANDSHAKE = "QWebSocketPrivate::processHandshake: Unhandled http status code: "
TOO_MANY = _HANDSHAKE + "429 (Too Many Requests)."
CONFLICT = _HANDSHAKE + "409 (Conflict)."
REFUSED = "Connection refused"


class FakeSocket(QObject):
    """Same signals and methods the client uses on QWebSocket; records what was sent."""

    connected = Signal()
    disconnected = Signal()
    textMessageReceived = Signal(str)  # noqa: N815 (Qt name)
    errorOccurred = Signal(object)  # noqa: N815 (Qt name)

    def __init__(self) -> None:
        super().__init__()
        self.request: QNetworkRequest | None = None
        self.sent: list[str] = []
        self.closed = False
        self.aborted = False
        self._error = ""
        self._state = QAbstractSocket.SocketState.UnconnectedState

    # --- what the client calls ----------------------------------------------------------------
    def open(self, request: QNetworkRequest, /) -> None:
        self.request = request
        self._state = QAbstractSocket.SocketState.ConnectingState

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def sendTextMessage(self, message: str, /) -> int:
        self.sent.append(message)
        return len(message.encode())

    def errorString(self) -> str:
        return self._error

    def state(self) -> QAbstractSocket.SocketState:
        return self._state

    # --- what the test drives -------------------------------------------------------------------
    @property
    def sent_commands(self) -> list[Any]:
        """Sent frames decoded (raw text where it is not JSON)."""
        decoded: list[Any] = []
        for text in self.sent:
            try:
                decoded.append(json.loads(text))
            except ValueError:
                decoded.append(text)
        return decoded

    @property
    def sent_names(self) -> list[str]:
        return [c.get("cmd", "?") if isinstance(c, dict) else "?" for c in self.sent_commands]

    def header(self, name: str) -> bytes | None:
        assert self.request is not None, "socket was never opened"
        if not self.request.hasRawHeader(name):
            return None
        return bytes(self.request.rawHeader(name).data())

    def accept(self) -> None:
        self._state = QAbstractSocket.SocketState.ConnectedState
        self.connected.emit()

    def push(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        self.textMessageReceived.emit(text)

    def answer_handshake(
        self, *, level: int = 2, version: str = "1.26.2", available: tuple[int, ...] = (1, 2)
    ) -> None:
        """Answer the client's GET_API_LEVEL, SET_API_LEVEL and GET_INFO like AusweisApp 1.26.2
        (``available=(1, 2, 3), level=3`` like 2.x)."""
        self.push({"msg": "API_LEVEL", "available": list(available), "current": max(available)})
        self.push({"msg": "API_LEVEL", "current": level})
        self.push(
            {
                "msg": "INFO",
                "VersionInfo": {"Name": "AusweisApp2", "Implementation-Version": version},
            }
        )

    def fail(self, error_text: str, *, disconnect_first: bool = False) -> None:
        """A failed upgrade or connection, in either of the orders Qt uses."""
        self._error = error_text
        self._state = QAbstractSocket.SocketState.UnconnectedState
        if disconnect_first:
            self.disconnected.emit()
            self.errorOccurred.emit(1)
        else:
            self.errorOccurred.emit(1)
            self.disconnected.emit()

    def go_away(self) -> None:
        """The SDK process died or closed the connection."""
        self._error = "The remote host closed the connection"
        self._state = QAbstractSocket.SocketState.UnconnectedState
        self.disconnected.emit()


Behaviour = Callable[[FakeSocket], None]


def ready_sdk(socket: FakeSocket) -> None:
    """Behaviour: accepts and answers the handshake (one event-loop turn later, like Qt)."""

    def run() -> None:
        socket.accept()
        socket.answer_handshake()

    QTimer.singleShot(0, socket, run)


def refusing_sdk(error_text: str = REFUSED) -> Behaviour:
    def behaviour(socket: FakeSocket) -> None:
        QTimer.singleShot(0, socket, lambda: socket.fail(error_text))

    return behaviour


class FakeSocketFactory:
    """Hands out new FakeSockets; ``behaviours`` (one per attempt, last one repeats) drive them."""

    def __init__(self, *behaviours: Behaviour) -> None:
        self.behaviours = list(behaviours)
        self.sockets: list[FakeSocket] = []

    def __call__(self) -> FakeSocket:
        socket = _BehavingSocket(self._behaviour_for(len(self.sockets)))
        self.sockets.append(socket)
        return socket

    def _behaviour_for(self, index: int) -> Behaviour | None:
        if not self.behaviours:
            return None
        return self.behaviours[min(index, len(self.behaviours) - 1)]

    @property
    def last(self) -> FakeSocket:
        assert self.sockets, "no socket was created"
        return self.sockets[-1]


class _BehavingSocket(FakeSocket):
    def __init__(self, behaviour: Behaviour | None) -> None:
        super().__init__()
        self._behaviour = behaviour

    def open(self, request: QNetworkRequest, /) -> None:
        super().open(request)
        if self._behaviour is not None:
            self._behaviour(self)


# --- recorded exchanges with AusweisApp 1.26.2 (copied from the shared reference) and 2.3.1 -------

TRANSCRIPT_DIR = Path(__file__).parent / "transcripts"


@dataclass(frozen=True)
class Entry:
    """One line of a transcript: ``direction`` is "send", "recv" or "note"."""

    direction: str
    data: Any

    @property
    def text(self) -> str:
        return self.data if isinstance(self.data, str) else json.dumps(self.data)


def transcript_files(*, all_versions: bool = False) -> list[Path]:
    """The shared 1.26.2 recordings; with ``all_versions`` also the fresh ones per version
    (``transcripts/<version>/``, made by tests/eid/record_transcripts.py)."""
    return sorted(TRANSCRIPT_DIR.glob("**/*.jsonl" if all_versions else "*.jsonl"))


def load_transcript(path: Path) -> list[Entry]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Entry(e["dir"], e["data"]) for e in (json.loads(line) for line in lines if line)]
