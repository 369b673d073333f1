"""The emit workaround keeps `True` alive through many emits."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from kiosk import qtfix


class Emitter(QObject):
    fired = Signal(object)


def test_many_emits_keep_the_refcount_of_true() -> None:
    qtfix.install()
    emitter = Emitter()
    seen: list[object] = []
    emitter.fired.connect(seen.append)
    before = sys.getrefcount(True)
    for number in range(5000):
        emitter.fired.emit(number)
    assert len(seen) == 5000
    assert sys.getrefcount(True) >= before
    assert not qtfix.emit_leaks_a_reference()
