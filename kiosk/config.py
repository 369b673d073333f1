"""Station configuration: one TOML file over embedded defaults, loaded once, frozen.

Why this shape: an unattended station must start even when its config is wrong, so every
problem is reported (file, line when known, key, expected value) and only the wrong key falls
back to its default; everything else in the file still applies.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.content import DEFAULT_ALLOWED_HOSTS

logger = logging.getLogger(__name__)

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "assets" / "config" / "default.toml"
SUPPORTED_LANGUAGES = ("de", "en", "da")
EID_MODES = ("emulator", "ausweisapp", "external")
MIN_WARNING_SECONDS = 20


@dataclass(frozen=True)
class StationSection:
    name: str = "Plietsch"
    stations: tuple[str, ...] = ("services", "eid", "finder", "survey")
    default_language: str = "de"
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class SessionSection:
    idle_seconds: int = 90
    warning_seconds: int = 30
    result_seconds: int = 60
    slide_seconds: int = 8


@dataclass(frozen=True)
class ContentSection:
    bundle_dir: Path | None = None
    allowed_hosts: tuple[str, ...] = tuple(DEFAULT_ALLOWED_HOSTS)


@dataclass(frozen=True)
class EidConfig:
    """Plain settings for the eID station: how to reach an AusweisApp (or the emulator)."""

    mode: str = "ausweisapp"
    url: str | None = None
    binary: str = "AusweisApp2"
    tc_token_url: str | None = None
    developer_mode: bool = False


@dataclass(frozen=True)
class FinderSection:
    """The service finder station."""

    max_results: int = 6


@dataclass(frozen=True)
class SurveySection:
    """The Digitale-Agenda survey station; `database` defaults to survey.sqlite3 in the data dir."""

    database: Path | None = None
    public_results: bool = True


@dataclass(frozen=True)
class Config:
    station: StationSection = field(default_factory=StationSection)
    session: SessionSection = field(default_factory=SessionSection)
    content: ContentSection = field(default_factory=ContentSection)
    eid: EidConfig = field(default_factory=EidConfig)
    finder: FinderSection = field(default_factory=FinderSection)
    survey: SurveySection = field(default_factory=SurveySection)


@dataclass(frozen=True)
class ConfigProblem:
    path: Path
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.key}: {self.message}"


Converter = Callable[[Any], Any]


class _InvalidError(ValueError):
    """A value that does not fit; its text says what was expected."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _InvalidError("expected a non-empty string")
    return value


def _optional_url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^(wss?|https?)://", text):
        raise _InvalidError("expected a ws://, wss://, http:// or https:// URL")
    return text


def _https_url(value: Any) -> str:
    text = _text(value)
    if not text.startswith("https://"):
        raise _InvalidError("expected an https:// URL")
    return text


def _int_range(low: int, high: int) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _InvalidError(f"expected a whole number from {low} to {high}")
        return value

    return convert


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _InvalidError("expected true or false")
    return value


def _choice(options: tuple[str, ...]) -> Converter:
    def convert(value: Any) -> str:
        if value not in options:
            raise _InvalidError("expected one of " + ", ".join(f'"{o}"' for o in options))
        return str(value)

    return convert


def _string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _InvalidError("expected a list of strings")
    return tuple(value)


def _languages(value: Any) -> tuple[str, ...]:
    langs = _string_list(value)
    unknown = [lang for lang in langs if lang not in SUPPORTED_LANGUAGES]
    if not langs or unknown or len(set(langs)) != len(langs):
        raise _InvalidError(
            "expected a non-empty list without repeats from " + ", ".join(SUPPORTED_LANGUAGES)
        )
    return langs


def _directory(value: Any) -> Path:
    return Path(_text(value)).expanduser()


def _hosts(value: Any) -> tuple[str, ...]:
    hosts = _string_list(value)
    if not hosts or any(not re.fullmatch(r"[a-z0-9.-]+", h) for h in hosts):
        raise _InvalidError("expected a non-empty list of lower-case host names")
    return hosts


SCHEMA: dict[str, dict[str, Converter]] = {
    "station": {
        "name": _text,
        "stations": _string_list,
        "default_language": _choice(SUPPORTED_LANGUAGES),
        "languages": _languages,
    },
    "session": {
        "idle_seconds": _int_range(10, 3600),
        "warning_seconds": _int_range(MIN_WARNING_SECONDS, 300),
        "result_seconds": _int_range(10, 600),
        "slide_seconds": _int_range(3, 120),
    },
    "content": {"bundle_dir": _directory, "allowed_hosts": _hosts},
    "eid": {
        "mode": _choice(EID_MODES),
        "url": _optional_url,
        "binary": _text,
        "tc_token_url": _https_url,
        "developer_mode": _boolean,
    },
    "finder": {"max_results": _int_range(1, 20)},
    "survey": {"database": _directory, "public_results": _boolean},
}


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """Best-effort line number of `[section]` or `key = …` inside it (tomllib gives none)."""
    in_section = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
            if in_section and key is None:
                return number
            continue
        if in_section and key and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def _apply(
    data: Mapping[str, Any], text: str, path: Path, base: Config
) -> tuple[Config, list[ConfigProblem]]:
    problems: list[ConfigProblem] = []
    sections: dict[str, Any] = {
        "station": base.station,
        "session": base.session,
        "content": base.content,
        "eid": base.eid,
        "finder": base.finder,
        "survey": base.survey,
    }
    for section_name, values in data.items():
        if section_name not in SCHEMA:
            problems.append(
                ConfigProblem(
                    path,
                    _line_of(text, section_name, None),
                    section_name,
                    "unknown section; expected one of " + ", ".join(SCHEMA),
                )
            )
            continue
        if not isinstance(values, dict):
            problems.append(ConfigProblem(path, None, section_name, "expected a [table]"))
            continue
        changes: dict[str, Any] = {}
        for key, raw in values.items():
            dotted = f"{section_name}.{key}"
            line = _line_of(text, section_name, key)
            converter = SCHEMA[section_name].get(key)
            if converter is None:
                known = ", ".join(SCHEMA[section_name])
                problems.append(ConfigProblem(path, line, dotted, f"unknown key; expected {known}"))
                continue
            try:
                changes[key] = converter(raw)
            except _InvalidError as error:
                problems.append(
                    ConfigProblem(path, line, dotted, f"{error}, got {raw!r}; default kept")
                )
        sections[section_name] = replace(sections[section_name], **changes)
    config = Config(**sections)
    return _check_consistency(config, text, path, problems)


def _check_consistency(
    config: Config, text: str, path: Path, problems: list[ConfigProblem]
) -> tuple[Config, list[ConfigProblem]]:
    station = config.station
    if station.default_language not in station.languages:
        problems.append(
            ConfigProblem(
                path,
                _line_of(text, "station", "default_language"),
                "station.default_language",
                f'"{station.default_language}" is not among station.languages; '
                f'using "{station.languages[0]}"',
            )
        )
        station = replace(station, default_language=station.languages[0])
    if config.eid.mode == "external" and not config.eid.url:
        problems.append(
            ConfigProblem(
                path, _line_of(text, "eid", "mode"), "eid.url", 'expected a URL for mode "external"'
            )
        )
    return replace(config, station=station), problems


def _read(path: Path) -> tuple[dict[str, Any] | None, str, ConfigProblem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, "", ConfigProblem(path, None, "(file)", f"cannot read: {error}")
    try:
        return tomllib.loads(text), text, None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        return None, text, ConfigProblem(path, line, "(syntax)", f"not valid TOML: {error}")


def load_config(
    path: Path | None = None, *, demo: bool = False
) -> tuple[Config, list[ConfigProblem]]:
    """Embedded defaults, then `path` on top; never raises for a bad file.

    `demo` forces the eID mode "emulator" so a demo never needs hardware.
    """
    problems: list[ConfigProblem] = []
    config = Config()
    data, text, problem = _read(DEFAULT_CONFIG_PATH)
    if data is not None:
        config, found = _apply(data, text, DEFAULT_CONFIG_PATH, config)
        problems += found
    elif problem:
        problems.append(problem)
    if path is not None:
        data, text, problem = _read(path)
        if data is not None:
            config, found = _apply(data, text, path, config)
            problems += found
        elif problem:
            problems.append(problem)
    if demo:
        config = replace(config, eid=replace(config.eid, mode="emulator"))
    for item in problems:
        logger.warning("config: %s", item)
    return config, problems
