"""From values to what a detail screen shows: the chart lines, the current values, and the
explanation of what they mean, in the visitor's language."""

from __future__ import annotations

import logging
from datetime import datetime

from kiosk.sensor_model import HISTORY, DustState, WaterState
from stations.sensors.chart import Line
from stations.sensors.detail import DetailContent, ValueRow
from stations.sensors.look import GUIDE_COLOUR, PM10_COLOUR, PM25_COLOUR, RATING_TONE, WATER_TONE
from stations.sensors.present import Presenter
from stations.sensors.service import SensorView
from stations.sensors.sources import AIR, WATER, WORKSHOP
from stations.sensors.status import (
    WHO_PM10,
    WHO_PM25,
    rate_dust,
    rate_pm10,
    rate_pm25,
    water_level,
)

logger = logging.getLogger(__name__)


class DetailPresenter(Presenter):
    """The overview's presenter plus the two detail screens."""

    def dust_detail(self, view: SensorView, source: str) -> DetailContent:
        state: DustState = view.snapshot.air if source == AIR else view.snapshot.workshop
        point = state.current
        unit = self.tr("sensors.dust.unit")
        pm25, pm10 = self.tr("sensors.dust.pm25"), self.tr("sensors.dust.pm10")
        rows: list[ValueRow] = []
        headline = self.tr("sensors.dust.no_value")
        if point is not None:
            overall = self.wording.rating(rate_dust(point))
            headline = self.tr("sensors.dust.headline", rating=overall)
            for label, value, rating in (
                (pm25, point.pm25, rate_pm25(point.pm25)),
                (pm10, point.pm10, rate_pm10(point.pm10)),
            ):
                word = self.wording.rating(rating)
                rows.append(
                    ValueRow(label, self.wording.number(value), unit, word, RATING_TONE[rating])
                )
        end = chart_end(state.history[-1].time if state.history else None, view.now)
        who = "sensors.chart.who"
        lines = [
            Line(pm25, PM25_COLOUR, [(p.time, p.pm25) for p in state.history]),
            Line(pm10, PM10_COLOUR, [(p.time, p.pm10) for p in state.history]),
            guide(
                self.tr(who, name=pm25, value=self.wording.number(WHO_PM25, 0)),
                WHO_PM25,
                end,
                PM25_COLOUR,
            ),
            guide(
                self.tr(who, name=pm10, value=self.wording.number(WHO_PM10, 0)),
                WHO_PM10,
                end,
                PM10_COLOUR,
            ),
        ]
        keys = ("explain_sizes", "explain_limits", "explain_scale")
        paragraphs = [self.tr(f"sensors.dust.{key}") for key in keys]
        if source == WORKSHOP:
            paragraphs.append(self.tr("sensors.workshop.explain"))
        else:
            km = self.wording.number(self.radius_km, 0)
            paragraphs.append(self.tr("sensors.dust.explain_sensors", km=km))
        return self._detail(
            view,
            source,
            headline=headline,
            measured=point.time if point else None,
            rows=rows,
            lines=lines,
            end=end,
            explain=(self.tr("sensors.dust.explain_title"), paragraphs),
            unit=unit,
            floor=0.0,
        )

    def water_detail(self, view: SensorView) -> DetailContent:
        state = view.snapshot.water
        point = state.current
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
            # Signed like the chart below it (0 = mean level): "4 cm" alone read as above it.
            rounded = round(deviation)
            sign = "−" if rounded < 0 else "+" if rounded > 0 else ""
            difference = sign + self.wording.number(abs(rounded), 0)
            word = self.wording.water_level(level)
            rows.append(
                ValueRow(
                    self.tr("sensors.water.label_short"), difference, unit, word, WATER_TONE[level]
                )
            )
        if point is not None:
            reading = self.wording.number(point.level_cm, 0)
            rows.append(ValueRow(self.tr("sensors.water.level_label"), reading, unit, "", "quiet"))
        end = chart_end(state.history[-1].time if state.history else None, view.now)
        return self._detail(
            view,
            WATER,
            headline=headline,
            measured=point.time if point else None,
            rows=rows,
            lines=self._water_lines(state, end),
            end=end,
            explain=(self.tr("sensors.water.explain_title"), self._water_paragraphs(state)),
            unit=unit,
            floor=None,
        )

    def _detail(
        self,
        view: SensorView,
        source: str,
        *,
        headline: str,
        measured: datetime | None,
        rows: list[ValueRow],
        lines: list[Line],
        end: datetime,
        explain: tuple[str, list[str]],
        unit: str,
        floor: float | None,
    ) -> DetailContent:
        fresh, fresh_tone = self.fresh(view, source, measured)
        return DetailContent(
            eyebrow=self.source_title(source),
            headline=headline,
            fresh=fresh,
            fresh_tone=fresh_tone,
            chart_caption=self.tr("sensors.chart.caption", time=self.wording.time(end, view.now)),
            chart_empty=self.tr("sensors.chart.empty"),
            y_title=unit,
            rows=rows,
            explain_title=explain[0],
            paragraphs=explain[1],
            credits=self.credits(source),
            lines=lines,
            chart_end=end,
            floor=floor,
        )

    def _water_lines(self, state: WaterState, end: datetime) -> list[Line]:
        """The level against the mean level (0 = mean) if that is known, else as read."""
        mean = state.gauge.mean_level_cm if state.gauge else None
        name = self.tr("sensors.water.series")
        if mean is None:
            return [Line(name, PM25_COLOUR, [(p.time, p.level_cm) for p in state.history])]
        return [
            Line(name, PM25_COLOUR, [(p.time, p.level_cm - mean) for p in state.history]),
            guide(self.tr("sensors.water.mean_line"), 0.0, end),
        ]

    def _water_paragraphs(self, state: WaterState) -> list[str]:
        """Gauge zero, what the reading means in metres above sea level, mean level, wind."""
        gauge, point = state.gauge, state.current
        zero = gauge.zero_m_nhn if gauge else None
        paragraphs = []
        if zero is None:
            paragraphs.append(self.tr("sensors.water.explain_gauge"))
        elif zero < 0:
            paragraphs.append(self.tr("sensors.water.explain_zero", zero=self.wording.short(-zero)))
        else:
            paragraphs.append(
                self.tr("sensors.water.explain_zero_above", zero=self.wording.short(zero))
            )
        if zero is not None and point is not None:
            nhn = zero + point.level_cm / 100
            key = "explain_now_above" if nhn >= 0 else "explain_now_below"
            reading = self.wording.number(point.level_cm, 0)
            paragraphs.append(
                self.tr(f"sensors.water.{key}", level=reading, nhn=self.wording.number(abs(nhn), 2))
            )
        if gauge is not None and gauge.mean_level_cm is not None:
            mean = self.wording.number(gauge.mean_level_cm, 0)
            paragraphs.append(self.tr("sensors.water.explain_mean", mean=mean))
        paragraphs.append(self.tr("sensors.water.explain_wind"))
        return paragraphs


def guide(name: str, value: float, end: datetime, colour: str = GUIDE_COLOUR) -> Line:
    """A dashed reference line over the whole chart (a guideline, the mean level); in the
    colour of the series it belongs to, where there are two (which line is PM10's?)."""
    return Line(name, colour, [(end - HISTORY, value), (end, value)], reference=True)


def chart_end(last: datetime | None, now: datetime) -> datetime:
    """The chart ends at the newest value (an offline station shows the day it has)."""
    if last is None or last > now:
        return now
    return last
