"""Replays every recorded AusweisApp 1.26.2 transcript against the emulator and compares
the answers frame by frame (exactly, except what the brief lets differ: the emulator's
name in INFO, and the readers only one side has)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import websocket

from tests.emulator.client import SdkClient
from tests.emulator.conftest import Endpoint

# the repository's copy of /work/shared/reference/transcripts (CI has no /work/shared)
TRANSCRIPTS = Path(__file__).resolve().parents[1] / "eid" / "transcripts"
ONLY_REAL_READER_PREFIX = "Virtual PCD"  # PC/SC readers of the recording machine
ONLY_EMULATOR_READER = "Plietsch Emulator"
EMULATOR_OWN_INFO = ("Implementation-Title", "Implementation-Vendor")


def transcripts() -> list[Path]:
    return sorted(TRANSCRIPTS.glob("*.jsonl"))


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def real_only(frame: Any) -> bool:
    return (
        isinstance(frame, dict)
        and frame.get("msg") == "READER"
        and str(frame.get("name", "")).startswith(ONLY_REAL_READER_PREFIX)
    )


def comparable(frame: dict[str, Any]) -> dict[str, Any]:
    """Strip what may differ between the real app and the emulator."""
    frame = copy.deepcopy(frame)
    for key in EMULATOR_OWN_INFO:
        frame.get("VersionInfo", {}).pop(key, None)
    for key in ("readers", "reader"):
        if frame.get("msg") == "READER_LIST" and isinstance(frame.get(key), list):
            frame[key] = [
                r
                for r in frame[key]
                if not str(r.get("name", "")).startswith(ONLY_REAL_READER_PREFIX)
                and r.get("name") != ONLY_EMULATOR_READER
            ]
    return frame


def exchanges(entries: list[dict[str, Any]]) -> list[tuple[Any, list[dict[str, Any]]]]:
    """(sent frame, the replies recorded until the next send), skipping real-only readers."""
    result: list[tuple[Any, list[dict[str, Any]]]] = []
    for entry in entries:
        if entry["dir"] == "send":
            result.append((entry["data"], []))
        elif entry["dir"] == "recv" and result and not real_only(entry["data"]):
            result[-1][1].append(entry["data"])
    return result


@pytest.mark.parametrize("path", transcripts(), ids=lambda p: p.stem)
def test_replay_matches_recording(endpoint: Endpoint, path: Path) -> None:
    entries = load(path)
    client = endpoint.client()
    first_send = next((i for i, e in enumerate(entries) if e["dir"] == "send"), len(entries))
    recorded_readers = {
        e["data"]["name"]: e["data"]
        for e in entries[:first_send]
        if e["dir"] == "recv" and not real_only(e["data"])
    }
    emulator_readers = {r["name"]: r for r in client.initial_readers}
    for name, recorded in recorded_readers.items():  # the last state seen per reader
        assert emulator_readers[name] == recorded
    for sent, expected in exchanges(entries):
        client.send(sent if isinstance(sent, str) else json.dumps(sent))
        got = [client.recv() for _ in expected]
        assert [comparable(f) for f in got] == [comparable(f) for f in expected], sent
    for note in (e["data"] for e in entries if e["dir"] == "note"):
        if "429" in note:  # a second client was refused while this one was connected
            with pytest.raises(websocket.WebSocketBadStatusException) as refused:
                websocket.create_connection(endpoint.url, timeout=10)
            assert refused.value.status_code == 429
    client.close()


def test_all_transcripts_are_replayed() -> None:
    assert len(transcripts()) >= 6
    assert sum(len(exchanges(load(p))) for p in transcripts()) >= 20


def test_replay_client_sees_no_extra_frames(endpoint: Endpoint) -> None:
    """After a replayed exchange nothing unexpected is queued: GET_INFO answers next."""
    client: SdkClient = endpoint.client()
    for sent, expected in exchanges(load(TRANSCRIPTS / "change-pin-simulator-success.jsonl")):
        client.send(json.dumps(sent))
        for _ in expected:
            client.recv()
    assert client.request({"cmd": "GET_INFO"})["msg"] == "INFO"
    client.close()
