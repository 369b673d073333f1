"""From values to what the overview shows: card contents in the visitor's language.

Kept apart from the widgets so the decisions (which word, which colour, what to say when
there is no value) are plain functions over a ``SensorView``. ``present_detail`` adds the
detail screens on top of this.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.content_model import LocalText
from kiosk.content_sensors import SourceTexts
from kiosk.sensor_model import DustState
from stations.sensors.cards import CardContent
from stations.sensors.look import FRESH_TONE, RATING_TONE, WATER_TONE
from stations.sensors.service import SensorView
from stations.sensors.sources import AIR, WATER, WORKSHOP
from stations.sensors.status import Freshness, SourceStatus, rate_dust, water_level
from stations.sensors.wording import Wording

logger = logging.getLogger(__name__)

DASH = "–"


@dataclass(frozen=True)
class Presenter:
    wording: Wording
    texts: Mapping[str, SourceTexts]  # from the bundle; empty: generic titles, no credits
    place: LocalText | None
    radius_km: float

    @property
    def language(self) -> str:
        return self.wording.translator.language

    def tr(self, key: str, **params: object) -> str:
        return self.wording.tr(key, **params)

    def source_title(self, source: str) -> str:
        texts = self.texts.get(source)
        return texts.title.get_text(self.language) if texts else self.tr(f"sensors.{source}.title")

    def credits(self, source: str) -> str:
        texts = self.texts.get(source)
        return texts.attribution.get_text(self.language) if texts else ""

    def all_credits(self, sources: list[str]) -> str:
        """The short credits of every source in one line, for the overview."""
        found = [self.texts[s].credit.get_text(self.language) for s in sources if s in self.texts]
        return self.tr("sensors.overview.credits", credits="  ·  ".join(found)) if found else ""

    def fresh(self, view: SensorView, source: str, measured: datetime | None) -> tuple[str, str]:
        """How fresh a source's value is, in words, and the colour of that chip."""
        status = view.status.get(source, SourceStatus(Freshness.MISSING))
        return self.wording.freshness(status, measured, view.now), FRESH_TONE[status.freshness]

    def title(self) -> str:
        if self.place is None:
            return self.tr("stations.sensors.title")
        return self.tr("sensors.overview.title", place=self.place.get_text(self.language))

    def status_line(self, view: SensorView) -> str:
        """One sentence over the cards: updating, sample values only, offline, or live."""
        shown = [s for s in view.status.values() if s.freshness is not Freshness.OFF]
        if view.busy:
            return self.tr("sensors.overview.updating")
        with_values = [s for s in shown if s.freshness is not Freshness.MISSING]
        if with_values and all(s.freshness is Freshness.SAMPLE for s in with_values):
            return self.tr("sensors.overview.sample")
        if any(s.error or s.freshness is Freshness.OFFLINE for s in shown):
            return self.tr("sensors.overview.offline")
        return self.tr("sensors.overview.live")

    def dust_card(self, view: SensorView, source: str) -> CardContent:
        state: DustState = view.snapshot.air if source == AIR else view.snapshot.workshop
        point = state.current
        fresh, fresh_tone = self.fresh(view, source, point.time if point else None)
        if point is None:
            word, tone = self.tr("sensors.rating.none"), "quiet"
            big, caption = DASH, self.tr("sensors.dust.no_value")
        else:
            rating = rate_dust(point)
            word = self.tr("sensors.dust.verdict", rating=self.wording.rating(rating))
            tone = RATING_TONE[rating]
            big = self.wording.number(point.pm25)
            caption = self.tr("sensors.dust.pm10_line", value=self.wording.number(point.pm10))
        return self._card(
            source,
            label=self.tr("sensors.dust.pm25"),
            big=big,
            unit=self.tr("sensors.dust.unit"),
            caption=caption,
            word=word,
            tone=tone,
            fresh=(fresh, fresh_tone),
            note=self._dust_note(source, state),
        )

    def _dust_note(self, source: str, state: DustState) -> str:
        if source == WORKSHOP:
            return self.tr("sensors.workshop.note")
        if state.current is None:
            return ""
        key = "sensors.dust.sensors_one" if state.sensors == 1 else "sensors.dust.sensors_many"
        return self.tr(key, count=state.sensors)

    def water_card(self, view: SensorView) -> CardContent:
        state = view.snapshot.water
        point = state.current
        level = water_level(state)
        word, tone = self.wording.water_level(level), WATER_TONE[level]
        deviation = state.deviation_cm()
        label, note = self.tr("sensors.water.label"), ""
        if point is None:
            big, caption = DASH, self.tr("sensors.water.no_value")
            word, tone = self.tr("sensors.rating.none"), "quiet"
        elif deviation is None:  # no mean level known: the plain reading
            label = self.tr("sensors.water.level_label")
            big, caption = (
                self.wording.number(point.level_cm, 0),
                self.tr("sensors.water.above_zero"),
            )
        else:
            big, caption = self.wording.number(abs(round(deviation)), 0), self._side(deviation)
            note = self.tr("sensors.water.level_note", value=self.wording.number(point.level_cm, 0))
        return self._card(
            WATER,
            label=label,
            big=big,
            unit=self.tr("sensors.water.unit"),
            caption=caption,
            word=word,
            tone=tone,
            fresh=self.fresh(view, WATER, point.time if point else None),
            note=note,
        )

    def _side(self, deviation: float) -> str:
        rounded = round(deviation)
        if rounded == 0:
            return self.tr("sensors.water.at_mean")
        return self.tr("sensors.water.above_short" if rounded > 0 else "sensors.water.below_short")

    def _card(
        self,
        source: str,
        *,
        label: str,
        big: str,
        unit: str,
        caption: str,
        word: str,
        tone: str,
        fresh: tuple[str, str],
        note: str,
    ) -> CardContent:
        title = self.source_title(source)
        spoken = f"{title}: {label} {big} {unit}, {caption}. {word}. {fresh[0]}. {note}"
        return CardContent(
            title=title,
            label=label,
            big=big,
            unit=unit,
            caption=caption,
            word=word,
            tone=tone,
            fresh=fresh[0],
            fresh_tone=fresh[1],
            note=note,
            open_text=self.tr("sensors.overview.open"),
            accessible=spoken.strip(),
        )
