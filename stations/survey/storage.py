"""Survey answers, stored anonymously through `kiosk.anon_db`, and their CSV export.

What is stored, and why nothing more: per hour (never finer), per survey and language a count
of submissions; per hour and question a count per answer (choice and scale), so answers of one
visitor cannot be put together again; short free texts per hour, cleaned of e-mail addresses,
web addresses and number sequences (phone, IBAN, ID numbers) and exported sorted, not in the
order they came in. Names cannot be recognised reliably: the screen asks for none.

`SurveyDb` is synchronous (the export command, tests); `SurveyStore` runs it on one worker
thread so a slow or locked file never blocks the screen, and reports back through signals.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.anon_db import AnonDb, data_dir, hour_bucket
from stations.survey.model import MAX_TEXT_CHARS, Survey

logger = logging.getLogger(__name__)

FILE_NAME = "survey.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    hour TEXT NOT NULL, survey TEXT NOT NULL, language TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (hour, survey, language));
CREATE TABLE IF NOT EXISTS tallies (
    hour TEXT NOT NULL, survey TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (hour, survey, question, answer));
CREATE TABLE IF NOT EXISTS texts (
    hour TEXT NOT NULL, survey TEXT NOT NULL, question TEXT NOT NULL, text TEXT NOT NULL);
"""
CSV_HEADER = ("hour", "survey", "question", "kind", "answer", "count")
MASK = "[…]"

_EMAIL = re.compile(r"\S+@\S+")
_WEB = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_NUMBER_RUN = re.compile(r"(?:\+?\d[\d\s/().-]{3,}\d)")  # 5+ digits, with separators


def clean_text(text: str, max_length: int) -> str:
    """A free text as it may be stored: no control characters, bounded, identifying runs masked.

    Masked: e-mail and web addresses, and any run of five or more digits (phone numbers, IBANs,
    ID and customer numbers). Short numbers such as "115" or "2026" stay.
    """
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = " ".join(text.split())[: min(max_length, MAX_TEXT_CHARS)]
    text = _EMAIL.sub(MASK, text)
    text = _WEB.sub(MASK, text)
    return _NUMBER_RUN.sub(
        lambda m: MASK if sum(c.isdigit() for c in m.group()) >= 5 else m.group(), text
    ).strip()


@dataclass
class Submission:
    """One visitor's answers, held in memory until sent: question id -> answer."""

    language: str
    choices: dict[str, str] = field(default_factory=dict)  # choice and scale answers
    texts: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.choices and not any(t.strip() for t in self.texts.values())


@dataclass(frozen=True)
class Results:
    """Counts for the charts: submissions, and per question the count of each answer."""

    submissions: int
    counts: Mapping[str, Mapping[str, int]]
    texts: int


class SurveyDb:
    """The survey's SQLite file (a damaged or locked file is set aside by AnonDb)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.db = AnonDb(path, SCHEMA, clock=clock)
        self._clock = clock

    def add(self, survey: Survey, submission: Submission) -> bool:
        """Store one submission in one transaction; only answers the survey knows are kept."""
        hour = hour_bucket(datetime.fromtimestamp(self._clock()))
        statements: list[tuple[str, tuple[object, ...]]] = [
            (
                "INSERT INTO submissions VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE "
                "SET count = count + 1",
                (hour, survey.id, submission.language),
            )
        ]
        for question_id, answer in submission.choices.items():
            question = survey.question(question_id)
            if question is None or answer not in question.answers():
                logger.warning("survey: answer to %r is not a known answer; dropped", question_id)
                continue
            statements.append(
                (
                    "INSERT INTO tallies VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE "
                    "SET count = count + 1",
                    (hour, survey.id, question_id, answer),
                )
            )
        for question_id, raw in submission.texts.items():
            question = survey.question(question_id)
            if question is None or question.kind != "text":
                continue
            text = clean_text(raw, question.max_length)
            if text:
                statements.append(
                    ("INSERT INTO texts VALUES (?, ?, ?, ?)", (hour, survey.id, question_id, text))
                )
        return self.db.execute_all(statements)

    def results(self, survey: Survey) -> Results:
        rows = self.db.query("SELECT SUM(count) FROM submissions WHERE survey = ?", (survey.id,))
        submissions = int(rows[0][0] or 0) if rows else 0
        counts: dict[str, dict[str, int]] = {
            q.id: dict.fromkeys(q.answers(), 0) for q in survey.questions if q.answers()
        }
        for question, answer, count in self.db.query(
            "SELECT question, answer, SUM(count) FROM tallies WHERE survey = ? "
            "GROUP BY question, answer",
            (survey.id,),
        ):
            if question in counts and answer in counts[question]:
                counts[question][answer] = int(count)
        rows = self.db.query("SELECT COUNT(*) FROM texts WHERE survey = ?", (survey.id,))
        return Results(submissions, counts, int(rows[0][0]) if rows else 0)

    def export_csv(self, target: Path) -> int:
        """Everything as CSV (hour, survey, question, kind, answer, count); returns the rows."""
        rows: list[tuple[object, ...]] = [
            (hour, survey, "", "submissions", language, count)
            for hour, survey, language, count in self.db.query(
                "SELECT hour, survey, language, count FROM submissions "
                "ORDER BY hour, survey, language"
            )
        ]
        rows += [
            (hour, survey, question, "answer", answer, count)
            for hour, survey, question, answer, count in self.db.query(
                "SELECT hour, survey, question, answer, count FROM tallies "
                "ORDER BY hour, survey, question, answer"
            )
        ]
        rows += [  # sorted by text, so the order does not tell which visitor wrote what
            (hour, survey, question, "text", text, 1)
            for hour, survey, question, text in self.db.query(
                "SELECT hour, survey, question, text FROM texts "
                "ORDER BY hour, survey, question, text"
            )
        ]
        return self.db.export_csv(target, CSV_HEADER, rows)

    def close(self) -> None:
        self.db.close()


def default_path(configured: Path | None) -> Path:
    return configured or data_dir() / FILE_NAME


class SurveyStore(QObject):
    """`SurveyDb` on one worker thread. Signals: saved(bool), results_ready(object: Results)."""

    saved = Signal(bool)
    results_ready = Signal(object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-db")
        self._db: SurveyDb | None = None

    def _open(self) -> SurveyDb:
        if self._db is None:  # created on the worker thread: SQLite wants one thread
            self._db = SurveyDb(self.path)
        return self._db

    def add(self, survey: Survey, submission: Submission) -> Future[bool]:
        def work() -> bool:
            try:
                ok = self._open().add(survey, submission)
            except Exception:  # a storage bug must not reach the visitor's screen
                logger.exception("survey: storing a submission failed")
                ok = False
            self.saved.emit(ok)
            return ok

        return self._executor.submit(work)

    def load_results(self, survey: Survey) -> Future[Results]:
        def work() -> Results:
            try:
                results = self._open().results(survey)
            except Exception:
                logger.exception("survey: reading the results failed")
                results = Results(0, {}, 0)
            self.results_ready.emit(results)
            return results

        return self._executor.submit(work)

    def shutdown(self) -> None:
        def close() -> None:
            if self._db is not None:
                self._db.close()

        self._executor.submit(close)
        self._executor.shutdown(wait=True)
