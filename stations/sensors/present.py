"""From values to what the screens show: card and detail contents in the visitor's language.

Kept apart from the widgets so the decisions (which word, which colour, which line in the
chart, what to say when there is no value) are plain functions over a ``SensorView``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.content_model import LocalText
from kiosk.content_sensors import SourceTexts
from kiosk.sensor_model import HISTORY, DustState, WaterState
from stations.sensors.cards import CardContent
from stations.sensors.chart import Line
from stations.sensors.detail import DetailContent, ValueRow
from stations.sensors.look import (
    FRESH_TONE,
    GUIDE_COLOUR,
    PM10_COLOUR,
    PM25_COLOUR,
    RATING_TONE,
    WATER_TONE,
)
from stations.sensors.service import SensorView
from stations.sensors.sources import AIR, WATER, WORKSHOP
from stations.sensors.status import (
    WHO_PM10,
    WHO_PM25,
    Freshness,
    SourceStatus,
    rate_dust,
    rate_pm10,
    rate_pm25,
    water_level,
)
from stations.sensors.wording import Wording

logger = logging.getLogger(__name__)

DASH = "–"


@dataclass(frozen=True)
class Presenter:
    wording: Wording
    texts: Mapping[str, SourceTexts]
    place: LocalText | None
    radius_km: float

    @property
    def language(self) -> str:
        return self.wording.translator.language

    def tr(self, key: str, **params: object) -> str:
        return self.wording.tr(key, **params)

    def _title(self, source: str) -> str:
        texts = self.texts.get(source)
        return texts.title.get_text(self.language) if texts else self.tr(f"sensors.{source}.title")

    def credits(self, source: str) -> str:
        texts = self.texts.get(source)
        return texts.attribution.get_text(self.language) if texts else ""

    def all_credits(self, sources: list[str]) -> str:
        """The short credits of every source in one line, for the overview."""
        found = [self.texts[s].credit.get_text(self.language) for s in sources if s in self.texts]
        return self.tr("sensors.overview.credits", credits="  ·  ".join(found)) if found else ""

    def _fresh(self, view: SensorView, source: str, measured: datetime | None) -> tuple[str, str]:
        status = view.status.get(source, SourceStatus(Freshness.MISSING))
        return self.wording.freshness(status, measured, view.now), FRESH_TONE[status.freshness]

    # overview -------------------------------------------------------------------------------

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
        fresh, fresh_tone = self._fresh(view, source, point.time if point else None)
        note = self._dust_note(source, state)
        title = self._title(source)
        pm25 = self.tr("sensors.dust.pm25")
        if point is None:
            word, tone = self.tr("sensors.rating.none"), "quiet"
            big, caption = DASH, self.tr("sensors.dust.no_value")
        else:
            rating = rate_dust(point)
            word, tone = (
                self.tr("sensors.dust.verdict", rating=self.wording.rating(rating)),
                RATING_TONE[rating],
            )
            big = self.wording.number(point.pm25)
            caption = self.tr("sensors.dust.pm10_line", value=self.wording.number(point.pm10))
        unit = self.tr("sensors.dust.unit")
        spoken = f"{title}: {pm25} {big} {unit}, {caption}. {word}. {fresh}. {note}"
        return CardContent(
            title,
            pm25,
            big,
            unit,
            caption,
            word,
            tone,
            fresh,
            fresh_tone,
            note,
            self.tr("sensors.overview.open"),
            spoken.strip(),
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
        title = self._title(WATER)
        point = state.current
        fresh, fresh_tone = self._fresh(view, WATER, point.time if point else None)
        level = water_level(state)
        word, tone = self.wording.water_level(level), WATER_TONE[level]
        unit = self.tr("sensors.water.unit")
        deviation = state.deviation_cm()
        if point is None:
            label, big, caption, note = (
                self.tr("sensors.water.label"),
                DASH,
                self.tr("sensors.water.no_value"),
                "",
            )
            word, tone = self.tr("sensors.rating.none"), "quiet"
        elif deviation is None:
            label, big = (
                self.tr("sensors.water.level_label"),
                self.wording.number(point.level_cm, 0),
            )
            caption, note = self.tr("sensors.water.above_zero"), ""
        else:
            label, big = (
                self.tr("sensors.water.label"),
                self.wording.number(abs(round(deviation)), 0),
            )
            caption = self._side(deviation)
            note = self.tr("sensors.water.level_note", value=self.wording.number(point.level_cm, 0))
        spoken = f"{title}: {big} {unit} {caption}. {word}. {fresh}. {note}"
        return CardContent(
            title,
            label,
            big,
            unit,
            caption,
            word,
            tone,
            fresh,
            fresh_tone,
            note,
            self.tr("sensors.overview.open"),
            spoken.strip(),
        )

    def _side(self, deviation: float) -> str:
        rounded = round(deviation)
        if rounded == 0:
            return self.tr("sensors.water.at_mean")
        return self.tr("sensors.water.above_short" if rounded > 0 else "sensors.water.below_short")

    # details --------------------------------------------------------------------------------

    def dust_detail(self, view: SensorView, source: str) -> DetailContent:
        state = view.snapshot.air if source == AIR else view.snapshot.workshop
        point = state.current
        fresh, fresh_tone = self._fresh(view, source, point.time if point else None)
        unit = self.tr("sensors.dust.unit")
        rows: list[ValueRow] = []
        if point is not None:
            headline = self.tr(
                "sensors.dust.headline", rating=self.wording.rating(rate_dust(point))
            )
            for label, value, rating in (
                (self.tr("sensors.dust.pm25"), point.pm25, rate_pm25(point.pm25)),
                (self.tr("sensors.dust.pm10"), point.pm10, rate_pm10(point.pm10)),
            ):
                tone = RATING_TONE[rating]
                rows.append(
                    ValueRow(
                        label, self.wording.number(value), unit, self.wording.rating(rating), tone
                    )
                )
        else:
            headline = self.tr("sensors.dust.no_value")
        end = _chart_end(state.history[-1].time if state.history else None, view.now)
        history = state.history
        lines = [
            Line(self.tr("sensors.dust.pm25"), PM25_COLOUR, [(p.time, p.pm25) for p in history]),
            Line(self.tr("sensors.dust.pm10"), PM10_COLOUR, [(p.time, p.pm10) for p in history]),
            _guide(
                self.tr(
                    "sensors.chart.who",
                    value=self.wording.number(WHO_PM25, 0),
                    name=self.tr("sensors.dust.pm25"),
                ),
                WHO_PM25,
                end,
            ),
            _guide(
                self.tr(
                    "sensors.chart.who",
                    value=self.wording.number(WHO_PM10, 0),
                    name=self.tr("sensors.dust.pm10"),
                ),
                WHO_PM10,
                end,
            ),
        ]
        paragraphs = [
            self.tr("sensors.dust.explain_sizes"),
            self.tr("sensors.dust.explain_limits"),
            self.tr("sensors.dust.explain_scale"),
        ]
        if source == WORKSHOP:
            paragraphs.append(self.tr("sensors.workshop.explain"))
        else:
            paragraphs.append(
                self.tr("sensors.dust.explain_sensors", km=self.wording.number(self.radius_km, 0))
            )
        return DetailContent(
            eyebrow=self._title(source),
            headline=headline,
            fresh=fresh,
            fresh_tone=fresh_tone,
            chart_caption=self.tr("sensors.chart.caption", time=self.wording.time(end, view.now)),
            chart_empty=self.tr("sensors.chart.empty"),
            y_title=unit,
            rows=rows,
            explain_title=self.tr("sensors.dust.explain_title"),
            paragraphs=paragraphs,
            credits=self.credits(source),
            lines=lines,
            chart_end=end,
            floor=0.0,
        )

    def water_detail(self, view: SensorView) -> DetailContent:
        state = view.snapshot.water
        point = state.current
        fresh, fresh_tone = self._fresh(view, WATER, point.time if point else None)
        unit = self.tr("sensors.water.unit")
        deviation = state.deviation_cm()
        level = water_level(state)
        rows: list[ValueRow] = []
        if point is None:
            headline = self.tr("sensors.water.no_value")
        elif deviation is None:
            headline = self.tr(
                "sensors.water.level_note", value=self.wording.number(point.level_cm, 0)
            )
        else:
            headline = self.wording.deviation(deviation)
            rows.append(
                ValueRow(
                    self.tr("sensors.water.label_short"),
                    self.wording.number(abs(round(deviation)), 0),
                    unit,
                    self.wording.water_level(level),
                    WATER_TONE[level],
                )
            )
        if point is not None:
            rows.append(
                ValueRow(
                    self.tr("sensors.water.level_label"),
                    self.wording.number(point.level_cm, 0),
                    unit,
                    "",
                    "quiet",
                )
            )
        end = _chart_end(state.history[-1].time if state.history else None, view.now)
        lines = self._water_lines(state, end)
        return DetailContent(
            eyebrow=self._title(WATER),
            headline=headline,
            fresh=fresh,
            fresh_tone=fresh_tone,
            chart_caption=self.tr("sensors.chart.caption", time=self.wording.time(end, view.now)),
            chart_empty=self.tr("sensors.chart.empty"),
            y_title=unit,
            rows=rows,
            explain_title=self.tr("sensors.water.explain_title"),
            paragraphs=self._water_paragraphs(state),
            credits=self.credits(WATER),
            lines=lines,
            chart_end=end,
            floor=None,
        )

    def _water_lines(self, state: WaterState, end: datetime) -> list[Line]:
        mean = state.gauge.mean_level_cm if state.gauge else None
        name = self.tr("sensors.water.series")
        if mean is None:
            return [Line(name, PM25_COLOUR, [(p.time, p.level_cm) for p in state.history])]
        return [
            Line(name, PM25_COLOUR, [(p.time, p.level_cm - mean) for p in state.history]),
            _guide(self.tr("sensors.water.mean_line"), 0.0, end),
        ]

    def _water_paragraphs(self, state: WaterState) -> list[str]:
        gauge, point = state.gauge, state.current
        paragraphs = []
        zero = gauge.zero_m_nhn if gauge else None
        if zero is not None:
            paragraphs.append(
                self.tr("sensors.water.explain_zero", zero=self.wording.short(abs(zero)))
                if zero < 0
                else self.tr("sensors.water.explain_zero_above", zero=self.wording.short(zero))
            )
            if point is not None:
                nhn = zero + point.level_cm / 100
                key = (
                    "sensors.water.explain_now_above"
                    if nhn >= 0
                    else "sensors.water.explain_now_below"
                )
                level = self.wording.number(point.level_cm, 0)
                paragraphs.append(self.tr(key, level=level, nhn=self.wording.number(abs(nhn), 2)))
        else:
            paragraphs.append(self.tr("sensors.water.explain_gauge"))
        if gauge is not None and gauge.mean_level_cm is not None:
            paragraphs.append(
                self.tr(
                    "sensors.water.explain_mean", mean=self.wording.number(gauge.mean_level_cm, 0)
                )
            )
        paragraphs.append(self.tr("sensors.water.explain_wind"))
        return paragraphs


def _guide(name: str, value: float, end: datetime) -> Line:
    return Line(name, GUIDE_COLOUR, [(end - HISTORY, value), (end, value)], reference=True)


def _chart_end(last: datetime | None, now: datetime) -> datetime:
    """The chart ends at the newest value (an offline station shows the day it has)."""
    if last is None or last > now:
        return now
    return last
