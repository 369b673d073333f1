"""Answers are stored anonymously: counts per hour, cleaned short texts, nothing finer."""

from __future__ import annotations

import csv
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from stations.survey.model import Survey
from stations.survey.storage import MASK, Submission, SurveyDb, clean_text

WHEN = datetime(2026, 9, 29, 14, 37, 12).timestamp()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ruft mich an: 0461 85 1234", f"Ruft mich an: {MASK}"),
        ("max.mustermann@example.org schreibt", f"{MASK} schreibt"),
        ("siehe www.example.org/x", f"siehe {MASK}"),
        ("IBAN DE89 3704 0044 0532 0130 00", f"IBAN DE{MASK}"),
        ("Termine 2026 und die 115", "Termine 2026 und die 115"),
        ("zu\x00viel\n\n  Leerraum", "zuviel Leerraum"),
    ],
)
def test_identifying_runs_are_masked(typed: str, stored: str) -> None:
    assert clean_text(typed, 160) == stored


def test_text_is_bounded() -> None:
    assert len(clean_text("a" * 1000, 160)) == 160
    assert len(clean_text("a" * 1000, 10_000)) == 300


def full_submission(language: str = "de") -> Submission:
    return Submission(
        language,
        choices={"feld": "mobilitaet", "online-zufrieden": "4", "online-ausweis": "ja"},
        texts={"wunsch": "Parkausweis online, Tel. 0461 123456"},
    )


def test_counts_per_hour_and_nothing_finer(tmp_path: Path, survey: Survey) -> None:
    path = tmp_path / "s.sqlite3"
    db = SurveyDb(path, clock=lambda: WHEN)
    assert db.add(survey, full_submission())
    assert db.add(survey, full_submission("da"))
    results = db.results(survey)
    assert results.submissions == 2
    assert results.counts["feld"]["mobilitaet"] == 2
    assert results.counts["online-zufrieden"]["4"] == 2
    assert results.texts == 2
    db.close()
    with sqlite3.connect(path) as raw:
        hours = {
            row[0]
            for table in ("submissions", "tallies", "texts")
            for row in raw.execute(f"SELECT hour FROM {table}")
        }
        texts = [row[0] for row in raw.execute("SELECT text FROM texts")]
        columns = {
            table: [c[1] for c in raw.execute(f"PRAGMA table_info({table})")]
            for table in ("submissions", "tallies", "texts")
        }
    assert hours == {"2026-09-29T14:00"}
    assert all("123456" not in text for text in texts)
    assert columns == {
        "submissions": ["hour", "survey", "language", "count"],
        "tallies": ["hour", "survey", "question", "answer", "count"],
        "texts": ["hour", "survey", "question", "text"],
    }


def test_unknown_answers_are_not_stored(tmp_path: Path, survey: Survey) -> None:
    db = SurveyDb(tmp_path / "s.sqlite3", clock=lambda: WHEN)
    db.add(survey, Submission("de", choices={"feld": "<script>", "nope": "1"}))
    results = db.results(survey)
    assert results.submissions == 1
    assert sum(sum(c.values()) for c in results.counts.values()) == 0


def test_export_round_trip(tmp_path: Path, survey: Survey) -> None:
    db = SurveyDb(tmp_path / "s.sqlite3", clock=lambda: WHEN)
    db.add(survey, Submission("de", texts={"wunsch": "Zebra"}))
    db.add(survey, Submission("en", texts={"wunsch": "Apfel"}, choices={"feld": "kultur"}))
    target = tmp_path / "out" / "survey.csv"
    rows = db.export_csv(target)
    with target.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert rows == len(read) == 5
    kinds = [row["kind"] for row in read]
    assert kinds.count("submissions") == 2 and kinds.count("text") == 2
    assert [r["answer"] for r in read if r["kind"] == "text"] == ["Apfel", "Zebra"]  # sorted
    assert {r["hour"] for r in read} == {"2026-09-29T14:00"}


def test_a_damaged_file_is_set_aside_and_answers_still_count(
    tmp_path: Path, survey: Survey
) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    db = SurveyDb(path, clock=lambda: WHEN)
    assert db.add(survey, full_submission())
    assert db.results(survey).submissions == 1
    assert db.db.set_aside and db.db.set_aside[0].exists()
