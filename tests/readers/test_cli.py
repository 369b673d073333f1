"""``python -m eid readers``: scripted service in-process, real pcscd as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from eid.readers import cli
from eid.readers.pcsc import PcscError, ResultCode
from tests.readers.conftest import VIRTUAL_READER, PcscdService
from tests.readers.fake_pcsc import FakeContext, FakePcsc
from tests.readers.virtual_card import EGK, EID_CARD, VirtualCard

ROOT = Path(__file__).resolve().parents[2]
READER = "ACME Reader 00 00"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "eid", "readers", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def no_service() -> FakeContext:
    raise PcscError("SCardEstablishContext", ResultCode.E_NO_SERVICE)


def test_missing_service_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([], context_factory=no_service) == cli.EXIT_NO_SERVICE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "pcscd" in captured.err
    assert "not reachable" in captured.err


def test_other_pcsc_failure_is_named_not_called_missing_service(
    capsys: pytest.CaptureFixture[str],
) -> None:
    service = FakePcsc()

    class ReaderVanishing(FakeContext):
        def list_readers(self) -> list[str]:
            raise PcscError("SCardListReaders", ResultCode.E_READER_UNAVAILABLE)

    def factory() -> FakeContext:
        service.open_contexts += 1
        return ReaderVanishing(service, service.generation)

    assert cli.main([], context_factory=factory) == cli.EXIT_PCSC_ERROR
    err = capsys.readouterr().err
    assert "E_READER_UNAVAILABLE" in err
    assert "not reachable" not in err
    assert service.open_contexts == 0  # the context was released


def test_json_lists_reader_keypad_and_card(capsys: pytest.CaptureFixture[str]) -> None:
    service = FakePcsc()
    service.add_reader(READER, bytes.fromhex("200442330020"))
    service.add_reader("Basic Reader", features_tlv=None)
    service.insert(READER, EGK.atr, VirtualCard(EGK).answer)
    assert cli.main(["--json"], context_factory=service.factory) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    readers = {reader["name"]: reader for reader in report["readers"]}
    assert readers[READER]["keypad"] is True
    assert readers[READER]["card"]["kind"] == "egk"
    assert readers[READER]["card"]["atr"] == EGK.atr.hex(" ").upper()
    assert readers["Basic Reader"]["keypad"] is False
    assert readers["Basic Reader"]["card"] is None
    assert service.open_contexts == 0


def test_text_output_names_the_card(capsys: pytest.CaptureFixture[str]) -> None:
    service = FakePcsc()
    service.add_reader(READER)
    service.insert(READER, EID_CARD.atr, VirtualCard(EID_CARD).answer)
    assert cli.main([], context_factory=service.factory) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "PIN pad on the reader: no" in out
    assert "card: eid" in out


def test_no_reader_is_said_plainly_and_names_the_ccid_driver(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main([], context_factory=FakePcsc().factory) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "no reader is connected" in out
    assert "apt-get install libccid" in out
    assert cli.main(["--json"], context_factory=FakePcsc().factory) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["readers"] == [] and "libccid" in report["hint"]


def test_no_driver_hint_when_a_reader_is_there(capsys: pytest.CaptureFixture[str]) -> None:
    service = FakePcsc()
    service.add_reader(READER)
    assert cli.main(["--json"], context_factory=service.factory) == cli.EXIT_OK
    assert "hint" not in json.loads(capsys.readouterr().out)


def test_wait_sees_a_card_placed_later(capsys: pytest.CaptureFixture[str]) -> None:
    service = FakePcsc()
    service.add_reader(READER)
    placed = threading.Timer(0.2, service.insert, (READER, EGK.atr, VirtualCard(EGK).answer))
    placed.start()
    try:
        assert cli.main(["--json", "--wait", "30"], context_factory=service.factory) == 0
    finally:
        placed.join()
    report = json.loads(capsys.readouterr().out)
    assert report["readers"][0]["card"]["kind"] == "egk"


@pytest.mark.parametrize("args", [["--wait", "-1"], ["--wait", "soon"], ["--bogus"]])
def test_bad_arguments(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(args, context_factory=FakePcsc().factory) == cli.EXIT_USAGE
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.pcsc
def test_real_pcscd_with_a_virtual_id_card(
    pcscd: PcscdService, virtual_card: Callable[..., VirtualCard]
) -> None:
    virtual_card(EID_CARD).insert()
    result = run_cli("--json", "--wait", "10")
    assert result.returncode == 0, result.stderr
    readers = {reader["name"]: reader for reader in json.loads(result.stdout)["readers"]}
    assert readers[VIRTUAL_READER]["card"]["kind"] == "eid"
    assert readers[VIRTUAL_READER]["keypad"] is False


@pytest.mark.pcsc
@pytest.mark.slow
def test_real_pcscd_stopped(pcscd: PcscdService) -> None:
    if not pcscd.owned:
        pcscd.restart()  # reports why it may not stop a pcscd it did not start
    pcscd.stop()
    try:
        result = run_cli()
    finally:
        pcscd.start()
    assert result.returncode == cli.EXIT_NO_SERVICE
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "pcscd" in result.stderr
    assert "Traceback" not in result.stderr
