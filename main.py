"""Plietsch: composition root. Parses arguments, loads config, builds objects, runs Qt."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import Config, load_config
from kiosk.content import SHIPPED_BUNDLE, Bundle, Problem, check_content, load_first_valid
from kiosk.fleet import (
    RESTART_EXIT,
    content_candidates,
    start_station_services,
    write_metrics_command,
)
from kiosk.health_run import build_monitor, content_status
from kiosk.lifeline import watch_parent
from kiosk.logsetup import setup_logging
from kiosk.speech import TranscriptEngine
from kiosk.stats import Statistics, UsageRecorder
from ui.app import KioskApp, install_excepthook
from ui.speech_engine import QtSpeechEngine
from ui.speech_headset import watch_headsets

if TYPE_CHECKING:
    from eid.backend import EidBackend

logger = logging.getLogger("plietsch")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="plietsch", description=__doc__)
    parser.add_argument("--config", help="station config (TOML); default: embedded defaults")
    parser.add_argument("--demo", action="store_true", help="built-in eID emulator, no hardware")
    parser.add_argument("--windowed", action="store_true", help="window instead of kiosk mode")
    parser.add_argument("--screenshots", metavar="DIR", help="render every screen into DIR")
    parser.add_argument(
        "--check-content", nargs="*", metavar="DIR", help="validate content bundles and exit"
    )
    parser.add_argument(
        "--export-survey", metavar="FILE.csv", help="write the anonymous survey answers as CSV"
    )
    parser.add_argument("--lang", help="start language (default: from the config)")
    parser.add_argument("--health", action="store_true", help="check the station and exit")
    parser.add_argument("--json", action="store_true", help="with --health: print JSON")
    parser.add_argument("--export-stats", metavar="FILE", help="write the statistics as CSV")
    parser.add_argument(
        "--trainer-window", action="store_true", help="open the trainer window (eID step by step)"
    )
    parser.add_argument(
        "--set-staff-pin",
        action="store_true",
        help="store a new staff PIN (asked, never an argument)",
    )
    parser.add_argument(
        "--write-metrics", metavar="FILE", help="write the Prometheus metrics file once and exit"
    )
    parser.add_argument(
        "--screenshot-after",
        nargs=2,
        metavar=("SECONDS", "FILE"),
        help="save the window as PNG SECONDS after the first paint, then exit",
    )
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="end when the process that started it ends (the compositor, e.g. cage)",
    )
    parser.add_argument("--debug", action="store_true", help="verbose logging")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    setup_logging(logging.DEBUG if args.debug else logging.INFO)
    QCoreApplication.setApplicationName("Plietsch")  # the data directory, also for CLI tools
    config, problems = load_config(Path(args.config) if args.config else None, demo=args.demo)
    for problem in problems:
        print(f"config: {problem}", file=sys.stderr)
    if args.check_content is not None:
        return check_content_dirs(config, args.check_content)
    if args.export_survey:
        return export_survey(config.survey.database, Path(args.export_survey))
    candidates = content_candidates(config)
    bundle, content_problems = load_first_valid(
        candidates, SHIPPED_BUNDLE, config.content.allowed_hosts
    )
    for content_problem in content_problems:
        print(f"content: {content_problem}", file=sys.stderr)
    tool_code = run_tool(args, config, bundle, content_problems)
    if tool_code is not None:
        return tool_code

    app = make_app(args)
    if args.screenshots:
        # Screenshots show demo data and need no eID back end (nor a running AusweisApp).
        from ui.screenshots import (  # noqa: PLC0415 - not on the start path
            every_station,
            render_screenshots,
        )

        # a voice that writes down: the pictures show Vorlesen as a station with a voice has it
        stations = every_station(config.station.stations)
        kiosk = KioskApp(
            config, bundle, kiosk_mode=False, stations=stations, speech=TranscriptEngine()
        )
        written = render_screenshots(kiosk, Path(args.screenshots))
        print(f"{len(written)} screenshots in {args.screenshots}")
        return 0 if written else 1
    statistics = Statistics()  # anonymous counters; a broken file is set aside, never fatal
    app.aboutToQuit.connect(statistics.close)
    kiosk = KioskApp(
        config,
        bundle,
        kiosk_mode=not args.windowed,
        defer_stations=True,
        usage=UsageRecorder(statistics),
        speech=QtSpeechEngine(config.speech.engine),
    )
    # The health the staff dashboard and the fleet's metrics read; the eID back end joins later.
    kiosk.health = health = build_monitor(
        config, content_status(config, bundle, content_problems), [statistics.health]
    )
    if args.lang:
        kiosk.translator.set_language(args.lang)
    install_excepthook(kiosk)
    stop_on_sigterm(app)

    keep: list[object] = []  # the trainer window: a top-level window with no Qt parent

    def second_phase() -> None:
        """After the attract loop is on screen: the eID back end and the stations."""
        from eid.backend import build_eid_backend  # noqa: PLC0415 - heavy; after first paint

        eid = build_eid_backend(config.eid) if config.uses_eid else None
        if eid is None:
            logger.info("no eID station configured: AusweisApp (or emulator) not started")
        kiosk.load_stations(eid=eid)
        health.eid = eid
        keep.extend(staff_side(kiosk, statistics=statistics, eid=eid, args=args))
        watch_headsets(lambda: kiosk.set_speech(True), kiosk, enabled=config.speech.headset_auto)
        if eid is not None:
            app.aboutToQuit.connect(eid.shutdown)
            eid.start()

    kiosk.attract.first_painted.connect(lambda: QTimer.singleShot(0, second_phase))
    start_station_services(
        app,
        config,
        bundle,
        kiosk.session,
        kiosk.attract.first_painted,
        health=health,
        today=statistics.today,
    )
    if args.screenshot_after:
        screenshot_after(
            app, kiosk, float(args.screenshot_after[0]), Path(args.screenshot_after[1])
        )
    kiosk.show(windowed=args.windowed)
    code = app.exec()
    if code == RESTART_EXIT:  # a new content bundle is current: start afresh on it
        logger.info("restarting on the new content bundle")
        os.execv(sys.executable, [sys.executable, *sys.argv])
    return code


def make_app(args: argparse.Namespace) -> QApplication:
    """The Qt application; under cage (``--exit-with-parent``) it ends with its compositor."""
    if args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt Multimedia (behind the speech engine) lists every audio backend it cannot load;
    # the journal needs none of that.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Plietsch")
    if args.exit_with_parent:  # no kiosk outlives its display
        watch_parent(app)
    return app


def check_content_dirs(config: Config, dirs: list[str]) -> int:
    """``--check-content``: the bundle checks plus each station's check and count of its part."""
    from ui.station import content_checks, content_summaries  # noqa: PLC0415 - only here

    code, lines = check_content(
        [Path(d) for d in dirs],
        config.content.allowed_hosts,
        content_checks(),
        content_summaries(),
        languages=config.station.languages,  # Leichte Sprache offered: its texts are checked
    )
    print("\n".join(lines))
    return code


def run_tool(
    args: argparse.Namespace, config: Config, bundle: Bundle, problems: list[Problem]
) -> int | None:
    """The one-shot command-line tools that need the loaded bundle; None: run the kiosk."""
    if args.health or args.export_stats or args.set_staff_pin:
        from kiosk.staff_cli import run_staff_tool  # noqa: PLC0415 - CLI tools only

        return run_staff_tool(args, config, bundle, problems)
    if args.write_metrics:
        return write_metrics_command(config, bundle, problems, Path(args.write_metrics))
    return None


def staff_side(
    kiosk: KioskApp,
    *,
    statistics: Statistics,
    eid: EidBackend | None,
    args: argparse.Namespace,
) -> list[object]:
    """Staff mode and trainer window (after the stations); what to keep."""
    from ui.staff.mode import install_staff_mode  # noqa: PLC0415 - after the first paint
    from ui.trainer.setup import install_trainer  # noqa: PLC0415 - after the first paint

    install_staff_mode(kiosk, statistics)
    return [install_trainer(kiosk, eid, forced=args.trainer_window)]


def screenshot_after(app: QApplication, kiosk: KioskApp, seconds: float, target: Path) -> None:
    """``--screenshot-after``: what the window shows, for checks of an installed station."""

    def shoot() -> None:
        saved = kiosk.window.grab().save(str(target))
        logger.info("screenshot %s: %s", target, "saved" if saved else "FAILED")
        app.exit(0 if saved else 1)

    kiosk.attract.first_painted.connect(lambda: QTimer.singleShot(int(seconds * 1000), shoot))


def export_survey(database: Path | None, target: Path) -> int:
    """`--export-survey FILE.csv`: the survey file's counts and short texts, as CSV."""
    from stations.survey.storage import SurveyDb, default_path  # noqa: PLC0415

    source = default_path(database)
    try:
        rows = SurveyDb(source).export_csv(target)
    except OSError as error:
        print(f"cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{rows} rows from {source} written to {target}")
    return 0


def stop_on_sigterm(app: QApplication) -> None:
    """Let systemd stop the kiosk cleanly: kiosk mode refuses every close request, and Qt 6
    cancels a quit() that cannot close all windows, so a signal calls exit() instead.

    Python runs signal handlers only when it gets control; a slow timer hands it control.
    The handler then runs between two bytecodes of whatever slot is running, e.g. in the
    middle of wiring the eID back end: exiting right there would emit aboutToQuit before that
    slot has connected the back end's shutdown, and its process would be torn down with the
    interpreter. So the handler only asks the loop to exit at its next turn.
    """

    def stop(signum: int, _frame: object) -> None:
        logger.info("signal %d: stopping", signum)
        QTimer.singleShot(0, lambda: app.exit(0))

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pump = QTimer(app)
    pump.setInterval(1000)
    pump.timeout.connect(lambda: None)
    pump.start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
