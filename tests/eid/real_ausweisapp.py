"""Start a real, headless AusweisApp for tests and soak runs: Debian's 1.26.2 or trixie's 2.x.

``1.26`` is bookworm's ``AusweisApp2`` on PATH. ``2`` is trixie's ``AusweisApp`` inside the
debootstrap root that ``scripts/ausweisapp-trixie-root.sh`` builds once (path below); it is
started with ``chroot`` and listens on the host's loopback, its port file lands under the
root's ``tmp``. Every instance gets its own TMPDIR and HOME, so several engineers (and
pytest-xdist workers) can run instances side by side: two 1.26.2 or 2.3.1 instances with a
shared HOME also ran fine when tried, but each instance writing its own settings file keeps
them from ever seeing each other's state.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

TRIXIE_ROOT = Path(os.environ.get("PLIETSCH_TRIXIE_ROOT", "/var/cache/plietsch/trixie-ausweisapp"))
BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ausweisapp-trixie-root.sh"
ARGS = ("--ui", "websocket", "--port", "0", "--no-logfile")
START_TIMEOUT_S = 30.0
VERSIONS = ("1.26", "2")


class UnavailableError(Exception):
    """This AusweisApp cannot run here; the message says why (for skip/fail)."""


@dataclass
class RealAusweisApp:
    """One running instance; ``stop()`` ends it and removes its private folders."""

    version: str
    url: str
    process: subprocess.Popen[bytes]
    workdir: Path
    stderr_path: Path = field(repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def trixie_root_ready() -> bool:
    return (TRIXIE_ROOT / ".plietsch-ready").is_file()


def command_for(version: str, workdir: Path) -> tuple[list[str], dict[str, str], str]:
    """(argv, environment, port-file stem) to start ``version`` with ``workdir`` as TMPDIR."""
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    if version == "1.26":
        binary = shutil.which("AusweisApp2")
        if binary is None:
            raise UnavailableError("AusweisApp2 not on PATH (apt-get install ausweisapp2)")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(workdir), HOME=str(home))
        env.pop("DISPLAY", None)
        return [binary, *ARGS], env, "AusweisApp2"
    if version == "2":
        if not trixie_root_ready():
            raise UnavailableError(
                f"no trixie root with ausweisapp at {TRIXIE_ROOT} (run {BUILD_SCRIPT} as root)"
            )
        if os.geteuid() != 0:
            raise UnavailableError("starting AusweisApp 2.x in its trixie root needs root")
        inner = "/" + str(workdir.relative_to(TRIXIE_ROOT))
        argv = [
            "chroot",
            str(TRIXIE_ROOT),
            "/usr/bin/env",
            "-i",
            "QT_QPA_PLATFORM=offscreen",
            f"TMPDIR={inner}",
            f"HOME={inner}/home",
            "LANG=C.UTF-8",
            "PATH=/usr/bin:/bin",
            "AusweisApp",
            *ARGS,
        ]
        return argv, dict(os.environ), "AusweisApp"
    raise ValueError(f"unknown AusweisApp version {version!r}; known: {', '.join(VERSIONS)}")


def workdir_for(version: str) -> Path:
    parent = TRIXIE_ROOT / "tmp" if version == "2" else None
    return Path(tempfile.mkdtemp(prefix="plietsch-ausweisapp-", dir=parent))


def start(version: str, timeout_s: float = START_TIMEOUT_S) -> RealAusweisApp:
    """Start a fresh instance and wait for its port file; ``UnavailableError`` if it can't."""
    workdir = workdir_for(version)
    try:
        argv, env, stem = command_for(version, workdir)
    except Exception:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    stderr_path = workdir / "stderr.log"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    port_file = workdir / f"{stem}.{process.pid}.port"
    deadline = time.monotonic() + timeout_s
    instance = RealAusweisApp(version, "", process, workdir, stderr_path)
    while True:
        text = port_file.read_text().strip() if port_file.exists() else ""
        if text.isdigit():
            instance.url = f"ws://127.0.0.1:{int(text)}/eID-Kernel"
            logger.info("AusweisApp %s pid %d at %s", version, process.pid, instance.url)
            return instance
        if process.poll() is not None:
            tail = _tail(stderr_path)
            instance.stop()
            raise UnavailableError(f"exited with code {process.returncode}: {tail}")
        if time.monotonic() > deadline:
            instance.stop()
            raise UnavailableError(f"no port file after {timeout_s:.0f} s")
        time.sleep(0.05)


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return " | ".join(lines[-3:])[-500:]
