"""``main.py --check-content`` counts every station's part of a valid bundle in its ok line,
so an editor sees at a glance that a part went missing or lost entries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, check_content, load_bundle
from stations.finder.catalogue import load_catalogue
from stations.survey.model import load_survey
from ui.station import content_checks, content_summaries

ROOT = Path(__file__).resolve().parents[2]


def test_the_ok_line_counts_every_station_s_content() -> None:
    """The real command on the shipped bundle; the figures come from the loaders."""
    bundle, _ = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    catalogue, _ = load_catalogue(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    survey, _ = load_survey(SHIPPED_BUNDLE)
    assert bundle is not None and bundle.sensors is not None and catalogue and survey
    done = subprocess.run(
        [sys.executable, "main.py", "--check-content", "assets/content/flensburg"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        f"ok: {len(bundle.services)} services, {len(catalogue.services)} finder entries, "
        f"{len(survey.questions)} survey questions, {len(bundle.sensors.texts)} sensor sources, "
        f"{len(bundle.slides)} slides in de, en, da (assets/content/flensburg)"
    )
    assert len(catalogue.services) > 1 and len(survey.questions) > 1  # plural forms shown


def test_a_part_taken_out_is_no_longer_counted(tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(SHIPPED_BUNDLE, copy)
    for part in ("finder", "survey", "sensors"):
        shutil.rmtree(copy / part)
    code, lines = check_content(
        [copy], DEFAULT_ALLOWED_HOSTS, content_checks(), content_summaries()
    )
    assert code == 0
    services = len(list((copy / "services").glob("*.toml")))
    assert lines[-1] == f"ok: {services} services, 5 slides in de, en, da ({copy})"
