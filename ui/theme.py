"""One palette, one type scale, one style sheet: a calm municipal look that is easy to read.

Why a generated style sheet: every size lives here, so the larger-text toggle only has to
regenerate one string, and the accessibility test can check every colour pair we actually use.
Widgets pick their look through the dynamic properties `role` (labels) and `kind` (buttons).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)

FONT_STACK = '"Noto Sans", "Source Sans 3", "Open Sans", "DejaVu Sans", sans-serif'
LARGE_TEXT_FACTOR = 1.3
MIN_TARGET_PX = 64  # touch targets; the WCAG minimum is 44 px, a standing visitor needs more
SPACING_PX = 16  # gap between neighbouring targets (the minimum is 8 px)
MARGIN_PX = 56  # page margin at 1920×1080
# The keyboard focus ring (ui/focus_ring.py): a gap, a dark line, a light halo, outside the widget
FOCUS_GAP_PX = 3
FOCUS_RING_PX = 4
FOCUS_HALO_PX = 3


@dataclass(frozen=True)
class Palette:
    background: str = "#FFFFFF"
    surface: str = "#F1F5F9"  # tiles, cards
    surface_pressed: str = "#DCE6F0"
    text: str = "#15202B"
    muted: str = "#44515F"  # secondary text, still well above 4.5:1 on white and surface
    accent: str = "#004F8C"  # a Flensburg-ish harbour blue
    accent_pressed: str = "#003A68"
    on_accent: str = "#FFFFFF"
    accent_soft: str = "#E1ECF7"
    border: str = "#B8C4D0"
    moment_bg: str = "#FFF3D6"  # eID / payment / upload moments
    moment_text: str = "#5A3A00"
    moment_border: str = "#E0A526"
    error_text: str = "#9F1C14"
    backdrop: str = "rgba(10, 20, 30, 170)"
    focus_ring: str = "#15202B"  # the dark line of the keyboard focus ring
    focus_halo: str = "#FFFFFF"  # its light halo (carries the contrast on the blue band)


@dataclass(frozen=True)
class TypeScale:
    """Pixel sizes at 1920×1080 (body text at least 24 px)."""

    display: int = 64
    h1: int = 50
    h2: int = 38
    h3: int = 31
    body: int = 27
    small: int = 24
    button: int = 27


PALETTE = Palette()
TYPE = TypeScale()

#: Every (text, background) pair the style sheet uses; the a11y test checks each ≥ 4.5:1.
TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "body on background": (PALETTE.text, PALETTE.background),
    "body on surface": (PALETTE.text, PALETTE.surface),
    "body on pressed surface": (PALETTE.text, PALETTE.surface_pressed),
    "muted on background": (PALETTE.muted, PALETTE.background),
    "muted on surface": (PALETTE.muted, PALETTE.surface),
    "accent on background": (PALETTE.accent, PALETTE.background),
    "accent on surface": (PALETTE.accent, PALETTE.surface),
    "accent on soft accent": (PALETTE.accent, PALETTE.accent_soft),
    "on-accent on accent": (PALETTE.on_accent, PALETTE.accent),
    "on-accent on pressed accent": (PALETTE.on_accent, PALETTE.accent_pressed),
    "moment text on moment": (PALETTE.moment_text, PALETTE.moment_bg),
    # the eID trainer panel (eyebrow heading and text) and a step card of an eID/payment moment
    "accent on moment": (PALETTE.accent, PALETTE.moment_bg),
    "body on moment": (PALETTE.text, PALETTE.moment_bg),
    "error on background": (PALETTE.error_text, PALETTE.background),
}


#: Every colour the focus ring is drawn on (the surroundings of a focusable widget); the a11y
#: test checks that the dark line or the light halo (each ≥ 3 px) has ≥ 3:1 against each.
FOCUS_SURROUNDINGS: dict[str, str] = {
    "page": PALETTE.background,
    "tile or card": PALETTE.surface,
    "attract band": PALETTE.accent,
    "eID moment card": PALETTE.moment_bg,
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


class Theme(QObject):
    """The current style (normal or larger text).

    Signals:
        changed(): the style sheet must be re-applied.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._large = False

    @property
    def large_text(self) -> bool:
        return self._large

    def set_large_text(self, large: bool) -> None:
        if large != self._large:
            self._large = large
            self.changed.emit()

    def px(self, size: int) -> int:
        return round(size * LARGE_TEXT_FACTOR) if self._large else size

    def combined_stylesheet(self) -> str:
        """Both sizes in one sheet; the larger one applies below `QWidget#shell[large="true"]`.

        Why: switching between two whole style sheets makes Qt keep a little memory on every
        switch (measured ~7 KiB); toggling one property and re-polishing does not.
        """
        large = self._large
        try:
            self._large = False
            normal = self.stylesheet()
            self._large = True
            larger = self.stylesheet()
        finally:
            self._large = large
        scoped = []
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", larger):
            sizes = [
                declaration.strip()
                for declaration in body.split(";")
                if declaration.strip().startswith(("font-size", "min-height"))
            ]
            if not sizes:
                continue  # only sizes change; colours and borders stay with the normal rules
            prefixed = ", ".join(
                f'QWidget#shell[large="true"] {part.strip()}' for part in selectors.split(",")
            )
            scoped.append(f"{prefixed} {{ {'; '.join(sizes)}; }}")
        return normal + "\n".join(scoped) + "\n"

    def stylesheet(self) -> str:
        p, t, px = PALETTE, TYPE, self.px
        return f"""
* {{ font-family: {FONT_STACK}; color: {p.text}; }}
QWidget#shell, QWidget#page, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget
    {{ background: {p.background}; }}
QLabel {{ font-size: {px(t.body)}px; background: transparent; }}
QLabel[role="display"] {{ font-size: {px(t.display)}px; font-weight: 700; color: {p.accent}; }}
QLabel[role="h1"] {{ font-size: {px(t.h1)}px; font-weight: 700; }}
QLabel[role="h2"] {{ font-size: {px(t.h2)}px; font-weight: 700; }}
QLabel[role="h3"] {{ font-size: {px(t.h3)}px; font-weight: 700; }}
QLabel[role="eyebrow"] {{ font-size: {px(t.small)}px; font-weight: 700; color: {p.accent};
    letter-spacing: 1px; }}
QLabel[role="muted"] {{ font-size: {px(t.small)}px; color: {p.muted}; }}
QLabel[role="lead"] {{ font-size: {px(t.h3)}px; color: {p.text}; }}
QLabel[role="brand"] {{ font-size: {px(t.h3)}px; font-weight: 700; color: {p.accent}; }}
QLabel[role="badge"] {{ font-size: {px(t.small)}px; font-weight: 700; color: {p.accent};
    background: {p.accent_soft}; border-radius: 8px; padding: 4px 12px; }}
QLabel[role="badge-line"] {{ font-size: {px(t.small)}px; font-weight: 700; color: {p.accent}; }}
QLabel[role="moment"] {{ font-size: {px(t.small)}px; font-weight: 700; color: {p.moment_text};
    background: {p.moment_bg}; border: 2px solid {p.moment_border}; border-radius: 10px;
    padding: 6px 16px; }}
QLabel[role="note"] {{ font-size: {px(t.body)}px; font-weight: 700; color: {p.moment_text};
    background: {p.moment_bg}; border: 2px solid {p.moment_border}; border-radius: 12px;
    padding: 12px 20px; }}
StepIndicator {{ font-size: {px(t.small)}px; }}
QLabel[role="step-number"] {{ font-size: {px(220)}px; font-weight: 700; color: {p.border}; }}
QLabel[role="error"] {{ color: {p.error_text}; font-weight: 700; }}
QFrame#header, QFrame#footer {{ background: {p.background}; }}
QFrame#header {{ border-bottom: 2px solid {p.surface_pressed}; }}
QFrame#footer {{ border-top: 2px solid {p.surface_pressed}; }}
QFrame#touchband {{ background: {p.accent}; }}
QFrame[role="card"] {{ background: {p.surface}; border-radius: 16px; }}
QFrame[role="moment-card"] {{ background: {p.moment_bg}; border: 2px solid {p.moment_border};
    border-radius: 16px; }}
QFrame#overlay-card {{ background: {p.background}; border-radius: 24px; }}
QWidget#backdrop {{ background: {p.backdrop}; }}
QPushButton {{ font-size: {px(t.button)}px; font-weight: 700; min-height: {MIN_TARGET_PX}px;
    padding: 8px 28px; border-radius: 12px; border: 2px solid {p.accent};
    background: {p.background}; color: {p.accent}; }}
QPushButton:pressed {{ background: {p.accent_soft}; }}
QPushButton:focus {{ outline: none; }}
QPushButton[kind="primary"] {{ background: {p.accent}; color: {p.on_accent}; }}
QPushButton[kind="primary"]:pressed {{ background: {p.accent_pressed}; }}
QPushButton[kind="quiet"] {{ border-color: {p.border}; color: {p.text}; }}
QPushButton[kind="segment"] {{ border-color: {p.border}; color: {p.text}; padding: 8px 16px; }}
QPushButton[kind="segment"]:checked {{ background: {p.accent}; color: {p.on_accent};
    border-color: {p.accent}; }}
QPushButton[kind="toggle"] {{ border-color: {p.border}; color: {p.text}; }}
QPushButton[kind="toggle"]:checked {{ background: {p.accent}; color: {p.on_accent};
    border-color: {p.accent}; }}
QPushButton[kind="tile"] {{ background: {p.surface}; border: 2px solid {p.surface};
    border-radius: 20px; padding: 0; text-align: left; min-height: 160px; }}
QPushButton[kind="tile"][variant="large"] {{ min-height: 300px; }}
QPushButton[kind="tile"]:pressed {{ background: {p.surface_pressed}; }}
QPushButton[kind="start"] {{ font-size: {px(t.h3)}px; min-height: 72px; padding: 8px 20px;
    background: {p.background}; border: 3px solid {p.background}; color: {p.accent};
    border-radius: 20px; }}
QPushButton[kind="start"]:pressed {{ background: {p.accent_soft}; }}
QPushButton[kind="more"] {{ border-color: {p.accent}; color: {p.accent};
    background: {p.accent_soft}; }}
QScrollBar:vertical {{ width: 20px; background: {p.surface}; border: none; }}
QScrollBar::handle:vertical {{ background: {p.accent}; border-radius: 10px; min-height: 60px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
"""
