"""Soak: the eID station's Transport-PIN path with the test card, N times in a row, under load.

    python tests/soak/transport_pin_soak.py [--versions 1.26 2] [--runs 50] [--no-load]
                                            [--trace DIR]

For each AusweisApp version a fresh real instance is started (bookworm's 1.26.2, trixie's
2.x from its debootstrap root, see tests/eid/real_ausweisapp.py), and while one busy loop
per core keeps the machine loaded, the Transport-PIN change runs ``--runs`` times through
the eID station's own controller (``stations.eid_demo.controller.EidController``, the
widget-free part of the station) exactly as a visitor taps through it: "Transport-PIN
ändern", "start", "use the test card" on the card screen, the Transport-PIN and the new PIN
twice on the pad. A run counts only when the station shows "PIN changed" (the outcome
``pin-changed`` beside the hand-off to the AusweisApp download). The script prints one
line per version with the count, e.g.
``AusweisApp 1.26.2: 50/50 Transport-PIN changes succeeded``, and exits non-zero unless
every run of every version succeeded. ``--trace DIR`` writes the redacted SDK frames of
every failed run to DIR (nothing secret is in them: the Simulator takes no PIN values).
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

from PySide6.QtCore import QCoreApplication, QObject, QTimer  # noqa: E402

from eid.backend import EidBackend  # noqa: E402
from eid.client import AusweisClient, ConnectionState  # noqa: E402
from eid.commands import NumberKind  # noqa: E402
from eid.selftest import wait_until  # noqa: E402
from eid.traffic_log import TRAFFIC  # noqa: E402
from stations.eid_demo.controller import EidController  # noqa: E402
from stations.eid_demo.flow import Step, View  # noqa: E402
from stations.eid_demo.state import ScreenState  # noqa: E402
from stations.eid_demo.texts import PIN_CHANGED  # noqa: E402
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
    """Taps through the eID station's controller like a visitor with the test card."""

    controller: EidController
    numbers_asked: int = 0
    problems: list[str] = field(default_factory=list)
    outcome: str | None = None
    _last: tuple[View, object] | None = None

    def on_state(self, state: ScreenState) -> None:
        """Act once per new screen, as a person does; never inside the controller's signal."""
        key = (state.view, state.number if state.view is View.ENTER_NUMBER else state.card)
        if key == self._last:
            return
        self._last = key
        QTimer.singleShot(0, self.act)

    def act(self) -> None:
        controller = self.controller
        state = controller.state  # what the screen shows now
        if state.view is View.INSERT_CARD and state.card.test_card_offered:
            controller.use_test_card()
        elif state.view is View.ENTER_NUMBER:
            self.numbers_asked += 1
            kind = state.number.kind
            controller.submit_number("135790" if kind is NumberKind.NEW_PIN else "12345")
        elif state.view in {View.OUTCOME, View.PIN_READY}:  # PIN_READY: success + hand-off
            self.outcome = state.outcome


class TraceCollector(logging.Handler):
    """Keeps the redacted frames of the current run (the client logs them at TRAFFIC) and
    counts the workflow's quiet retries (its warning "... starting again ...")."""

    def __init__(self) -> None:
        super().__init__(TRAFFIC)
        self.lines: list[str] = []
        self.retries = 0
        self.started = time.monotonic()

    def reset(self) -> None:
        self.lines = []
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "eid.workflows.base" and "starting again" in record.getMessage():
            self.retries += 1
        ms = round((time.monotonic() - self.started) * 1000)
        self.lines.append(f"{ms:>6} {record.name}: {record.getMessage()}")


def run_once(controller: EidController) -> StationVisitor:
    """One visitor: Transport-PIN change with the test card, start tile to outcome screen."""
    visitor = StationVisitor(controller)
    connection = controller.state_changed.connect(visitor.on_state)
    try:
        controller.choose(Step.CHANGE_PIN)
        controller.choose(Step.START_TRANSPORT)
        if not wait_until(lambda: visitor.outcome is not None, RUN_TIMEOUT_S):
            controller.cancel()
            wait_until(lambda: visitor.outcome is not None, 10.0)
    finally:
        QObject.disconnect(connection)
        controller.back()  # "Zurück zur Auswahl": the next visitor starts at the start
    return visitor


def soak_version(
    version: str, runs: int, trace_dir: Path | None, pause_s: float = 0.0
) -> tuple[str, int, int, list[str]]:
    """(version text, successes, quiet retries, failure lines) for ``runs`` runs against a
    fresh instance."""
    instance = real_ausweisapp.start(version)
    collector = TraceCollector()
    logging.getLogger("eid").addHandler(collector)
    client = AusweisClient(instance.url, user_agent="Plietsch soak", reconnect=False)
    controller = EidController()
    controller.attach(EidBackend(client))
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
            visitor = run_once(controller)
            if visitor.outcome == PIN_CHANGED and not visitor.problems:
                successes += 1
                continue
            line = f"run {number}: {visitor.outcome or 'no outcome'}; numbers asked "
            line += str(visitor.numbers_asked)
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
        retries = collector.retries
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
