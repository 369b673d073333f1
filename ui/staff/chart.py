"""Visitors per hour of today as a bar chart (Qt Charts), readable from a step away."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from ui.theme import PALETTE

logger = logging.getLogger(__name__)

FIRST_HOUR = 8  # the axis shows at least opening hours, more when visitors came earlier/later
LAST_HOUR = 18


def hour_range(per_hour: Mapping[int, int]) -> range:
    hours = list(per_hour)
    return range(min([FIRST_HOUR, *hours]), max([LAST_HOUR, *hours]) + 1)


class VisitorsChart(QChartView):
    """`show_hours({hour: visitors})`; the accessible name says the numbers in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._chart.legend().hide()
        self._chart.setBackgroundVisible(False)
        self._chart.setMargins(QMargins(0, 0, 0, 0))
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._series = QBarSeries()
        self._chart.addSeries(self._series)
        self._x = QBarCategoryAxis()
        self._y = QValueAxis()
        self._y.setLabelFormat("%d")
        font = QFont()
        font.setPixelSize(15)
        for axis in (self._x, self._y):
            axis.setLabelsFont(font)
            axis.setLabelsColor(QColor(PALETTE.text))
            axis.setGridLineColor(QColor(PALETTE.surface_pressed))
        self._chart.addAxis(self._x, Qt.AlignmentFlag.AlignBottom)
        self._chart.addAxis(self._y, Qt.AlignmentFlag.AlignLeft)
        self._series.attachAxis(self._x)
        self._series.attachAxis(self._y)
        self.setMinimumHeight(300)
        self.counts: dict[int, int] = {}

    def show_hours(self, per_hour: Mapping[int, int], name: str = "") -> None:
        self.counts = dict(per_hour)
        hours = hour_range(per_hour)
        self._series.clear()
        bars = QBarSet("visitors")
        bars.setColor(QColor(PALETTE.accent))
        bars.setBorderColor(QColor(PALETTE.accent))
        for hour in hours:
            bars.append(per_hour.get(hour, 0))
        self._series.append(bars)
        self._x.setCategories([str(hour) for hour in hours])
        top = max([*per_hour.values(), 0])
        self._y.setRange(0, max(4, math.ceil(top * 1.15 / 4) * 4))  # whole numbers on 5 ticks
        self._y.setTickCount(5)
        self.setAccessibleName(name)
