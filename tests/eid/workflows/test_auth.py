"""Authentication workflow against a fake client and a fake data fetcher."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eid.selfauth import FetchCallback, SelfAuthData
from eid.workflows import AccessRightsRequest, AuthWorkflow, NumberRequest
from eid.workflows.outcomes import OutcomeKind
from tests.eid.workflows.fakes import FakeClient
from tests.eid.workflows.scripts import (
    BASIC,
    Recorder,
    Step,
    auth_result,
    card,
    enter,
    play,
    reader_msg,
)

TC_TOKEN = "https://test.governikus-eid.de/AusweisAuskunft/WebServiceRequesterServlet?mode=json"
DATA_URL = "https://test.governikus-eid.de/AusweisAuskunft/WebServiceReceiverServlet?refID=1"
TRANSCRIPTS = Path(__file__).resolve().parents[1] / "transcripts"  # copies of shared/reference
STARTED = {"msg": "AUTH"}
RIGHTS = {
    "msg": "ACCESS_RIGHTS",
    "chat": {
        "effective": ["GivenNames", "FamilyNames", "DateOfBirth"],
        "optional": ["DateOfBirth"],
        "required": ["GivenNames", "FamilyNames"],
    },
}
CERTIFICATE = {
    "msg": "CERTIFICATE",
    "description": {"subjectName": "Governikus Test", "purpose": "self-disclosure"},
    "validity": {"effectiveDate": "2026-01-01", "expirationDate": "2026-12-31"},
}


class FakeFetcher:
    def __init__(self) -> None:
        self.calls: list[tuple[str, FetchCallback]] = []
        self.cancelled = 0

    def fetch(self, url: str, callback: FetchCallback) -> None:
        self.calls.append((url, callback))

    def cancel_all(self) -> None:
        self.cancelled += 1


def accept(rec: Recorder) -> None:
    assert isinstance(rec.last, AccessRightsRequest)
    assert rec.last.accept().accepted


def pin(value: str | None) -> Step:
    def act(rec: Recorder) -> None:
        assert isinstance(rec.last, NumberRequest)
        assert rec.last.answer(value).accepted

    return act


def cancel(rec: Recorder) -> None:
    assert rec.last.cancel()


def run(
    client: FakeClient, script: list[Step], fetcher: FakeFetcher | None = None
) -> tuple[AuthWorkflow, Recorder, list[SelfAuthData]]:
    workflow = AuthWorkflow(client, TC_TOKEN, fetcher=fetcher)
    rec = Recorder.attach(workflow)
    delivered: list[SelfAuthData] = []
    workflow.self_auth_data.connect(delivered.append)
    assert workflow.start()
    play(client, rec, script)
    return workflow, rec, delivered


UP_TO_PIN: list[Step] = [STARTED, RIGHTS, CERTIFICATE, accept, {"msg": "INSERT_CARD"}]
UP_TO_PIN += [reader_msg(BASIC, card()), enter("PIN")]

CASES: list[tuple[str, list[Step], OutcomeKind]] = [
    ("success without data fetch", [*UP_TO_PIN, pin("123456"), auth_result(url=DATA_URL)],
     OutcomeKind.SUCCESS),
    ("visitor declines the access rights",
     [STARTED, RIGHTS, cancel, auth_result("sal#cancellationByUser")], OutcomeKind.CANCELLED),
    ("wrong PIN, then communication error",
     [*UP_TO_PIN, pin("111111"), enter("PIN", retry=2), pin("222222"),
      auth_result("al/common#communicationError")], OutcomeKind.WRONG_PIN),
    ("deactivated card: kiosk cancels",
     [STARTED, RIGHTS, accept, reader_msg(BASIC, card(deactivated=True)),
      auth_result("sal#cancellationByUser")], OutcomeKind.DEACTIVATED),
    ("card pulled during PACE",
     [*UP_TO_PIN, pin("123456"), reader_msg(BASIC, None), auth_result("ifdl#cancellationByUser")],
     OutcomeKind.CARD_REMOVED),
    ("PIN blocked", [*UP_TO_PIN, pin("123456"), reader_msg(BASIC, card(0)),
                     auth_result("al/common#unknownError")], OutcomeKind.BLOCKED),
    ("noPermission on a card that is not deactivated: PUK blocked",
     [STARTED, RIGHTS, accept, enter("PIN"), auth_result("al/common#noPermission")],
     OutcomeKind.BLOCKED),
    ("certificate not accepted",
     [STARTED, auth_result("il/signature#invalidCertificatePath")], OutcomeKind.SERVICE_ERROR),
    ("unmapped minor", [STARTED, auth_result("sal#somethingNew")], OutcomeKind.UNKNOWN),
    ("refused tcTokenURL", [{"msg": "AUTH", "error": "Invalid tcTokenURL"}],
     OutcomeKind.SERVICE_ERROR),
]  # fmt: skip


@pytest.mark.parametrize(("script", "kind"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sequence(client: FakeClient, script: list[Step], kind: OutcomeKind) -> None:
    workflow, rec, _ = run(client, script)
    assert rec.outcome.kind is kind
    assert not workflow.running
    assert all(not r.is_open for r in rec.requests)


def test_recorded_offline_transcript_ends_with_network_error(client: FakeClient) -> None:
    frames = [json.loads(line) for line in (TRANSCRIPTS / "auth-offline-network-error.jsonl")
              .read_text().splitlines()]  # fmt: skip
    received = [f["data"] for f in frames if f["dir"] == "recv"]
    before = [f for f in received[:6] if f["msg"] == "READER"]
    after = received[7:]  # skip the refusal of the RUN_AUTH without URL
    _, rec, _ = run(client, [*before, *after])
    assert rec.outcome.kind is OutcomeKind.NETWORK_ERROR
    assert rec.outcome.minor == "dp#trustedChannelEstablishmentFailed"
    assert client.sent_json == [{"cmd": "RUN_AUTH", "tcTokenURL": TC_TOKEN}]


def test_access_rights_request_shows_rights_certificate_and_toggles(client: FakeClient) -> None:
    _, rec, _ = run(client, [STARTED, RIGHTS])
    request = rec.last
    assert isinstance(request, AccessRightsRequest)
    assert request.required == ("GivenNames", "FamilyNames")
    assert request.enabled_optional == ("DateOfBirth",)
    assert request.certificate is None
    assert client.sent_names[-1] == "GET_CERTIFICATE"
    client.feed(CERTIFICATE)
    assert request.certificate is not None
    assert request.certificate.subject_name == "Governikus Test"
    assert rec.updates[-1] is request

    assert request.toggle("DateOfBirth").accepted
    assert client.sent_json[-1] == {"cmd": "SET_ACCESS_RIGHTS", "chat": []}
    client.feed({**RIGHTS, "chat": {**RIGHTS["chat"], "effective": ["GivenNames", "FamilyNames"]}})
    assert request.enabled_optional == ()
    assert request.is_open and rec.last is request  # still the same request, updated

    refused = request.toggle("GivenNames")
    assert not refused.accepted and "not an optional right" in refused.reason
    assert request.toggle("DateOfBirth").accepted
    assert client.sent_json[-1] == {"cmd": "SET_ACCESS_RIGHTS", "chat": ["DateOfBirth"]}
    assert request.accept().accepted
    assert client.sent_names[-1] == "ACCEPT"
    assert not request.accept().accepted  # second tap: no second ACCEPT
    assert client.sent_names.count("ACCEPT") == 1


def test_success_fetches_data_and_hands_it_out_before_finishing(client: FakeClient) -> None:
    fetcher = FakeFetcher()
    _, rec, delivered = run(client, [*UP_TO_PIN, pin("123456"), auth_result(url=DATA_URL)], fetcher)
    assert rec.outcomes == []  # still fetching
    [(url, callback)] = fetcher.calls
    assert url == DATA_URL
    data = SelfAuthData(given_names="ERIKA", family_names="MUSTERMANN")
    callback(data, None)
    assert delivered == [data]
    assert rec.outcome.kind is OutcomeKind.SUCCESS
    assert "ERIKA" not in repr(rec.outcome)


def test_failed_fetch_is_a_service_error_naming_the_problem(client: FakeClient) -> None:
    fetcher = FakeFetcher()
    _, rec, delivered = run(client, [STARTED, auth_result(url=DATA_URL)], fetcher)
    fetcher.calls[0][1](None, "the data service answered HTTP 500")
    assert rec.outcome.kind is OutcomeKind.SERVICE_ERROR
    assert "HTTP 500" in rec.outcome.detail
    assert delivered == []


def test_success_without_url_cannot_fetch(client: FakeClient) -> None:
    _, rec, _ = run(client, [STARTED, auth_result()], FakeFetcher())
    assert rec.outcome.kind is OutcomeKind.SERVICE_ERROR


def test_abort_while_fetching_drops_and_wipes_late_data(client: FakeClient) -> None:
    fetcher = FakeFetcher()
    workflow, rec, delivered = run(client, [STARTED, auth_result(url=DATA_URL)], fetcher)
    workflow.abort()
    assert rec.outcome.kind is OutcomeKind.CANCELLED
    assert fetcher.cancelled == 1
    assert "CANCEL" not in client.sent_names  # AusweisApp has nothing left to cancel
    late = SelfAuthData(given_names="ERIKA")
    fetcher.calls[0][1](late, None)
    assert delivered == [] and late.given_names == "" and late.wiped


def test_disconnect_during_pin_entry(client: FakeClient) -> None:
    _, rec, _ = run(client, UP_TO_PIN)
    client.drop()
    assert rec.outcome.kind is OutcomeKind.DISCONNECTED
    assert not rec.last.is_open


def test_abort_with_open_access_rights_sends_one_cancel(client: FakeClient) -> None:
    workflow, rec, _ = run(client, [STARTED, RIGHTS])
    workflow.abort()
    workflow.abort()
    assert client.sent_names.count("CANCEL") == 1
    assert not rec.last.accept().accepted
    client.feed(auth_result("sal#cancellationByUser"))
    assert rec.outcome.kind is OutcomeKind.CANCELLED


def test_outcome_and_logs_carry_no_pin(client: FakeClient, caplog: Any) -> None:
    with caplog.at_level(1):
        _, rec, _ = run(client, [*UP_TO_PIN, pin("135790"), auth_result(url=DATA_URL)])
    assert "135790" not in caplog.text
    assert "135790" not in repr(rec.outcome)


def test_accept_before_the_toggle_is_confirmed_opens_no_second_request(
    client: FakeClient,
) -> None:
    _, rec, _ = run(client, [STARTED, RIGHTS])
    request = rec.last
    assert request.toggle("DateOfBirth").accepted
    assert request.accept().accepted
    client.feed({**RIGHTS, "chat": {**RIGHTS["chat"], "effective": ["GivenNames"]}})  # late
    client.feed({"msg": "INSERT_CARD"})
    assert [type(r).__name__ for r in rec.requests] == ["AccessRightsRequest", "InsertCardRequest"]
    assert client.sent_names.count("ACCEPT") == 1


def test_deactivated_card_lying_there_before_the_start_is_detected(client: FakeClient) -> None:
    client.feed(reader_msg(BASIC, card(deactivated=True)))
    workflow, rec, _ = run(client, [STARTED])  # keep the workflow: no request holds it
    assert client.sent_names == ["RUN_AUTH", "CANCEL"]
    client.feed(auth_result("sal#cancellationByUser"))
    assert rec.outcome.kind is OutcomeKind.DEACTIVATED
    assert not workflow.running
