"""The installed Qt binding must survive a day of signals: no reference leak on emit.

PySide6 6.12.0 on Python 3.11 returns True/None from ``emit()`` and void methods without
owning a reference; a kiosk aborts with "bool_dealloc" after a few thousand calls. The
check runs in a subprocess, so a broken binding fails this test instead of killing pytest.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
class Probe(QObject):
    fired = Signal()
probe = Probe()
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(200):
    probe.fired.emit()
    probe.setObjectName("probe")
print(sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before)
"""


def test_signals_and_void_calls_keep_singleton_references() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-500:]
    true_delta, none_delta = (int(v) for v in result.stdout.split())
    assert true_delta >= 0 and none_delta >= 0, "PySide6 leaks references (use PySide6 < 6.12)"
