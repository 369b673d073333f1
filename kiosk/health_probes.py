"""The slow parts of the health checks: portal reachability over HTTP and the content version.

Both are blocking by nature (network, disk), so `kiosk.health.HealthMonitor` calls them from a
worker thread and the dashboard only ever reads their cached results. Timeouts are short: a
station on a bad network must answer "portal slow / unreachable" within seconds, not hang.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 3.0
SLOW_AFTER_S = 1.5
CACHE_SECONDS = 60.0
MAX_PARALLEL = 4


@dataclass(frozen=True)
class PortalResult:
    """How one portal URL answered. `state`: ok, slow, server_error, refused, timeout, dns,
    tls or unreachable."""

    url: str
    state: str
    http_status: int | None = None
    ms: int | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url

    @property
    def reachable(self) -> bool:
        return self.state in {"ok", "slow"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "host": self.host,
            "state": self.state,
            "http_status": self.http_status,
            "ms": self.ms,
        }


def portal_urls(hosts: Iterable[str]) -> tuple[str, ...]:
    """The start page of every allowed portal host."""
    return tuple(f"https://{host}/" for host in hosts)


def _failure_state(error: requests.RequestException) -> str:
    """Name the cause precisely: DNS and "refused" point staff at different problems."""
    if isinstance(error, requests.Timeout):
        return "timeout"
    if isinstance(error, requests.exceptions.SSLError):
        return "tls"
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return "refused"
        if isinstance(current, socket.gaierror) or type(current).__name__ == "NameResolutionError":
            return "dns"
        pending += [current.__cause__, current.__context__]
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            pending.append(reason)
    text = str(error).lower()
    if "refused" in text:
        return "refused"
    if "name or service not known" in text or "failed to resolve" in text:
        return "dns"
    return "unreachable"


class PortalProbe:
    """Asks each portal URL once per `ttl_s` whether it answers, and how fast.

    `results()` blocks (worker thread only); `cached()` never does. A 4xx answer counts as
    reachable (the start page may want a login); a 5xx answer is a server error.
    """

    def __init__(
        self,
        urls: Sequence[str],
        *,
        session_factory: Callable[[], requests.Session] = requests.Session,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float = READ_TIMEOUT_S,
        slow_after_s: float = SLOW_AFTER_S,
        ttl_s: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.urls = tuple(urls)
        self._session_factory = session_factory
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._slow_after_s = slow_after_s
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[PortalResult, ...] | None = None
        self._probed_at = 0.0

    def cached(self) -> tuple[PortalResult, ...] | None:
        """The last results (None before the first probe); never blocks."""
        return self._cached

    def results(self) -> tuple[PortalResult, ...]:
        """Fresh enough results, probing first when the cache is older than `ttl_s`."""
        with self._lock:
            fresh = self._cached is not None and self._clock() - self._probed_at < self._ttl_s
            if not fresh:
                self._cached = self.probe_all()
                self._probed_at = self._clock()
            assert self._cached is not None
            return self._cached

    def probe_all(self) -> tuple[PortalResult, ...]:
        if not self.urls:
            return ()
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(self.urls))) as pool:
            return tuple(pool.map(self.probe, self.urls))

    def probe(self, url: str) -> PortalResult:
        started = self._clock()
        try:
            with self._session_factory() as session:
                response = session.get(
                    url, timeout=self._timeout, allow_redirects=False, stream=True
                )
                response.close()
        except requests.RequestException as error:
            state = _failure_state(error)
            logger.info("portal %s: %s", url, state)
            return PortalResult(url, state, ms=round((self._clock() - started) * 1000))
        seconds = self._clock() - started
        if response.status_code >= 500:
            state = "server_error"
        elif seconds > self._slow_after_s:
            state = "slow"
        else:
            state = "ok"
        return PortalResult(url, state, response.status_code, round(seconds * 1000))


@dataclass
class ContentStatus:
    """Which content bundle the station shows and whether it is the one the config names.

    `version` is a fingerprint of the bundle's files (the bundle format has no version
    field), computed once in a worker by `fingerprint()`.
    """

    bundle_id: str
    directory: Path
    configured: Path | None = None
    problems: tuple[str, ...] = ()
    version: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def valid(self) -> bool:
        return not self.problems

    def fingerprint(self) -> str:
        """First 12 hex digits of a SHA-256 over every file's relative path and bytes."""
        with self._lock:
            if self.version is None:
                self.version = bundle_fingerprint(self.directory)
            return self.version

    def to_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.bundle_id,
            "version": self.version,
            "directory": str(self.directory),
            "configured": None if self.configured is None else str(self.configured),
            "valid": self.valid,
            "problems": len(self.problems),
            "first_problems": list(self.problems[:5]),
        }


def bundle_fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in directory.rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.relative_to(directory)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    except OSError as error:
        logger.warning("content %s cannot be read for its version: %s", directory, error)
        return "unreadable"
    return digest.hexdigest()[:12]
