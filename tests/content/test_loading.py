"""Start-up fallback, the command-line check, the text model, and robustness against any input."""

from __future__ import annotations

import ast
import re
import tempfile
from collections.abc import Collection
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import content
from kiosk.content import (
    DEFAULT_ALLOWED_HOSTS,
    SHIPPED_BUNDLE,
    LocalText,
    Problem,
    check_content,
    load_bundle,
    load_first_valid,
)
from tests.content.bundles import ALLOWED_HOSTS, SERVICE_TOML, write_bundle

PROBLEM_LINE = re.compile(r"^.+:\d+: \S.*$")
SHIPPED_HOSTS = DEFAULT_ALLOWED_HOSTS
BROKEN_SERVICE = SERVICE_TOML.replace("order = 10", 'order = "ten"')


def test_first_valid_candidate_is_used(tmp_path: Path) -> None:
    good = write_bundle(tmp_path / "good")
    bundle, problems = load_first_valid([good], SHIPPED_BUNDLE, ALLOWED_HOSTS)
    assert problems == []
    assert bundle.directory == good
    assert bundle.id == "test"


def test_broken_candidates_fall_back_to_the_shipped_bundle(tmp_path: Path) -> None:
    broken = write_bundle(tmp_path / "broken", {"services/ewa.toml": BROKEN_SERVICE})
    missing = tmp_path / "missing"

    bundle, problems = load_first_valid([broken, missing], SHIPPED_BUNDLE, SHIPPED_HOSTS)

    assert bundle.id == "flensburg"
    assert bundle.directory == SHIPPED_BUNDLE
    files = {problem.path for problem in problems}
    assert broken / "services/ewa.toml" in files
    assert missing / "bundle.toml" in files


def test_a_later_valid_candidate_wins_over_the_shipped_one(tmp_path: Path) -> None:
    broken = write_bundle(tmp_path / "broken", {"services/ewa.toml": BROKEN_SERVICE})
    good = write_bundle(tmp_path / "good")
    bundle, problems = load_first_valid([broken, good], SHIPPED_BUNDLE, ALLOWED_HOSTS)
    assert bundle.directory == good
    assert [p.path for p in problems] == [broken / "services/ewa.toml"]


def test_even_a_broken_shipped_bundle_does_not_crash(tmp_path: Path) -> None:
    bundle, problems = load_first_valid([], tmp_path / "gone", ALLOWED_HOSTS)
    assert bundle.services == ()
    assert problems != []


def test_a_checker_bug_still_falls_back_to_the_shipped_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidate = write_bundle(tmp_path / "candidate")
    real_load_bundle = content.load_bundle

    def failing_for_the_candidate(directory: Path, hosts: Collection[str]) -> object:
        if directory == candidate:
            raise RuntimeError("bug")
        return real_load_bundle(directory, hosts)

    monkeypatch.setattr(content, "load_bundle", failing_for_the_candidate)
    bundle, problems = load_first_valid([candidate], SHIPPED_BUNDLE, SHIPPED_HOSTS)

    assert bundle.id == "flensburg"
    assert [str(p) for p in problems] == [
        f"{candidate}/bundle.toml:1: internal error while checking this bundle (details in the log)"
    ]


def test_check_content_ok(tmp_path: Path) -> None:
    code, lines = check_content([write_bundle(tmp_path)], ALLOWED_HOSTS)
    assert code == 0
    assert lines == [f"ok: 1 service, 1 slide in de, en, da ({tmp_path})"]


def test_check_content_without_dirs_checks_the_shipped_bundle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(SHIPPED_BUNDLE.parent.parent.parent)
    code, lines = check_content([], SHIPPED_HOSTS)
    assert code == 0
    assert len(lines) == 1
    pattern = r"ok: \d+ services, .+ in de, en, da \(assets/content/flensburg\)"
    assert re.fullmatch(pattern, lines[0])


def test_check_content_reports_problems_with_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundle(tmp_path / "good")
    write_bundle(tmp_path / "bad", {"services/ewa.toml": BROKEN_SERVICE})
    monkeypatch.chdir(tmp_path)

    code, lines = check_content([Path("good"), Path("bad")], ALLOWED_HOSTS)

    assert code == 2
    assert lines[0] == "ok: 1 service, 1 slide in de, en, da (good)"
    assert lines[1:] == [
        'bad/services/ewa.toml:2: "order" has the wrong type: '
        "expected a whole number such as 10, got text"
    ]
    assert all(PROBLEM_LINE.match(line) for line in lines[1:])


def test_problem_text_is_compiler_style() -> None:
    assert str(Problem(Path("a/b.toml"), 7, "oops")) == "a/b.toml:7: oops"


def test_local_text_falls_back_without_raising() -> None:
    text = LocalText({"de": "Hallo", "en": "Hello"})
    assert text.get_text("en") == "Hello"
    assert text.get_text("da") == "Hallo"
    assert text.get_text("da", fallback="en") == "Hello"
    assert LocalText({"en": "Hi"}).get_text("da") == "Hi"
    assert LocalText({}).get_text("de") == ""
    assert text == {"de": "Hallo", "en": "Hello"}
    assert hash(text) == hash(LocalText({"en": "Hello", "de": "Hallo"}))


def test_content_modules_import_no_qt() -> None:
    root = Path(__file__).resolve().parents[2] / "kiosk"
    for path in root.glob("content*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [
            getattr(node, "module", None) or ",".join(a.name for a in node.names)
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        assert not [m for m in modules if "PySide6" in m], path


_SERVICE_LINES = SERVICE_TOML.splitlines()
_NOISE = ['"', "'''", '"""', "[", "]]", "{", "= ", "# x", "\\", "\x00", "x.y.z = 1", "[[steps]]"]


def _check_never_raises(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        directory = write_bundle(Path(folder), {"services/ewa.toml": text})
        bundle, problems = load_bundle(directory, ALLOWED_HOSTS)
        assert (bundle is None) == bool(problems)
        line_count = text.count("\n") + 1
        for problem in problems:
            assert 1 <= problem.line <= max(line_count, 1), str(problem)
            assert problem.message


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_as_a_service_file_never_raises(text: str) -> None:
    _check_never_raises(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SERVICE_LINES + _NOISE), max_size=40))
def test_shuffled_service_lines_never_raise(lines: list[str]) -> None:
    _check_never_raises("\n".join(lines))
