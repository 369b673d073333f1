"""UI chrome strings by key, in German, English, Danish and Leichte Sprache, switchable live.

Why not Qt Linguist: the catalogs are small TOML files that staff can proofread, and a live
switch only needs one signal that every screen listens to. Content text (services, slides)
is not here: it lives in the content bundle.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)

CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"

Catalog = dict[str, str]

#: Every language the kiosk has catalogs for. ``de-LS`` is Leichte Sprache (German easy-read).
LANGUAGES = ("de", "en", "da", "de-LS")

#: A language whose catalogs cover only the visitor parts: a key it lacks is shown in the
#: language named here. Why per key and not per screen: a station outside the easy-read scope
#: (finder, survey, staff, ...) stays readable in plain German instead of showing raw keys.
FALLBACK = {"de-LS": "de"}

#: The parts a fallback language must have complete (a test checks it); every other part of
#: the base language is shown in the base language.
COMPLETE_PARTS = {"de-LS": frozenset({"shell", "services", "eid", "keyboard"})}


def base_language(code: str) -> str:
    """The language for locale things (dates, numbers, country names, keyboard): "de-LS" -> "de"."""
    return FALLBACK.get(code, code)


def fallback_parts(language: str, directory: Path | None = None) -> list[str]:
    """The catalog parts ``language`` takes from its fallback language, by file name."""
    base = FALLBACK.get(language)
    if base is None:
        return []
    root = directory or CATALOG_DIR
    own = {path.stem for path in (root / language).glob("*.toml")}
    return sorted(path.stem for path in (root / base).glob("*.toml") if path.stem not in own)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Catalog:
    flat: Catalog = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, str):
            flat[name] = value
        else:
            logger.warning("i18n: %s is not text and is ignored", name)
    return flat


def placeholders(template: str) -> set[str]:
    """Names of the `{param}` fields in a catalog string."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load_catalogs(
    directory: Path = CATALOG_DIR, languages: Iterable[str] = LANGUAGES
) -> tuple[dict[str, Catalog], list[str]]:
    """Read every `<lang>/*.toml` (one file per part: shell, services, eid, ...).

    Why parts: each station keeps its strings in its own file, so adding a station never
    touches another station's catalog. A broken file or a key defined twice is a problem;
    the rest of the language still loads.
    """
    catalogs: dict[str, Catalog] = {}
    problems: list[str] = []
    for lang in languages:
        merged: Catalog = {}
        origin: dict[str, Path] = {}
        files = sorted((directory / lang).glob("*.toml"))
        if not files:
            problems.append(f"{directory / lang}: no catalog files")
        for path in files:
            try:
                part = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                problems.append(f"{path}: {error}")
                continue
            for key in part.keys() & merged.keys():
                problems.append(f"{path}: {key} is already defined in {origin[key].name}")
            for key, text in part.items():
                if key not in merged:
                    merged[key] = text
                    origin[key] = path
        catalogs[lang] = merged
    for problem in problems:
        logger.error("i18n: %s", problem)
    return catalogs, problems


class Translator(QObject):
    """The visitor's current language and the lookup of UI strings.

    Signals:
        language_changed(str): the new language code; screens re-render their texts.
    """

    language_changed = Signal(str)

    def __init__(
        self,
        catalogs: Mapping[str, Catalog],
        languages: Iterable[str] = ("de", "en", "da"),
        default_language: str = "de",
        parent: QObject | None = None,
        fallback: Mapping[str, str] = FALLBACK,
    ) -> None:
        super().__init__(parent)
        self._catalogs = dict(catalogs)
        self.languages: tuple[str, ...] = tuple(languages)
        self.default_language = default_language
        self._language = default_language
        self._fallback = dict(fallback)
        self._reported: set[tuple[str, str]] = set()

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        if language not in self.languages:
            logger.warning("i18n: language %r is not offered; ignored", language)
            return
        if language != self._language:
            self._language = language
            self.language_changed.emit(language)

    def reset(self) -> None:
        """Back to the station's default language (part of the privacy wipe)."""
        self.set_language(self.default_language)

    def tr(self, key: str, **params: object) -> str:  # type: ignore[override]
        return self.tr_in(self._language, key, **params)

    def tr_in(self, language: str, key: str, **params: object) -> str:
        """The string for `key` in `language`, else in its fallback language (Leichte Sprache ->
        German); the key itself (logged once) when missing."""
        template = self._catalogs.get(language, {}).get(key)
        if template is None and language in self._fallback:
            template = self._catalogs.get(self._fallback[language], {}).get(key)
        if template is None:
            self._report(language, key, "missing key")
            return key
        try:
            return template.format(**params) if params or "{" in template else template
        except (KeyError, IndexError, ValueError) as error:
            self._report(language, key, f"bad placeholder {error}")
            return template

    def _report(self, language: str, key: str, what: str) -> None:
        if (language, key) not in self._reported:
            self._reported.add((language, key))
            logger.warning("i18n: %s %r in language %r", what, key, language)


def default_translator(
    languages: Iterable[str] = ("de", "en", "da"), default_language: str = "de"
) -> Translator:
    """A translator over the shipped catalogs (used by the app and by tests)."""
    langs = tuple(languages)
    catalogs, _ = load_catalogs(CATALOG_DIR, LANGUAGES)
    for lang in langs:
        if parts := fallback_parts(lang):
            logger.info("i18n: %s shows %s for: %s", lang, FALLBACK[lang], ", ".join(parts))
    return Translator(catalogs, langs, default_language)
