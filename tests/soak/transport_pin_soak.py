"""Soak: the eID station's Transport-PIN path with the test card, N times in a row, under load.

    python tests/soak/transport_pin_soak.py [--versions 1.26 2] [--runs 50] [--no-load]
                                            [--trace DIR]

For each AusweisApp version a fresh real instance is started (bookworm's 1.26.2, trixie's
2.x from its debootstrap root, see tests/eid/real_ausweisapp.py), and while one busy loop
per core keeps the machine loaded, the Transport-PIN change runs ``--runs`` times through
the workflow layer exactly as the eID station drives it (``StationVisitor`` below mirrors
stations/eid_demo: Transport-PIN start, "use the test card" on the card screen, the
Transport-PIN and the new PIN twice on the pad). A run counts only when the station
would show "PIN changed". The script prints one line per version with the count, e.g.
``AusweisApp 1.26.2: 50/50 Transport-PIN changes succeeded``, and exits non-zero unless
every run of every version succeeded. ``--trace DIR`` writes the redacted SDK frames of
every failed run to DIR (nothing secret is in them: the Simulator takes no PIN values).

To drive the station's controller instead of the workflow layer later, replace
``run_once`` (one visitor attempt from the start tile to the outcome).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from eid.client import AusweisClient, ConnectionState  # noqa: E402
from eid.selftest import wait_until  # noqa: E402
from eid.traffic_log import TRAFFIC  # noqa: E402
from eid.workflows import (  # noqa: E402
    ChangePinWorkflow,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    Outcome,
    OutcomeKind,
    Request,
)
from tests.eid import real_ausweisapp  # noqa: E402

logger = logging.getLogger("soak")

RUN_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 30.0


def busy_loop(stop_at: float) -> None:
    """One core's worth of load, bounded in time so it can never outlive the soak."""
    while time.monotonic() < stop_at:
        pass


@dataclass
class StationVisitor:
    """Answers requests as the eID station does for the Transport-PIN path with the test card."""

    numbers_asked: int = 0
    retries: int = 0  # how often the workflow started itself again (AusweisApp's quirk)
    problems: list[str] = field(default_factory=list)
    outcome: Outcome | None = None

    def on_request(self, request: Request) -> None:
        if isinstance(request, InsertCardRequest):
            self.insert_test_card(request)
        elif isinstance(request, NewPinRequest):
            self.numbers_asked += 1
            answer = request.answer(None if request.keypad else "135790", None)
            self._check(answer.accepted, answer.reason)
        elif isinstance(request, NumberRequest):
            self.numbers_asked += 1
            answer = request.answer(None if request.keypad else "12345")
            self._check(answer.accepted, answer.reason)
        else:
            self.problems.append(f"unexpected {type(request).__name__}")
            request.cancel()

    def on_update(self, request: Request) -> None:
        if isinstance(request, InsertCardRequest) and request.is_open:
            self.insert_test_card(request)

    def insert_test_card(self, request: InsertCardRequest) -> None:
        """The card screen offers the test card once AusweisApp reports its Simulator."""
        if request.simulator is not None:
            answer = request.use_simulator()
            self._check(answer.accepted, answer.reason)

    def _check(self, accepted: bool, reason: str) -> None:
        if not accepted:
            self.problems.append(reason)


class TraceCollector(logging.Handler):
    """Keeps the redacted frames of the current run (the client logs them at TRAFFIC)."""

    def __init__(self) -> None:
        super().__init__(TRAFFIC)
        self.lines: list[str] = []
        self.started = time.monotonic()

    def reset(self) -> None:
        self.lines = []
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        ms = round((time.monotonic() - self.started) * 1000)
        self.lines.append(f"{ms:>6} {record.name}: {record.getMessage()}")


def run_once(client: AusweisClient) -> tuple[Outcome | None, StationVisitor]:
    """One visitor: Transport-PIN change with the test card, start to outcome."""
    visitor = StationVisitor()
    workflow = ChangePinWorkflow(client, transport_pin=True)
    workflow.request_opened.connect(visitor.on_request)
    workflow.request_updated.connect(visitor.on_update)
    workflow.finished.connect(lambda outcome: setattr(visitor, "outcome", outcome))
    workflow.start()
    if not wait_until(lambda: visitor.outcome is not None, RUN_TIMEOUT_S):
        workflow.abort()
        wait_until(lambda: visitor.outcome is not None, 10.0)
    visitor.retries = workflow.retries
    workflow.deleteLater()
    return visitor.outcome, visitor


def soak_version(
    version: str, runs: int, trace_dir: Path | None, pause_s: float = 0.0
) -> tuple[str, int, int, list[str]]:
    """(version text, successes, quiet retries, failure lines) for ``runs`` runs against a
    fresh instance."""
    instance = real_ausweisapp.start(version)
    collector = TraceCollector()
    logging.getLogger("eid").addHandler(collector)
    client = AusweisClient(instance.url, user_agent="Plietsch soak", reconnect=False)
    failures: list[str] = []
    successes = retries = 0
    try:
        client.open()
        wait_until(lambda: client.state is not ConnectionState.CONNECTING, CONNECT_TIMEOUT_S)
        if client.state is not ConnectionState.READY:
            raise RuntimeError(f"not connected: {client.last_error or client.state.value}")
        name = f"AusweisApp {client.sdk_version}"
        for number in range(1, runs + 1):
            if pause_s:
                wait_until(lambda: False, pause_s)  # a visitor reads the outcome, taps again
            collector.reset()
            outcome, visitor = run_once(client)
            retries += visitor.retries
            if outcome is not None and outcome.kind is OutcomeKind.SUCCESS and not visitor.problems:
                successes += 1
                continue
            what = f"{outcome.kind.value}: {outcome.detail}" if outcome else "no outcome"
            line = f"run {number}: {what}; numbers asked {visitor.numbers_asked}"
            failures.append(line + (f"; problems {visitor.problems}" if visitor.problems else ""))
            if trace_dir is not None:
                trace_dir.mkdir(parents=True, exist_ok=True)
                path = trace_dir / f"{version}-run{number:02d}.log"
                path.write_text("\n".join([line, *collector.lines]) + "\n", encoding="utf-8")
                # AusweisApp's own log so far (it never sees a PIN value: Simulator only)
                log = trace_dir / f"{version}-run{number:02d}.ausweisapp.log"
                log.write_bytes(instance.stderr_path.read_bytes())
            if client.state is not ConnectionState.READY:
                failures.append("connection lost; stopping this version")
                break
    finally:
        client.close()
        logging.getLogger("eid").removeHandler(collector)
        instance.stop()
    return name, successes, retries, failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", nargs="+", default=list(real_ausweisapp.VERSIONS))
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-load", action="store_true", help="no busy loops")
    parser.add_argument("--trace", type=Path, help="write frames of failed runs here")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("eid").setLevel(TRAFFIC if args.trace else logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)
    app = QCoreApplication.instance() or QCoreApplication([])
    cores = 0 if args.no_load else (os.cpu_count() or 1)
    all_ok = True
    for version in args.versions:
        stop_at = time.monotonic() + args.runs * RUN_TIMEOUT_S + 120
        load = [multiprocessing.Process(target=busy_loop, args=(stop_at,)) for _ in range(cores)]
        for process in load:
            process.start()
        started = time.monotonic()
        try:
            name, successes, retries, failures = soak_version(
                version, args.runs, args.trace, args.pause
            )
        except (real_ausweisapp.UnavailableError, RuntimeError) as exc:
            print(f"AusweisApp {version}: not run: {exc}")
            all_ok = False
            continue
        finally:
            for process in load:
                process.terminate()
                process.join()
        seconds = time.monotonic() - started
        print(
            f"{name}: {successes}/{args.runs} Transport-PIN changes succeeded "
            f"({cores} busy loops, {seconds:.0f} s; the workflow restarted itself {retries} "
            "times after AusweisApp ended a run before asking for a number)"
        )
        for failure in failures:
            print(f"  {failure}")
        all_ok = all_ok and successes == args.runs
    app.processEvents()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
