"""The staff PIN: scrypt hash in the OS keyring (file backend round trip), set only through
`--set-staff-pin` from a terminal or standard input, and a clear message without a backend."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from kiosk.staff import KEYRING_SERVICE, KEYRING_USER, PinStore, hash_pin, pin_problem, verify_pin
from kiosk.staff_cli import set_staff_pin_command

ROOT = Path(__file__).resolve().parents[2]
PIN = "482913"


def set_pin(env: dict[str, str], stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--set-staff-pin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env),
        check=False,
    )


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_pin(PIN), hash_pin(PIN)
    assert first.startswith("scrypt$16384$8$1$") and first != second  # a new salt each time
    assert PIN not in first
    assert verify_pin(PIN, first) and verify_pin(PIN, second)
    assert not verify_pin("482914", first)
    assert not verify_pin(PIN, "scrypt$16384$8$1$not-base64$x")  # damaged: never matches


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "48291a", "111111", "123456", "654321"])
def test_weak_or_malformed_pins_are_refused(pin: str) -> None:
    assert pin_problem(pin) is not None


def test_keyring_round_trip_with_the_file_backend(file_keyring: dict[str, str]) -> None:
    result = set_pin(file_keyring, f"{PIN}\n")
    assert result.returncode == 0, result.stderr
    assert "scrypt hash" in result.stdout and PIN not in result.stdout + result.stderr
    stored = PinStore().load()  # read back in this process, through `keyring` as the kiosk does
    assert stored is not None and verify_pin(PIN, stored)
    assert stored == keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    keyring_file = Path(file_keyring["XDG_DATA_HOME"]) / "python_keyring" / "keyring_pass.cfg"
    assert keyring_file.exists() and PIN not in keyring_file.read_text(encoding="utf-8")


def test_piped_pin_with_a_different_repetition_changes_nothing(
    file_keyring: dict[str, str],
) -> None:
    assert set_pin(file_keyring, f"{PIN}\n").returncode == 0
    before = PinStore().load()
    result = set_pin(file_keyring, "739184\n739185\n")
    assert result.returncode == 2 and "differ" in result.stderr
    assert PinStore().load() == before


def test_the_pin_is_never_taken_from_the_arguments(file_keyring: dict[str, str]) -> None:
    result = set_pin(file_keyring, "", PIN)
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    assert PinStore().load() is None


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_asks_twice_without_echo(file_keyring: dict[str, str]) -> None:
    asked: list[str] = []
    answers = iter([PIN, PIN])

    def prompt(text: str) -> str:
        asked.append(text)
        return next(answers)

    assert set_staff_pin_command(FakeTerminal(), prompt=prompt) == 0
    assert len(asked) == 2
    stored = PinStore().load()
    assert stored is not None and verify_pin(PIN, stored)


def test_without_a_keyring_backend_it_says_how_to_configure_one(
    no_keyring: dict[str, str],
) -> None:
    result = set_pin(no_keyring, f"{PIN}\n")
    assert result.returncode == 2
    assert "PYTHON_KEYRING_BACKEND" in result.stderr and "keyringrc.cfg" in result.stderr
    assert PinStore().problem() is not None


def test_health_says_whether_staff_can_get_in(file_keyring: dict[str, str], tmp_path: Path) -> None:
    def staff_check() -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--demo", "--health", "--json"],
            capture_output=True,
            text=True,
            timeout=90,
            env=dict(
                os.environ,
                QT_QPA_PLATFORM="offscreen",
                PLIETSCH_DATA_DIR=str(tmp_path / "data"),
                **file_keyring,
            ),
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        checks = json.loads(result.stdout)["checks"]
        return next(check for check in checks if check["name"] == "staff")

    before = staff_check()
    assert before["status"] == "degraded" and "--set-staff-pin" in str(before["summary"])
    assert set_pin(file_keyring, f"{PIN}\n").returncode == 0
    assert staff_check()["status"] == "ok"
