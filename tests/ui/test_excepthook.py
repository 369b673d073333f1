"""The error reset must not feed on itself: when the reset raises again (at shutdown, widgets
already deleted), the kiosk logs it and returns instead of resetting forever."""

from __future__ import annotations

import logging
import sys

import pytest

from kiosk.session import EndReason
from ui.app import KioskApp, install_excepthook


def test_an_error_during_the_error_reset_is_logged_not_reset_again(
    kiosk: KioskApp, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_listener(_reason: EndReason) -> None:  # a slot whose widgets are gone
        raise RuntimeError("Internal C++ object already deleted")

    kiosk.start_session()
    kiosk.session.ended.connect(broken_listener)
    previous = install_excepthook(kiosk)
    caplog.set_level(logging.ERROR, logger="ui.app")
    try:
        try:
            raise ValueError("first error")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = previous
        kiosk.session.ended.disconnect(broken_listener)
    unhandled = [r.getMessage() for r in caplog.records if "unhandled" in r.getMessage()]
    # the first error resets; the slot's error during that reset is logged, and that is all
    assert unhandled == [
        "unhandled ValueError; resetting to the attract loop",
        "unhandled RuntimeError during the reset after an error; not resetting again",
    ]
    assert not kiosk.session.active
