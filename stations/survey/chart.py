"""The survey results as bar charts (Qt Charts), for staff and, if allowed, for visitors.

Why a widget of its own: the staff dashboard shows the same charts as the survey station's end
screen. Use: `SurveyResultsView(translator)`, then `show_results(survey, results)` whenever new
counts arrive or the language changes. Only counts are shown, never a free text: a visitor's
sentence on a public screen could identify them.
"""

from __future__ import annotations

import logging

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from stations.survey.model import Question, Survey
from stations.survey.storage import Results
from ui.theme import PALETTE, TYPE
from ui.widgets import clear_layout, text_label

logger = logging.getLogger(__name__)

CHART_COLUMNS = 1  # full width: long answers ("Bürgerinformation und Beteiligung") stay whole


def answer_label(question: Question, answer: str, lang: str) -> str:
    if question.kind == "choice":
        option = next((o for o in question.options if o.id == answer), None)
        return option.label.get_text(lang) if option else answer
    if question.kind == "scale" and question.min_label and question.max_label:
        if answer == "1":
            return f"1 – {question.min_label.get_text(lang)}"
        if answer == str(question.points):
            return f"{answer} – {question.max_label.get_text(lang)}"
    return answer


def question_chart(question: Question, counts: dict[str, int], lang: str) -> QChart:
    """A horizontal bar chart of one question: one bar per answer, first answer on top."""
    answers = list(question.answers())[::-1]  # the axis draws from the bottom up
    bars = QBarSet(question.text.get_text(lang))
    bars.setColor(QColor(PALETTE.accent))
    bars.setLabelColor(QColor(PALETTE.text))
    value_font = QFont()
    value_font.setPixelSize(TYPE.small)
    value_font.setBold(True)
    bars.setLabelFont(value_font)
    for answer in answers:
        bars.append(counts.get(answer, 0))
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart = QChart()
    chart.addSeries(series)
    chart.legend().hide()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    font = QFont()
    font.setPixelSize(TYPE.small)
    categories = QBarCategoryAxis()
    categories.append([answer_label(question, a, lang) for a in answers])
    categories.setLabelsFont(font)
    categories.setLabelsColor(QColor(PALETTE.text))
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    values = QValueAxis()
    top = max([*counts.values(), 1])
    values.setRange(0, top * 1.15 + 0.5)
    values.setLabelFormat("%d")
    values.setTickCount(min(top, 4) + 1)
    values.setLabelsFont(font)
    values.setLabelsColor(QColor(PALETTE.muted))
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values)
    return chart


class SurveyResultsView(QWidget):
    """A heading with the number of submissions and one chart per choice or scale question."""

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translator = translator
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.summary = text_label("lead")
        layout.addWidget(self.summary)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        layout.addLayout(self.grid, 1)
        self.charts: dict[str, QChartView] = {}
        self.titles: dict[str, object] = {}

    def show_results(self, survey: Survey, results: Results) -> None:
        tr = self._translator.tr
        lang = self._translator.language
        clear_layout(self.grid)
        self.charts = {}
        self.summary.setText(
            tr("survey.results.count", count=results.submissions, texts=results.texts)
        )
        charted = [q for q in survey.questions if q.id in results.counts]
        for index, question in enumerate(charted):
            counts = dict(results.counts[question.id])
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            title = text_label("h3", question.text.get_text(lang))
            view = QChartView(question_chart(question, counts, lang))
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setBackgroundBrush(QColor(PALETTE.background))
            view.setMinimumHeight(120 + 40 * len(question.answers()))
            summary = ", ".join(
                f"{answer_label(question, a, lang)}: {n}" for a, n in counts.items()
            )
            view.setAccessibleName(f"{question.text.get_text(lang)} – {summary}")
            column.addWidget(title)
            column.addWidget(view, 1)
            self.grid.addWidget(box, index // CHART_COLUMNS, index % CHART_COLUMNS)
            self.charts[question.id] = view

    def clear(self) -> None:
        clear_layout(self.grid)
        self.charts = {}
        self.summary.clear()
