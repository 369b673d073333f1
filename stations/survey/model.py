"""The survey's questions from the content bundle (``<bundle>/survey/survey.toml``).

Why validated like the services: staff change questions per event, and a typo must show up as
``file:line: message`` in ``--check-content``, never as a broken screen in front of a visitor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from kiosk.content_fields import FieldReader, describe
from kiosk.content_model import LocalText, Problem
from kiosk.content_toml import KeyPath, read_toml

logger = logging.getLogger(__name__)

FOLDER = "survey"
FILE = "survey.toml"
LANGUAGES = ("de", "en", "da")
KINDS = ("choice", "scale", "text")
MAX_TEXT_CHARS = 300  # hard cap for any free text, whatever the content says
MAX_QUESTIONS = 12
_ID = re.compile(r"[a-z0-9-]+")
_SURVEY_KEYS = ("id", "title", "intro", "thanks")
_QUESTION_KEYS = ("id", "kind", "text", "options", "points", "min_label", "max_label", "max_length")
_OPTION_KEYS = ("id", "label")


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalText


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: LocalText
    options: tuple[Option, ...] = ()
    points: int = 5
    min_label: LocalText | None = None
    max_label: LocalText | None = None
    max_length: int = 160

    def answers(self) -> tuple[str, ...]:
        """Every answer a choice or scale question can have, as stored."""
        if self.kind == "choice":
            return tuple(option.id for option in self.options)
        if self.kind == "scale":
            return tuple(str(n) for n in range(1, self.points + 1))
        return ()


@dataclass(frozen=True)
class Survey:
    id: str
    title: LocalText
    intro: LocalText
    thanks: LocalText
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def load_survey(bundle_dir: Path) -> tuple[Survey | None, list[Problem]]:
    """Read and check the bundle's survey; None and the problems when anything is wrong."""
    path = bundle_dir / FOLDER / FILE
    parsed, problems = read_toml(path)
    if parsed is None:
        return None, problems
    reader = FieldReader(path, parsed.lines, LANGUAGES, bundle_dir, problems)
    data = parsed.data
    reader.check_keys(data, (), ("survey", "questions"))
    head = reader.table(data, (), "survey")
    survey_id = title = intro = thanks = None
    if head is not None:
        where = ("survey",)
        reader.check_keys(head, where, _SURVEY_KEYS)
        survey_id = reader.string(head, where, "id", pattern=_ID)
        title = reader.text(head, where, "title")
        intro = reader.text(head, where, "intro")
        thanks = reader.text(head, where, "thanks")
    questions: list[Question] = []
    seen: set[str] = set()
    for index, table in reader.tables(data, (), "questions"):
        question = _question(reader, table, ("questions", index), seen)
        if question is not None:
            questions.append(question)
    if len(questions) > MAX_QUESTIONS:
        reader.report(("questions",), f"more than {MAX_QUESTIONS} questions: keep it short")
    if problems:
        return None, problems
    assert survey_id and title and intro and thanks
    return Survey(survey_id, title, intro, thanks, tuple(questions)), []


def _question(
    reader: FieldReader, table: dict[str, object], at: KeyPath, seen: set[str]
) -> Question | None:
    before = len(reader.problems)
    reader.check_keys(table, at, _QUESTION_KEYS)
    question_id = reader.string(table, at, "id", pattern=_ID)
    if question_id in seen:
        reader.report((*at, "id"), f'question id "{question_id}" is used twice')
    elif question_id is not None:
        seen.add(question_id)
    kind = reader.string(table, at, "kind")
    if kind is not None and kind not in KINDS:
        reader.report((*at, "kind"), f'unknown kind "{kind}"{describe(at)}: use {", ".join(KINDS)}')
    text = reader.text(table, at, "text")
    options: list[Option] = []
    if kind == "choice":
        option_ids: set[str] = set()
        for number, option in reader.tables(table, at, "options"):
            where = (*at, "options", number)
            reader.check_keys(option, where, _OPTION_KEYS)
            option_id = reader.string(option, where, "id", pattern=_ID)
            label = reader.text(option, where, "label")
            if option_id in option_ids:
                reader.report((*where, "id"), f'option id "{option_id}" is used twice')
            if option_id is not None and label is not None:
                option_ids.add(option_id)
                options.append(Option(option_id, label))
        if len(options) == 1:
            reader.report((*at, "options"), "a choice needs at least two options")
    elif "options" in table:
        reader.report((*at, "options"), f'only a "choice" question has options{describe(at)}')
    points = (
        _bounded(reader, table, at, "points", default=5, limits=(3, 10)) if kind == "scale" else 5
    )
    limit = (10, MAX_TEXT_CHARS)
    max_length = (
        _bounded(reader, table, at, "max_length", default=160, limits=limit)
        if kind == "text"
        else 160
    )
    min_label = reader.text(table, at, "min_label", required=kind == "scale")
    max_label = reader.text(table, at, "max_label", required=kind == "scale")
    if len(reader.problems) > before:
        return None
    assert question_id and kind and text
    return Question(
        question_id, kind, text, tuple(options), points, min_label, max_label, max_length
    )


def _bounded(
    reader: FieldReader,
    table: dict[str, object],
    at: KeyPath,
    key: str,
    *,
    default: int,
    limits: tuple[int, int],
) -> int:
    if key not in table:
        return default
    value = reader.integer(table, at, key)
    low, high = limits
    if value is None:
        return default
    if not low <= value <= high:
        reader.report((*at, key), f'"{key}"{describe(at)} is {value}: use {low} to {high}')
        return default
    return value


def check_survey(bundle_dir: Path, _allowed_hosts: Collection[str]) -> list[Problem]:
    """Problems of the bundle's survey (none when it has no survey folder)."""
    if not (bundle_dir / FOLDER).is_dir():
        return []
    return load_survey(bundle_dir)[1]
