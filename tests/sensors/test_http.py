"""The bounded GET against a real local HTTP server: every failure is a clear FetchError."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests

from stations.sensors.http import FetchError, HttpSettings, get_json, user_agent
from tests.sensors.conftest import USER_AGENT
from tests.sensors.server import Reply, SensorServer

THIRTY_MB = 30 * 1024 * 1024
LIMIT = 256 * 1024


def fetch(server: SensorServer, session: requests.Session, http: HttpSettings, path: str) -> object:
    return get_json(session, server.url + path, settings=http, max_bytes=LIMIT, what="test source")


def test_json_arrives_with_an_identifying_user_agent(
    server: SensorServer, session: requests.Session, http: HttpSettings
) -> None:
    server.routes["/ok"] = Reply(body=b'[{"a": 1}]')
    assert fetch(server, session, http, "/ok") == [{"a": 1}]
    assert server.seen[-1].headers["User-Agent"] == USER_AGENT
    assert user_agent("1.2", "https://example.org") == "Plietsch/1.2 (+https://example.org)"
    assert user_agent("1.2", "") == "Plietsch/1.2"


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(500, b'{"error": "internal"}'), "answered HTTP 500"),
        (Reply(404, b"not found", "text/plain"), "answered HTTP 404"),
        (
            Reply(
                body=b"<!DOCTYPE html><html><body>Wartung</body></html>", content_type="text/html"
            ),
            "HTML page",
        ),
        (Reply(body=b"  \n<html>oops</html>", content_type="application/json"), "HTML page"),
        (Reply(body=b""), "the reply is empty"),
        (Reply(body=b'[{"timestamp": "2026-05-12", "value": 5'), "not valid JSON"),
        (Reply(body=b"\xff\xfe\x00garbage"), "not valid JSON"),
        (Reply(body=b"[" * 100_000 + b"]" * 100_000), "nested too deeply"),
    ],
)
def test_broken_replies_are_named(
    server: SensorServer, session: requests.Session, http: HttpSettings, reply: Reply, message: str
) -> None:
    server.routes["/broken"] = reply
    with pytest.raises(FetchError, match="test source") as caught:
        fetch(server, session, http, "/broken")
    assert message in str(caught.value)


def test_a_30_mb_body_is_never_read_whole(
    server: SensorServer, session: requests.Session, http: HttpSettings
) -> None:
    def endless() -> Iterator[bytes]:
        chunk = b"[" + b"1," * 32_000 + b"1]"
        sent = 0
        while sent < THIRTY_MB:
            yield chunk
            sent += len(chunk)

    server.routes["/huge"] = Reply(chunks=endless)
    with pytest.raises(FetchError, match="larger than 256 KiB; not read"):
        fetch(server, session, http, "/huge")
    time.sleep(0.2)  # the server notices the closed connection
    assert server.streamed_bytes < THIRTY_MB / 4, server.streamed_bytes


def test_a_huge_declared_length_is_refused_before_reading(
    server: SensorServer, session: requests.Session, http: HttpSettings
) -> None:
    server.routes["/declared"] = Reply(body=b"[]", length=THIRTY_MB)
    with pytest.raises(FetchError, match="larger than"):
        fetch(server, session, http, "/declared")


QUICK = HttpSettings(USER_AGENT, connect_timeout=1.0, read_timeout=0.5, deadline=5.0)
TIGHT = HttpSettings(USER_AGENT, connect_timeout=1.0, read_timeout=1.0, deadline=1.0)


def trickle() -> Iterator[bytes]:
    """Never idle for long, but 4 s for the whole body."""
    yield b"["
    for _ in range(40):
        time.sleep(0.1)
        yield b"1,"


def stall() -> Iterator[bytes]:
    """Starts, then goes quiet for longer than the read timeout."""
    yield b'[{"timestamp": '
    time.sleep(1.5)
    yield b'"x"}]'


@pytest.mark.parametrize(
    ("reply", "settings", "message"),
    [
        # without the read timeout, "[]" would arrive after 2 s
        pytest.param(Reply(body=b"[]", delay=2.0), QUICK, "did not answer in time", id="silent"),
        pytest.param(Reply(chunks=trickle), TIGHT, "too slowly", id="trickling"),
        pytest.param(Reply(chunks=stall), QUICK, "stopped sending in the middle", id="stalling"),
    ],
)
def test_a_slow_server_is_given_up_on(
    server: SensorServer,
    session: requests.Session,
    reply: Reply,
    settings: HttpSettings,
    message: str,
) -> None:
    server.routes["/slow"] = reply
    with pytest.raises(FetchError, match=message):
        fetch(server, session, settings, "/slow")


def test_nobody_listening_means_offline(session: requests.Session, http: HttpSettings) -> None:
    closed = SensorServer().start()
    address = closed.url
    closed.stop()
    with pytest.raises(FetchError, match=r"cannot connect .*offline"):
        get_json(session, address + "/x", settings=http, max_bytes=LIMIT, what="test source")


def test_only_http_addresses(session: requests.Session, http: HttpSettings) -> None:
    with pytest.raises(FetchError, match="not an http"):
        get_json(session, "file:///etc/passwd", settings=http, max_bytes=LIMIT, what="test source")
