"""`python -m stations.finder QUERY --json` prints ranked results a script can read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stations.finder", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_json_output_has_the_documented_fields() -> None:
    done = run("dog tax", "--lang", "en", "--json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert records[0]["id"] == "hundesteuer"
    assert set(records[0]) == {"id", "title", "office", "url", "score"}
    assert records[0]["title"] == "Register a dog (dog tax)"
    assert records[0]["url"].startswith("https://")
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)


def test_language_switches_titles_and_offices() -> None:
    german = json.loads(run("flytte", "--json").stdout)[0]
    danish = json.loads(run("flytte", "--lang", "da", "--json").stdout)[0]
    assert german["id"] == danish["id"] == "wohnsitz-anmelden"
    assert german["office"] == "Bürgerbüro der Stadt Flensburg"
    assert danish["office"] == "Borgerkontoret (Bürgerbüro)"


def test_no_result_is_an_empty_list(tmp_path: Path) -> None:
    done = run("xqzvbnw", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == []


def test_a_broken_bundle_is_reported_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "services").mkdir()
    done = run("Hund", "--bundle", str(tmp_path))
    assert done.returncode == 2
    assert "finder.toml:1: file not found" in done.stderr
