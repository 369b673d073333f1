"""The service finder's catalogue: offices, services, topics and search words from the bundle.

Why its own loader: the finder needs facts the online-service station does not have
(responsible office, online or not, search words per language), and a mistake in them must be
reported as ``file:line: message`` like every other content problem. The files live in
``<bundle>/finder/``: ``finder.toml`` (offices, topics, stop words) and any number of
``services-*.toml`` files with ``[[service]]`` tables.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content_fields import FieldReader, describe
from kiosk.content_model import LocalText, Problem
from kiosk.content_toml import KeyPath, read_toml

logger = logging.getLogger(__name__)

FOLDER = "finder"
HEAD_FILE = "finder.toml"
LANGUAGES = ("de", "en", "da")
MAX_SERVICES = 500  # a catalogue this large is a mistake (and would slow the search)

_ID = re.compile(r"[a-z0-9-]+")
_LEIKA = re.compile(r"\d{14}")
_HEAD_KEYS = ("offices", "topics", "stopwords")
_OFFICE_KEYS = ("id", "name")
_TOPIC_KEYS = ("label", "query")
_SERVICE_KEYS = (
    "id",
    "office",
    "online",
    "needs_eid",
    "url",
    "url_source",
    "general_page",
    "leika",
    "station_service",
    "title",
    "summary",
    "keywords",
)


@dataclass(frozen=True)
class Office:
    id: str
    name: LocalText


@dataclass(frozen=True)
class Topic:
    """A tap-able suggestion on the search screen: its label and the query it runs."""

    label: LocalText
    query: LocalText


@dataclass(frozen=True)
class FinderService:
    """One thing a visitor may need from the city, and who helps with it."""

    id: str
    office: Office
    online: bool
    needs_eid: bool
    url: str
    title: LocalText
    summary: LocalText
    keywords: Mapping[str, tuple[str, ...]]
    leika: str | None = None
    station_service: str | None = None
    #: True when `url` is only a site's start page: the visitor searches there for the title.
    general_page: bool = False


@dataclass(frozen=True)
class Catalogue:
    services: tuple[FinderService, ...]
    offices: tuple[Office, ...]
    topics: tuple[Topic, ...]
    stopwords: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def service(self, service_id: str) -> FinderService | None:
        return next((s for s in self.services if s.id == service_id), None)


def load_catalogue(
    bundle_dir: Path, allowed_hosts: Collection[str]
) -> tuple[Catalogue | None, list[Problem]]:
    """Read and check ``<bundle_dir>/finder``; the catalogue is None when anything is wrong."""
    problems: list[Problem] = []
    folder = bundle_dir / FOLDER
    offices, topics, stopwords = _load_head(folder / HEAD_FILE, bundle_dir, problems)
    services: list[FinderService] = []
    seen: dict[str, Path] = {}
    station_ids = frozenset(p.stem for p in (bundle_dir / "services").glob("*.toml"))
    files = sorted(p for p in folder.glob("services-*.toml") if p.is_file())
    if not files:
        problems.append(
            Problem(folder, 1, "no finder services: add a file finder/services-<topic>.toml")
        )
    context = _Context(bundle_dir, offices, allowed_hosts, station_ids, seen, problems)
    for path in files:
        services += _load_services(path, context)
    _check_station_links(folder / HEAD_FILE, station_ids, services, problems)
    if len(services) > MAX_SERVICES:
        problems.append(Problem(folder, 1, f"more than {MAX_SERVICES} finder services"))
    if problems:
        problems.sort(key=lambda p: (str(p.path), p.line))
        return None, problems
    catalogue = Catalogue(tuple(services), tuple(offices.values()), tuple(topics), stopwords)
    return catalogue, []


def _reader(
    path: Path, bundle_dir: Path, problems: list[Problem]
) -> tuple[dict, FieldReader] | None:
    parsed, found = read_toml(path)
    problems += found
    if parsed is None:
        return None
    return parsed.data, FieldReader(path, parsed.lines, LANGUAGES, bundle_dir, problems)


def _load_head(
    path: Path, bundle_dir: Path, problems: list[Problem]
) -> tuple[dict[str, Office], list[Topic], dict[str, frozenset[str]]]:
    offices: dict[str, Office] = {}
    topics: list[Topic] = []
    stopwords: dict[str, frozenset[str]] = {}
    opened = _reader(path, bundle_dir, problems)
    if opened is None:
        return offices, topics, stopwords
    data, reader = opened
    reader.check_keys(data, (), _HEAD_KEYS)
    for index, table in reader.tables(data, (), "offices"):
        at = ("offices", index)
        reader.check_keys(table, at, _OFFICE_KEYS)
        office_id = reader.string(table, at, "id", pattern=_ID)
        name = reader.text(table, at, "name")
        if office_id in offices:
            reader.report((*at, "id"), f'office "{office_id}" is defined twice')
        elif office_id is not None and name is not None:
            offices[office_id] = Office(office_id, name)
    for index, table in reader.tables(data, (), "topics"):
        at = ("topics", index)
        reader.check_keys(table, at, _TOPIC_KEYS)
        label, query = reader.text(table, at, "label"), reader.text(table, at, "query")
        if label is not None and query is not None:
            topics.append(Topic(label, query))
    words = word_lists(reader, data, (), "stopwords", required=False)
    stopwords = {lang: frozenset(w.casefold() for w in words.get(lang, ())) for lang in LANGUAGES}
    return offices, topics, stopwords


@dataclass
class _Context:
    """What every services file of one catalogue is checked against."""

    bundle_dir: Path
    offices: Mapping[str, Office]
    allowed_hosts: Collection[str]
    station_ids: frozenset[str]
    seen: dict[str, Path]
    problems: list[Problem]


def _load_services(path: Path, context: _Context) -> list[FinderService]:
    problems, seen, offices = context.problems, context.seen, context.offices
    opened = _reader(path, context.bundle_dir, problems)
    if opened is None:
        return []
    data, reader = opened
    reader.check_keys(data, (), ("service",))
    services: list[FinderService] = []
    for index, table in reader.tables(data, (), "service"):
        before = len(problems)
        at: KeyPath = ("service", index)
        reader.check_keys(table, at, _SERVICE_KEYS)
        service_id = reader.string(table, at, "id", pattern=_ID)
        if service_id is not None:
            if service_id in seen:
                reader.report(
                    (*at, "id"),
                    f'finder service "{service_id}" is already defined in {seen[service_id].name}',
                )
            else:
                seen[service_id] = path
        office_id = reader.string(table, at, "office", pattern=_ID)
        office = offices.get(office_id or "")
        if office_id is not None and office is None:
            known = ", ".join(sorted(offices)) or "none"
            reader.report(
                (*at, "office"), f'unknown office "{office_id}"{describe(at)} (known: {known})'
            )
        online = reader.boolean(table, at, "online")
        needs_eid = reader.boolean(table, at, "needs_eid")
        url = reader.url(table, at, "url", context.allowed_hosts)
        source = reader.string(table, at, "url_source")
        general = table.get("general_page", False)
        if not isinstance(general, bool):
            reader.report((*at, "general_page"), '"general_page" must be true or false')
        if source is not None and len(source.strip()) < 8:
            reader.report((*at, "url_source"), "say where the address comes from (url_source)")
        leika = _optional(reader, table, at, "leika", pattern=_LEIKA, hint="14 digits (LeiKa)")
        station_service = _optional(
            reader, table, at, "station_service", pattern=_ID, hint="a service id"
        )
        if station_service is not None and station_service not in context.station_ids:
            reader.report(
                (*at, "station_service"),
                f'station_service "{station_service}"{describe(at)} is not a service of this '
                "bundle (services/<id>.toml)",
            )
        title = reader.text(table, at, "title")
        summary = reader.text(table, at, "summary")
        keywords = word_lists(reader, table, at, "keywords", required=True)
        if len(problems) > before:
            continue
        assert service_id and office and url and title and summary
        assert online is not None and needs_eid is not None
        services.append(
            FinderService(
                service_id,
                office,
                online,
                needs_eid,
                url,
                title,
                summary,
                keywords,
                leika,
                station_service,
                general_page=general is True,
            )
        )
    return services


def _optional(
    reader: FieldReader,
    table: Mapping[str, object],
    at: KeyPath,
    key: str,
    *,
    pattern: re.Pattern[str],
    hint: str,
) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        reader.report((*at, key), f'"{key}"{describe(at)} is {value!r}: expected {hint}')
        return None
    return value


def word_lists(
    reader: FieldReader,
    table: Mapping[str, object],
    at: KeyPath,
    key: str,
    *,
    required: bool,
) -> dict[str, tuple[str, ...]]:
    """A table ``{ de = ["…"], en = ["…"], da = ["…"] }`` of word lists, one per language."""
    value = table.get(key)
    example = '{ de = ["…"], en = ["…"], da = ["…"] }'
    if value is None:
        if required:
            reader.report(at, f'missing required field "{key}"{describe(at)} ({example})')
        return {}
    if not isinstance(value, dict):
        reader.report((*at, key), f'"{key}"{describe(at)} must be a table like {example}')
        return {}
    lists: dict[str, tuple[str, ...]] = {}
    for lang in value:
        if lang not in LANGUAGES:
            reader.report((*at, key, lang), f'unknown language "{lang}" in "{key}"{describe(at)}')
    for lang in LANGUAGES:
        words = value.get(lang)
        if words is None:
            if required:
                reader.report((*at, key), f'missing "{lang}" words in "{key}"{describe(at)}')
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            reader.report(
                (*at, key, lang), f'"{key}.{lang}"{describe(at)}: expected a list of texts'
            )
            continue
        lists[lang] = tuple(words)
    return lists


def _check_station_links(
    head: Path, station_ids: frozenset[str], services: list[FinderService], problems: list[Problem]
) -> None:
    """Every service of the online-service station must be findable."""
    linked = {s.station_service for s in services if s.station_service}
    for missing in sorted(station_ids - linked):
        problems.append(
            Problem(
                head,
                1,
                f'the online-service station\'s service "{missing}" has no finder entry: '
                f'add one with station_service = "{missing}"',
            )
        )


def check_catalogue(bundle_dir: Path, allowed_hosts: Collection[str]) -> list[Problem]:
    """Problems of the finder catalogue in ``bundle_dir`` (none when it has no finder folder)."""
    if not (bundle_dir / FOLDER).is_dir():
        return []
    return load_catalogue(bundle_dir, allowed_hosts)[1]
