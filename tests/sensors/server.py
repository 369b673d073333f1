"""A local HTTP server for the sensor tests: recorded replies, broken replies, slow replies.

Routes map a path (with its query, if given) to a ``Reply``; every request is recorded
with its headers, so tests can check what the station sent (User-Agent, parameters).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

RECORDINGS = Path(__file__).resolve().parent / "recordings"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0  # seconds before the headers
    chunks: Callable[[], Iterator[bytes]] | None = None  # streamed body without length
    length: int | None = None  # a Content-Length to claim (default: the body's)
    hold: threading.Event | None = None  # answer only once the test sets it


def recorded(name: str) -> Reply:
    return Reply(body=(RECORDINGS / name).read_bytes())


@dataclass
class Seen:
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class SensorServer:
    routes: dict[str, Reply] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    streamed_bytes: int = 0

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SensorServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    def _route(self, path: str, query: str) -> Reply:
        return self.routes.get(f"{path}?{query}") or self.routes.get(path) or Reply(404, b"{}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                owner.seen.append(Seen(parts.path, parts.query, dict(self.headers.items())))
                reply = owner._route(parts.path, parts.query)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(30)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                if reply.chunks is None:
                    length = reply.length if reply.length is not None else len(reply.body)
                    self.send_header("Content-Length", str(length))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for chunk in reply.chunks():
                        self.wfile.write(chunk)
                        owner.streamed_bytes += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
