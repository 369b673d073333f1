"""Work around a reference-count bug in PySide6 6.12 on Python 3.11.

`SignalInstance.emit()` returns `True` without taking a reference, so every emit from Python
lowers the reference count of `True` by one; after a few hundred emits the interpreter aborts
with "Fatal Python error: bool_dealloc". (Python 3.12+ makes `True` immortal and hides it.)
An all-day kiosk emits millions of signals, so this is fatal in production.

`install()` measures whether the running PySide6 has the bug and, only then, wraps `emit` to
give the missing reference back. Call it once at process start, before any signal is emitted.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

logger = logging.getLogger(__name__)

_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_leaks_a_reference() -> bool:
    """True when this PySide6 build loses a reference to `True` on every emit."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(3):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def install() -> bool:
    """Patch `SignalInstance.emit` if (and only if) it leaks; returns whether it patched."""
    global _installed  # noqa: PLW0603 - one process-wide patch
    if _installed:
        return True
    if not emit_leaks_a_reference():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        incref(result)  # the reference the binding forgot to take
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    if emit_leaks_a_reference():  # pragma: no cover - would mean the diagnosis was wrong
        logger.error("qtfix: emit still leaks after the patch")
    else:
        logger.info("qtfix: patched the PySide6 emit reference leak")
    return True
