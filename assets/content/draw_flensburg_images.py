"""Draw the simple flat icons of the shipped Flensburg bundle (run once; the PNGs are committed).

Usage: ``python assets/content/draw_flensburg_images.py`` from the repository root.
Drawn with Pillow from plain shapes, so the bundle carries no third-party artwork. Shapes are
drawn on a canvas eight times larger and scaled down, so edges stay smooth at slide size.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

logger = logging.getLogger(__name__)

SIZE = 256  # the coordinate system the painters use
OUTPUT = 512  # pixels of the saved PNG
SUPERSAMPLE = 8  # drawing canvas = SIZE * SUPERSAMPLE, then scaled down to OUTPUT
INK = (22, 72, 140, 255)  # calm blue, strong contrast on white and light backgrounds
ACCENT = (0, 150, 110, 255)
PAPER = (255, 255, 255, 255)
LINE = 12
OUT = Path(__file__).resolve().parent / "flensburg" / "images"


class ScaledDraw:
    """The few ImageDraw calls the painters use, in SIZE coordinates on a larger canvas."""

    def __init__(self, draw: ImageDraw.ImageDraw, factor: int) -> None:
        self._draw = draw
        self._k = factor

    def _xy(self, xy: Sequence[Any]) -> list[float]:
        flat: list[float] = []
        for item in xy:
            flat.extend(v * self._k for v in (item if isinstance(item, tuple) else (item,)))
        return flat

    def _scaled(self, options: dict[str, Any]) -> dict[str, Any]:
        return {k: v * self._k if k in {"width", "radius"} else v for k, v in options.items()}

    def rounded_rectangle(self, xy: Sequence[Any], **options: Any) -> None:
        self._draw.rounded_rectangle(self._xy(xy), **self._scaled(options))

    def rectangle(self, xy: Sequence[Any], **options: Any) -> None:
        self._draw.rectangle(self._xy(xy), **self._scaled(options))

    def ellipse(self, xy: Sequence[Any], **options: Any) -> None:
        self._draw.ellipse(self._xy(xy), **self._scaled(options))

    def polygon(self, xy: Sequence[Any], **options: Any) -> None:
        self._draw.polygon(self._xy(xy), **self._scaled(options))

    def line(self, xy: Sequence[Any], **options: Any) -> None:
        self._draw.line(self._xy(xy), **self._scaled(options))


Painter = Callable[[ScaledDraw], None]


def touch(draw: ScaledDraw) -> None:
    """A screen with a tap and its ripples."""
    draw.rounded_rectangle((28, 40, 228, 200), radius=18, outline=INK, width=LINE)
    for radius, width in ((46, 6), (30, 8)):
        draw.ellipse(
            (128 - radius, 120 - radius, 128 + radius, 120 + radius), outline=ACCENT, width=width
        )
    draw.ellipse((114, 106, 142, 134), fill=ACCENT)
    draw.rounded_rectangle((98, 206, 158, 222), radius=8, fill=INK)


def id_card(draw: ScaledDraw) -> None:
    """An ID card with photo, text lines and chip."""
    draw.rounded_rectangle((20, 56, 236, 200), radius=18, outline=INK, width=LINE)
    draw.rounded_rectangle((44, 82, 104, 156), radius=8, fill=INK)
    for top in (90, 118, 146):
        draw.rounded_rectangle((122, top, 212, top + 12), radius=6, fill=INK)
    draw.rounded_rectangle((168, 166, 212, 188), radius=5, fill=ACCENT)


def phone(draw: ScaledDraw) -> None:
    """A phone showing a QR-like pattern."""
    draw.rounded_rectangle((70, 14, 186, 242), radius=22, outline=INK, width=LINE)
    draw.rounded_rectangle((110, 24, 146, 32), radius=4, fill=INK)
    cell = 12
    pattern = ("1110111", "1010101", "1110011", "0001100", "1100111", "1011101", "1110101")
    for row, bits in enumerate(pattern):
        for col, bit in enumerate(bits):
            if bit == "1":
                x, y = 86 + col * cell, 84 + row * cell
                draw.rectangle((x, y, x + cell - 2, y + cell - 2), fill=ACCENT)


def languages(draw: ScaledDraw) -> None:
    """Two speech bubbles facing each other."""
    draw.rounded_rectangle((16, 34, 156, 124), radius=22, outline=INK, width=LINE)
    draw.polygon(((50, 118), (46, 156), (84, 118)), fill=INK)
    draw.rounded_rectangle((100, 120, 240, 210), radius=22, fill=ACCENT)
    draw.polygon(((206, 204), (212, 242), (172, 204)), fill=ACCENT)
    for x in (140, 170, 200):
        draw.ellipse((x - 8, 157, x + 8, 173), fill=PAPER)


def done(draw: ScaledDraw) -> None:
    """A check mark in a circle."""
    draw.ellipse((24, 24, 232, 232), outline=ACCENT, width=LINE + 4)
    draw.line(((76, 132), (114, 170), (184, 92)), fill=ACCENT, width=LINE + 10, joint="curve")


ICONS: dict[str, Painter] = {
    "slide-touch.png": touch,
    "slide-id-card.png": id_card,
    "slide-phone.png": phone,
    "slide-languages.png": languages,
    "slide-done.png": done,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, painter in ICONS.items():
        canvas = Image.new("RGBA", (SIZE * SUPERSAMPLE, SIZE * SUPERSAMPLE), (0, 0, 0, 0))
        painter(ScaledDraw(ImageDraw.Draw(canvas), SUPERSAMPLE))
        image = canvas.resize((OUTPUT, OUTPUT), Image.Resampling.LANCZOS)
        image.save(OUT / name, optimize=True)
        logger.info("drew %s", OUT / name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
