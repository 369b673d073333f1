"""The staff side's command-line tools behind `main.py --health`, `--export-stats` and
`--set-staff-pin`, kept out of the composition root so main.py stays a list of options."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.staff import MAX_DIGITS, MIN_DIGITS, PinStore, hash_pin, pin_problem
from kiosk.staff_access import SWITCHED_OFF, probe_store, staff_check
from kiosk.stats import Statistics

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNHEALTHY = 1
EXIT_FAILED = 2


def run_staff_tool(
    args: argparse.Namespace, config: Config, bundle: Bundle, problems: Iterable[object]
) -> int:
    """`--set-staff-pin`, `--export-stats FILE` or `--health [--json]`."""
    if args.set_staff_pin:
        return set_staff_pin_command()
    if args.export_stats:
        return export_stats_command(Path(args.export_stats))
    return health_command(config, bundle, problems, as_json=args.json)


def health_command(
    config: Config, bundle: Bundle, problems: Iterable[object], *, as_json: bool
) -> int:
    """Print the report; exit 1 when a check the config requires is down."""
    from kiosk.health_run import content_status, run_health  # noqa: PLC0415 - starts Qt

    statistics = Statistics()
    try:
        staff = SWITCHED_OFF if not config.staff.enabled else probe_store(PinStore())
        sources = [statistics.health, lambda: staff_check(staff)]
        report = run_health(config, content_status(config, bundle, problems), sources)
    finally:
        statistics.close()
    print(
        json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if as_json else report.as_text()
    )
    return EXIT_OK if report.ok else EXIT_UNHEALTHY


def export_stats_command(target: Path) -> int:
    statistics = Statistics()
    try:
        count = statistics.export_csv(target).result(timeout=60)
    except OSError as error:
        print(f"export-stats: cannot write {target}: {error}")
        return EXIT_FAILED
    finally:
        statistics.close()
    print(f"{count} rows written to {target}")
    return EXIT_OK


def set_staff_pin_command(
    stdin: TextIO | None = None,
    *,
    store: PinStore | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
) -> int:
    """Ask twice on a terminal (not echoed); from a pipe, the first line is the PIN and a
    second line, if there is one, must repeat it. Never from the command line: arguments
    end up in the shell history and in every process listing."""
    stdin = stdin or sys.stdin
    store = store or PinStore()
    problem = store.problem()
    if problem is not None:
        print(f"set-staff-pin: {problem}", file=sys.stderr)
        return EXIT_FAILED
    if stdin.isatty():
        pin = prompt(f"New staff PIN ({MIN_DIGITS} to {MAX_DIGITS} digits): ")
        repeated = prompt("The same PIN again: ")
    else:
        lines = stdin.read().splitlines()
        pin = lines[0].strip() if lines else ""
        repeated = lines[1].strip() if len(lines) > 1 and lines[1].strip() else pin
    if pin != repeated:
        print("set-staff-pin: the two entries differ; nothing changed", file=sys.stderr)
        return EXIT_FAILED
    reason = pin_problem(pin)
    if reason is not None:
        print(f"set-staff-pin: {reason}; nothing changed", file=sys.stderr)
        return EXIT_FAILED
    try:
        store.save(hash_pin(pin))
    except Exception as error:  # keyring backends raise their own error types
        print(f"set-staff-pin: the keyring refused it: {error}", file=sys.stderr)
        return EXIT_FAILED
    logger.info("staff PIN set (stored as a scrypt hash in %s)", store.backend_name())
    print(f"Staff PIN stored (as a scrypt hash) in {store.backend_name()}.")
    return EXIT_OK
