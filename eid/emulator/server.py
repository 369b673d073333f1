"""The emulator's network side: one loopback port for the SDK WebSocket and plain HTTP.

``EmulatorServer`` runs a ``websockets`` asyncio server in a daemon thread so tests, the
kiosk's demo mode and benchmarks can embed it. ``process_request`` answers everything
that is not a WebSocket session: 404 for a wrong path, 429 while a client is connected
(one client at a time, like AusweisApp), 403 for a handshake with an Origin header when it
plays 2.5+, the self-disclosure endpoint and the control endpoint that swaps the card.
"""

from __future__ import annotations

import asyncio
import functools
import http
import ipaddress
import json
import logging
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.protocol import State

from eid.emulator.cards import DEFAULT_PRESET, PRESETS, CardScript, resolve
from eid.emulator.person import self_disclosure
from eid.emulator.protocol import Session
from eid.emulator.state import SELFAUTH_PATH, EmulatorState
from eid.emulator.versions import DEFAULT_PROFILE, SdkProfile

logger = logging.getLogger(__name__)

KERNEL_PATH = re.compile(r"^/eID-Kernel/?$")
CONTROL_PATH = "/control/card"
ERROR_PATH = SELFAUTH_PATH + "error"
ORIGIN_ENV = "AUSWEISAPP_WEBSOCKET_ORIGIN"  # 2.5+: a regex of Origins that may connect
MAX_FRAME_BYTES = 1 << 20

# websockets logs frame contents at DEBUG, and a SET_PIN frame carries a PIN: its logger
# for the emulator never goes below INFO, whatever the root level is.
protocol_logger = logging.getLogger(__name__ + ".websockets")
protocol_logger.setLevel(logging.INFO)
START_TIMEOUT_S = 10.0
CLOSE_TIMEOUT_S = 2.0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _json_response(status: http.HTTPStatus, body: dict[str, Any]) -> Response:
    payload = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    headers = Headers(
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(payload))),
            ("Cache-Control", "no-store"),
            ("Connection", "close"),
        ]
    )
    return Response(status.value, status.phrase, headers, payload)


class EmulatorServer:
    """The AusweisApp SDK emulator, embeddable: ``url = EmulatorServer().start()``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        card: str | CardScript = DEFAULT_PRESET,
        delay_ms: int = 0,
        sdk_version: str | SdkProfile = DEFAULT_PROFILE,
    ) -> None:
        if not is_loopback(host):
            raise ValueError(f"the emulator binds loopback only, not {host!r}")
        if delay_ms < 0:
            raise ValueError("delay_ms must not be negative")
        self._host = host
        self._requested_port = port
        self._state = EmulatorState(resolve(card), delay_ms, sdk_version)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._session: Session | None = None
        self._connection: ServerConnection | None = None
        self._stopped: asyncio.Event | None = None

    # --- public API ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._state.port

    @property
    def url(self) -> str:
        return f"ws://{self._state.url_host}:{self.port}/eID-Kernel"

    @property
    def base_http_url(self) -> str:
        """``http://127.0.0.1:PORT``; a tcTokenURL below it runs the emulated full auth."""
        return self._state.base_http_url

    @property
    def self_auth_tc_token_url(self) -> str:
        return f"{self.base_http_url}/AusweisAuskunft/WebServiceRequesterServlet?mode=json"

    @property
    def profile(self) -> SdkProfile:
        return self._state.profile

    @property
    def card(self) -> CardScript:
        return self._state.script

    def start(self) -> str:
        """Start serving in a daemon thread; returns the ws:// URL once it accepts."""
        if self._thread is not None:
            raise RuntimeError("emulator already started")
        ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="sdk-emulator", daemon=True
        )
        self._thread.start()
        try:
            ready.result(timeout=START_TIMEOUT_S)
        except BaseException:
            self._thread = None
            raise
        logger.info("emulator listening on %s (card %r)", self.url, self.card.name)
        return self.url

    def stop(self) -> None:
        """Close the client and the port and end the thread; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._stopped is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._stopped.set)
        thread.join(timeout=START_TIMEOUT_S)
        self._thread = None
        logger.info("emulator stopped")

    def set_card(self, card: str | CardScript) -> None:
        """Put a fresh card of this preset/script on the ``Plietsch Emulator`` reader."""
        script = resolve(card)
        if self._loop is None or self._thread is None:
            self._state.set_card(script)
            return
        done: Future[None] = Future()

        def apply() -> None:
            self._apply_card(script)
            done.set_result(None)

        self._loop.call_soon_threadsafe(apply)
        done.result(timeout=START_TIMEOUT_S)

    # --- the event loop thread ------------------------------------------------------------

    def _run(self, ready: Future[None]) -> None:
        try:
            asyncio.run(self._serve(ready))
        except OSError as exc:  # typically: the port is taken
            logger.error(
                "emulator cannot listen on %s:%s: %s", self._host, self._requested_port, exc
            )
            if not ready.done():
                ready.set_exception(exc)
        except Exception as exc:
            logger.exception("emulator thread failed")
            if not ready.done():
                ready.set_exception(exc)

    async def _serve(self, ready: Future[None]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._client_lock = asyncio.Lock()
        async with serve(
            self._handle_connection,
            self._host,
            self._requested_port,
            process_request=self._process_request,
            server_header=self._state.profile.server_header,
            max_size=MAX_FRAME_BYTES,
            compression=None,
            ping_interval=None,
            close_timeout=CLOSE_TIMEOUT_S,
            logger=protocol_logger,
        ) as server:
            self._server = server
            sockname = next(iter(server.sockets)).getsockname()
            self._state.host, self._state.port = self._host, int(sockname[1])
            ready.set_result(None)
            await self._stopped.wait()
            server.close()
            await server.wait_closed()

    def _apply_card(self, script: CardScript) -> None:
        self._state.set_card(script)
        if self._session is not None:
            self._session.card_changed()

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        """Plain HTTP answers; None lets the WebSocket handshake go ahead."""
        parts = urlsplit(request.path)
        if KERNEL_PATH.match(parts.path):
            if self._origin_refused(request):
                logger.info("handshake with an Origin header refused with 403")
                return connection.respond(http.HTTPStatus.FORBIDDEN, "")
            if self._connection is not None and self._connection.state is State.OPEN:
                logger.info("second client refused with 429")
                return connection.respond(http.HTTPStatus.TOO_MANY_REQUESTS, "")
            return None
        if parts.path == CONTROL_PATH:
            return self._control(request.method, parts.query)
        if parts.path == ERROR_PATH:
            return _json_response(
                http.HTTPStatus.OK,
                {
                    "Result": {
                        "ResultMajor": "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error"
                    }
                },
            )
        if parts.path.startswith(SELFAUTH_PATH) and request.method == "GET":
            effective = self._state.take_disclosure(parts.path[len(SELFAUTH_PATH) :])
            if effective is not None:
                logger.info("self-disclosure fetched (refID now forgotten)")
                return _json_response(http.HTTPStatus.OK, self_disclosure(effective))
        logger.info("HTTP %s on an unknown path: 404", request.method)
        return connection.respond(http.HTTPStatus.NOT_FOUND, "Not found\n")

    def _origin_refused(self, request: Request) -> bool:
        """2.5+: a browser (any client sending Origin) may not connect unless allowed."""
        origin = request.headers.get("Origin")
        if origin is None or not self._state.profile.refuses_origin:
            return False
        allowed = os.environ.get(ORIGIN_ENV, "")
        return not allowed or re.search(allowed, origin) is None

    def _control(self, method: str, query: str) -> Response:
        """``GET /control/card`` shows the card; ``POST /control/card?preset=NAME`` swaps it."""
        if method == "POST":
            names = parse_qs(query).get("preset", [])
            if len(names) != 1 or names[0] not in PRESETS:
                known = ", ".join(PRESETS)
                return _json_response(
                    http.HTTPStatus.BAD_REQUEST,
                    {"error": f"give exactly one ?preset=NAME; known presets: {known}"},
                )
            self._apply_card(PRESETS[names[0]])
        elif method != "GET":
            return _json_response(
                http.HTTPStatus.METHOD_NOT_ALLOWED, {"error": "use GET or POST ?preset=NAME"}
            )
        script = self._state.script
        return _json_response(
            http.HTTPStatus.OK,
            {"preset": script.name, "description": script.description, "presets": list(PRESETS)},
        )

    async def _handle_connection(self, connection: ServerConnection) -> None:
        if self._connection is not None and self._connection.state is State.OPEN:
            await connection.close(1013, "one client at a time")  # lost a handshake race
            return
        previous = self._connection
        if previous is not None:  # closing, but maybe the peer never closes its TCP side
            try:
                async with asyncio.timeout(CLOSE_TIMEOUT_S):
                    await previous.wait_closed()
            except TimeoutError:
                logger.warning("previous client never finished closing; dropped")
                previous.transport.abort()
        async with self._client_lock:  # the previous client finishes its cleanup first
            await self._serve_client(connection)

    async def _serve_client(self, connection: ServerConnection) -> None:
        self._connection = connection
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def schedule(delay_s: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
            return loop.call_later(delay_s, self._guarded, callback)

        session = Session(self._state, outbox.put_nowait, schedule)
        self._session = session
        writer = asyncio.create_task(self._write(connection, outbox))
        agent = connection.request.headers.get("User-Agent", "-") if connection.request else "-"
        logger.info("client connected (User-Agent %s)", agent)
        try:
            session.connected()
            async for frame in connection:
                if isinstance(frame, str):
                    self._guarded(functools.partial(session.handle_text, frame))
                else:
                    self._guarded(functools.partial(session.handle_binary, bytes(frame)))
        except ConnectionClosed as exc:
            logger.info("client connection closed: %s", exc)
        finally:
            session.disconnected()
            self._session = None
            self._connection = None
            writer.cancel()
            logger.info("client disconnected")

    @staticmethod
    def _guarded(step: Callable[[], None]) -> None:
        """Run one protocol step; a bug must cost one answer, never the server."""
        try:
            step()
        except Exception:
            logger.exception("emulator step failed; the connection stays open")

    @staticmethod
    async def _write(connection: ServerConnection, outbox: asyncio.Queue[dict[str, Any]]) -> None:
        try:
            while True:
                message = await outbox.get()
                await connection.send(json.dumps(message, ensure_ascii=False))
        except ConnectionClosed:
            return
