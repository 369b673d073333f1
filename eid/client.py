"""The AusweisApp SDK client: one QWebSocket on the GUI thread, typed messages out, commands in.

Every connection starts with GET_API_LEVEL, then SET_API_LEVEL to the highest level both
sides know (2 on AusweisApp 1.26, 3 from 2.2 on; the SDK's default level changes between
versions, so it is always set explicitly) and GET_INFO before the client calls itself
READY; READER frames pushed before that are already tracked. When the SDK goes away or
refuses us, the client says why (another client holds it: 429; a GUI workflow runs: 409;
an Origin header on 2.5+: 403; nothing listens) and tries again with backoff, until
``close()``. The socket comes from a factory so tests can use a fake.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Protocol

from PySide6.QtCore import (
    QMetaMethod,
    QMetaObject,
    QObject,
    QTimer,
    QUrl,
    Signal,
    SignalInstance,
)
from PySide6.QtNetwork import QAbstractSocket, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket

from eid.backoff import Backoff
from eid.commands import Command, GetApiLevel, GetInfo, SetApiLevel
from eid.messages import (
    ApiLevel,
    Info,
    Invalid,
    Message,
    Reader,
    ReaderInfo,
    ReaderList,
    parse_message,
)
from eid.traffic_log import log_frame, redact_frame

logger = logging.getLogger(__name__)

#: Qt puts the HTTP status of a refused upgrade only into the error text, e.g.
#: "QWebSocketPrivate::processHandshake: Unhandled http status code: 429 (Too Many Requests)."
_HTTP_STATUS = re.compile(r"status code:?\s*(\d{3})", re.IGNORECASE)

#: API levels the kiosk speaks: 2 (GET_STATUS, SET_CARD; AusweisApp 1.24+) and 3 (PAUSE and
#: CONTINUE, ``card: {}`` for an unknown card; AusweisApp 2.2+). The highest one the SDK
#: also offers is used.
SUPPORTED_API_LEVELS = (2, 3)


class ConnectionState(enum.Enum):
    DISCONNECTED = "disconnected"  # not opened, or closed by us
    CONNECTING = "connecting"
    READY = "ready"  # connected and our API level confirmed
    HELD_BY_OTHER_CLIENT = "held"  # HTTP 429 on the upgrade: another client holds the SDK
    BUSY_IN_GUI = "busy"  # HTTP 409: a workflow runs in the AusweisApp GUI
    UNREACHABLE = "unreachable"  # refused / not running / went away; retrying with backoff
    INCOMPATIBLE = "incompatible"  # the SDK refused our API level; retrying with backoff


class SocketLike(Protocol):
    """What the client needs of ``QWebSocket`` (a fake in tests provides the same)."""

    @property
    def connected(self) -> SignalInstance: ...

    @property
    def disconnected(self) -> SignalInstance: ...

    @property
    def textMessageReceived(self) -> SignalInstance: ...

    @property
    def errorOccurred(self) -> SignalInstance: ...

    def open(self, request: QNetworkRequest, /) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...

    def sendTextMessage(self, message: str, /) -> int: ...

    def state(self) -> QAbstractSocket.SocketState: ...

    def errorString(self) -> str: ...

    def deleteLater(self) -> None: ...

    def setParent(self, parent: QObject | None, /) -> None: ...


def http_status(error_text: str) -> int | None:
    """The HTTP status of a refused WebSocket upgrade, read from Qt's error text."""
    match = _HTTP_STATUS.search(error_text)
    return int(match.group(1)) if match else None


def _is_connected(socket: SocketLike) -> bool:
    return socket.state() == QAbstractSocket.SocketState.ConnectedState


def default_socket() -> SocketLike:
    return QWebSocket()  # no origin argument: no Origin header (AusweisApp >= 2.5 checks it)


class _Phase(enum.Enum):
    """Where a connection attempt stands inside CONNECTING."""

    IDLE = enum.auto()
    OPENING = enum.auto()
    AWAIT_LEVELS = enum.auto()  # GET_API_LEVEL sent: which levels does the SDK offer?
    AWAIT_API_LEVEL = enum.auto()  # SET_API_LEVEL sent
    AWAIT_INFO = enum.auto()
    DONE = enum.auto()


_HANDSHAKE_PHASES = frozenset({_Phase.AWAIT_LEVELS, _Phase.AWAIT_API_LEVEL, _Phase.AWAIT_INFO})

_FAILURE_BY_STATUS = {
    429: ConnectionState.HELD_BY_OTHER_CLIENT,
    409: ConnectionState.BUSY_IN_GUI,
}


class AusweisClient(QObject):
    """Connection to one SDK endpoint; see the module docstring for the life cycle."""

    state_changed = Signal(object)  # ConnectionState
    message_received = Signal(object)  # an eid.messages message, never Invalid
    invalid_received = Signal(object)  # eid.messages.Invalid (already logged with its reason)
    readers_changed = Signal()  # after any READER / READER_LIST changed the known readers
    #: ("send" or "recv", the frame masked by eid.traffic_log.redact_frame), for the trainer
    #: view; frames are masked and emitted only while something is connected
    traffic = Signal(str, str)

    def __init__(
        self,
        url: str,
        *,
        socket_factory: Callable[[], SocketLike] | None = None,
        user_agent: str = "Plietsch",
        api_level: int | None = None,
        reconnect: bool = True,
        backoff: Backoff | None = None,
        handshake_timeout_s: float = 10.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if api_level is not None:
            SetApiLevel(api_level)  # validates the level early, with a clear ValueError
        self._url = url
        self._socket_factory = socket_factory or default_socket
        self._user_agent = user_agent
        self._wanted_level = api_level  # None: negotiate (highest of SUPPORTED_API_LEVELS)
        self._api_level: int | None = None
        self._reconnect = reconnect
        self._backoff = backoff or Backoff()
        self._state = ConnectionState.DISCONNECTED
        self._phase = _Phase.IDLE
        self._wanted = False
        self._socket: SocketLike | None = None
        self._connections: list[QMetaObject.Connection] = []
        self._readers: dict[str, ReaderInfo] = {}
        self._readers_dirty = False
        self._sdk_version: str | None = None
        self._last_error: str | None = None
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._attempt)
        self._handshake_timer = QTimer(self)
        self._handshake_timer.setSingleShot(True)
        self._handshake_timer.setInterval(round(handshake_timeout_s * 1000))
        self._handshake_timer.timeout.connect(self._on_handshake_timeout)

    # --- public API ---------------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def readers(self) -> Mapping[str, ReaderInfo]:
        """Latest known state per reader name (a read-only view)."""
        return MappingProxyType(self._readers)

    @property
    def url(self) -> str:
        return self._url

    @property
    def sdk_version(self) -> str | None:
        """``Implementation-Version`` from INFO of the current connection, e.g. "1.26.2"."""
        return self._sdk_version

    @property
    def api_level(self) -> int | None:
        """The API level of the current connection (set by the client), None before READY."""
        return self._api_level if self._phase is _Phase.DONE else None

    @property
    def last_error(self) -> str | None:
        """Why the last attempt failed, in words for staff (no secrets); None after READY."""
        return self._last_error

    def open(self) -> None:
        """Connect now (and keep reconnecting, if enabled, until ``close()``)."""
        self._wanted = True
        if self._socket is None and not self._retry_timer.isActive():
            self._backoff.reset()
            self._attempt()

    def close(self) -> None:
        """Disconnect and stay disconnected; a running SDK workflow ends with it."""
        self._wanted = False
        self._retry_timer.stop()
        self._drop_socket(graceful=True)
        self._set_state(ConnectionState.DISCONNECTED)

    def set_url(self, url: str) -> None:
        """Use another endpoint (e.g. AusweisApp restarted on a new port); reconnects now."""
        if url == self._url and self._state in {ConnectionState.READY, ConnectionState.CONNECTING}:
            return
        logger.info("AusweisApp SDK endpoint is now %s", url)
        self._url = url
        if self._wanted:
            self._retry_timer.stop()
            self._drop_socket(graceful=True)
            self._backoff.reset()
            self._attempt()

    def send(self, command: Command) -> bool:
        """Send a command; False (and a log line) when the connection is not READY."""
        if self._state is not ConnectionState.READY:
            logger.warning("not sent, SDK connection is %s: %s", self._state.value, command.cmd)
            return False
        logger.debug("send %s", command.cmd)
        return self._send_text(command.to_json())

    def send_raw(self, text: str) -> bool:
        """Send any text as it is (diagnostics and protocol tests only); False when not READY."""
        if self._state is not ConnectionState.READY:
            logger.warning("raw frame not sent, SDK connection is %s", self._state.value)
            return False
        return self._send_text(text)

    # --- connection life cycle --------------------------------------------------------------------

    def _attempt(self) -> None:
        if not self._wanted:
            return
        self._drop_socket(graceful=False)
        socket = self._socket_factory()
        # Owned by Qt from here on: a socket whose last Python reference goes away inside
        # one of its own signals would otherwise be deleted under Qt's feet (segfault).
        socket.setParent(self)
        self._socket = socket
        self._connections = [
            socket.connected.connect(lambda: self._on_connected(socket)),
            socket.disconnected.connect(lambda: self._on_disconnected(socket)),
            socket.textMessageReceived.connect(lambda text: self._on_text(socket, text)),
            socket.errorOccurred.connect(lambda _error: self._on_error(socket)),
        ]
        request = QNetworkRequest(QUrl(self._url))
        request.setRawHeader(b"User-Agent", self._user_agent.encode("utf-8"))
        self._phase = _Phase.OPENING
        self._set_state(ConnectionState.CONNECTING)
        self._handshake_timer.start()
        logger.debug("connecting to %s", self._url)
        socket.open(request)

    def _on_connected(self, socket: SocketLike) -> None:
        if socket is not self._socket:
            return
        if self._wanted_level is not None:
            self._set_level(self._wanted_level)
        else:
            self._phase = _Phase.AWAIT_LEVELS
            self._send_text(GetApiLevel().to_json())

    def _set_level(self, level: int) -> None:
        self._api_level = level
        self._phase = _Phase.AWAIT_API_LEVEL
        self._send_text(SetApiLevel(level).to_json())

    def _on_error(self, socket: SocketLike) -> None:
        if socket is not self._socket:
            return
        text = socket.errorString()
        status = http_status(text)
        state = _FAILURE_BY_STATUS.get(status or 0, ConnectionState.UNREACHABLE)
        if state is ConnectionState.HELD_BY_OTHER_CLIENT:
            reason = "another client holds the AusweisApp SDK (HTTP 429)"
        elif state is ConnectionState.BUSY_IN_GUI:
            reason = "a workflow is running in the AusweisApp window (HTTP 409)"
        elif status == 403:
            reason = (
                "AusweisApp SDK refused the handshake (HTTP 403): AusweisApp 2.5+ refuses an "
                "Origin header that AUSWEISAPP_WEBSOCKET_ORIGIN does not allow"
            )
        elif status is not None:
            reason = f"AusweisApp SDK refused the connection (HTTP {status}) at {self._url}"
        else:
            reason = f"AusweisApp SDK not reachable at {self._url}: {text}"
        self._fail(state, reason)

    def _on_disconnected(self, socket: SocketLike) -> None:
        """Decide one event-loop turn later: Qt may still report the precise error (429/409)."""
        if socket is not self._socket:
            return
        if self._phase is _Phase.DONE:
            reason = f"AusweisApp SDK closed the connection at {self._url}"
        else:
            reason = f"AusweisApp SDK not reachable at {self._url}"

        def fail_if_still_current() -> None:
            if socket is self._socket:
                self._fail(ConnectionState.UNREACHABLE, reason)

        QTimer.singleShot(0, self, fail_if_still_current)

    def _on_handshake_timeout(self) -> None:
        if self._socket is None or self._phase is _Phase.DONE:
            return
        self._fail(ConnectionState.UNREACHABLE, "AusweisApp SDK did not answer the handshake")

    def _fail(self, state: ConnectionState, reason: str) -> None:
        """End this attempt: tell why (once, not on every retry), drop the socket, retry later."""
        if reason != self._last_error or state is not self._state:
            logger.warning("%s", reason)
        else:
            logger.debug("%s", reason)
        self._last_error = reason
        self._drop_socket(graceful=False)
        self._set_state(state)
        # a state_changed listener may have called open(), set_url() or close() meanwhile
        idle = self._socket is None and not self._retry_timer.isActive()
        if self._wanted and self._reconnect and idle:
            delay_ms = self._backoff.next_delay_ms()
            logger.debug("next connection attempt in %.1f s", delay_ms / 1000)
            self._retry_timer.start(delay_ms)

    def _drop_socket(self, *, graceful: bool) -> None:
        socket, self._socket = self._socket, None
        self._handshake_timer.stop()
        if socket is None:
            return
        # QObject.disconnect(connection): SignalInstance.disconnect() corrupted the refcount
        # of True/False in PySide6 6.12.0.
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        # A close frame can only go out on a live TCP connection: while the socket still
        # connects, or after the SDK went away unnoticed, close() would write to a socket
        # that is not connected (a Qt warning, seen when AusweisApp was killed under load).
        if graceful and _is_connected(socket):
            socket.close()
        else:
            socket.abort()
        socket.deleteLater()
        self._phase = _Phase.IDLE
        self._sdk_version = None
        self._forget_readers()

    def _set_state(self, state: ConnectionState) -> None:
        if state is self._state:
            return
        self._state = state
        # retries while the SDK is away would repeat these all day; failures are logged once
        quiet = state in {ConnectionState.CONNECTING, ConnectionState.UNREACHABLE}
        logger.log(logging.DEBUG if quiet else logging.INFO, "SDK connection: %s", state.value)
        self.state_changed.emit(state)

    # --- frames ---------------------------------------------------------------------------------

    def _send_text(self, text: str) -> bool:
        socket = self._socket
        if socket is None or not _is_connected(socket):
            # the SDK went away; its disconnected signal follows and ends this connection
            logger.info("not sent, the SDK connection has just closed")
            return False
        self._observe("send", text)
        socket.sendTextMessage(text)
        return True

    def _observe(self, direction: str, text: str) -> None:
        log_frame(logger, direction, text)
        if self.isSignalConnected(QMetaMethod.fromSignal(self.traffic)):
            self.traffic.emit(direction, redact_frame(text))

    def _on_text(self, socket: SocketLike, text: str) -> None:
        if socket is not self._socket:
            return
        self._observe("recv", text)
        message = parse_message(text)
        if isinstance(message, Invalid):
            logger.warning("ignored a frame from the SDK: %s", message.reason)
            self.invalid_received.emit(message)
            return
        if self._phase in _HANDSHAKE_PHASES and self._handshake_step(message):
            return
        if isinstance(message, Reader | ReaderList):
            self._track_readers(message)
        self.message_received.emit(message)
        if isinstance(message, Reader | ReaderList) and self._readers_dirty:
            self._readers_dirty = False
            self.readers_changed.emit()

    def _handshake_step(self, message: Message) -> bool:
        """Consume the answers to our GET_API_LEVEL, SET_API_LEVEL and GET_INFO; True when so."""
        if self._phase is _Phase.AWAIT_LEVELS and isinstance(message, ApiLevel):
            offered = set(message.available)
            common = offered & set(SUPPORTED_API_LEVELS)
            if offered and not common:
                reason = (
                    f"AusweisApp SDK offers API levels {sorted(offered)}; the kiosk needs one "
                    f"of {list(SUPPORTED_API_LEVELS)}"
                )
                self._fail(ConnectionState.INCOMPATIBLE, reason)
                return True
            # an SDK that does not list its levels gets the lowest we speak
            self._set_level(max(common) if common else min(SUPPORTED_API_LEVELS))
            return True
        if self._phase is _Phase.AWAIT_API_LEVEL and isinstance(message, ApiLevel):
            if message.error or message.current != self._api_level:
                reason = (
                    f"AusweisApp SDK refused API level {self._api_level}: "
                    f"{message.error or 'current level is ' + str(message.current)}"
                    f" (available: {list(message.available) or 'not reported'})"
                )
                self._fail(ConnectionState.INCOMPATIBLE, reason)
                return True
            self._phase = _Phase.AWAIT_INFO
            self._send_text(GetInfo().to_json())
            return True
        if self._phase is _Phase.AWAIT_INFO and isinstance(message, Info):
            self._sdk_version = message.implementation_version or None
            self._phase = _Phase.DONE
            self._handshake_timer.stop()
            self._last_error = None
            self._backoff.reset()
            logger.info(
                "AusweisApp SDK %s ready at %s (API level %s)",
                self._sdk_version or "?",
                self._url,
                self._api_level,
            )
            self._set_state(ConnectionState.READY)
            return True
        return False

    def _track_readers(self, message: Reader | ReaderList) -> None:
        if isinstance(message, Reader):
            if message.error is not None:
                return  # a refused GET_READER: no reader to track
            if self._readers.get(message.reader.name) != message.reader:
                self._readers[message.reader.name] = message.reader
                self._readers_dirty = True
            return
        fresh = {reader.name: reader for reader in message.readers}
        if fresh != self._readers:
            self._readers.clear()
            self._readers.update(fresh)
            self._readers_dirty = True

    def _forget_readers(self) -> None:
        if self._readers:
            self._readers.clear()
            self.readers_changed.emit()
