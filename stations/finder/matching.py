"""Search over the finder catalogue that forgives typos, word forms and the other languages.

Why built like this: a visitor types on a touch keyboard, in German, English or Danish, with
typos and in everyday words ("ummelden", "dog tax", "flytte"). Every word of the catalogue
(titles and search words of every language, summaries and office names with less weight) is
stemmed once with the Snowball stemmer of its language and folded (ä → a, ø → o, ß → ss). A
query word is stemmed with all three stemmers, then matched exactly, as the beginning of a
word (results while typing), as part of a compound ("steuer" in "hundesteuer"), or within one
or two typing errors (rapidfuzz, optimal string alignment). Rare words count more than common
ones (inverse document frequency). Synonyms and colloquial words live in the catalogue.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from stations.finder.catalogue import LANGUAGES, Catalogue, FinderService

logger = logging.getLogger(__name__)

_STEMMER_NAMES = {"de": "german", "en": "english", "da": "danish"}
_STEMMERS = {lang: snowballstemmer.stemmer(name) for lang, name in _STEMMER_NAMES.items()}
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o", "å": "a"})
_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_CHARS = 120  # the on-screen field holds less; a pasted flood is cut here

# How well a query word fits a catalogue word, before word and field weights.
EXACT, PREFIX_TYPING, PREFIX, PART_OF, CONTAINS = 1.0, 0.9, 0.8, 0.7, 0.6
FUZZY = {1: 0.8, 2: 0.65}
# Field weights: a word of a title or search phrase says more than one in a summary.
KEYWORD, OFFICE, SUMMARY = 1.0, 0.6, 0.45
MIN_SCORE = 0.3
# Share of the final score that says how completely the query covers one title or search
# phrase: "ummelden" is all of a search phrase of the address service, a third of "Gewerbe
# ummelden oder abmelden".
COVERAGE_SHARE = 0.15

Phrase = tuple[frozenset[str], ...]  # one entry per word: the word's forms


@dataclass(frozen=True)
class Hit:
    service: FinderService
    score: float


def fold(word: str) -> str:
    return word.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def stem(word: str, lang: str) -> str:
    return fold(_STEMMERS[lang].stemWord(word.casefold()))


def query_forms(word: str) -> set[str]:
    """The word folded, and stemmed by each language's stemmer (the visitor's language is
    only a guess: "flytte" typed in the German interface is still Danish)."""
    forms = {fold(word)}
    forms.update(stem(word, lang) for lang in LANGUAGES)
    return {form for form in forms if form}


def _max_edits(form: str) -> int:
    if len(form) < 4:
        return 0
    return 1 if len(form) <= 6 else 2


class FinderIndex:
    """The catalogue prepared for fast searching; build once, search many times."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.stopwords: frozenset[str] = frozenset().union(*catalogue.stopwords.values())
        self._weights: dict[str, dict[int, float]] = {}
        self._phrases: list[list[Phrase]] = [[] for _ in catalogue.services]
        for index, service in enumerate(catalogue.services):
            for lang in LANGUAGES:
                for phrase in (service.title.get_text(lang), *service.keywords.get(lang, ())):
                    self._add(index, phrase, lang, KEYWORD)
                self._add(index, service.summary.get_text(lang), lang, SUMMARY)
                self._add(index, service.office.name.get_text(lang), lang, OFFICE)
        self.vocabulary: list[str] = sorted(self._weights)
        count = max(len(catalogue.services), 1)
        self._idf = {
            token: math.log(1 + count / len(entries)) for token, entries in self._weights.items()
        }
        self._unknown_idf = math.log(1 + count)

    def _add(self, index: int, text: str, lang: str, weight: float) -> None:
        phrase: list[frozenset[str]] = []
        for word in words(text):
            if word in self.stopwords or len(word) < 2:
                continue
            forms = frozenset({fold(word), stem(word, lang)})
            phrase.append(forms)
            for token in forms:
                entries = self._weights.setdefault(token, {})
                entries[index] = max(entries.get(index, 0.0), weight)
        if weight >= KEYWORD and phrase:
            self._phrases[index].append(tuple(phrase))

    def _coverage(self, index: int, matched: dict[str, float]) -> float:
        """How completely the best-covered title or search phrase of a service was typed."""
        best = 0.0
        for phrase in self._phrases[index]:
            total = sum(max((matched.get(f, 0.0) for f in forms), default=0.0) for forms in phrase)
            best = max(best, total / len(phrase))
        return best

    # searching ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 8, min_score: float = MIN_SCORE) -> list[Hit]:
        """The best services for ``query``, best first; [] for an empty or useless query."""
        query = query[:MAX_QUERY_CHARS]
        typed = [w for w in words(query) if w not in self.stopwords]
        if not typed:
            return []
        still_typing = not query[-1:].isspace()
        totals = [0.0] * len(self.catalogue.services)
        weight_sum = 0.0
        matched: dict[str, float] = {}
        for position, word in enumerate(typed):
            last = still_typing and position == len(typed) - 1
            matches = self._matches(word, typing=last)
            if not matches:
                weight_sum += self._unknown_idf * (0.5 if last else 1.0)
                continue
            for token, quality in matches.items():
                matched[token] = max(matched.get(token, 0.0), quality)
            best_token = max(matches, key=lambda t: (matches[t], self._idf[t]))
            word_weight = self._idf[best_token]
            weight_sum += word_weight
            best: dict[int, float] = {}
            for token, quality in matches.items():
                for index, field_weight in self._weights[token].items():
                    value = quality * field_weight
                    if value > best.get(index, 0.0):
                        best[index] = value
            for index, value in best.items():
                totals[index] += word_weight * value
        if weight_sum <= 0:
            return []
        hits = []
        for index, service in enumerate(self.catalogue.services):
            base = totals[index] / weight_sum
            if base <= 0:
                continue
            score = (1 - COVERAGE_SHARE) * base + COVERAGE_SHARE * self._coverage(index, matched)
            if score >= min_score:
                hits.append(Hit(service, score))
        hits.sort(key=lambda hit: (-hit.score, hit.service.id))
        return hits[:limit]

    def _matches(self, word: str, *, typing: bool) -> dict[str, float]:
        """Catalogue tokens that fit ``word``, with how well (0..1)."""
        found: dict[str, float] = {}

        def note(token: str, quality: float) -> None:
            if quality > found.get(token, 0.0):
                found[token] = quality

        for form in query_forms(word):
            if form in self._weights:
                note(form, EXACT)
            if len(form) >= (2 if typing else 3):
                for token in self._with_prefix(form):
                    note(token, PREFIX_TYPING if typing else PREFIX)
            if len(form) >= 4:
                for token in self.vocabulary:
                    if form in token:
                        note(token, PART_OF)
                    elif len(token) >= 4 and token in form:
                        note(token, CONTAINS)
            edits = _max_edits(form)
            if edits:
                for token, distance, _ in process.extract(
                    form, self.vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None
                ):
                    if distance and len(token) >= 4:
                        note(token, FUZZY[int(distance)])
        return found

    def _with_prefix(self, prefix: str) -> Iterable[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        for token in self.vocabulary[start:]:
            if not token.startswith(prefix):
                break
            yield token


def substring_search(catalogue: Catalogue, query: str, limit: int = 8) -> list[FinderService]:
    """The naive reference for the benchmark: services whose title or search words contain the
    query as typed (case-insensitive)."""
    needle = query.strip().casefold()
    if not needle:
        return []
    found = []
    for service in catalogue.services:
        haystack = [service.title.get_text(lang).casefold() for lang in LANGUAGES]
        haystack += [k.casefold() for lang in LANGUAGES for k in service.keywords.get(lang, ())]
        if any(needle in text for text in haystack):
            found.append(service)
    return found[:limit]
