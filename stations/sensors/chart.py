"""The 24-hour chart of a detail screen, drawn with Qt Charts.

Why x in minutes with hour labels of our own: the chart shows the station's local time
(Europe/Berlin) whatever the machine's zone is, so the axis labels are computed here with
the configured zone instead of leaving them to the machine's clock. A reference line marks
the WHO guideline (dust) or the mean water level (water).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from kiosk.sensor_model import HISTORY
from stations.sensors.wording import Wording

logger = logging.getLogger(__name__)

WINDOW_MINUTES = HISTORY.total_seconds() / 60
LABEL_EVERY_HOURS = 3
CHART_MIN_PX = 220
EDGE_MINUTES = 45  # no hour label this close to the ends: it would be cut off


@dataclass(frozen=True)
class Line:
    """One series: its name in the legend, colour, values, and whether it is a reference."""

    name: str
    colour: str
    points: Sequence[tuple[datetime, float]]
    reference: bool = False


class HistoryChart(QChartView):
    def __init__(self, wording: Wording) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self._wording = wording
        self._font_px = 20
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setMinimumHeight(CHART_MIN_PX)
        chart = self._chart
        chart.setBackgroundVisible(False)
        chart.setPlotAreaBackgroundVisible(False)
        self.setStyleSheet("background: transparent;")
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setMarkerShape(chart.legend().MarkerShape.MarkerShapeFromSeries)
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        for axis, side in (
            (self.x_axis, Qt.AlignmentFlag.AlignBottom),
            (self.y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            chart.addAxis(axis, side)
            axis.setGridLineColor(QColor("#DCE6F0"))
        self.lines: list[Line] = []

    def set_font_px(self, size: int) -> None:
        self._font_px = size
        font = QFont(self.font())
        font.setPixelSize(size)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)
        self._chart.legend().setFont(font)

    def show_lines(
        self, lines: Sequence[Line], end: datetime, y_title: str, floor: float | None
    ) -> None:
        """Draw ``lines`` over the 24 hours before ``end``; ``floor`` fixes the y minimum."""
        chart = self._chart
        chart.removeAllSeries()
        self.lines = list(lines)
        start = end - HISTORY
        values: list[float] = []
        for line in lines:
            series = QLineSeries()
            series.setName(line.name)
            pen = QPen(QColor(line.colour))
            pen.setWidth(2 if line.reference else 4)
            if line.reference:
                pen.setStyle(Qt.PenStyle.DashLine)
            series.setPen(pen)
            for moment, value in line.points:
                if start <= moment <= end:
                    series.append(QPointF(_minutes(moment, start), value))
                    values.append(value)
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self._x_labels(start, end)
        self._y_range(values, floor, y_title)

    def _x_labels(self, start: datetime, end: datetime) -> None:
        axis = self.x_axis
        for label in list(axis.categoriesLabels()):
            axis.remove(label)
        axis.setStartValue(0)
        local_start = self._wording.local(start)
        hour = local_start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        while hour <= self._wording.local(end):
            position = _minutes(hour, start)
            inside = EDGE_MINUTES <= position <= WINDOW_MINUTES - EDGE_MINUTES
            if hour.hour % LABEL_EVERY_HOURS == 0 and inside:
                axis.append(f"{hour:%H}:00", position)
            hour += timedelta(hours=1)
        axis.setRange(0, WINDOW_MINUTES)

    def _y_range(self, values: list[float], floor: float | None, title: str) -> None:
        low = min(values, default=0.0) if floor is None else floor
        high = max(values, default=1.0)
        span = max(high - low, 10.0)
        if floor is None:
            low -= span * 0.15
        high += span * 0.15
        self.y_axis.setRange(low, high)
        self.y_axis.applyNiceNumbers()
        self.y_axis.setTitleText(title)


def _minutes(moment: datetime, start: datetime) -> float:
    return (moment - start).total_seconds() / 60
