"""Benchmark of the SDK client: what it adds per message, and a whole PIN change end to end.

Run from the repository root: ``python tests/benchmarks/bench_eid_client.py [--runs N]``.
Every figure is printed beside a reference measured in the same run on the same machine:
``parse_message`` alone for the client's receive path, and a bare ``websocket-client``
doing the same round trips to the same emulator for the full PIN change.
Target: the client adds under 0.5 ms (p99) per message.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import websocket  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from eid.client import AusweisClient, ConnectionState  # noqa: E402
from eid.commands import NumberKind, RunChangePin, SetCard, secret_command  # noqa: E402
from eid.messages import (  # noqa: E402
    ChangePin,
    EnterNewPin,
    EnterPin,
    InsertCard,
    Message,
    parse_message,
)
from tests.eid.fakes import FakeSocket, load_transcript, transcript_files  # noqa: E402

logger = logging.getLogger(__name__)

TARGET_P99_US = 500.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Microseconds per call, one sample per call."""
    samples = []
    clock = time.perf_counter_ns
    for _ in range(repeat):
        start = clock()
        action()
        samples.append((clock() - start) / 1000)
    return samples


def recorded_frames() -> list[str]:
    return [
        entry.text
        for path in transcript_files()
        for entry in load_transcript(path)
        if entry.direction == "recv"
    ]


def bench_messages(rounds: int) -> tuple[list[float], list[float]]:
    frames = recorded_frames()
    parse_samples: list[float] = []
    client_samples: list[float] = []
    factory_socket = FakeSocket()
    client = AusweisClient("ws://127.0.0.1:1/eID-Kernel", socket_factory=lambda: factory_socket)
    received: list[Message] = []
    client.message_received.connect(received.append)
    client.open()
    factory_socket.accept()
    factory_socket.answer_handshake()
    assert client.state is ConnectionState.READY
    for _ in range(rounds):
        for frame in frames:
            parse_samples += timed(partial(parse_message, frame), 1)
            client_samples += timed(partial(factory_socket.textMessageReceived.emit, frame), 1)
        received.clear()
    client.close()
    return parse_samples, client_samples


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "eid", "emulator", "--port", "0", "--delay-ms", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("listening "):
        process.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return process, line.split(" ", 1)[1]


def client_change_pin_runs(url: str, runs: int) -> list[float]:
    """Milliseconds per RUN_CHANGE_PIN ... CHANGE_PIN(success) with the Simulator."""
    client = AusweisClient(url, reconnect=False)
    loop = QEventLoop()
    done: list[ChangePin] = []

    def on_message(message: Message) -> None:
        if isinstance(message, InsertCard):
            client.send(SetCard("Simulator"))
        elif isinstance(message, EnterPin):
            client.send(secret_command(NumberKind.PIN, message.reader, None))
        elif isinstance(message, EnterNewPin):
            client.send(secret_command(NumberKind.NEW_PIN, message.reader, None))
        elif isinstance(message, ChangePin) and message.finished:
            done.append(message)
            loop.quit()

    client.message_received.connect(on_message)
    client.state_changed.connect(lambda state: loop.quit())
    client.open()
    while client.state is ConnectionState.CONNECTING:
        loop.exec()
    if client.state is not ConnectionState.READY:
        raise SystemExit(f"client could not connect: {client.last_error}")
    samples = []
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    for _ in range(runs):
        done.clear()
        start = time.perf_counter()
        client.send(RunChangePin())
        guard.start(10_000)
        loop.exec()
        if not done or done[0].success is not True:
            raise SystemExit("PIN change with the client did not succeed")
        samples.append((time.perf_counter() - start) * 1000)
    client.close()
    return samples


def bare_change_pin_runs(url: str, runs: int) -> list[float]:
    """The same round trips with websocket-client and json, no parsing into types."""
    ws = websocket.create_connection(url, timeout=10, suppress_origin=True)
    ws.send(json.dumps({"cmd": "SET_API_LEVEL", "level": 2}))

    def until(name: str) -> dict[str, object]:
        while True:
            data = json.loads(ws.recv())
            if data.get("msg") == name:
                return data

    until("API_LEVEL")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        ws.send('{"cmd":"RUN_CHANGE_PIN"}')
        until("INSERT_CARD")
        ws.send('{"cmd":"SET_CARD","name":"Simulator"}')
        until("ENTER_PIN")
        ws.send('{"cmd":"SET_PIN"}')
        until("ENTER_NEW_PIN")
        ws.send('{"cmd":"SET_NEW_PIN"}')
        while True:
            data = until("CHANGE_PIN")
            if "success" in data:
                break
        if data["success"] is not True:
            raise SystemExit("PIN change with websocket-client did not succeed")
        samples.append((time.perf_counter() - start) * 1000)
    ws.close()
    return samples


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="PIN changes per client (30)")
    parser.add_argument("--rounds", type=int, default=200, help="passes over the frames (200)")
    args = parser.parse_args(argv)
    app = QCoreApplication.instance() or QCoreApplication([])

    parse_us, client_us = bench_messages(args.rounds)
    overhead = [c - p for c, p in zip(client_us, parse_us, strict=True)]
    print(f"per message, {len(parse_us)} samples of {len(recorded_frames())} recorded frames (µs):")
    print(
        f"  parse_message alone        median {statistics.median(parse_us):8.1f}"
        f"   p99 {percentile(parse_us, 0.99):8.1f}"
    )
    print(
        f"  client receive + dispatch  median {statistics.median(client_us):8.1f}"
        f"   p99 {percentile(client_us, 0.99):8.1f}"
    )
    added_p99 = percentile(client_us, 0.99) - percentile(parse_us, 0.99)
    verdict = "OK" if added_p99 < TARGET_P99_US else "ABOVE TARGET"
    print(
        f"  client adds (p99 - p99)    {added_p99:8.1f} µs   target < {TARGET_P99_US:.0f} µs:"
        f" {verdict}  (paired median {statistics.median(overhead):.1f} µs)"
    )

    process, url = start_emulator()
    try:
        client_ms = client_change_pin_runs(url, args.runs)
        bare_ms = bare_change_pin_runs(url, args.runs)
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(
        f"full PIN change with the Simulator, emulator at zero card delay, {args.runs} runs (ms):"
    )
    print(
        f"  AusweisClient (Qt)         median {statistics.median(client_ms):8.2f}"
        f"   p99 {percentile(client_ms, 0.99):8.2f}"
    )
    print(
        f"  bare websocket-client      median {statistics.median(bare_ms):8.2f}"
        f"   p99 {percentile(bare_ms, 0.99):8.2f}   (reference)"
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
