"""Anonymous records (usage counters, survey answers) in one SQLite file per purpose.

Why a module of its own: statistics and the survey both keep anonymous tallies on an
unattended station, and both must survive a damaged or locked file without stopping the
kiosk. The rule lives here once: a file that cannot be opened, checked or written is set
aside (renamed, never deleted: staff may want it), a new one is started, a log line says so.

Nothing here knows what is stored; callers pass their schema. Callers must only ever store
counts and choices bucketed to the hour, never anything that identifies a visitor.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "PLIETSCH_DATA_DIR"
#: How long a write may wait for a lock held by another process before the file is set aside.
LOCK_TIMEOUT_S = 0.25

Row = Sequence[Any]


def data_dir() -> Path:
    """Where the station keeps its own files: `$PLIETSCH_DATA_DIR`, else Qt's app data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from PySide6.QtCore import QStandardPaths  # noqa: PLC0415 - QtCore only, and only here

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "plietsch")


def hour_bucket(when: datetime) -> str:
    """The hour a record belongs to, e.g. "2026-12-02T14:00": nothing finer is ever stored."""
    return when.strftime("%Y-%m-%dT%H:00")


class AnonDb:
    """One SQLite file with a fixed schema; every failure sets the file aside and goes on.

    `schema` is an SQL script of `CREATE TABLE IF NOT EXISTS …` statements. `on_reset` is
    called with a short reason whenever a file was set aside (for health and the log).
    """

    def __init__(
        self,
        path: Path,
        schema: str,
        *,
        on_reset: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self._schema = schema
        self._on_reset = on_reset
        self._clock = clock
        self._connection: sqlite3.Connection | None = None
        self.set_aside: list[Path] = []

    # public -----------------------------------------------------------------------------

    def execute(self, sql: str, params: Row = ()) -> bool:
        """Run one write in its own transaction; False (and a fresh file) when it failed."""
        return self.execute_all([(sql, params)])

    def execute_all(self, statements: Sequence[tuple[str, Row]]) -> bool:
        """Run several writes in one transaction, all or none (e.g. one survey submission)."""
        for attempt in (1, 2):
            connection = self._connect()
            if connection is None:
                return False
            try:
                with connection:
                    for sql, params in statements:
                        connection.execute(sql, params)
                return True
            except sqlite3.Error as error:
                self._reset(f"write failed: {error}")
                if attempt == 2:
                    return False
        return False

    def query(self, sql: str, params: Row = ()) -> list[tuple[Any, ...]]:
        """Rows of a read; an empty list (and a fresh file) when the file is unreadable."""
        connection = self._connect()
        if connection is None:
            return []
        try:
            return list(connection.execute(sql, params).fetchall())
        except sqlite3.Error as error:
            self._reset(f"read failed: {error}")
            return []

    def export_csv(self, target: Path, header: Sequence[str], rows: Iterable[Row]) -> int:
        """Write `rows` under `header` to `target` (atomically); returns the number of rows."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        count = 0
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        partial.replace(target)
        return count

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # internals --------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None:
            return self._connection
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)
                if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    connection.close()
                    raise sqlite3.DatabaseError("integrity check failed")
                connection.executescript(self._schema)
            except (sqlite3.Error, OSError) as error:
                if attempt == 2:
                    logger.error("%s cannot be used: %s; nothing is recorded", self.path, error)
                    return None
                self._reset(f"cannot open: {error}")
                continue
            self._connection = connection
            return connection
        return None

    def _reset(self, reason: str) -> None:
        """Set the file aside under a new name and start over with an empty one."""
        self.close()
        if self.path.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._clock()))
            aside = self.path.with_name(f"{self.path.name}.broken-{stamp}")
            number = 1
            while aside.exists():
                number += 1
                aside = self.path.with_name(f"{self.path.name}.broken-{stamp}-{number}")
            try:
                self.path.replace(aside)
                for suffix in ("-wal", "-shm", "-journal"):  # its journal goes with it
                    companion = Path(f"{self.path}{suffix}")
                    if companion.exists():
                        companion.replace(Path(f"{aside}{suffix}"))
                self.set_aside.append(aside)
            except OSError as error:
                logger.error("cannot set %s aside: %s", self.path, error)
            logger.warning("%s: %s; set aside as %s, starting a new file", self.path, reason, aside)
        else:
            logger.warning("%s: %s; starting a new file", self.path, reason)
        if self._on_reset is not None:
            self._on_reset(reason)
