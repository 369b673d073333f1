"""The station's own cache on disk: the last values and their 24-hour history.

Why a file: after a restart without network the station still shows the last real values
(marked offline, with their time) instead of the shipped snapshot. The format is the
bundle's snapshot format (``kiosk.content_sensors``), so a broken cache gets the same clear
messages; it is then ignored, never fatal. Only measurements are stored, nothing about
visitors. Written atomically (temporary file, then rename) from the worker thread.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from kiosk.anon_db import data_dir
from kiosk.content_model import Problem
from kiosk.content_sensors import read_snapshot, snapshot_to_toml
from kiosk.sensor_model import SensorSnapshot

logger = logging.getLogger(__name__)

CACHE_NAME = "sensors-cache.toml"
COMMENT = "Live-sensors cache of this station (rewritten after every fetch; safe to delete)."


def default_cache_path() -> Path:
    """``<data dir>/sensors-cache.toml`` (``$PLIETSCH_DATA_DIR``, else Qt's app data dir)."""
    return data_dir() / CACHE_NAME


def load_cache(path: Path | None) -> SensorSnapshot | None:
    """The cached snapshot, or None if there is none or it is unusable (logged)."""
    if path is None or not path.exists():
        return None
    problems: list[Problem] = []
    try:
        snapshot = read_snapshot(path, problems)
    except Exception:  # a bug in the reader must not keep the station from starting
        logger.exception("sensors: reading the cache %s failed; ignored", path)
        return None
    for problem in problems[:5]:
        logger.warning("sensors: cache ignored: %s", problem)
    return snapshot


def save_cache(path: Path | None, snapshot: SensorSnapshot) -> None:
    """Write the snapshot; a failure is logged (the station works on without a cache)."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".sensors-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(snapshot_to_toml(snapshot, COMMENT))
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("sensors: cannot write the cache %s: %s", path, error)
