"""Leichte Sprache (de-LS) catalogs and content texts: complete where promised, and easy to read.

The lint is deliberately simple (sentence length, no semicolons, no abbreviations): it cannot
judge plain language, but it keeps future edits from sliding back into office German.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import pytest

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle, load_bundle
from kiosk.i18n import (
    CATALOG_DIR,
    COMPLETE_PARTS,
    Translator,
    _flatten,
    fallback_parts,
    load_catalogs,
    placeholders,
)

EASY = "de-LS"
PARTS = sorted(COMPLETE_PARTS[EASY])
MAX_WORDS = 15
ABBREVIATIONS = re.compile(
    r"\b(bzw|ggf|z\.\s?B|u\.\s?a|d\.\s?h|usw|etc|evtl|inkl|ca|Nr|bspw|vgl|max|min|s\.\s?o|s\.\s?u)\."
)
#: the abbreviated words the lint looks for, to show that it finds them
BAD_EXAMPLES = ("Bitte ggf. fragen.", "Zum Beispiel Namen usw.", "Das geht z. B. online.")


def part(lang: str, name: str) -> dict[str, str]:
    return _flatten(tomllib.loads((CATALOG_DIR / lang / f"{name}.toml").read_text("utf-8")))


@pytest.mark.parametrize("name", PARTS)
def test_every_key_of_the_visitor_parts_is_in_easy_read(name: str) -> None:
    german, easy = part("de", name), part(EASY, name)
    assert sorted(set(german) - set(easy)) == [], f"{name}: missing in {EASY}"
    assert sorted(set(easy) - set(german)) == [], f"{name}: not in de"
    for key, text in german.items():
        assert placeholders(easy[key]) == placeholders(text), key
        assert easy[key].strip(), key


@pytest.mark.parametrize("name", ["eid", "services"])
def test_easy_read_is_own_text_not_a_copy(name: str) -> None:
    german, easy = part("de", name), part(EASY, name)
    long_texts = [key for key, text in german.items() if len(text) > 60]
    copies = [key for key in long_texts if easy[key] == german[key]]
    assert len(copies) <= len(long_texts) // 10, copies


def test_the_parts_that_fall_back_to_german_are_named() -> None:
    """Staff, trainer and the stations outside the easy-read scope show German (per key)."""
    assert fallback_parts(EASY) == ["finder", "fleet", "sensors", "staff", "survey", "trainer"]
    assert set(PARTS).isdisjoint(fallback_parts(EASY))


def test_a_missing_easy_read_key_shows_german_and_other_languages_do_not() -> None:
    catalogs, problems = load_catalogs(CATALOG_DIR)
    assert problems == []
    translator = Translator(catalogs, ("de", "en", "de-LS"))
    translator.set_language(EASY)
    assert translator.tr("staff.dash.lock") == catalogs["de"]["staff.dash.lock"]
    assert translator.tr("menu.title") == catalogs[EASY]["menu.title"]
    assert translator.tr("idle.continue") != catalogs["de"]["idle.continue"]
    plain = Translator({"de": {"a": "A"}, "en": {}}, ("de", "en"))
    plain.set_language("en")
    assert plain.tr("a") == "a"  # only Leichte Sprache borrows from German


def sentences(text: str) -> Iterator[str]:
    text = re.sub(r"\{\w+\}", "X", text)
    for sentence in re.split(r"(?<=[.!?:])\s+", text):
        if sentence.strip():
            yield sentence.strip()


def lint(text: str) -> list[str]:
    """What breaks the simple easy-read rules in one text."""
    found = []
    if ";" in text:
        found.append("semicolon")
    if ABBREVIATIONS.search(text):
        found.append("abbreviation")
    found += [
        f"{len(s.split())} words: {s}" for s in sentences(text) if len(s.split()) > MAX_WORDS
    ]
    return found


def test_the_lint_catches_what_it_should() -> None:
    assert all(lint(text) for text in BAD_EXAMPLES)
    assert lint("Erstens; zweitens.") == ["semicolon"]
    assert lint(" ".join(["Wort"] * 16) + ".")
    assert lint("Die PIN hat 6 Zahlen. Sie ist geheim.") == []


def easy_catalog_texts() -> Iterator[tuple[str, str]]:
    for name in PARTS:
        for key, text in part(EASY, name).items():
            yield f"{name}:{key}", text


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    bundle, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert problems == [] and bundle is not None
    return bundle


def easy_bundle_texts(bundle: Bundle) -> Iterator[tuple[str, str]]:
    for number, slide in enumerate(bundle.slides, 1):
        for field, text in (("title", slide.title), ("text", slide.text)):
            if EASY in text:
                yield f"slide {number} {field}", text[EASY]
    if bundle.office_hours is not None and EASY in bundle.office_hours:
        yield "office_hours", bundle.office_hours[EASY]
    for service in bundle.services:
        texts = [service.title, service.summary, service.audience, service.fee, service.duration]
        for index, text in enumerate([*texts, *service.needs]):
            if text is not None and EASY in text:
                yield f"{service.id} text {index}", text[EASY]


def test_easy_read_catalogs_follow_the_simple_rules() -> None:
    texts = dict(easy_catalog_texts())
    assert len(texts) > 250
    broken = {where: found for where, text in texts.items() if (found := lint(text))}
    assert broken == {}


def test_easy_read_content_follows_the_simple_rules(shipped: Bundle) -> None:
    texts = dict(easy_bundle_texts(shipped))
    assert len(texts) > 50  # every service's overview and needs, the slides, the office hours
    broken = {where: found for where, text in texts.items() if (found := lint(text))}
    assert broken == {}
