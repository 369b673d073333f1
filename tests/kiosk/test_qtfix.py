"""The PySide6 reference-leak workaround keeps None/True/False alive through many Qt calls."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from kiosk import qtfix


class Emitter(QObject):
    fired = Signal(object)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="singletons are immortal on 3.12+")
def test_many_calls_cannot_exhaust_the_singletons() -> None:
    qtfix.install()
    emitter = Emitter()
    seen: list[object] = []
    emitter.fired.connect(seen.append)
    for number in range(20_000):
        emitter.fired.emit(number)
        emitter.setObjectName(f"e{number}")
    assert len(seen) == 20_000
    assert not qtfix.emit_leaks_a_reference()
    if qtfix._installed:
        assert sys.getrefcount(None) > qtfix.PINNED_REFERENCES // 2
        assert sys.getrefcount(True) > qtfix.PINNED_REFERENCES // 2
