"""``python -m eid selftest`` as a subprocess, unchanged against the emulator and AusweisApp2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eid.selftest import CheckFailedError, SelfTest
from eid.workflows import Outcome, OutcomeKind

ROOT = Path(__file__).resolve().parents[3]
CHECKS = [
    "handshake",
    "info",
    "api_level",
    "reader_simulator",
    "change_pin_simulator",
    "change_pin_cancel",
    "auth_network_error",
    "invalid_json",
    "unknown_command",
    "bad_state",
]


def selftest(url: str, *extra: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "eid", "selftest", "--url", url, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_selftest_passes_against_the_endpoint(sdk_url: str) -> None:
    code, out, err = selftest(sdk_url, "--json")
    report: dict[str, Any] = json.loads(out)
    failed = {c["name"]: c["detail"] for c in report["checks"] if not c["passed"]}
    assert failed == {}, err[-2000:]
    assert [c["name"] for c in report["checks"]] == CHECKS
    assert code == 0
    assert report["endpoint"] == sdk_url
    assert report["version"]
    assert (report["passed"], report["failed"]) == (len(CHECKS), 0)
    assert all(isinstance(c["ms"], int) and c["detail"] for c in report["checks"])


def test_selftest_reports_an_unreachable_endpoint_and_fails() -> None:
    code, out, _ = selftest("ws://127.0.0.1:1/eID-Kernel", "--json")
    report = json.loads(out)
    assert code == 1
    first = report["checks"][0]
    assert first["name"] == "handshake" and not first["passed"]
    assert "not reachable" in first["detail"] or "refused" in first["detail"].lower()
    assert report["passed"] == 0 and report["failed"] == len(CHECKS)


def test_selftest_prints_a_readable_table_without_json(emulator_url: str) -> None:
    code, out, _ = selftest(emulator_url)
    assert code == 0
    assert "10 passed, 0 failed" in out
    assert "change_pin_simulator" in out


def test_change_pin_check_retries_the_1_26_2_quirk_once_and_says_so(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    quirk = Outcome(OutcomeKind.UNKNOWN, "AusweisApp reported success although no new PIN")
    results = [quirk, Outcome(OutcomeKind.SUCCESS, "PIN changed")]
    battery = SelfTest("ws://127.0.0.1:1/eID-Kernel")
    monkeypatch.setattr(battery, "_drive", lambda *_args, **_kwargs: results.pop(0))
    detail = battery.check_change_pin()
    assert "retried once after unknown" in detail
    results[:] = [quirk, quirk]
    with pytest.raises(CheckFailedError, match="expected success, got unknown"):
        battery.check_change_pin()
