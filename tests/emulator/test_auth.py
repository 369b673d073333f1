"""RUN_AUTH: refused URLs, the offline network error as recorded, and the full emulated
self-disclosure with access rights, certificate and the data fetch."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from eid.emulator.person import OPTIONAL_RIGHTS, REQUIRED_RIGHTS
from tests.emulator.client import SdkClient, cmd
from tests.emulator.conftest import HTTP_TIMEOUT_S, Endpoint

MAJOR = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#"
MINOR = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/"


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (cmd("RUN_AUTH"), "tcTokenURL cannot be undefined"),
        # as AusweisApp 1.26.2 and 2.x answer (recorded): a string needs a host, any scheme
        (cmd("RUN_AUTH", tcTokenURL="no url at all"), "Validation of tcTokenURL failed"),
        (cmd("RUN_AUTH", tcTokenURL=42), "Invalid tcTokenURL"),
        (cmd("RUN_AUTH", tcTokenURL="http://"), "Validation of tcTokenURL failed"),
    ],
)
def test_auth_refused_without_a_usable_url(
    client: SdkClient, frame: dict[str, Any], error: str
) -> None:
    assert client.request(frame) == {"msg": "AUTH", "error": error}
    assert client.request(cmd("GET_STATUS"))["workflow"] is None


def test_foreign_tc_token_url_fails_like_offline_ausweisapp(client: SdkClient) -> None:
    url = "https://test.governikus-eid.de/AusweisAuskunft/WebServiceRequesterServlet"
    client.send(cmd("RUN_AUTH", tcTokenURL=url))
    started, first, second, final = client.expect("AUTH", "STATUS", "STATUS", "AUTH")
    assert started == {"msg": "AUTH"}
    assert (first["progress"], second["progress"]) == (0, 80)
    assert first["workflow"] == "AUTH"
    assert final["result"]["major"] == MAJOR + "error"
    assert final["result"]["minor"] == MINOR + "dp#trustedChannelEstablishmentFailed"
    assert "url" not in final
    assert client.request(cmd("CANCEL")) == {"msg": "BAD_STATE", "error": "CANCEL"}


def test_status_false_pushes_no_status(client: SdkClient) -> None:
    client.send(cmd("RUN_AUTH", tcTokenURL="https://example.org/tc", status=False))
    _, final = client.expect("AUTH", "AUTH")
    assert "result" in final


def start_own_auth(client: SdkClient, endpoint: Endpoint) -> dict[str, Any]:
    client.send(cmd("RUN_AUTH", tcTokenURL=endpoint.own_tc_token_url))
    before, rights = client.until("ACCESS_RIGHTS")
    assert [m["msg"] for m in before if m["msg"] != "READER"] == ["AUTH", "STATUS"]
    return rights


def test_access_rights_and_certificate(client: SdkClient, endpoint: Endpoint) -> None:
    rights = start_own_auth(client, endpoint)
    assert rights["chat"]["required"] == list(REQUIRED_RIGHTS)
    assert rights["chat"]["optional"] == list(OPTIONAL_RIGHTS)
    assert set(rights["chat"]["effective"]) == set(REQUIRED_RIGHTS + OPTIONAL_RIGHTS)
    for right in ("FamilyName", "GivenNames", "DateOfBirth", "Address"):
        assert right in rights["chat"]["required"]
    assert client.request(cmd("GET_ACCESS_RIGHTS")) == rights
    certificate = client.request(cmd("GET_CERTIFICATE"))
    assert certificate["msg"] == "CERTIFICATE"
    assert "emulator" in certificate["description"]["subjectName"].lower()
    assert certificate["validity"]["effectiveDate"] < certificate["validity"]["expirationDate"]
    assert client.request(cmd("GET_STATUS"))["state"] == "ACCESS_RIGHTS"


@pytest.mark.parametrize(
    ("chat", "error"),
    [
        (["FamilyName"], "Entry in 'chat' data is not available"),
        (["NoSuchRight"], "Entry in 'chat' data is invalid"),
        ([1], "Entry in 'chat' data needs to be string"),
        ("BirthName", "Invalid 'chat' data"),
        (None, "Invalid 'chat' data"),
    ],
)
def test_invalid_set_access_rights_changes_nothing(
    client: SdkClient, endpoint: Endpoint, chat: Any, error: str
) -> None:
    rights = start_own_auth(client, endpoint)
    reply = client.request(cmd("SET_ACCESS_RIGHTS", chat=chat))
    assert reply["error"] == error
    assert reply["chat"] == rights["chat"]


def test_set_access_rights_without_chat(client: SdkClient, endpoint: Endpoint) -> None:
    start_own_auth(client, endpoint)
    assert client.request(cmd("SET_ACCESS_RIGHTS"))["error"] == "'chat' cannot be undefined"


def run_full_auth(client: SdkClient, endpoint: Endpoint, optional: list[str]) -> str:
    """Through the whole emulated auth with the Simulator; returns the result url."""
    start_own_auth(client, endpoint)
    reply = client.request(cmd("SET_ACCESS_RIGHTS", chat=optional))
    assert "error" not in reply
    assert set(reply["chat"]["effective"]) == set(REQUIRED_RIGHTS) | set(optional)
    client.send(cmd("ACCEPT"))
    client.until("INSERT_CARD")
    client.send(cmd("SET_CARD", name="Simulator"))
    client.expect("READER", "ENTER_PIN")
    client.send(cmd("SET_PIN"))
    before, final = client.until("AUTH")
    assert any(m["msg"] == "READER" and m["card"] is None for m in before)
    assert final["result"] == {"major": MAJOR + "ok"}
    url: str = final["url"]
    return url


def test_full_auth_and_self_disclosure_once(client: SdkClient, endpoint: Endpoint) -> None:
    url = run_full_auth(client, endpoint, ["BirthName"])
    assert url.startswith(endpoint.base_http_url + "/selfauth/")
    assert url.endswith("?mode=json")
    reply = requests.get(url, timeout=HTTP_TIMEOUT_S)
    assert reply.status_code == 200
    data = reply.json()
    person = data["PersonalData"]
    assert (person["GivenNames"], person["FamilyNames"]) == ("ERIKA", "MUSTERMANN")
    assert person["BirthName"] == "GABLER"
    assert person["DateOfBirth"].startswith("1964-08-12")
    assert person["PlaceOfBirth"] == {"FreetextPlace": "BERLIN"}
    assert person["PlaceOfResidence"]["StructuredPlace"] == {
        "Street": "HEIDESTRAẞE 17",
        "City": "KÖLN",
        "Country": "D",
        "ZipCode": "51147",
    }
    assert (person["DocumentType"], person["IssuingState"]) == ("ID", "D")
    assert person["DateOfExpiry"].startswith("2029-10-31")
    allowed = data["OperationsAllowedByUser"]
    assert allowed["BirthName"] == "ALLOWED"
    assert allowed["ArtisticName"] == "PROHIBITED"
    assert data["Result"]["ResultMajor"] == MAJOR + "ok"
    assert requests.get(url, timeout=HTTP_TIMEOUT_S).status_code == 404  # only once


def test_self_disclosure_follows_the_enabled_rights(client: SdkClient, endpoint: Endpoint) -> None:
    url = run_full_auth(client, endpoint, ["ArtisticName", "DoctoralDegree"])
    data = requests.get(url, timeout=HTTP_TIMEOUT_S).json()
    assert "BirthName" not in data["PersonalData"]
    assert data["OperationsAllowedByUser"]["BirthName"] == "PROHIBITED"
    # allowed, but Erika has neither on her chip
    assert data["OperationsAllowedByUser"]["ArtisticName"] == "NOTONCHIP"
    assert data["OperationsAllowedByUser"]["AcademicTitle"] == "NOTONCHIP"
    assert "ArtisticName" not in data["PersonalData"]


def test_unknown_ref_id_is_404(endpoint: Endpoint) -> None:
    reply = requests.get(
        f"{endpoint.base_http_url}/selfauth/made-up-ref?mode=json", timeout=HTTP_TIMEOUT_S
    )
    assert reply.status_code == 404


def test_cancel_at_access_rights(client: SdkClient, endpoint: Endpoint) -> None:
    start_own_auth(client, endpoint)
    final = client.request(cmd("CANCEL"))
    assert final["msg"] == "AUTH"
    assert final["result"]["minor"] == MINOR + "sal#cancellationByUser"
    assert client.request(cmd("ACCEPT")) == {"msg": "BAD_STATE", "error": "ACCEPT"}


def test_cancel_at_enter_pin_removes_card(client: SdkClient, endpoint: Endpoint) -> None:
    start_own_auth(client, endpoint)
    client.send(cmd("ACCEPT"))
    client.until("INSERT_CARD")
    client.send(cmd("SET_CARD", name="Simulator"))
    client.expect("READER", "ENTER_PIN")
    assert client.request(cmd("GET_STATUS"))["state"] == "ENTER_PIN"
    client.send(cmd("CANCEL"))
    reader, final = client.expect("READER", "AUTH")
    assert reader["card"] is None
    assert final["result"]["minor"] == MINOR + "sal#cancellationByUser"


def test_accept_only_at_access_rights(client: SdkClient, endpoint: Endpoint) -> None:
    start_own_auth(client, endpoint)
    client.send(cmd("ACCEPT"))
    client.until("INSERT_CARD")
    assert client.request(cmd("ACCEPT")) == {"msg": "BAD_STATE", "error": "ACCEPT"}
    assert client.request(cmd("SET_ACCESS_RIGHTS", chat=[]))["msg"] == "BAD_STATE"
    assert client.request(cmd("GET_CERTIFICATE"))["msg"] == "CERTIFICATE"
