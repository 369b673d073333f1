"""scripts/install-station into a test root: what it writes, that a second run changes
nothing, and that systemd's own checker accepts the installed unit."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_component
from tests.deploy.helpers import need

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "scripts" / "install-station"
UNIT = "plietsch-kiosk.service"


def seed_root(root: Path) -> None:
    """A root with account files and the host's systemd units, as on a fresh Debian."""
    etc = root / "etc"
    etc.mkdir(parents=True)
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (etc / "group").write_text("root:x:0:\nvideo:x:44:\ninput:x:105:\n")
    (etc / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (etc / "gshadow").write_text("root:*::\nvideo:*::\ninput:*::\n")
    units = Path("/lib/systemd/system")
    if not (units / "graphical.target").exists():
        require_component("systemd", "install the Debian package systemd")
    shutil.copytree(units, root / "usr/lib/systemd/system", symlinks=True)


def tree(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every path with its kind, mode and content hash (or link target); no times."""
    result = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if relative.startswith("usr/lib/systemd") or relative.endswith("-"):
            continue  # the seeded units; useradd's backup copies of the account files
        info = path.lstat()
        if path.is_symlink():
            result[relative] = ("link", 0, os.readlink(path))
        elif path.is_dir():
            result[relative] = ("dir", info.st_mode, "")
        else:
            result[relative] = ("file", info.st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return result


def install(root: Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        require_component("root", "install-station creates users and system files")
    need("useradd", "passwd")
    need("systemctl", "systemd")
    return subprocess.run(
        [str(INSTALL), "--root", str(root), "--no-packages", "--no-venv"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    root = tmp_path_factory.mktemp("station")
    seed_root(root)
    first = install(root)
    assert first.returncode == 0, first.stdout + first.stderr
    after_first = tree(root)
    (root / "etc/plietsch/station.toml").write_text("# the admin's own settings\n")
    after_first["etc/plietsch/station.toml"] = tree(root)["etc/plietsch/station.toml"]
    second = install(root)
    assert second.returncode == 0, second.stdout + second.stderr
    return root, after_first, tree(root)


def test_second_run_changes_nothing(installed: tuple[Path, dict, dict]) -> None:
    _root, first, second = installed
    changed = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert changed == []


def test_station_files_user_and_boot_links(installed: tuple[Path, dict, dict]) -> None:
    root, _first, _second = installed
    passwd = (root / "etc/passwd").read_text()
    assert "plietsch:x:" in passwd and "/usr/sbin/nologin" in passwd
    assert "video:x:44:plietsch" in (root / "etc/group").read_text()
    wants = root / "etc/systemd/system/graphical.target.wants" / UNIT
    assert wants.is_symlink()
    assert (root / "etc/systemd/system/sockets.target.wants/pcscd.socket").is_symlink()
    assert os.readlink(root / "etc/systemd/system/default.target").endswith("graphical.target")
    assert (root / "etc/systemd/system/multi-user.target.wants/seatd.service").is_symlink()
    session = root / "opt/plietsch/deploy/cage/plietsch-session"
    assert os.access(session, os.X_OK)
    assert (root / "opt/plietsch/main.py").is_file() and not (root / "opt/plietsch/.git").exists()
    link = root / "var/lib/prometheus/node-exporter/plietsch.prom"
    assert os.readlink(link) == "/var/lib/plietsch/metrics/plietsch.prom"
    # The admin's config survived the second run.
    assert (root / "etc/plietsch/station.toml").read_text() == "# the admin's own settings\n"


def verify(root: Path, unit: str) -> subprocess.CompletedProcess[str]:
    tool = need("systemd-analyze", "systemd")
    return subprocess.run(
        [tool, "verify", f"--root={root}", unit],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_systemd_analyze_verify_accepts_the_installed_unit(
    installed: tuple[Path, dict, dict],
) -> None:
    root, _first, _second = installed
    checked = verify(root, UNIT)
    assert checked.returncode == 0 and checked.stdout + checked.stderr == "", checked.stderr
    # The same check notices a mistake (it only warns, so the output is what counts).
    unit = (root / "etc/systemd/system" / UNIT).read_text()
    broken = root / "etc/systemd/system/plietsch-broken.service"
    broken.write_text(unit.replace("Type=notify", "Type=notfy"))
    try:
        assert "Failed to parse service type" in verify(root, broken.name).stderr
    finally:
        broken.unlink()
