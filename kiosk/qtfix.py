"""Work around reference-count bugs of PySide6 6.12 on Python 3.11.

Observed here: every `SignalInstance.emit()` returns `True` without taking a reference, and
every void Qt method called from Python (`setText`, `setVisible`, `setAccessibleName`, …)
returns `None` without taking one. Each call lowers the reference count of `True` or `None`
by one, and after a few hundred or thousand calls the interpreter aborts with "Fatal Python
error: bool_dealloc / none_dealloc". Python 3.12 made these singletons immortal, which hides
the bug there; on 3.11 an all-day kiosk would crash within seconds of use.

`install()` checks whether the running PySide6 has the bug and, only then, gives `None`,
`True` and `False` a reference count so large (2**40) that no process lifetime can use it up,
which is what Python 3.12 does for them. Call it once at process start, before Qt is used.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)

PINNED_REFERENCES = 1 << 40
_installed = False


class _Probe(QObject):
    fired = Signal()


def _loses_references() -> bool:
    """True when emit or a void method of this PySide6 build drops a reference it never took."""
    probe = _Probe()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(3):
        probe.fired.emit()
        probe.setObjectName("probe")
    return sys.getrefcount(True) < true_before or sys.getrefcount(None) < none_before


def emit_leaks_a_reference() -> bool:
    """Kept for tests: whether the singletons can still run out (False once installed)."""
    return _loses_references() and not _installed


def _pin(singleton: object) -> bool:
    """Add PINNED_REFERENCES to the singleton's reference count, if the layout is as expected."""
    cell = ctypes.c_ssize_t.from_address(id(singleton))
    expected = sys.getrefcount(singleton) - 1  # getrefcount's own argument
    if abs(cell.value - expected) > 2:  # not the plain CPython object layout: leave it alone
        logger.error("qtfix: unexpected object layout; cannot protect %r", singleton)
        return False
    cell.value += PINNED_REFERENCES
    return True


def install() -> bool:
    """Protect None/True/False if (and only if) this PySide6 loses references to them."""
    global _installed  # noqa: PLW0603 - one process-wide fix
    if _installed:
        return True
    if sys.version_info >= (3, 12) or not _loses_references():
        return False
    _installed = all([_pin(None), _pin(True), _pin(False)])
    if _installed:
        logger.info("qtfix: protected None/True/False against the PySide6 reference leak")
    return _installed
