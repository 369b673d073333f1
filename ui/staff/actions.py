"""What the dashboard's buttons do. Each action reports back through `result(key, params)`
(a catalog key of `staff.result.*`), so the dashboard only renders.

Nothing here blocks the GUI thread: content is checked and statistics are written in worker
threads, AusweisApp is restarted through its supervisor's signals, and the eID self-test runs
as its own process (`python -m eid selftest`), which needs the SDK for itself: the kiosk's
client lets go of it meanwhile (AusweisApp takes one client at a time) and reconnects after.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QMetaObject,
    QObject,
    QProcess,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication

from kiosk.anon_db import data_dir
from kiosk.content import SHIPPED_BUNDLE, load_first_valid
from kiosk.fleet import RESTART_EXIT, content_candidates
from kiosk.stats import Statistics
from ui.staff.futures import FutureBridge

if TYPE_CHECKING:
    from eid.backend import EidBackend
    from ui.app import KioskApp

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SELFTEST_TIMEOUT_MS = 150_000
RESTART_DELAY_MS = 1500  # long enough to read "restarting" before the window goes


class StaffActions(QObject):
    """Signals: result(str, dict) — what happened; busy_changed(bool) — an action runs."""

    result = Signal(str, dict)
    busy_changed = Signal(bool)
    _content_checked = Signal(int, str)  # from the worker: problems, first problem

    def __init__(
        self,
        kiosk: KioskApp,
        statistics: Statistics | None,
        *,
        exit_app: Callable[[int], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.statistics = statistics
        self._exit_app = exit_app or QCoreApplication.exit
        self._bridge = FutureBridge(self)
        self._selftest: QProcess | None = None
        self._watch: list[QMetaObject.Connection] = []
        self._content_checked.connect(self._on_content_checked)

    @property
    def eid(self) -> EidBackend | None:
        return self.kiosk.eid

    # --- content -------------------------------------------------------------------------

    def reload_content(self) -> None:
        """Check the bundle the station would load; start afresh on it only if it is valid."""
        self.result.emit("staff.result.reload_checking", {})
        config = self.kiosk.config

        def work() -> None:
            _bundle, problems = load_first_valid(
                content_candidates(config), SHIPPED_BUNDLE, config.content.allowed_hosts
            )
            self._content_checked.emit(len(problems), str(problems[0]) if problems else "")

        threading.Thread(target=work, name="staff-reload", daemon=True).start()

    def _on_content_checked(self, count: int, first: str) -> None:
        if count:
            self.result.emit("staff.result.reload_problems", {"count": count, "first": first})
            return
        logger.info("staff: content reloaded; restarting the kiosk on it")
        self.result.emit("staff.result.reload_restart", {})
        QTimer.singleShot(RESTART_DELAY_MS, lambda: self._exit_app(RESTART_EXIT))

    # --- AusweisApp ----------------------------------------------------------------------

    def restart_eid(self) -> None:
        backend = self.eid
        if backend is None:
            self.result.emit("staff.result.no_eid", {})
            return
        logger.info("staff: restarting the eID endpoint")
        self.result.emit("staff.result.restarting_eid", {})
        self._watch_until_ready(backend)
        supervisor = backend.supervisor
        if supervisor is None:  # an AusweisApp somebody else runs: reconnect to it
            backend.client.close()
            backend.client.open()
            return
        from eid.process import SupervisorState  # noqa: PLC0415 - only with a back end

        def on_state(state: object) -> None:
            if state is SupervisorState.STOPPED:
                QObject.disconnect(connection)
                supervisor.start()

        connection = supervisor.state_changed.connect(on_state)
        supervisor.stop()

    def _watch_until_ready(self, backend: EidBackend) -> None:
        for old in self._watch:
            QObject.disconnect(old)

        def on_availability(_availability: object) -> None:
            if backend.ready:
                for connection in self._watch:
                    QObject.disconnect(connection)
                self._watch = []
                self.result.emit("staff.result.eid_restarted", {})

        self._watch = [backend.availability_changed.connect(on_availability)]

    # --- self-test -----------------------------------------------------------------------

    def run_selftest(self) -> None:
        backend = self.eid
        if backend is None:
            self.result.emit("staff.result.no_eid", {})
            return
        if self._selftest is not None:
            return
        url = backend.client.url
        backend.client.close()  # the SDK takes one client: let the self-test have it
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(["-m", "eid", "selftest", "--url", url, "--json"])
        process.setWorkingDirectory(str(PROJECT_ROOT))
        process.finished.connect(lambda _code, _status: self._selftest_done(process))
        process.errorOccurred.connect(lambda _error: self._selftest_failed(process))
        self._selftest = process
        self.busy_changed.emit(True)
        self.result.emit("staff.result.selftest_running", {})
        logger.info("staff: eID self-test against %s", url)
        process.start()
        QTimer.singleShot(SELFTEST_TIMEOUT_MS, process.kill)

    def _selftest_done(self, process: QProcess) -> None:
        if process is not self._selftest:
            return
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        try:
            report: dict[str, Any] = json.loads(output)
            failed = [check["name"] for check in report["checks"] if not check["passed"]]
            self.result.emit(
                "staff.result.selftest_done",
                {"passed": report["passed"], "failed": report["failed"], "failed_names": failed},
            )
            logger.info("staff: self-test %d passed, %d failed", report["passed"], len(failed))
        except (ValueError, KeyError, TypeError):
            reason = f"exit code {process.exitCode()}, no report"
            self.result.emit("staff.result.selftest_error", {"reason": reason})
        self._selftest_finished(process)

    def _selftest_failed(self, process: QProcess) -> None:
        if process is self._selftest and process.error() is QProcess.ProcessError.FailedToStart:
            self.result.emit("staff.result.selftest_error", {"reason": process.errorString()})
            self._selftest_finished(process)

    def _selftest_finished(self, process: QProcess) -> None:
        self._selftest = None
        process.deleteLater()
        if self.eid is not None:
            self.eid.client.open()
        self.busy_changed.emit(False)

    # --- statistics ----------------------------------------------------------------------

    def export_statistics(self) -> None:
        if self.statistics is None:
            self.result.emit("staff.result.export_failed", {"reason": "no statistics"})
            return
        folder = self.kiosk.config.staff.export_dir or data_dir() / "exports"
        target = folder / time.strftime("plietsch-statistics-%Y%m%d-%H%M%S.csv")

        def done(count: Any, error: BaseException | None) -> None:
            if error is not None:
                logger.error("staff: statistics export to %s failed: %s", target, error)
                self.result.emit("staff.result.export_failed", {"reason": str(error)})
                return
            logger.info("staff: %d statistics rows exported to %s", count, target)
            self.result.emit("staff.result.exported", {"count": count, "path": str(target)})

        self._bridge.when_done(self.statistics.export_csv(target), done)

    # --- kiosk mode ----------------------------------------------------------------------

    def set_kiosk_mode(self, on: bool) -> None:
        """Off: close requests and quit keys work again and the window is an ordinary one."""
        window = self.kiosk.window
        window.kiosk_mode = on
        self.kiosk.guard.kiosk_mode = on
        if on:
            screen = window.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                window.setGeometry(screen.geometry())
            window.showFullScreen()
        else:
            window.showNormal()
        logger.warning("staff: kiosk mode %s", "on" if on else "OFF")
        self.result.emit("staff.result.kiosk_back" if on else "staff.result.kiosk_left", {})
