"""The Ansible role does the same steps as scripts/install-station."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.deploy.helpers import need

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "deploy" / "ansible" / "playbook.yml"
TASKS = ROOT / "deploy" / "ansible" / "roles" / "plietsch_station" / "tasks" / "main.yml"


def test_playbook_passes_ansible_syntax_check() -> None:
    tool = need("ansible-playbook", "ansible-core")
    checked = subprocess.run(
        [tool, "-i", "localhost,", str(PLAYBOOK), "--syntax-check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = PLAYBOOK.with_name("broken-playbook.yml")
    broken.write_text(PLAYBOOK.read_text().replace("roles:", "roles"))
    try:
        failed = subprocess.run(
            [tool, "-i", "localhost,", str(broken), "--syntax-check"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        broken.unlink()
    assert failed.returncode != 0


def test_role_installs_what_the_script_installs() -> None:
    """Same packages, same files, same units: a fleet and a single station stay alike."""
    script = (ROOT / "scripts" / "install-station").read_text()
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    tasks = TASKS.read_text()
    defaults = (TASKS.parents[1] / "defaults" / "main.yml").read_text()
    debs = set(re.findall(r"^  - ([a-z0-9.+-]+)$", defaults, re.MULTILINE))
    runtime = re.search(r"RUNTIME_DEBS=\(([^)]*)\)", bootstrap)
    station = re.search(r"STATION_DEBS=\(([^)]*)\)", script)
    assert runtime and station
    assert set(runtime.group(1).split()) | set(station.group(1).split()) <= debs
    # The AusweisApp by its name in the host's release, chosen by the same function.
    assert "ausweisapp_deb" in script and "ausweisapp_deb" in tasks
    assert "ausweisapp" not in " ".join(debs | set(station.group(1).split()))
    for path in (
        "/etc/systemd/system/plietsch-kiosk.service",
        "/etc/plietsch/station.toml",
        "/var/lib/prometheus/node-exporter/plietsch.prom",
        "plietsch-kiosk.service",
        "pcscd.socket",
        "prometheus-node-exporter.service",
    ):
        assert path in tasks, path
