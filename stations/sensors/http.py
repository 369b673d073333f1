"""One bounded JSON GET: timeouts, an identifying User-Agent, a size limit, clear errors.

Why so careful: the station runs unattended and talks to public services and to a
self-built sensor on the local network. A reply can be slow, huge (the full sensor.community
dump is tens of MB), an HTML error page or garbage. ``get_json`` streams the body and stops
at ``max_bytes``, gives up after a total deadline, and turns every failure into a
``FetchError`` whose text names the source and what went wrong (never the body itself).
Call it from a worker thread only.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """A source could not deliver usable data; the message says which and why."""


@dataclass(frozen=True)
class HttpSettings:
    """How every request of the station is made."""

    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0  # the whole request, body included


def plietsch_version() -> str:
    try:
        return metadata.version("plietsch")
    except metadata.PackageNotFoundError:
        return "dev"


def user_agent(version: str, contact: str) -> str:
    """``Plietsch/<version> (+<contact>)``: public APIs ask to be told who is calling."""
    return f"Plietsch/{version} (+{contact})" if contact else f"Plietsch/{version}"


def get_json(
    session: requests.Session,
    url: str,
    *,
    settings: HttpSettings,
    max_bytes: int,
    what: str,
    params: Mapping[str, str] | None = None,
) -> Any:
    """GET ``url`` and decode its JSON; ``FetchError`` on any problem. ``what`` names the
    source in messages ("sensor.community", "PEGELONLINE", "workshop sensor")."""
    host = urlsplit(url).hostname or "?"
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{what}: {url!r} is not an http(s) address")
    started = time.monotonic()
    try:
        reply = session.get(
            url,
            params=params,
            headers={"User-Agent": settings.user_agent, "Accept": "application/json"},
            timeout=(settings.connect_timeout, settings.read_timeout),
            stream=True,
        )
    except requests.Timeout:
        raise FetchError(f"{what}: {host} did not answer in time") from None
    except requests.ConnectionError:
        raise FetchError(f"{what}: cannot connect to {host} (offline?)") from None
    except requests.RequestException as error:
        raise FetchError(f"{what}: request to {host} failed ({type(error).__name__})") from None
    with reply:
        if reply.status_code != 200:
            raise FetchError(f"{what}: {host} answered HTTP {reply.status_code}")
        body = _bounded_body(reply, max_bytes, started + settings.deadline, what, host)
        content_type = reply.headers.get("Content-Type", "")
    return decode_json(body, what, content_type)


def _bounded_body(
    reply: requests.Response, max_bytes: int, deadline: float, what: str, host: str
) -> bytes:
    """The body, read as it arrives; stops as soon as it passes ``max_bytes`` or the deadline.

    ``read1`` returns after one socket read, so a server that trickles a byte now and then
    still meets the deadline (a plain ``read(64 KiB)`` would wait for all 64 KiB).
    """
    too_large = f"{what}: reply from {host} is larger than {max_bytes // 1024} KiB; not read"
    declared = reply.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_large)
    received = bytearray()
    try:
        while chunk := reply.raw.read1(CHUNK_BYTES, decode_content=True):
            received += chunk
            if len(received) > max_bytes:
                raise FetchError(too_large)
            if time.monotonic() > deadline:
                raise FetchError(f"{what}: reply from {host} arrives too slowly; given up")
    except (urllib3.exceptions.HTTPError, OSError) as error:
        if isinstance(error, urllib3.exceptions.ReadTimeoutError | TimeoutError):
            raise FetchError(f"{what}: {host} stopped sending in the middle of the reply") from None
        raise FetchError(f"{what}: reply from {host} broke off ({type(error).__name__})") from None
    return bytes(received)


def decode_json(body: bytes, what: str, content_type: str = "") -> Any:
    """``body`` as JSON, or a ``FetchError`` that says what it is instead."""
    start = body.lstrip()[:1]
    if start == b"<" or "html" in content_type.lower():
        raise FetchError(f"{what}: got an HTML page instead of data (an error page?)")
    if not start:
        raise FetchError(f"{what}: the reply is empty")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise FetchError(f"{what}: the reply is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise FetchError(
            f"{what}: the reply is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    except (ValueError, RecursionError):
        raise FetchError(f"{what}: the reply is not usable JSON (nested too deeply?)") from None
