"""The finder finds what visitors mean: typos, word forms, colloquial words, three languages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from stations.finder.matching import MAX_QUERY_CHARS, FinderIndex

QUERIES = Path(__file__).with_name("queries.toml")


def load_queries() -> list[dict[str, object]]:
    with QUERIES.open("rb") as handle:
        return list(tomllib.load(handle)["query"])


def top3(index: FinderIndex, text: str) -> list[str]:
    return [hit.service.id for hit in index.search(text, limit=3)]


def test_the_query_set_is_large_and_covers_three_languages(index: FinderIndex) -> None:
    queries = load_queries()
    assert len(queries) >= 60
    by_language = {lang: [q for q in queries if q["lang"] == lang] for lang in ("de", "en", "da")}
    assert all(len(items) >= 15 for items in by_language.values())
    known = {service.id for service in index.catalogue.services}
    for query in queries:
        assert set(query["expect"]) <= known, query  # type: ignore[arg-type]


def test_top3_rate_is_at_least_90_percent(index: FinderIndex) -> None:
    queries = load_queries()
    misses = [
        (q["text"], q["expect"], top3(index, str(q["text"])))
        for q in queries
        if not set(q["expect"]) & set(top3(index, str(q["text"])))  # type: ignore[arg-type]
    ]
    rate = 1 - len(misses) / len(queries)
    assert rate >= 0.9, misses


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ummelden", "wohnsitz-anmelden"),
        ("neue Adresse", "wohnsitz-anmelden"),
        ("dog tax", "hundesteuer"),
        ("flytte", "wohnsitz-anmelden"),
    ],
)
def test_the_examples_of_the_brief_come_first(
    index: FinderIndex, query: str, expected: str
) -> None:
    assert top3(index, query)[0] == expected


def test_results_appear_while_typing(index: FinderIndex) -> None:
    assert "hundesteuer" in top3(index, "Hundest")
    assert "sperrmuell" in top3(index, "sperrm")
    # a finished word (followed by a space) is no longer taken as the start of a longer one
    assert index.search("Hund ")[0].service.id == "hundesteuer"


def test_typos_cost_score_but_still_find(index: FinderIndex) -> None:
    exact = index.search("Führerschein")[0]
    typo = index.search("Führerschien")[0]
    assert exact.service.id == typo.service.id == "fuehrerschein"
    assert typo.score < exact.score


def test_umlauts_may_be_left_out(index: FinderIndex) -> None:
    assert top3(index, "fuhrerschein")[0] == top3(index, "führerschein")[0]
    assert "muelltonne" in top3(index, "mulltonne")


def test_nonsense_and_filler_words_find_nothing(index: FinderIndex) -> None:
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("ich möchte bitte") == []
    assert index.search("xqzvbnw") == []
    assert index.search("!!!???") == []


def test_scores_are_sorted_and_bounded(index: FinderIndex) -> None:
    hits = index.search("Auto", limit=20)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1.0 for score in scores)
    assert len(index.search("a " * 5000, limit=50)) <= 50
    assert MAX_QUERY_CHARS < 1000
