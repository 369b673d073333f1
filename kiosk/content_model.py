"""The content model: what a bundle of online services looks like once it has been validated.

Kept apart from the loader so screens can import the plain data types without pulling in the
TOML machinery. Everything is frozen: a loaded bundle is shared by all screens and never changes.
Import these names from ``kiosk.content``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the sensors part imports this module; only the type is needed here
    from kiosk.content_sensors import SensorContent

logger = logging.getLogger(__name__)


class LocalText(Mapping[str, str]):
    """One text in several languages (language code -> text), read-only and hashable."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts: dict[str, str] = dict(texts)

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"LocalText({self._texts!r})"

    def get_text(self, lang: str, fallback: str = "de") -> str:
        """The text in ``lang``; else in ``fallback``; else any text; never raises.

        A validated bundle has every bundle language, so the fallbacks matter for Leichte
        Sprache (``de-LS``, optional per text: German is shown where it is missing) and for a
        screen that asks for a language the bundle does not offer.
        """
        if lang in self._texts:
            return self._texts[lang]
        if fallback in self._texts:
            return self._texts[fallback]
        return next(iter(self._texts.values()), "")


@dataclass(frozen=True)
class Slide:
    """One page of the attract loop shown while nobody uses the station."""

    title: LocalText
    text: LocalText
    image: Path | None = None


@dataclass(frozen=True)
class Step:
    """One step of an online service, in the order the visitor meets it on the portal.

    ``moment`` marks the step where the ID card (``"eid"``), a payment (``"payment"``) or a
    document upload (``"upload"``) happens, so screens can highlight it.
    """

    title: LocalText
    text: LocalText
    moment: str | None = None
    image: Path | None = None


@dataclass(frozen=True)
class Service:
    """One online service that the kiosk explains and hands off to the real portal."""

    id: str
    order: int
    title: LocalText
    summary: LocalText
    audience: LocalText
    needs: tuple[LocalText, ...]
    steps: tuple[Step, ...]
    portal_url: str
    needs_eid: bool
    needs_payment: bool
    needs_upload: bool
    fee: LocalText | None = None
    duration: LocalText | None = None
    #: languages the page behind ``portal_url`` is offered in (visitors in others get a note)
    portal_languages: tuple[str, ...] = ("de",)
    #: "service": ``portal_url`` is the online service itself; "information": the service's own
    #: information page (how and where to apply, with the link to an online service if any)
    portal_kind: str = "information"
    #: the public reference the address was taken from
    portal_source: str | None = None


@dataclass(frozen=True)
class Bundle:
    """A complete, validated content bundle. ``services`` are sorted by ``order``, then id."""

    id: str
    languages: tuple[str, ...]
    name: LocalText
    portal_name: LocalText
    slides: tuple[Slide, ...]
    services: tuple[Service, ...]
    directory: Path
    sensors: SensorContent | None = None  # the optional sensors/ part
    office_hours: LocalText | None = None  # the citizen office's opening hours, in words

    def service(self, service_id: str) -> Service | None:
        """The service with this id, or None."""
        return next((s for s in self.services if s.id == service_id), None)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file, located like a compiler error: ``path:line: message``.

    ``line`` counts from 1; problems about a whole file (missing, no services) use line 1.
    """

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
