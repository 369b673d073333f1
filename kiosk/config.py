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
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.content import DEFAULT_ALLOWED_HOSTS

logger = logging.getLogger(__name__)

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "assets" / "config" / "default.toml"
SUPPORTED_LANGUAGES = ("de", "en", "da", "de-LS")  # de-LS: Leichte Sprache
EID_MODES = ("emulator", "ausweisapp", "external")
PIN_ENTRIES = ("screen", "reader-only")
HEALTH_CHECKS = (
    "ausweisapp",
    "readers",
    "portal",
    "content",
    "updates",
    "statistics",
    "staff",
    "uptime",
)
GESTURE_CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
TRAINER_WINDOW = ("off", "auto", "on")
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
    binary: str | None = None  # None: AusweisApp (2.x), else AusweisApp2 (1.x) on PATH
    tc_token_url: str | None = None
    developer_mode: bool = False
    pin_entry: str = "screen"  # "reader-only": numbers only on a reader's own keypad
    # seconds without an answer from the visitor (a PIN, typed on screen or on the reader)
    # before the kiosk cancels the eID workflow (eid.workflows.timing.INPUT_TIMEOUT_S)
    input_timeout_seconds: int = 150
    # the hand-off after the self-disclosure: log in to the city's portal with the online ID
    portal_login_url: str = "https://serviceportal.schleswig-holstein.de/"
    # the hand-off without a PIN: the citizen office's page (appointments, opening hours)
    appointment_url: str = (
        "https://www.flensburg.de/Leben-Soziales/Unsere-%C3%84mter-von-A-Z/B%C3%BCrgerb%C3%BCro/"
    )


@dataclass(frozen=True)
class StaffSection:
    """Staff access and health. `required_checks` None: chosen from the stations shown."""

    enabled: bool = True
    gesture_corner: str = "top-left"
    auto_lock_seconds: int = 60
    required_checks: tuple[str, ...] | None = None
    portal_urls: tuple[str, ...] | None = None  # None: https://<host>/ of content.allowed_hosts
    export_dir: Path | None = None  # None: "exports" in the data directory


@dataclass(frozen=True)
class TrainerSection:
    window: str = "off"  # "auto": only when a second screen is attached


@dataclass(frozen=True)
class FleetSection:
    """Content pull and metrics export for stations run as a fleet (deploy/, README)."""

    content_url: str | None = None
    public_key: str | None = None
    ca_file: Path | None = None
    poll_seconds: int = 300
    max_megabytes: int = 50
    state_dir: Path | None = None
    metrics_file: Path | None = None
    metrics_seconds: int = 60


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
class SensorsSection:
    """The live-sensors station: where it stands, which sources it reads, how often."""

    latitude: float = 54.78
    longitude: float = 9.43
    radius_km: float = 10.0
    # PEGELONLINE uuid of the Flensburg gauge (README, live sensors); empty: looked up nearby
    gauge_id: str = "9e19c411-f728-4a43-a057-39d4155c71cc"
    gauge_search_km: float = 10.0
    workshop_url: str = ""  # an airRohr sensor's http://<ip>/data.json; empty: none
    refresh_minutes: int = 5
    contact: str = "https://www.flensburg.de"  # sent in the User-Agent: who runs the station
    air_api: str = "https://data.sensor.community/airrohr/v1/filter/"
    water_api: str = "https://www.pegelonline.wsv.de/webservices/rest-api/v2/"
    timezone: str = "Europe/Berlin"
    cache_file: Path | None = None


@dataclass(frozen=True)
class SpeechSection:
    engine: str = "speechd"
    keep_after_visit: bool = False
    headset_auto: bool = True


@dataclass(frozen=True)
class Config:
    station: StationSection = field(default_factory=StationSection)
    session: SessionSection = field(default_factory=SessionSection)
    content: ContentSection = field(default_factory=ContentSection)
    eid: EidConfig = field(default_factory=EidConfig)
    staff: StaffSection = field(default_factory=StaffSection)
    trainer: TrainerSection = field(default_factory=TrainerSection)
    fleet: FleetSection = field(default_factory=FleetSection)
    finder: FinderSection = field(default_factory=FinderSection)
    survey: SurveySection = field(default_factory=SurveySection)
    sensors: SensorsSection = field(default_factory=SensorsSection)
    speech: SpeechSection = field(default_factory=SpeechSection)

    @property
    def uses_eid(self) -> bool:
        """Whether a configured station needs the eID back end (AusweisApp or emulator):
        without the eID station nothing is started for it."""
        return "eid" in self.station.stations


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


def _float_range(low: float, high: float) -> Converter:
    def convert(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise _InvalidError(f"expected a number from {low:g} to {high:g}")
        return float(value)

    return convert


def _http_url_or_empty(value: Any) -> str:
    if value == "":
        return ""
    text = _text(value)
    if not re.match(r"^https?://[^/\s]+", text):
        raise _InvalidError('expected an http:// or https:// address, or ""')
    return text


def _text_or_empty(value: Any) -> str:
    if not isinstance(value, str):
        raise _InvalidError("expected a string")
    return value.strip()


def _timezone(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415 - rarely needed

    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise _InvalidError('expected a time zone name such as "Europe/Berlin"') from None
    return text


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


def _check_names(value: Any) -> tuple[str, ...]:
    names = _string_list(value)
    if any(name not in HEALTH_CHECKS for name in names):
        raise _InvalidError("expected a list from " + ", ".join(HEALTH_CHECKS))
    return names


def _http_urls(value: Any) -> tuple[str, ...]:
    urls = _string_list(value)
    if any(not re.match(r"^https?://[^/\s]+", url) for url in urls):
        raise _InvalidError("expected a list of http:// or https:// URLs")
    return urls


def _minisign_key(value: Any) -> str:
    from kiosk.content_signing import SignatureError, parse_public_key  # noqa: PLC0415

    text = _text(value)
    try:
        parse_public_key(text)
    except SignatureError as error:
        raise _InvalidError(f"expected the key line of a minisign .pub file ({error})") from None
    return text


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
        "pin_entry": _choice(PIN_ENTRIES),
        "input_timeout_seconds": _int_range(30, 900),
        "portal_login_url": _https_url,
        "appointment_url": _https_url,
    },
    "staff": {
        "enabled": _boolean,
        "gesture_corner": _choice(GESTURE_CORNERS),
        "auto_lock_seconds": _int_range(15, 900),
        "required_checks": _check_names,
        "portal_urls": _http_urls,
        "export_dir": _directory,
    },
    "trainer": {"window": _choice(TRAINER_WINDOW)},
    "fleet": {
        "content_url": _https_url,
        "public_key": _minisign_key,
        "ca_file": _directory,
        "poll_seconds": _int_range(30, 86400),
        "max_megabytes": _int_range(1, 2048),
        "state_dir": _directory,
        "metrics_file": _directory,
        "metrics_seconds": _int_range(10, 3600),
    },
    "finder": {"max_results": _int_range(1, 20)},
    "survey": {"database": _directory, "public_results": _boolean},
    "speech": {"engine": _text, "keep_after_visit": _boolean, "headset_auto": _boolean},
    "sensors": {
        "latitude": _float_range(-90, 90),
        "longitude": _float_range(-180, 180),
        "radius_km": _float_range(0.5, 50),
        "gauge_id": _text_or_empty,
        "gauge_search_km": _float_range(0.5, 100),
        "workshop_url": _http_url_or_empty,
        "refresh_minutes": _int_range(5, 120),
        "contact": _text_or_empty,
        "air_api": _http_url_or_empty,
        "water_api": _http_url_or_empty,
        "timezone": _timezone,
        "cache_file": _directory,
    },
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
    sections: dict[str, Any] = {item.name: getattr(base, item.name) for item in fields(base)}
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
