"""Real components for the deploy tests: a local HTTPS server with a CA made by the test
(openssl), bundles packed as the city would publish them, minisign keys and signatures made
with Debian's minisign tool."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import ssl
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.content import SHIPPED_BUNDLE
from tests.conftest import require_component


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        require_component(tool, f"install the Debian package {package}")
    assert path is not None
    return path


def _openssl(*args: str) -> None:
    subprocess.run([need("openssl", "openssl"), *args], check=True, capture_output=True)


@dataclass(frozen=True)
class LocalCa:
    ca: Path
    cert: Path
    key: Path


def make_ca(folder: Path) -> LocalCa:
    """A throw-away CA and a certificate for localhost/127.0.0.1 signed by it."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(
        "req",
        "-x509",
        *ec,
        "-keyout",
        str(folder / "ca.key"),
        "-out",
        str(folder / "ca.pem"),
        "-days",
        "2",
        "-subj",
        "/CN=Plietsch test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    _openssl(
        "req",
        *ec,
        "-keyout",
        str(folder / "server.key"),
        "-out",
        str(folder / "server.csr"),
        "-subj",
        "/CN=localhost",
    )
    (folder / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _openssl(
        "x509",
        "-req",
        "-in",
        str(folder / "server.csr"),
        "-CA",
        str(folder / "ca.pem"),
        "-CAkey",
        str(folder / "ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        str(folder / "server.pem"),
        "-extfile",
        str(folder / "ext.cnf"),
    )
    return LocalCa(folder / "ca.pem", folder / "server.pem", folder / "server.key")


@dataclass
class Published:
    """What the server publishes: path -> bytes; the test changes it between polls."""

    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, str, int]] = field(default_factory=list)  # method, path, status
    modified: str = field(default_factory=lambda: formatdate(usegmt=True))


class _Handler(BaseHTTPRequestHandler):
    published: Published

    def do_GET(self) -> None:
        body = self.published.files.get(self.path.split("?")[0])
        if body is None:
            return self._answer(404, b"not found")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._answer(304, b"", etag)
        return self._answer(200, body, etag)

    def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
        self.published.requests.append(("GET", self.path, status))
        self.send_response(status)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", self.published.modified)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


class HttpsServer:
    """A real HTTPS server on 127.0.0.1 in a thread, with the test CA's certificate."""

    def __init__(self, ca: LocalCa) -> None:
        self.published = Published()
        handler = type("Handler", (_Handler,), {"published": self.published})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ca.cert, ca.key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"https://localhost:{self.httpd.server_address[1]}"

    def __enter__(self) -> HttpsServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def bundle_tar(*, marker: str | None = None, broken: bool = False, top: str = "") -> bytes:
    """The shipped bundle as tar.gz: ``marker`` replaces the first service's German title
    (so a test can tell bundles apart), ``broken`` renames a required key in one service."""
    data = io.BytesIO()
    first_service = min(p for p in (SHIPPED_BUNDLE / "services").glob("*.toml"))
    with tarfile.open(fileobj=data, mode="w:gz") as tar:
        for path in sorted(SHIPPED_BUNDLE.rglob("*")):
            relative = path.relative_to(SHIPPED_BUNDLE)
            info = tarfile.TarInfo(f"{top}/{relative}" if top else relative.as_posix())
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
                continue
            content = path.read_bytes()
            if path == first_service and marker:
                content = re.sub(
                    rb'(?m)^title\.de = ".*"$', f'title.de = "{marker}"'.encode(), content, count=1
                )
            if path == first_service and broken:
                content = content.replace(b"portal_url", b"portal_link", 1)
            info.size, info.mode = len(content), 0o644
            tar.addfile(info, io.BytesIO(content))
    return data.getvalue()


@dataclass(frozen=True)
class MinisignKey:
    public_line: str
    secret: Path


def minisign_key(folder: Path) -> MinisignKey:
    tool = need("minisign", "minisign")
    subprocess.run(
        [tool, "-G", "-W", "-p", str(folder / "city.pub"), "-s", str(folder / "city.key")],
        check=True,
        capture_output=True,
    )
    public = (folder / "city.pub").read_text().splitlines()[1].strip()
    return MinisignKey(public, folder / "city.key")


def minisign_sign(key: MinisignKey, data: bytes, folder: Path, comment: str) -> bytes:
    """Sign `data` the way the city does: ``minisign -S -m FILE``; returns the .minisig."""
    target = folder / "bundle.tar.gz"
    target.write_bytes(data)
    subprocess.run(
        [
            need("minisign", "minisign"),
            "-S",
            "-s",
            str(key.secret),
            "-m",
            str(target),
            "-t",
            comment,
        ],
        check=True,
        capture_output=True,
    )
    return (folder / "bundle.tar.gz.minisig").read_bytes()


def iter_lines(path: Path) -> Iterator[str]:
    yield from path.read_text(encoding="utf-8", errors="replace").splitlines()
