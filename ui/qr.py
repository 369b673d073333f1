"""A large, crisp QR code of a public portal URL, and the check that the URL may be shown.

Why painted module by module: a QR code scaled with smoothing gets blurred edges that phone
cameras read badly. Here every module is an integer number of pixels, the quiet zone (4
modules) stays white, and nothing but the URL is encoded.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from urllib.parse import urlsplit

import qrcode
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)

QUIET_ZONE = 4


def url_problem(url: str, allowed_hosts: Collection[str]) -> str | None:
    """Why `url` must not become a QR code, or None when it may (https, allowed host)."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"not a URL ({error})"
    if parts.scheme != "https":
        return f"only https:// links are shown, not {parts.scheme or 'no scheme'}"
    host = (parts.hostname or "").lower()
    if not host:
        return "the link has no host"
    if parts.username or parts.password:
        return "the link must not carry a user name or password"
    if host not in {h.lower() for h in allowed_hosts}:
        return f"host {host} is not on the allow-list"
    return None


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR modules of `url` including the quiet zone (True = dark)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1
    )
    code.add_data(url)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_image(matrix: list[list[bool]], module_px: int) -> QImage:
    """Render the matrix at an integer module size (no smoothing anywhere)."""
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    x * module_px, y * module_px, module_px, module_px, QColor("black")
                )
    painter.end()
    return image


class QrCodeView(QWidget):
    """Shows the QR code of one allowed URL, as large as fits, centred; blank otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] | None = None
        self._image: QImage | None = None
        self.url: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(300, 300))

    def set_url(self, url: str, allowed_hosts: Collection[str]) -> str | None:
        """Show `url`; returns the problem (and shows nothing) when it is not allowed."""
        problem = url_problem(url, allowed_hosts)
        if problem is not None:
            logger.error("content: QR for %s refused: %s", url, problem)
            self.clear()
            return problem
        self._matrix = qr_matrix(url)
        self._image = None
        self.url = url
        self.update()
        return None

    def clear(self) -> None:
        self._matrix = None
        self._image = None
        self.url = None
        self.update()

    @property
    def has_code(self) -> bool:
        return self._matrix is not None

    def module_px(self) -> int:
        if not self._matrix:
            return 0
        return max(1, min(self.width(), self.height()) // len(self._matrix))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        module = self.module_px()
        if self._image is None or self._image.width() != module * len(self._matrix):
            self._image = qr_image(self._matrix, module)
        image = self._image
        left = (self.width() - image.width()) // 2
        top = (self.height() - image.height()) // 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(QRect(left, top, image.width(), image.height()), image)
        painter.end()

    def sizeHint(self) -> QSize:
        return QSize(560, 560)
