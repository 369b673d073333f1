"""Editorial checks of a valid bundle: things a visitor would notice, not things that break it.

Why warnings and not problems: a bundle with a lower-case cost text still works, so the kiosk
must not fall back to the shipped bundle for it; but ``--check-content`` tells the editor, and a
test keeps the shipped bundle free of them. Each warning is located like a problem
(``file:line: warning: …``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.content_fields import describe
from kiosk.content_model import Bundle, LocalText, Problem, Service
from kiosk.content_toml import KeyPath, read_toml

logger = logging.getLogger(__name__)

#: Quotation marks that are German or English, never Danish (Danish uses »…« or "…").
NOT_DANISH_QUOTES = ("„", "“")


def is_bare_home_page(url: str) -> bool:
    """True for ``https://host/`` with no path, query or fragment: a portal's front door."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def service_warnings(service: Service) -> Iterator[tuple[KeyPath, str]]:
    """What an editor should fix about one service's hand-off, as (key path, message)."""
    if is_bare_home_page(service.portal_url) and service.portal_kind != "service":
        yield (
            ("portal_url",),
            f'the hand-off "{service.portal_url}" is a bare home page: link the service\'s own '
            'online service or information page (or set portal_kind = "service" when this '
            "home page is the online service itself)",
        )
    if not (service.portal_source or "").strip():
        yield (
            ("portal_url",),
            'no "portal_source": say which public reference the address was taken from',
        )


#: Leichte Sprache: the texts a visitor reads on the services station's menu, overview and
#: "what you need" screens. Steps stay German where they have no easy-read text.
EASY_READ = "de-LS"
EASY_READ_FIELDS = ("title", "summary", "audience", "fee", "duration")


def easy_read_warnings(service: Service) -> Iterator[tuple[KeyPath, str]]:
    """Every overview text of a service without its Leichte Sprache version."""
    texts: list[tuple[KeyPath, LocalText | None]] = [
        ((name,), getattr(service, name)) for name in EASY_READ_FIELDS
    ]
    texts += [(("needs", index, "text"), need) for index, need in enumerate(service.needs)]
    for where, text in texts:
        if text is not None and EASY_READ not in text:
            yield (
                where,
                f'no Leichte Sprache text ({EASY_READ}) for "{where[-1]}"{describe(where[:-1])}: '
                f'the German text is shown instead; add {where[-1]}.{EASY_READ} = "…"',
            )


def text_warnings(data: object, where: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Typography in every localized text of a parsed file: cost texts, Danish quotes."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from text_warnings(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_warnings(value, (*where, index))
    elif isinstance(data, str) and len(where) >= 2:
        field, lang = where[-2], where[-1]
        if lang == "da" and any(mark in data for mark in NOT_DANISH_QUOTES):
            yield where, f'Danish text uses „…“ or “…”; write »…« or "…" instead: {data!r}'
        if field == "fee" and data[:1].islower():
            yield where, f'the cost text ({lang}) should start with a capital letter: "{data}"'


def bundle_warnings(bundle: Bundle, languages: Collection[str] = ()) -> list[Problem]:
    """Every editorial warning of a loaded bundle, located in its files.

    ``languages`` are the station's offered languages: with Leichte Sprache among them, every
    overview text without its easy-read version is a warning (German is shown in its place).
    """
    files: dict[Path, list[tuple[KeyPath, str]]] = {bundle.directory / "bundle.toml": []}
    for service in bundle.services:
        path = bundle.directory / "services" / f"{service.id}.toml"
        files[path] = list(service_warnings(service))
        if EASY_READ in languages:
            files[path] += easy_read_warnings(service)
    warnings: list[Problem] = []
    for path, found in files.items():
        parsed, _ = read_toml(path)
        if parsed is None:  # changed on disk since loading; the loader reports that
            continue
        for where, message in [*found, *text_warnings(parsed.data)]:
            warnings.append(Problem(path, parsed.lines.line_of(where), f"warning: {message}"))
    warnings.sort(key=lambda problem: (str(problem.path), problem.line))
    return warnings
