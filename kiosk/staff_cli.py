"""The staff side's command-line tools behind `main.py --health`, `--export-stats` and
`--set-staff-pin`, kept out of the composition root so main.py stays a list of options."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.stats import Statistics

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNHEALTHY = 1
EXIT_FAILED = 2


def run_staff_tool(
    args: argparse.Namespace, config: Config, bundle: Bundle, problems: Iterable[object]
) -> int:
    """`--export-stats FILE` or `--health [--json]`."""
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
        report = run_health(config, content_status(config, bundle, problems), [statistics.health])
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
