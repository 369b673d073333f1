"""Which stations the menu shows, and in which order, as chosen by staff for the day.

Why a file beside the config and not the config itself: staff switch stations by touch, and
the config belongs to the admin (or the fleet). The choice is kept with the list of stations
the config had when it was made; when the admin changes that list, the old choice no longer
applies and the config's order shows again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

FILE_NAME = "stations.json"


def load_choice(
    path: Path, configured: Sequence[str], available: Sequence[str]
) -> tuple[list[str], set[str]]:
    """(order of every available station, the hidden ones). Never raises."""
    order, hidden = list(available), set[str]()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return order, hidden
    except (OSError, ValueError) as error:
        logger.warning("station choice %s unreadable (%s); using the config's order", path, error)
        return order, hidden
    if not isinstance(data, dict) or data.get("configured") != list(configured):
        logger.info("station choice %s was made for another config; not used", path)
        return order, hidden
    saved = [s for s in data.get("order", []) if isinstance(s, str) and s in available]
    order = saved + [s for s in available if s not in saved]
    hidden = {s for s in data.get("hidden", []) if isinstance(s, str) and s in available}
    return order, hidden


def save_choice(
    path: Path, configured: Sequence[str], order: Sequence[str], hidden: set[str]
) -> None:
    """Write atomically; a failure is logged (the choice still holds until the restart)."""
    data = {"configured": list(configured), "order": list(order), "hidden": sorted(hidden)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        logger.error("station choice cannot be saved to %s: %s", path, error)
