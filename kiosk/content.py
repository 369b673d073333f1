"""Content bundles: load, validate and fall back, so a broken bundle never reaches a visitor.

A bundle is a directory with ``bundle.toml`` and ``services/<id>.toml`` (format in the
project brief and in ``assets/content/flensburg``). ``load_bundle`` reports every problem as
``file:line: message`` and never raises for bad content; ``load_first_valid`` is what the kiosk
uses at start-up; ``check_content`` backs ``main.py --check-content``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.content_checks import bundle_warnings
from kiosk.content_fields import FieldReader
from kiosk.content_model import Bundle, LocalText, Problem, Service, Slide, Step
from kiosk.content_sensors import load_sensor_part
from kiosk.content_toml import read_toml

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_ALLOWED_HOSTS",
    "SHIPPED_BUNDLE",
    "Bundle",
    "ContentCheck",
    "ContentSummary",
    "LocalText",
    "Problem",
    "Service",
    "Slide",
    "Step",
    "check_content",
    "load_bundle",
    "load_first_valid",
]

SHIPPED_BUNDLE: Path = Path(__file__).resolve().parent.parent / "assets" / "content" / "flensburg"

#: Portal hosts the shipped bundle links to; a station config may pass its own list.
DEFAULT_ALLOWED_HOSTS: tuple[str, ...] = (
    "www.flensburg.de",
    "wohnsitzanmeldung.gov.de",
    "www.fuehrungszeugnis.bund.de",
    "verwaltung.bund.de",
    "www.kba.de",
    "fuehrungszeugnis.bund.de",
    "serviceportal.schleswig-holstein.de",
    "www.tbz-flensburg.de",
    "id.bund.de",
    "flensburg-mitmachen.de",
    "www.ausweisapp.bund.de",  # the eID station: the official AusweisApp download page
)

FALLBACK_LANGUAGES = ("de", "en", "da")
MOMENTS = ("eid", "payment", "upload")
PORTAL_KINDS = ("service", "information")
_ID_PATTERN = re.compile(r"[a-z0-9-]+")
_LANGUAGE_PATTERN = re.compile(r"[a-z]{2}")

_BUNDLE_ROOT_KEYS = ("bundle", "slides")
_BUNDLE_KEYS = ("id", "languages", "name", "portal_name", "office_hours")
_SLIDE_KEYS = ("title", "text", "image")
_SERVICE_KEYS = (
    "id",
    "order",
    "portal_url",
    "portal_languages",
    "portal_kind",
    "portal_source",
    "needs_eid",
    "needs_payment",
    "needs_upload",
    "title",
    "summary",
    "audience",
    "fee",
    "duration",
    "needs",
    "steps",
)
_NEED_KEYS = ("text",)
_STEP_KEYS = ("title", "text", "moment", "image")


def load_bundle(
    directory: Path, allowed_hosts: Collection[str]
) -> tuple[Bundle | None, list[Problem]]:
    """Load and validate the bundle in ``directory``; the Bundle is None if anything is wrong."""
    problems: list[Problem] = []
    head = _load_head(directory, problems)
    services = _load_services(directory, head.languages, allowed_hosts, problems)
    sensors = load_sensor_part(directory, head.languages, problems)
    if problems or services is None:
        problems.sort(key=lambda problem: (str(problem.path), problem.line))
        return None, problems
    assert head.bundle_id is not None and head.name is not None and head.portal_name is not None
    ordered = tuple(sorted(services, key=lambda s: (s.order, s.id)))
    bundle = Bundle(
        head.bundle_id, head.languages, head.name, head.portal_name, head.slides, ordered, directory
    )
    return replace(bundle, sensors=sensors, office_hours=head.office_hours), []


@dataclass
class _Head:
    """What ``bundle.toml`` says; fields stay None where it has a problem."""

    languages: tuple[str, ...] = FALLBACK_LANGUAGES
    bundle_id: str | None = None
    name: LocalText | None = None
    portal_name: LocalText | None = None
    office_hours: LocalText | None = None
    slides: tuple[Slide, ...] = ()


def _load_head(directory: Path, problems: list[Problem]) -> _Head:
    """Read ``bundle.toml``. Its languages apply to the services even if other fields are wrong."""
    head = _Head()
    path = directory / "bundle.toml"
    parsed, found = read_toml(path)
    problems += found
    if parsed is None:
        return head
    reader = FieldReader(path, parsed.lines, FALLBACK_LANGUAGES, directory, problems)
    root = parsed.data
    reader.check_keys(root, (), _BUNDLE_ROOT_KEYS)
    table = reader.table(root, (), "bundle")
    if table is None:
        return head
    where = ("bundle",)
    reader.check_keys(table, where, _BUNDLE_KEYS)
    head.bundle_id = reader.string(table, where, "id", pattern=_ID_PATTERN)
    head.languages = reader.languages = _languages(reader, table, where) or FALLBACK_LANGUAGES
    head.name = reader.text(table, where, "name")
    head.portal_name = reader.text(table, where, "portal_name")
    head.office_hours = reader.text(table, where, "office_hours", required=False)
    slides: list[Slide] = []
    for index, slide in reader.tables(root, (), "slides", required=False):
        at = ("slides", index)
        reader.check_keys(slide, at, _SLIDE_KEYS)
        title, text = reader.text(slide, at, "title"), reader.text(slide, at, "text")
        image = reader.image(slide, at, "image")
        if title is not None and text is not None:
            slides.append(Slide(title, text, image))
    head.slides = tuple(slides)
    return head


def _languages(
    reader: FieldReader, table: dict[str, object], where: tuple[str]
) -> tuple[str, ...] | None:
    values = reader.string_list(table, where, "languages")
    if values is None:
        return None
    if not values:
        reader.report((*where, "languages"), '"languages" is empty: list at least one, e.g. ["de"]')
        return None
    bad = [v for v in values if not _LANGUAGE_PATTERN.fullmatch(v)]
    if bad:
        reader.report(
            (*where, "languages"),
            f'"languages" has {", ".join(repr(b) for b in bad)}: use two-letter codes like "de"',
        )
        return None
    if len(set(values)) != len(values):
        reader.report((*where, "languages"), '"languages" lists a language twice')
        return None
    return tuple(values)


@dataclass
class _ServiceContext:
    """What every service file of one bundle is checked against."""

    directory: Path
    languages: tuple[str, ...]
    allowed_hosts: Collection[str]
    problems: list[Problem]
    seen_ids: dict[str, Path] = field(default_factory=dict)


def _load_services(
    directory: Path,
    languages: tuple[str, ...],
    allowed_hosts: Collection[str],
    problems: list[Problem],
) -> list[Service] | None:
    """Read every ``services/*.toml``; None if the folder is missing or holds no service."""
    folder = directory / "services"
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError:
        files = []
    if not files:
        problems.append(Problem(folder, 1, "no services: add at least one file services/<id>.toml"))
        return None
    context = _ServiceContext(directory, languages, allowed_hosts, problems)
    services = [_load_service(path, context) for path in files]
    return [service for service in services if service is not None]


def _load_service(path: Path, context: _ServiceContext) -> Service | None:
    problems = context.problems
    parsed, found = read_toml(path)
    problems += found
    if parsed is None:
        return None
    before = len(problems)
    reader = FieldReader(path, parsed.lines, context.languages, context.directory, problems)
    data = parsed.data
    reader.check_keys(data, (), _SERVICE_KEYS)
    service_id = reader.string(data, (), "id", pattern=_ID_PATTERN)
    if service_id is not None:
        if service_id != path.stem:
            reader.report(
                ("id",),
                f'id "{service_id}" does not match the file name "{path.name}": '
                f'the file must be called "{service_id}.toml", or set id = "{path.stem}"',
            )
        seen = context.seen_ids
        if service_id in seen:
            reader.report(
                ("id",), f'duplicate service id "{service_id}" (already used in {seen[service_id]})'
            )
        else:
            seen[service_id] = path
    order = reader.integer(data, (), "order")
    portal_url = reader.url(data, (), "portal_url", context.allowed_hosts)
    portal_languages = _portal_languages(reader, data)
    portal_kind = reader.choice(data, (), "portal_kind", PORTAL_KINDS) or "information"
    portal_source = reader.string(data, (), "portal_source", required=False)
    needs_eid = reader.boolean(data, (), "needs_eid")
    needs_payment = reader.boolean(data, (), "needs_payment")
    needs_upload = reader.boolean(data, (), "needs_upload")
    title = reader.text(data, (), "title")
    summary = reader.text(data, (), "summary")
    audience = reader.text(data, (), "audience")
    fee = reader.text(data, (), "fee", required=False)
    duration = reader.text(data, (), "duration", required=False)
    needs = _needs(reader, data)
    steps = _steps(reader, data)
    if len(problems) > before:
        return None
    assert service_id is not None and order is not None and portal_url is not None
    assert needs_eid is not None and needs_payment is not None and needs_upload is not None
    assert title is not None and summary is not None and audience is not None
    return Service(
        id=service_id,
        order=order,
        title=title,
        summary=summary,
        audience=audience,
        needs=needs,
        steps=steps,
        portal_url=portal_url,
        needs_eid=needs_eid,
        needs_payment=needs_payment,
        needs_upload=needs_upload,
        fee=fee,
        duration=duration,
        portal_languages=portal_languages,
        portal_kind=portal_kind,
        portal_source=portal_source,
    )


def _portal_languages(reader: FieldReader, data: dict[str, object]) -> tuple[str, ...]:
    """Languages the portal page speaks; German when not given (a German public portal)."""
    values = reader.string_list(data, (), "portal_languages", required=False)
    if values is None:
        return ("de",)
    bad = [v for v in values if not _LANGUAGE_PATTERN.fullmatch(v)]
    if not values or bad:
        reader.report(
            ("portal_languages",),
            '"portal_languages" needs two-letter codes like ["de", "en"]'
            + (f", not {', '.join(repr(b) for b in bad)}" if bad else ""),
        )
        return ("de",)
    return tuple(values)


def _needs(reader: FieldReader, data: dict[str, object]) -> tuple[LocalText, ...]:
    needs: list[LocalText] = []
    for index, table in reader.tables(data, (), "needs"):
        where = ("needs", index)
        reader.check_keys(table, where, _NEED_KEYS)
        text = reader.text(table, where, "text")
        if text is not None:
            needs.append(text)
    return tuple(needs)


def _steps(reader: FieldReader, data: dict[str, object]) -> tuple[Step, ...]:
    steps: list[Step] = []
    for index, table in reader.tables(data, (), "steps"):
        where = ("steps", index)
        reader.check_keys(table, where, _STEP_KEYS)
        title = reader.text(table, where, "title")
        text = reader.text(table, where, "text")
        moment = reader.choice(table, where, "moment", MOMENTS)
        image = reader.image(table, where, "image")
        if title is not None and text is not None:
            steps.append(Step(title, text, moment, image))
    return tuple(steps)


def _emergency_bundle(shipped: Path) -> Bundle:
    """Last resort if even the shipped bundle is broken (a test keeps that from happening)."""
    name = LocalText({lang: "Plietsch" for lang in FALLBACK_LANGUAGES})
    return Bundle("empty", FALLBACK_LANGUAGES, name, name, (), (), shipped)


def load_first_valid(
    candidates: Sequence[Path], shipped: Path, allowed_hosts: Collection[str]
) -> tuple[Bundle, list[Problem]]:
    """The first valid bundle among ``candidates``, else the shipped one; plus all problems seen.

    Never raises: the kiosk must start even with broken content.
    """
    seen: list[Problem] = []
    for directory in (*candidates, shipped):
        try:
            bundle, problems = load_bundle(directory, allowed_hosts)
        except Exception:  # a bug in the checker must not keep the kiosk from starting
            logger.exception("content: checking %s failed", directory)
            message = "internal error while checking this bundle (details in the log)"
            bundle, problems = None, [Problem(directory / "bundle.toml", 1, message)]
        seen += problems
        if bundle is not None:
            if problems or directory != (candidates[0] if candidates else shipped):
                logger.warning("content: using bundle %s after %d problem(s)", directory, len(seen))
            return bundle, seen
        logger.error("content: bundle %s has %d problem(s)", directory, len(problems))
    logger.critical("content: even the shipped bundle %s is broken; showing no services", shipped)
    return _emergency_bundle(shipped), seen


#: A station's own check of its part of a bundle (e.g. the finder catalogue): problems found.
ContentCheck = Callable[[Path, Collection[str]], list[Problem]]
#: A station's count of its part of a valid bundle, e.g. "38 finder entries"; None: no part.
ContentSummary = Callable[[Path, Collection[str]], str | None]


def check_content(
    dirs: Sequence[Path],
    allowed_hosts: Collection[str],
    extra_checks: Sequence[ContentCheck] = (),
    summaries: Sequence[ContentSummary] = (),
    languages: Collection[str] = (),
) -> tuple[int, list[str]]:
    """Validate each bundle directory (the shipped one if none given): exit code and lines.

    ``extra_checks`` are the stations' checks of their own folders in the bundle,
    ``summaries`` their counts of them. Exit code 0 with one ``ok: …`` line per bundle that
    counts what each station will show (so an editor sees a part that went missing), or 2
    with one ``file:line: message`` line per problem. Editorial warnings (``file:line:
    warning: …``, see ``kiosk.content_checks``) are listed for a valid bundle but do not fail
    it; with the station's ``languages`` given, they include the overview texts that lack
    Leichte Sprache (``de-LS``).
    """
    lines: list[str] = []
    failed = False
    for directory in dirs or (_relative_if_possible(SHIPPED_BUNDLE),):
        bundle, problems = load_bundle(Path(directory), allowed_hosts)
        for check in extra_checks:
            problems += check(Path(directory), allowed_hosts)
        lines += [str(problem) for problem in problems]
        if bundle is None or problems:
            failed = True
        if bundle is not None and not problems:
            lines += [str(warning) for warning in bundle_warnings(bundle, languages)]
            parts = [summary(Path(directory), allowed_hosts) for summary in summaries]
            counts = ", ".join(_counts(bundle, parts))
            languages = ", ".join(bundle.languages)
            lines.append(f"ok: {counts} in {languages} ({directory})")
    return (2 if failed else 0), lines


def _counts(bundle: Bundle, station_parts: list[str | None]) -> list[str]:
    """What the bundle holds, part by part, as the ``ok`` line lists it."""
    counts = [plural(len(bundle.services), "service")]
    counts += [part for part in station_parts if part]
    if bundle.sensors is not None:
        counts.append(plural(len(bundle.sensors.texts), "sensor source"))
    counts.append(plural(len(bundle.slides), "slide"))
    return counts


def plural(count: int, noun: str) -> str:
    """``1 service``, ``2 services``, ``2 finder entries`` (English, for the command line)."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("ry") else f"{count} {noun}s"


def _relative_if_possible(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, for shorter lines."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
