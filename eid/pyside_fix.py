"""Work around a reference-count bug of PySide6 6.12: ``SignalInstance.emit()`` and
``.disconnect()`` return True/False without owning a reference.

Each Python-side emit takes one reference away from ``True``; after a few hundred
emits the interpreter aborts with "Fatal Python error: bool_dealloc". ``apply()``
checks whether the installed PySide6 has the bug (one probe emit and disconnect) and,
only then, wraps both methods so they give the missing reference back. It is safe to
call more than once and a no-op on a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

logger = logging.getLogger(__name__)

_applied = False


class _Probe(QObject):
    ping = Signal()


def _leaks_bool(call: Callable[[], Any]) -> bool:
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    result = call()
    del result
    return sys.getrefcount(True) < before_true or sys.getrefcount(False) < before_false


def _give_back(result: Any) -> None:
    if result is True or result is False:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


def _wrap(name: str) -> None:
    original = getattr(SignalInstance, name)

    def fixed(self: SignalInstance, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        _give_back(result)
        return result

    fixed.__doc__ = original.__doc__
    setattr(SignalInstance, name, fixed)


def apply() -> bool:
    """Patch ``SignalInstance`` when this PySide6 needs it; True when a patch is active."""
    global _applied  # noqa: PLW0603 (process-wide, once)
    if _applied:
        return True
    probe = _Probe()

    def slot() -> None:
        return None

    emit_leaks = _leaks_bool(probe.ping.emit)
    probe.ping.connect(slot)
    disconnect_leaks = _leaks_bool(lambda: probe.ping.disconnect(slot))
    if emit_leaks:
        _wrap("emit")
    if disconnect_leaks:
        _wrap("disconnect")
    _applied = emit_leaks or disconnect_leaks
    if _applied:
        logger.info("PySide6 signal refcount workaround active (emit/disconnect leak True)")
    return _applied
