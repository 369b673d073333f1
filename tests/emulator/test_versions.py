"""The emulator's AusweisApp versions: what 2.x does differently from 1.26.2.

Level 3 with PAUSE for a slipping card, ``card: {}`` for a non-eID card, ``reason`` codes,
the renamed port file. (Message types and error texts are compared with the real versions
in tests/eid/test_version_contract.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eid.emulator import EmulatorServer
from tests.emulator.client import SdkClient, cmd

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start() -> Iterator[Any]:
    servers: list[EmulatorServer] = []

    def make(version: str, card: str = "none") -> SdkClient:
        server = EmulatorServer(card=card, sdk_version=version)
        server.start()
        servers.append(server)
        return SdkClient(server.url)

    yield make
    for server in servers:
        server.stop()


@pytest.mark.parametrize(
    ("version", "levels", "current"), [("1.26.2", [1, 2], 2), ("2.3", [1, 2, 3], 3)]
)
def test_levels_and_default_level(start: Any, version: str, levels: list, current: int) -> None:
    client = start(version)
    reply = client.request(cmd("GET_API_LEVEL"))
    assert (reply["available"], reply["current"]) == (levels, current)
    info = client.request(cmd("GET_INFO"))["VersionInfo"]
    assert info["Implementation-Version"] == {"1.26.2": "1.26.2", "2.3": "2.3.1"}[version]


def pin_change_until_pause(client: SdkClient) -> list[dict[str, Any]]:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.until("ENTER_PIN")
    client.send(cmd("SET_PIN", value="123456"))
    frames = []
    for _ in range(10):
        frame = client.recv()
        frames.append(frame)
        if frame["msg"] in {"PAUSE", "ENTER_NEW_PIN"}:
            break
    return frames


def test_slipping_card_pauses_on_level_3_until_continue(start: Any) -> None:
    client = start("2.5", "slipping")
    frames = pin_change_until_pause(client)
    assert frames[-1] == {"msg": "PAUSE", "cause": "BadCardPosition"}
    lost = client.recv()  # the card lost contact ...
    assert lost["msg"] == "READER" and lost["card"] is None
    back = client.recv()  # ... and lies still again
    assert back["msg"] == "READER" and back["card"] is not None
    assert client.request(cmd("SET_NEW_PIN", value="654321"))["msg"] == "BAD_STATE"
    client.send(cmd("CONTINUE"))
    _, asked = client.until("ENTER_NEW_PIN")
    assert asked["reader"]["name"] == "Plietsch Emulator"
    client.send(cmd("SET_NEW_PIN", value="654321"))
    _, final = client.until("CHANGE_PIN")
    assert final == {"msg": "CHANGE_PIN", "success": True}


@pytest.mark.parametrize(("version", "level"), [("2.5", 2), ("1.26.2", 2)])
def test_slipping_card_needs_no_continue_below_level_3(
    start: Any, version: str, level: int
) -> None:
    """Level <= 2 (and every 1.x): AusweisApp approves the pause itself."""
    client = start(version, "slipping")
    assert client.request(cmd("SET_API_LEVEL", level=level))["current"] == level
    frames = pin_change_until_pause(client)
    assert frames[-1]["msg"] == "ENTER_NEW_PIN"
    assert all(f["msg"] != "PAUSE" for f in frames)


@pytest.mark.parametrize(("level", "shown"), [(3, {}), (2, None)])
def test_non_eid_card_is_an_empty_object_on_level_3(start: Any, level: int, shown: Any) -> None:
    client = start("2.3", "other-card")
    client.request(cmd("SET_API_LEVEL", level=level))
    client.send(cmd("RUN_CHANGE_PIN"))
    frames = client.expect("CHANGE_PIN", "READER", "INSERT_CARD")
    assert frames[1]["name"] == "Plietsch Emulator" and frames[1]["card"] == shown
    assert client.request(cmd("CANCEL"))["msg"] in {"CHANGE_PIN", "READER"}


@pytest.mark.parametrize(("version", "reason"), [("1.26.2", None), ("2.3", "User_Cancelled")])
def test_reason_codes_from_2x_only(start: Any, version: str, reason: str | None) -> None:
    client = start(version)
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    client.send(cmd("CANCEL"))
    _, final = client.until("CHANGE_PIN")
    assert final.get("reason") == reason and final["success"] is False
    client.send(cmd("RUN_AUTH", tcTokenURL="https://example.invalid/tc"))
    _, result = client.until("AUTH")
    if "result" not in result:
        _, result = client.until("AUTH")
    assert result["result"].get("reason") == (reason and "Get_TcToken_Network_Error")


@pytest.mark.parametrize(("version", "stem"), [("1.26.2", "AusweisApp2"), ("2.5", "AusweisApp")])
def test_port_file_like_ausweisapp(tmp_path: Path, version: str, stem: str) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "eid", "emulator", "--sdk-version", version, "--port-file"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().removeprefix("listening ")
        port_file = tmp_path / f"{stem}.{process.pid}.port"
        assert port_file.read_text() == url.split(":")[2].split("/")[0]
    finally:
        process.terminate()
        process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while port_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not port_file.exists()  # removed on exit, like AusweisApp does
