"""The AusweisApp's private TMPDIR (where it writes its port file), and the clean-up of those
that killed kiosks left behind.

A kiosk that ends normally removes its folder; one killed with ``kill -9`` (the watchdog, the
OOM killer, a crash) cannot, and every such start would leave one more
``/tmp/plietsch-ausweisapp-*`` behind. So the folder's name carries the kiosk's pid, and each
start removes the folders of kiosks that are gone. Safely, because /tmp is shared: only real
folders (no symlinks) owned by this user, named by a pid that runs no process, and holding
nothing but what the AusweisApp leaves there: its port files and, without XDG_RUNTIME_DIR,
Qt's fallback runtime folder ``runtime-<user>``; anything else is left alone.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from eid.discovery import PORT_FILE, process_alive

logger = logging.getLogger(__name__)

PREFIX = "plietsch-ausweisapp-"
NAME = re.compile(rf"^{re.escape(PREFIX)}(\d+)-[A-Za-z0-9_]+$")
QT_RUNTIME = re.compile(r"^runtime-[^/]+$")  # Qt's fallback for a missing XDG_RUNTIME_DIR


def make_runtime_dir(base: Path | None = None) -> Path:
    """A new private folder ``plietsch-ausweisapp-<pid>-<random>``, after removing stale ones."""
    folder = Path(base or tempfile.gettempdir())
    try:
        remove_stale_runtime_dirs(folder)
    except Exception:  # tidying up must never keep the AusweisApp from starting
        logger.exception("could not tidy up %s", folder)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=folder))


def remove_stale_runtime_dirs(base: Path | None = None) -> list[Path]:
    """Remove the folders of kiosks that are gone (see the module doc); the removed ones."""
    folder = Path(base or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError as error:
        logger.debug("cannot list %s: %s", folder, error)
        return removed
    for entry in entries:
        match = NAME.match(entry.name)
        if match is None or not _ours_and_orphaned(entry, int(match.group(1))):
            continue
        if _remove(entry):
            removed.append(entry)
    if removed:
        logger.info("removed %d AusweisApp folder(s) of ended kiosks", len(removed))
    return removed


def _ours_and_orphaned(entry: Path, pid: int) -> bool:
    try:
        info = entry.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    return pid != os.getpid() and not process_alive(pid)


def _remove(folder: Path) -> bool:
    """Remove ``folder`` if it holds only what the AusweisApp leaves; False: left alone."""
    try:
        entries = list(folder.iterdir())
        for entry in entries:
            if not _left_by_ausweisapp(entry):
                logger.debug("left %s alone: it holds %s", folder, entry.name)
                return False
        for entry in entries:
            if stat.S_ISDIR(entry.lstat().st_mode):
                shutil.rmtree(entry)
            else:
                entry.unlink()
        folder.rmdir()
    except OSError as error:
        logger.debug("could not remove %s: %s", folder, error)
        return False
    return True


def _left_by_ausweisapp(entry: Path) -> bool:
    info = entry.lstat()
    if PORT_FILE.match(entry.name):
        return stat.S_ISREG(info.st_mode)
    if QT_RUNTIME.match(entry.name):
        return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    return False
