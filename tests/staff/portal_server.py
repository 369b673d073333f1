"""A local HTTP server standing in for a portal host: answers fast, slowly, or with a 500."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    """/ok answers 200, /slow-<ms> waits that long first, /error answers 500."""

    def do_GET(self) -> None:
        if self.path.startswith("/slow-"):
            time.sleep(int(self.path.removeprefix("/slow-")) / 1000)
        status = 500 if self.path == "/error" else 200
        body = b"portal\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output is about the kiosk."""


@contextmanager
def portal_server() -> Iterator[str]:
    """Serve on a free loopback port; yields the base URL, e.g. http://127.0.0.1:PORT."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def refusing_url() -> str:
    """A loopback URL on which nothing listens (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
