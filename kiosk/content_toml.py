"""Read a TOML content file and find the line of any key in it.

``tomllib`` gives values but no positions, and ``tomlkit`` is not available, so a small
scanner walks the (already valid) source and maps every key path to its line:
``("steps", 2, "title")`` is the ``title`` key of the third ``[[steps]]`` table. Editors of
content bundles then get ``file:line: message`` like from a compiler.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content_model import Problem

logger = logging.getLogger(__name__)

KeyPath = tuple[str | int, ...]
MAX_FILE_BYTES = 512 * 1024  # far above any real content file; guards against a flood

_TOMLLIB_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class LineMap:
    """Key path -> line number (1-based) of one TOML file.

    Scanned on first use: only a problem needs a line, and scanning every file of a valid
    bundle at start-up took longer than parsing it (and delayed the first painted screen).
    """

    def __init__(self, source: str = "") -> None:
        self._source: str | None = source
        self._lines: dict[KeyPath, int] | None = None

    @property
    def lines(self) -> dict[KeyPath, int]:
        if self._lines is None:
            scanner = _Scanner()
            # Split on "\n" only, as tomllib counts lines: str.splitlines() would also split
            # on characters such as U+2028 that may stand inside a TOML string.
            for number, line in enumerate((self._source or "").split("\n"), start=1):
                scanner.feed(number, line.removesuffix("\r"))
            self._lines, self._source = scanner.lines, None
        return self._lines

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest located parent, or 1."""
        lines = self.lines
        for end in range(len(path), 0, -1):
            line = lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def is_located(self, path: KeyPath) -> bool:
        return path in self.lines


@dataclass(frozen=True)
class TomlFile:
    """A parsed file: its data and where each key is."""

    data: dict[str, Any]
    lines: LineMap


def read_toml(path: Path) -> tuple[TomlFile | None, list[Problem]]:
    """Parse ``path``; on any failure return None and a problem with the line, never raise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, 1, "file not found")]
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file ({error.strerror or error})")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, f"file is too large (over {MAX_FILE_BYTES // 1024} KiB)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "not UTF-8 text: save the file as UTF-8")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(path, text, str(error))]
    return TomlFile(data, locate_keys(text)), []


def _syntax_problem(path: Path, text: str, detail: str) -> Problem:
    match = _TOMLLIB_POSITION.search(detail)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        reason = _TOMLLIB_POSITION.sub("", detail).strip()
        return Problem(path, line, f"bad TOML syntax: {reason} (column {column})")
    reason = detail.replace("(at end of document)", "").strip()
    return Problem(path, text.count("\n") + 1, f"bad TOML syntax at the end of the file: {reason}")


def locate_keys(text: str) -> LineMap:
    """Map every table header and key of a valid TOML text to its line (scanned when asked)."""
    return LineMap(text)


class _Scanner:
    """Line scanner that tracks multi-line strings and brackets so values are never read as keys."""

    def __init__(self) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        self.array_index: dict[KeyPath, int] = {}
        self.open_multiline: str | None = None  # '"""' or "'''" while inside one
        self.depth = 0  # open [ and { of a value spanning lines

    def feed(self, number: int, line: str) -> None:
        if self.open_multiline is not None or self.depth > 0:
            self._skip_value(line, 0)
            return
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return
        if stripped.startswith("[["):
            self._header(number, stripped[2:], is_array=True)
        elif stripped.startswith("["):
            self._header(number, stripped[1:], is_array=False)
        else:
            self._key_value(number, line)

    def _header(self, number: int, rest: str, *, is_array: bool) -> None:
        parts, _ = _parse_key(rest, 0)
        resolved: KeyPath = ()
        for index, part in enumerate(parts):
            resolved = (*resolved, part)
            last = index == len(parts) - 1
            if last and is_array:
                position = self.array_index.get(resolved, -1) + 1
                self.array_index[resolved] = position
                self.lines.setdefault(resolved, number)
                resolved = (*resolved, position)
            elif resolved in self.array_index:
                resolved = (*resolved, self.array_index[resolved])
        self.table = resolved
        self.lines.setdefault(resolved, number)

    def _key_value(self, number: int, line: str) -> None:
        parts, end = _parse_key(line, 0)
        if not parts:
            return
        path = (*self.table, *parts)
        for cut in range(len(self.table) + 1, len(path) + 1):
            self.lines.setdefault(path[:cut], number)
        equals = line.find("=", end)
        if equals >= 0:
            self._skip_value(line, equals + 1)

    def _skip_value(self, line: str, start: int) -> None:
        """Advance string and bracket state over ``line[start:]``."""
        i = start
        while i < len(line):
            if self.open_multiline is not None:
                close = line.find(self.open_multiline, i)
                if close < 0:
                    return
                i = close + 3
                while i < len(line) and line[i] == self.open_multiline[0]:
                    i += 1  # up to two quotes may end the content right before the delimiter
                self.open_multiline = None
                continue
            char = line[i]
            if char == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.open_multiline = line[i : i + 3]
                i += 3
            elif char in "\"'":
                i = _end_of_string(line, i)
            elif char in "[{":
                self.depth += 1
                i += 1
            elif char in "]}":
                self.depth = max(0, self.depth - 1)
                i += 1
            else:
                i += 1


def _end_of_string(line: str, start: int) -> int:
    """Index just after the one-line string that starts at ``start``."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


def _parse_key(text: str, start: int) -> tuple[tuple[str, ...], int]:
    """Parse a dotted key such as ``a."b c".d`` from ``start``; return its parts and end index."""
    parts: list[str] = []
    i = start
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text):
            break
        if text[i] in "\"'":
            end = _end_of_string(text, i)
            body = text[i + 1 : end - 1]
            if text[i] == '"':
                body = _unescape(body)
            parts.append(body)
            i = end
        else:
            match = _BARE_KEY.match(text, i)
            if not match:
                break
            parts.append(match.group())
            i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        break
    return tuple(parts), i


def _unescape(body: str) -> str:
    try:
        value = tomllib.loads(f'k = "{body}"')["k"]
    except tomllib.TOMLDecodeError:
        return body
    return value if isinstance(value, str) else body
