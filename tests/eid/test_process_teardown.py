"""A supervisor that is destroyed while its process still runs (its owner dropped it without
``shutdown()``, e.g. the kiosk stopped while the back end was starting): Qt's QProcess
destructor still kills the child and emits ``finished``, and nothing of the half-destroyed
supervisor may run then."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from eid.process import AusweisAppSupervisor
from tests.eid.test_process import alive

SLEEPER = [sys.executable, "-c", "import time; print('starting', flush=True); time.sleep(60)"]


# Qt says so when it has to kill the child itself: that last resort is what this test is about.
@pytest.mark.qt_log_ignore("^QProcess: Destroyed while process")
def test_supervisor_destroyed_while_its_process_starts_ends_it_quietly(qtbot: QtBot) -> None:
    owner = QObject()
    supervisor = AusweisAppSupervisor(SLEEPER, parent=owner)
    supervisor.start()
    qtbot.waitUntil(lambda: supervisor.pid is not None, timeout=10_000)
    pid = supervisor.pid
    assert pid is not None
    with qtbot.waitSignal(owner.destroyed, timeout=10_000):
        owner.deleteLater()
    # pytest-qt fails this test if a slot raised (it did: "QTimer already deleted")
    qtbot.waitUntil(lambda: not alive(pid), timeout=10_000)
