"""Typed reading of content fields, with a clear located problem for every mistake.

Each method returns the value, or None after reporting what is wrong and what was expected.
Reading goes on after a problem, so one run shows an editor every mistake in a file.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Collection, Iterator, Mapping
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.content_model import LocalText, Problem
from kiosk.content_toml import KeyPath, LineMap

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_SVG_MARK = re.compile(rb"<svg[\s>]")


def type_name(value: object) -> str:
    """How a TOML value's type is called in messages for content editors."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date/time"
    return type(value).__name__


def describe(where: KeyPath) -> str:
    """``("steps", 2)`` -> `` in [[steps]] number 3``; the top of a file -> ``""``."""
    if not where:
        return ""
    parts: list[str] = []
    for part in where:
        if isinstance(part, int):
            parts[-1] = f"[[{parts[-1]}]] number {part + 1}"
        else:
            parts.append(part)
    text = ".".join(parts)
    return f" in {text}" if "[[" in text else f" in [{text}]"


#: Languages a text may carry beyond the bundle's own, and the bundle language they need.
#: Leichte Sprache is optional per text: where it is missing, the German text is shown.
OPTIONAL_LANGUAGES = {"de-LS": "de"}

#: Language codes people often write by mistake, and what they most likely meant.
_LANGUAGE_MIXUPS = {"dk": "da", "ge": "de", "ger": "de", "gb": "en", "uk": "en", "eng": "en"}


class FieldReader:
    """Reads fields of one file and appends a ``Problem`` for each mistake."""

    def __init__(
        self,
        path: Path,
        lines: LineMap,
        languages: tuple[str, ...],
        bundle_dir: Path,
        problems: list[Problem],
    ) -> None:
        self.path = path
        self.lines = lines
        self.languages = languages
        self.bundle_dir = bundle_dir
        self.problems = problems

    def report(self, at: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line_of(at), message))

    def check_keys(
        self, table: Mapping[str, object], where: KeyPath, known: Collection[str]
    ) -> None:
        """Report every key that is not in ``known``, with a suggestion for a likely typo."""
        for key in table:
            if key in known:
                continue
            message = f'unknown field "{key}"{describe(where)}'
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            if close:
                message += f': did you mean "{close[0]}"?'
            else:
                message += f" (known fields: {', '.join(known)})"
            self.report((*where, key), message)

    def _get(
        self, table: Mapping[str, object], where: KeyPath, key: str, expected: str, required: bool
    ) -> object | None:
        if key not in table:
            if required:
                self.report(where, f'missing required field "{key}"{describe(where)} ({expected})')
            return None
        return table[key]

    def _wrong_type(self, where: KeyPath, key: str, value: object, expected: str) -> None:
        self.report(
            (*where, key),
            f'"{key}"{describe(where)} has the wrong type: '
            f"expected {expected}, got {type_name(value)}",
        )

    def table(
        self, data: Mapping[str, object], where: KeyPath, key: str
    ) -> dict[str, object] | None:
        value = self._get(data, where, key, f"a [{key}] table", required=True)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._wrong_type(where, key, value, f"a [{key}] table")
            return None
        return value

    def tables(
        self, data: Mapping[str, object], where: KeyPath, key: str, *, required: bool = True
    ) -> Iterator[tuple[int, dict[str, object]]]:
        """The ``[[key]]`` tables with their index; at least one when required."""
        expected = f"at least one [[{key}]] table"
        value = self._get(data, where, key, expected, required)
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self._wrong_type(where, key, value, f"[[{key}]] tables")
            return
        if not value and required:
            self.report((*where, key), f'"{key}" is empty{describe(where)}: expected {expected}')
        yield from enumerate(value)

    def string(
        self,
        data: Mapping[str, object],
        where: KeyPath,
        key: str,
        *,
        pattern: re.Pattern[str] | None = None,
        required: bool = True,
    ) -> str | None:
        hint = "lower-case letters, digits and -" if pattern else "text"
        value = self._get(data, where, key, f"text: {hint}", required)
        if value is None:
            return None
        if not isinstance(value, str):
            self._wrong_type(where, key, value, "text")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.report((*where, key), f'"{key}" is "{value}": use only {hint}')
            return None
        return value

    def string_list(
        self, data: Mapping[str, object], where: KeyPath, key: str, *, required: bool = True
    ) -> list[str] | None:
        value = self._get(data, where, key, 'a list such as ["de", "en"]', required)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._wrong_type(where, key, value, "a list of texts")
            return None
        return value

    def integer(self, data: Mapping[str, object], where: KeyPath, key: str) -> int | None:
        value = self._get(data, where, key, "a whole number such as 10", required=True)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self._wrong_type(where, key, value, "a whole number such as 10")
            return None
        return value

    def boolean(
        self, data: Mapping[str, object], where: KeyPath, key: str, *, required: bool = True
    ) -> bool | None:
        value = self._get(data, where, key, "true or false", required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self._wrong_type(where, key, value, "true or false")
            return None
        return value

    def choice(
        self, data: Mapping[str, object], where: KeyPath, key: str, allowed: Collection[str]
    ) -> str | None:
        """An optional text that must be one of ``allowed``."""
        value = data.get(key)
        if value is None:
            return None
        expected = " or ".join(f'"{a}"' for a in allowed)
        if not isinstance(value, str):
            self._wrong_type(where, key, value, expected)
            return None
        if value not in allowed:
            self.report((*where, key), f'unknown {key} "{value}"{describe(where)}: use {expected}')
            return None
        return value

    def text(
        self, data: Mapping[str, object], where: KeyPath, key: str, *, required: bool = True
    ) -> LocalText | None:
        """A localized text: a table with one non-empty text per bundle language."""
        example = "{ " + ", ".join(f'{lang} = "…"' for lang in self.languages) + " }"
        value = self._get(data, where, key, f"translations like {example}", required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._wrong_type(where, key, value, f"translations like {example}")
            return None
        at = (*where, key)
        fine = True
        optional = [
            lang
            for lang, base in OPTIONAL_LANGUAGES.items()
            if lang in value and base in self.languages
        ]
        for lang in value:
            if lang not in self.languages and lang not in optional:
                fine = False
                message = (
                    f'unknown language "{lang}" in "{key}"{describe(where)}: '
                    f"the bundle's languages are {', '.join(self.languages)}"
                )
                close = [_LANGUAGE_MIXUPS[lang]] if lang in _LANGUAGE_MIXUPS else []
                close = close or difflib.get_close_matches(lang, self.languages, n=1, cutoff=0.5)
                self.report(
                    (*at, lang), message + (f': did you mean "{close[0]}"?' if close else "")
                )
        for lang in (*self.languages, *optional):
            if lang not in value:
                fine = False
                self.report(at, f'missing translation "{lang}" for "{key}"{describe(where)}')
                continue
            text = value[lang]
            if not isinstance(text, str):
                fine = False
                self._wrong_type(at, lang, text, "text")
            elif not text.strip():
                fine = False
                self.report((*at, lang), f'empty text in "{key}" ({lang}){describe(where)}')
        if not fine:
            return None
        return LocalText({lang: value[lang] for lang in (*self.languages, *optional)})

    def url(
        self, data: Mapping[str, object], where: KeyPath, key: str, allowed_hosts: Collection[str]
    ) -> str | None:
        """A public portal address: https, and its host on the station's allow-list."""
        value = self._get(data, where, key, 'an address like "https://…"', required=True)
        if value is None:
            return None
        at = (*where, key)
        if not isinstance(value, str):
            self._wrong_type(where, key, value, 'an address like "https://…"')
            return None
        try:
            parts = urlsplit(value)
            host = (parts.hostname or "").lower()
        except ValueError:
            self.report(at, f'"{key}" is not a valid address: "{value}"')
            return None
        if parts.scheme.lower() != "https":
            self.report(at, f'"{key}" must start with https:// (got "{value}")')
            return None
        allowed = {h.lower() for h in allowed_hosts}
        if host not in allowed:
            listed = ", ".join(sorted(allowed)) or "none"
            self.report(
                at, f'host "{host}" of "{key}" is not on the allow-list (allowed: {listed})'
            )
            return None
        return value

    def image(self, data: Mapping[str, object], where: KeyPath, key: str) -> Path | None:
        """An optional image file inside the bundle: PNG, JPEG or SVG that really is one."""
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self._wrong_type(where, key, value, 'a path such as "images/start.png"')
            return None
        at = (*where, key)
        relative = Path(value)
        if relative.is_absolute() or ".." in relative.parts:
            self.report(
                at, f'image "{value}" must be a path inside the bundle, e.g. "images/a.png"'
            )
            return None
        if relative.suffix.lower() not in IMAGE_SUFFIXES:
            self.report(at, f'image "{value}" has an unsupported type: use PNG, JPEG or SVG')
            return None
        path = self.bundle_dir / relative
        if not path.resolve().is_relative_to(self.bundle_dir.resolve()):
            self.report(at, f'image "{value}" points outside the bundle folder (a link?)')
            return None
        try:
            with path.open("rb") as file:
                head = file.read(2048)
        except OSError:
            self.report(at, f'image "{value}" not found in the bundle folder {self.bundle_dir}')
            return None
        if not _looks_like(relative.suffix.lower(), head):
            self.report(at, f'image "{value}" is not a valid {relative.suffix[1:].upper()} file')
            return None
        return path


def _looks_like(suffix: str, head: bytes) -> bool:
    if suffix == ".png":
        return head.startswith(_PNG_MAGIC)
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(_JPEG_MAGIC)
    return _SVG_MARK.search(head) is not None
