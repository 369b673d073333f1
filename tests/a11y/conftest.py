"""The offscreen kiosk fixture of the UI tests, for the accessibility tests."""

from tests.ui.conftest import kiosk

__all__ = ["kiosk"]
