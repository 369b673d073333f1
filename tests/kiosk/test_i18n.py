"""Catalogs agree with each other and with the code; lookups never crash."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from kiosk.i18n import CATALOG_DIR, Translator, load_catalogs, placeholders

ROOT = Path(__file__).resolve().parents[2]


def catalogs() -> dict[str, dict[str, str]]:
    found, problems = load_catalogs(CATALOG_DIR)
    assert problems == []
    return found


def test_catalogs_have_identical_keys_and_placeholders() -> None:
    found = catalogs()
    reference = found["de"]
    assert len(reference) > 20
    for lang in ("en", "da"):
        assert set(found[lang]) == set(reference), lang
        for key, text in reference.items():
            assert placeholders(found[lang][key]) == placeholders(text), (lang, key)
            assert found[lang][key].strip(), (lang, key)


def used_keys() -> set[tuple[str, str]]:
    """Every string literal passed as first argument to a call named tr/tr_in/...(key)."""
    keys: set[tuple[str, str]] = set()
    for package in ("ui", "stations"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                args = node.args[1:] if name == "tr_in" else node.args
                if name in {"tr", "tr_in", "tr_key"} and args:
                    first = args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        keys.add((str(path.relative_to(ROOT)), first.value))
    return keys


def test_every_key_used_in_code_exists() -> None:
    known = set(catalogs()["de"])
    used = used_keys()
    assert used, "the scan found no tr() calls at all"
    assert sorted(k for k in used if k[1] not in known) == []


def test_missing_key_shows_key_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    translator = Translator({"de": {"a": "A {n}"}, "en": {}}, ("de", "en"))
    with caplog.at_level(logging.WARNING):
        assert translator.tr("nope") == "nope"
        assert translator.tr("nope") == "nope"
        assert translator.tr("a") == "A {n}"
    assert caplog.text.count("'nope'") == 1
    assert "bad placeholder" in caplog.text
    assert translator.tr("a", n=3) == "A 3"


def test_live_switch_emits_and_changes_text(qtbot: object) -> None:
    translator = Translator(catalogs(), ("de", "en", "da"))
    seen: list[str] = []
    translator.language_changed.connect(seen.append)
    assert translator.tr("footer.back") == "Zurück"
    translator.set_language("da")
    assert translator.tr("footer.back") == "Tilbage"
    translator.set_language("da")
    translator.set_language("xx")
    translator.reset()
    assert seen == ["da", "de"]
    assert translator.language == "de"


def test_broken_catalog_is_reported_not_raised(tmp_path: Path) -> None:
    for lang in ("de", "en"):
        (tmp_path / lang).mkdir()
    (tmp_path / "de" / "shell.toml").write_text("a = 'ok'\n", encoding="utf-8")
    (tmp_path / "en" / "shell.toml").write_text("a = \n", encoding="utf-8")
    found, problems = load_catalogs(tmp_path, ("de", "en", "da"))
    assert found["de"] == {"a": "ok"}
    assert found["en"] == {}
    assert found["da"] == {}
    assert len(problems) == 2
    assert any("en/shell.toml" in p for p in problems)
    assert any("da: no catalog files" in p for p in problems)


def test_parts_merge_and_a_key_defined_twice_is_reported(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "a.toml").write_text("[x]\none = '1'\n", encoding="utf-8")
    (tmp_path / "de" / "b.toml").write_text("[x]\none = '2'\ntwo = '2'\n", encoding="utf-8")
    found, problems = load_catalogs(tmp_path, ("de",))
    assert found["de"] == {"x.one": "1", "x.two": "2"}
    assert problems == [f"{tmp_path / 'de' / 'b.toml'}: x.one is already defined in a.toml"]
