"""The shipped survey is complete in three languages; mistakes are reported by file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, check_content
from stations.survey import check_content as check_survey
from stations.survey.model import KINDS, Survey, load_survey


def test_the_shipped_survey_has_every_kind_of_question(survey: Survey) -> None:
    assert {q.kind for q in survey.questions} == set(KINDS)
    for question in survey.questions:
        assert set(question.text) == {"de", "en", "da"}
        for option in question.options:
            assert all(option.label[lang].strip() for lang in ("de", "en", "da"))
    text = next(q for q in survey.questions if q.kind == "text")
    assert 10 <= text.max_length <= 300
    assert "Digitale Agenda" in survey.title["de"]


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(SHIPPED_BUNDLE, target)
    path = target / "survey" / "survey.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


def test_mistakes_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bundle = broken_copy(tmp_path, 'kind = "scale"', 'kind = "slider"')
    path = bundle / "survey" / "survey.toml"
    problems = [str(p) for p in load_survey(bundle)[1]]
    assert any(
        p.startswith(f"{path}:{line_of(path, 'slider')}:") and 'unknown kind "slider"' in p
        for p in problems
    ), problems


def test_a_too_long_text_limit_is_refused(tmp_path: Path) -> None:
    bundle = broken_copy(tmp_path, "max_length = 160", "max_length = 5000")
    problems = [str(p) for p in load_survey(bundle)[1]]
    assert any('"max_length"' in p and "use 10 to 300" in p for p in problems), problems


def test_check_content_includes_the_survey(tmp_path: Path) -> None:
    bundle = broken_copy(tmp_path, 'text.en = "What should', 'text.dk = "What should')
    code, lines = check_content([bundle], DEFAULT_ALLOWED_HOSTS, [check_survey])
    assert code == 2
    assert any("survey.toml:" in line and 'unknown language "dk"' in line for line in lines)
    assert check_content([SHIPPED_BUNDLE], DEFAULT_ALLOWED_HOSTS, [check_survey])[0] == 0
