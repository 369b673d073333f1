"""Where the AusweisApp SDK listens: the port file of a running instance, else the default port.

An instance started with ``--port 0`` writes its random port to
``$TMPDIR/AusweisApp2.<pid>.port`` (``AusweisApp.<pid>.port`` from 2.0 on) and removes the
file on exit. A file whose process is gone (left behind after a crash) is ignored.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_PORT = 24727
PORT_FILE = re.compile(r"^(AusweisApp2?)\.(\d+)\.port$")


def url_for_port(port: int, host: str = "127.0.0.1") -> str:
    return f"ws://{host}:{port}/eID-Kernel"


DEFAULT_URL = url_for_port(DEFAULT_PORT)


def port_file_path(directory: str | Path, stem: str, pid: int) -> Path:
    """``<directory>/<stem>.<pid>.port``, where ``stem`` is the binary's name."""
    return Path(directory) / f"{stem}.{pid}.port"


def read_port_file(path: str | Path) -> int | None:
    """The port in the file, or None while it is missing, empty or not a valid port."""
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    if not text.isdigit():
        return None
    port = int(text)
    return port if 0 < port < 65536 else None


def process_alive(pid: int) -> bool:
    """Whether a process with this pid exists (also one of another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def find_port(directory: str | Path | None = None) -> int | None:
    """The port of the newest running instance that left a port file in ``directory``."""
    folder = Path(directory or tempfile.gettempdir())
    candidates: list[tuple[float, int]] = []
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        logger.debug("cannot list %s: %s", folder, exc)
        return None
    for entry in entries:
        match = PORT_FILE.match(entry.name)
        if match is None or not process_alive(int(match.group(2))):
            continue
        port = read_port_file(entry)
        if port is not None:
            try:
                candidates.append((entry.stat().st_mtime, port))
            except OSError:
                continue
    if not candidates:
        return None
    return max(candidates)[1]


def discover_url(directory: str | Path | None = None) -> str:
    """The SDK URL of a running instance (port file), else the default ``ws://127.0.0.1:24727``."""
    port = find_port(directory)
    if port is None:
        return DEFAULT_URL
    url = url_for_port(port)
    logger.info("found AusweisApp port file: %s", url)
    return url
