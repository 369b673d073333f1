"""``python -m eid diagnose`` and endpoint discovery, against real endpoints."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import websocket

from eid import diagnose
from eid.discovery import DEFAULT_URL, discover_url, find_port, read_port_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _qt_app(qapp: object) -> None:
    """diagnose would create a bare QCoreApplication; later widget tests need pytest-qt's."""


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = diagnose.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_of_a_live_endpoint(sdk_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["--url", sdk_url, "--json", "--timeout", "20"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["url"] == sdk_url
    assert report["state"] == "ready"
    assert report["version"].startswith(("1.", "2."))
    level = 2 if report["version"].startswith("1.") else 3  # the highest both sides know
    assert report["api_levels"]["current"] == level
    assert level in report["api_levels"]["available"]
    names = [r["name"] for r in report["readers"]]
    if level == 3 and "Simulator" not in names:
        # AusweisApp 2.3 often enables its Simulator only when a workflow scans for
        # readers (seen in about half of the fresh starts); nothing else may be listed then
        assert names == [], report
        return
    assert "Simulator" in names, report
    simulator = next(r for r in report["readers"] if r["name"] == "Simulator")
    assert simulator["attached"] is True
    assert simulator["insertable"] is True
    assert simulator["card"] is None


def test_text_report_names_version_levels_and_readers(
    emulator_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["--url", emulator_url], capsys)
    assert code == 0, err
    assert err == ""
    assert "version:    1.26.2" in out
    assert "available 1, 2; current 2" in out
    assert "Simulator: attached, keypad, insertable; no card" in out


def test_held_endpoint_gives_one_clear_line(
    sdk_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = websocket.create_connection(sdk_url, timeout=10, suppress_origin=True)
    try:
        code, out, err = run_main(["--url", sdk_url, "--timeout", "20"], capsys)
    finally:
        holder.close()
    assert code == diagnose.EXIT_HELD
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ") and "429" in err


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_nothing_listening(free_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"ws://127.0.0.1:{free_port}/eID-Kernel"
    code, out, err = run_main(["--url", url, "--json"], capsys)
    assert code == diagnose.EXIT_UNREACHABLE
    assert json.loads(out)["error"] in err
    assert err.count("\n") == 1 and "not reachable" in err and str(free_port) in err


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts TCP connections and never answers: a hung endpoint."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_hung_endpoint_ends_within_the_timeout(
    silent_server: int, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"ws://127.0.0.1:{silent_server}/eID-Kernel"
    code, _, err = run_main(["--url", url, "--timeout", "0.3"], capsys)
    assert code in {diagnose.EXIT_TIMEOUT, diagnose.EXIT_UNREACHABLE}
    assert err.startswith("error: ") and err.count("\n") == 1


def test_command_line_entry(emulator_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eid", "diagnose", "--url", emulator_url, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["version"] == "1.26.2"


def test_discovery_prefers_a_live_port_file(tmp_path: Path) -> None:
    assert discover_url(tmp_path) == DEFAULT_URL
    (tmp_path / "AusweisApp2.999999999.port").write_text("41000")  # no such process
    assert find_port(tmp_path) is None
    (tmp_path / f"AusweisApp.{os.getpid()}.port").write_text("")  # still being written
    assert find_port(tmp_path) is None
    (tmp_path / f"AusweisApp2.{os.getpid()}.port").write_text("41234\n")
    assert discover_url(tmp_path) == "ws://127.0.0.1:41234/eID-Kernel"


@pytest.mark.parametrize("content", ["", "abc", "0", "70000", "-5", "12 34"])
def test_bad_port_files_are_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "AusweisApp2.1.port"
    path.write_text(content)
    assert read_port_file(path) is None


def test_missing_folder_falls_back_to_default(tmp_path: Path) -> None:
    assert discover_url(tmp_path / "gone") == DEFAULT_URL
