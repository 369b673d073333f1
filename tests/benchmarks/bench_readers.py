"""Benchmark of the reader monitor against real pcscd + vpcd (a script, not a test).

    python tests/benchmarks/bench_readers.py [--insertions 50] [--idle-seconds 60]

Latency: a virtual eID card is inserted and removed N times; for each change the
time from the card's connect/close to the monitor's Qt signal (on the GUI thread,
after classification) is set beside the time a bare pyscard SCardGetStatusChange
loop, watching the same reader in the same run, needed to see it. Both include
pcscd's polling of the vpcd driver, which neither side can influence.
Idle CPU: process CPU time while the monitor idles, minus the same process
idling without it, as percent of one core. Targets: p95 < 300 ms, idle < 0.5 %.
"""

from __future__ import annotations

import argparse
import logging
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from eid.readers.events import CardInserted  # noqa: E402
from eid.readers.monitor import ReaderMonitor  # noqa: E402
from tests.readers.virtual_card import EID_CARD, VirtualCard  # noqa: E402

logger = logging.getLogger(__name__)

READER = "Virtual PCD 00 00"
PCSCD_SOCKET = "/run/pcscd/pcscd.comm"


def pcscd_accepts() -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(PCSCD_SOCKET)
        except OSError:
            return False
    return True


class BareLoop(threading.Thread):
    """Reference: the simplest pyscard wait loop on one reader, recording changes."""

    def __init__(self) -> None:
        super().__init__(name="bare-pyscard", daemon=True)
        from smartcard import scard  # noqa: PLC0415

        self.scard = scard
        result, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            raise SystemExit(f"reference loop: {scard.SCardGetErrorMessage(result)}")
        self.inserted: list[float] = []
        self.removed: list[float] = []
        self.stopping = False
        self.ready = threading.Event()

    def run(self) -> None:
        scard = self.scard
        state = scard.SCARD_STATE_UNAWARE
        present = False
        while not self.stopping:
            result, states = scard.SCardGetStatusChange(
                self.context, scard.INFINITE, [(READER, state)]
            )
            now = time.perf_counter()
            if result != scard.SCARD_S_SUCCESS:
                continue
            state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            self.ready.set()
            is_present = bool(state & scard.SCARD_STATE_PRESENT)
            if is_present and not present:
                self.inserted.append(now)
            elif present and not is_present:
                self.removed.append(now)
            present = is_present

    def stop(self) -> None:
        self.stopping = True
        while self.is_alive():
            self.scard.SCardCancel(self.context)
            self.join(0.05)
        self.scard.SCardReleaseContext(self.context)


def wait_until(app: QCoreApplication, condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the reader (is vpcd loaded?)")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)


def wait_for(app: QCoreApplication, seconds: float) -> None:
    """Let time pass with the Qt loop running."""
    deadline = time.monotonic() + seconds
    wait_until(app, lambda: time.monotonic() >= deadline, seconds + 1)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row(label: str, values_s: list[float]) -> str:
    ms = [v * 1000 for v in values_s]
    return (
        f"  {label:<34} median {statistics.median(ms):7.1f} ms   "
        f"p95 {percentile(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms"
    )


def measure_latency(app: QCoreApplication, monitor: ReaderMonitor, count: int) -> None:
    signal_in: list[float] = []
    signal_out: list[float] = []
    monitor.card_inserted.connect(
        lambda card: (
            signal_in.append(time.perf_counter())
            if isinstance(card, CardInserted) and card.reader == READER
            else None
        )
    )
    monitor.card_removed.connect(
        lambda reader: signal_out.append(time.perf_counter()) if reader == READER else None
    )
    reference = BareLoop()
    reference.start()
    reference.ready.wait(5)
    ticker = QTimer()
    ticker.start(20)  # keeps the wait loop turning for the reference thread's results
    card = VirtualCard(EID_CARD)
    started_in: list[float] = []
    started_out: list[float] = []
    jitter = random.Random(4711)

    def timed(change: Callable[[], None], n: int, started: list[float], *seen: list[float]) -> None:
        """Round n's insertion or removal, waited for until the monitor and the reference saw it."""
        # Start at a random point of pcscd's polling cycle, not in lock-step with it.
        wait_for(app, jitter.uniform(0.0, 0.5))
        started.append(time.perf_counter())
        change()
        wait_until(app, lambda: all(len(times) > n for times in seen), 10)

    for round_number in range(count):
        timed(card.insert, round_number, started_in, signal_in, reference.inserted)
        timed(card.remove, round_number, started_out, signal_out, reference.removed)
    ticker.stop()
    reference.stop()
    print(f"latency over {count} insertions of a virtual eID card (slot 0 of vpcd):")
    print(row("insert -> monitor signal", deltas(started_in, signal_in)))
    print(row("insert -> bare pyscard loop", deltas(started_in, reference.inserted)))
    print(row("remove -> monitor signal", deltas(started_out, signal_out)))
    print(row("remove -> bare pyscard loop", deltas(started_out, reference.removed)))
    print(row("monitor after reference (insert)", deltas(reference.inserted, signal_in)))
    print(row("monitor after reference (remove)", deltas(reference.removed, signal_out)))


def deltas(starts: list[float], ends: list[float]) -> list[float]:
    return [end - start for start, end in zip(starts, ends[: len(starts)], strict=True)]


def idle_cpu_percent(app: QCoreApplication, seconds: float) -> float:
    """Process CPU time per wall time while the Qt loop just waits, in percent of a core."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    cpu, wall = time.process_time(), time.perf_counter()
    loop.exec()
    return 100 * (time.process_time() - cpu) / (time.perf_counter() - wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--insertions", type=int, default=50)
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    args = parser.parse_args()

    started = None
    if not pcscd_accepts():
        started = subprocess.Popen(
            ["pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while not pcscd_accepts():
            if time.monotonic() > deadline or started.poll() is not None:
                print("pcscd did not come up", file=sys.stderr)
                return 3
            time.sleep(0.05)
    app = QCoreApplication.instance() or QCoreApplication(sys.argv)
    try:
        baseline = idle_cpu_percent(app, args.idle_seconds)
        monitor = ReaderMonitor()
        monitor.start()
        wait_until(app, lambda: READER in monitor.readers, 10)
        with_monitor = idle_cpu_percent(app, args.idle_seconds)
        print(f"idle CPU over {args.idle_seconds:.0f} s (percent of one core):")
        print(f"  process without monitor            {baseline:6.3f} %")
        print(f"  process with monitor               {with_monitor:6.3f} %")
        print(
            f"  monitor's share                    {with_monitor - baseline:6.3f} %  (target < 0.5)"
        )
        measure_latency(app, monitor, args.insertions)
        monitor.stop()
    finally:
        if started is not None:
            started.terminate()
            started.wait(10)
    print("targets: insert/remove -> monitor signal p95 < 300 ms; idle share < 0.5 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
