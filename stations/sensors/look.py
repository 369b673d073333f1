"""Colours and sizes of the sensor screens: big numbers and coloured words for two metres.

Why its own palette: the ratings need a colour each (green, amber, red), always together
with a word, and every text colour must keep at least 4.5:1 on its background (a test
checks each pair). Sizes follow the larger-text toggle through ``Theme.px``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel

from stations.sensors.status import Freshness, Rating, WaterLevel
from ui.theme import PALETTE, Theme

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Colours:
    text: str
    background: str


TONES: dict[str, Colours] = {
    "good": Colours("#0B5A2B", "#D9F2E1"),
    "moderate": Colours("#5C3D00", "#FFE8A8"),
    "poor": Colours("#8A1C12", "#FBD9D5"),
    "neutral": Colours(PALETTE.accent, PALETTE.accent_soft),
    "quiet": Colours(PALETTE.muted, "#E6EBF0"),
}

PM25_COLOUR = PALETTE.accent  # the chart lines; both dark enough on white
PM10_COLOUR = "#A34700"
GUIDE_COLOUR = "#5F6B78"

RATING_TONE = {Rating.GOOD: "good", Rating.MODERATE: "moderate", Rating.POOR: "poor"}
WATER_TONE = {
    WaterLevel.USUAL: "neutral",
    WaterLevel.LOW: "moderate",
    WaterLevel.HIGH: "moderate",
    WaterLevel.SURGE: "poor",
    WaterLevel.UNKNOWN: "quiet",
}
FRESH_TONE = {
    Freshness.LIVE: "good",
    Freshness.OFFLINE: "poor",
    Freshness.SAMPLE: "moderate",
    Freshness.STORED: "quiet",
    Freshness.MISSING: "quiet",
    Freshness.OFF: "quiet",
}

# pixel sizes at normal text; the larger-text toggle scales them
BIG_PX = 120
UNIT_PX = 38
CHIP_PX = 30
SMALL_CHIP_PX = 24


def chip(label: QLabel, tone: str, theme: Theme, size: int = CHIP_PX) -> None:
    """A coloured word on its own background (rating or status)."""
    colours = TONES[tone]
    label.setStyleSheet(
        f"QLabel {{ color: {colours.text}; background: {colours.background}; "
        f"border-radius: 10px; padding: 6px 18px; font-weight: 700; "
        f"font-size: {theme.px(size)}px; }}"
    )


def sized(
    label: QLabel,
    theme: Theme,
    size: int,
    *,
    bold: bool = False,
    colour: str = "",
    scale: bool = True,
) -> None:
    """A label at a size of its own. ``scale``: follow the larger-text toggle (the big
    numbers do not need to: they are already readable from two metres, and growing them
    would squeeze the chart)."""
    weight = "font-weight: 700; " if bold else ""
    tint = f"color: {colour}; " if colour else ""
    pixels = theme.px(size) if scale else size
    label.setStyleSheet(f"QLabel {{ {weight}{tint}font-size: {pixels}px; }}")
