"""Self-disclosure fetch and parser against a real local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from eid.selfauth import (
    SelfAuthData,
    SelfAuthError,
    SelfAuthFetcher,
    check_url,
    fetch_self_auth,
    parse_self_auth,
)

# A fictitious test person; none of these strings may ever reach a log line.
PERSON = {
    "DocumentType": "ID",
    "IssuingState": "D",
    "DateOfExpiry": "2031-03-31+01:00",
    "GivenNames": "Wiebke Anneliese",
    "FamilyNames": "Quarkenbrink",
    "ArtisticName": "Die Möwe",
    "AcademicTitle": "Dr.",
    "DateOfBirth": "1971-07-14+01:00",
    "PlaceOfBirth": {"FreetextPlace": "HUSUM"},
    "BirthName": "Tjarksen",
    "PlaceOfResidence": {
        "StructuredPlace": {
            "Street": "Norderhofenden 9",
            "City": "Flensburg",
            "Country": "D",
            "ZipCode": "24937",
        }
    },
    "Nationality": "D",
}
SECRETS = ["Wiebke", "Quarkenbrink", "Möwe", "1971-07-14", "HUSUM", "Tjarksen", "Norderhofenden"]
GOOD = {
    "PersonalData": PERSON,
    "OperationsAllowedByUser": {"GivenNames": "ALLOWED", "ResidencePermitI": "NOTONCHIP"},
    "Result": {"ResultMajor": "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"},
}
LIMIT = 4096

ROUTES: dict[str, tuple[int, bytes, dict[str, str]]] = {
    "/good": (200, json.dumps(GOOD).encode(), {}),
    "/error500": (500, b"Internal error for Quarkenbrink", {}),
    "/notjson": (200, b"<html>Wiebke Quarkenbrink</html>", {}),
    "/nopersonal": (200, json.dumps({"OperationsAllowedByUser": {}}).encode(), {}),
    "/oversize": (200, b'{"PersonalData":{"GivenNames":"' + b"x" * (2 * LIMIT) + b'"}}', {}),
    "/redirect": (302, b"", {"Location": "/good"}),
    "/redirect-away": (302, b"", {"Location": "http://example.org/data"}),
    "/servicefail": (
        200,
        json.dumps(
            {"Result": {"ResultMajor": "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error"}}
        ).encode(),
        {},
    ),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body, headers = ROUTES.get(self.path.split("?")[0], (404, b"", {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if self.path.startswith("/oversize") and "nolength" in self.path:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def fetch(session: requests.Session, url: str) -> SelfAuthData:
    return fetch_self_auth(session, url, timeout=(2.0, 5.0), max_bytes=LIMIT)


def test_good_reply_is_parsed_into_the_record(server: str, session: requests.Session) -> None:
    data = fetch(session, f"{server}/good?refID=abc&mode=json")
    assert data.given_names == "Wiebke Anneliese"
    assert data.family_names == "Quarkenbrink"
    assert data.date_of_birth == "1971-07-14+01:00"
    assert data.place_of_birth is not None and data.place_of_birth.text() == "HUSUM"
    assert data.place_of_residence is not None
    assert data.place_of_residence.text() == "Norderhofenden 9, 24937 Flensburg, D"
    assert data.nationality == "D"
    assert data.operations_allowed["ResidencePermitI"] == "NOTONCHIP"


def test_redirect_on_loopback_is_followed(server: str, session: requests.Session) -> None:
    assert fetch(session, f"{server}/redirect").family_names == "Quarkenbrink"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/error500", "HTTP 500"),
        ("/notjson", "not JSON"),
        ("/nopersonal", "no PersonalData"),
        ("/oversize", "too large"),
        ("/oversize?nolength=1", "too large"),
        ("/servicefail", "reported an error"),
        ("/redirect-away", "refusing"),
    ],
)
def test_bad_replies_name_the_problem_without_data(
    server: str, session: requests.Session, path: str, problem: str
) -> None:
    with pytest.raises(SelfAuthError) as caught:
        fetch(session, server + path)
    assert problem in str(caught.value)
    assert not any(secret in str(caught.value) for secret in SECRETS)


def test_unreachable_service(session: requests.Session) -> None:
    with pytest.raises(SelfAuthError, match="could not reach"):
        fetch(session, "http://127.0.0.1:1/data")


@pytest.mark.parametrize(
    "url",
    ["http://example.org/data", "ftp://127.0.0.1/data", "file:///etc/passwd", "https:///nohost"],
)
def test_plain_http_only_on_loopback(url: str) -> None:
    with pytest.raises(SelfAuthError, match="refusing"):
        check_url(url)


@pytest.mark.parametrize("url", ["https://example.org/x", "http://127.0.0.1:8/x", "http://[::1]/x"])
def test_allowed_urls(url: str) -> None:
    check_url(url)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"PersonalData": {"GivenNames": 7}}, "PersonalData.GivenNames must be text"),
        ({"PersonalData": {"PlaceOfBirth": "HUSUM"}}, "PersonalData.PlaceOfBirth must be an"),
        ({"PersonalData": {"PlaceOfResidence": {}}}, "neither StructuredPlace"),
        ({"PersonalData": {"Unknown": "x"}}, "none of the known fields"),
        ([], "must be a JSON object"),
    ],
)
def test_parser_names_the_bad_field(document: Any, problem: str) -> None:
    with pytest.raises(SelfAuthError, match=problem):
        parse_self_auth(json.dumps(document))


def test_no_place_info_is_kept_as_text() -> None:
    data = parse_self_auth(
        json.dumps({"PersonalData": {"PlaceOfResidence": {"NoPlaceInfo": "keine Hauptwohnung"}}})
    )
    assert data.place_of_residence is not None
    assert data.place_of_residence.text() == "keine Hauptwohnung"


def test_repr_and_wipe_leave_no_personal_data() -> None:
    data = parse_self_auth(json.dumps(GOOD))
    shown = f"{data!r} {data} {data.place_of_residence!r}"
    assert not any(secret in shown for secret in SECRETS)
    assert "given_names" in shown  # it does say which fields are there
    data.wipe()
    assert data.wiped
    assert data.present_fields() == []
    assert data.place_of_birth is None and data.place_of_residence is None
    assert data.operations_allowed == {}
    everything = repr(vars(data))
    assert not any(secret in everything for secret in SECRETS)


def test_fetcher_works_off_the_gui_thread_and_logs_nothing_personal(
    qtbot: Any, server: str, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = SelfAuthFetcher(requests.Session(), timeout=(2.0, 5.0), max_bytes=LIMIT)
    results: list[tuple[SelfAuthData | None, str | None, threading.Thread]] = []

    def done(data: SelfAuthData | None, problem: str | None) -> None:
        results.append((data, problem, threading.current_thread()))

    with caplog.at_level(1):
        fetcher.fetch(f"{server}/good?refID=1", done)
        fetcher.fetch(f"{server}/notjson", done)
        qtbot.waitUntil(lambda: len(results) == 2, timeout=10000)
    fetcher.shutdown()
    good, bad = results
    assert good[0] is not None and good[0].family_names == "Quarkenbrink"
    assert bad[0] is None and bad[1] is not None and "not JSON" in bad[1]
    assert good[2] is threading.main_thread() and bad[2] is threading.main_thread()
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "self-disclosure data received" in logged
    assert not any(secret in logged for secret in SECRETS)


def test_fetcher_drops_and_wipes_results_after_cancel(
    qapp: Any, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    wiped: list[SelfAuthData] = []
    original_wipe = SelfAuthData.wipe

    def recording_wipe(self: SelfAuthData) -> None:
        original_wipe(self)
        wiped.append(self)

    monkeypatch.setattr(SelfAuthData, "wipe", recording_wipe)
    fetcher = SelfAuthFetcher(requests.Session(), timeout=(2.0, 5.0), max_bytes=LIMIT)
    delivered: list[object] = []
    fetcher.fetch(f"{server}/good", lambda data, problem: delivered.append(data))
    fetcher.cancel_all()
    fetcher._executor.shutdown(wait=True)  # the worker has emitted; delivery is queued
    qapp.processEvents()
    assert delivered == []
    assert len(wiped) == 1 and wiped[0].present_fields() == []


def test_logs_at_every_level_stay_clean_while_parsing_bad_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="eid"), pytest.raises(SelfAuthError):
        parse_self_auth(b'{"PersonalData": {"GivenNames": ["Wiebke"]}}')
    assert not any(secret in caplog.text for secret in SECRETS)
