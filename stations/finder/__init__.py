"""The service finder station ("Wer hilft mir bei …?"); see `stations.finder.station`.

`check_content` is imported by `main.py --check-content` without Qt widgets.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kiosk.content_model import Problem
from ui.station import Station


def check_content(bundle_dir: Path, allowed_hosts: Collection[str]) -> list[Problem]:
    from stations.finder.catalogue import check_catalogue  # noqa: PLC0415 - only when checking

    return check_catalogue(bundle_dir, allowed_hosts)


def content_summary(bundle_dir: Path, allowed_hosts: Collection[str]) -> str | None:
    """How many services the finder lists, for the ``--check-content`` ok line."""
    if not (bundle_dir / "finder").is_dir():
        return None
    from kiosk.content import plural  # noqa: PLC0415 - only when checking
    from stations.finder.catalogue import load_catalogue  # noqa: PLC0415 - only when checking

    catalogue = load_catalogue(bundle_dir, allowed_hosts)[0]
    return plural(len(catalogue.services), "finder entry") if catalogue else None


def create_station() -> Station:
    from stations.finder.station import FinderStation  # noqa: PLC0415 - lazy: Qt widgets

    return FinderStation()
