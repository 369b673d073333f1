"""Keeps the SDK endpoint process alive: headless AusweisApp, or a command naming its endpoint.

AusweisApp is started with ``--ui websocket --port 0`` in a private TMPDIR (see
``eid.runtime_dir``), so the port file it writes there (``AusweisApp2.<pid>.port``) is ours
to find. Any other command (the
built-in emulator in demo mode) prints ``listening ws://...`` on stdout instead. Either
way ``url_ready`` tells the client where to connect; when the process dies it is started
again with backoff, and ``stop()``/``shutdown()`` end it (terminate, then kill). Nothing
here blocks the GUI thread except ``shutdown()``, meant for the moment the app exits.

The child is started through util-linux ``setpriv --pdeathsig KILL`` where that exists
(Debian: always), so the kernel kills it when the kiosk dies, even by ``kill -9``: an
orphaned AusweisApp would otherwise keep running and hold the SDK's single client slot,
reader and port for the kiosk's next start.
"""

from __future__ import annotations

import collections
import enum
import functools
import logging
import re
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QFileSystemWatcher,
    QMetaObject,
    QObject,
    QProcess,
    QProcessEnvironment,
    QTimer,
    Signal,
)

from eid.backoff import Backoff
from eid.discovery import find_port, port_file_path, read_port_file, url_for_port
from eid.runtime_dir import make_runtime_dir
from eid.traffic_log import redact_text

logger = logging.getLogger(__name__)

LISTENING = re.compile(r"listening (wss?://\S+)")
AUSWEISAPP_BINARIES = ("AusweisApp", "AusweisApp2")  # 2.x name first, then Debian's 1.x
AUSWEISAPP_ARGS = ("--ui", "websocket", "--port", "0", "--no-logfile")
PORT_POLL_MS = 100
PARENT_DEATH = ("--pdeathsig", "KILL", "--")  # setpriv: the child dies with the kiosk
STDERR_TAIL_LINES = 20


class SupervisorState(enum.Enum):
    STOPPED = "stopped"
    STARTING = "starting"  # process started, endpoint not known yet
    RUNNING = "running"  # endpoint known (url_ready was emitted)
    RESTARTING = "restarting"  # it died or never came up; next start after a backoff delay
    NOT_INSTALLED = "not-installed"  # no AusweisApp binary; the kiosk runs without eID


def find_ausweisapp() -> str | None:
    """Path of the installed AusweisApp binary, or None."""
    for name in AUSWEISAPP_BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


class AusweisAppSupervisor(QObject):
    """Starts, watches and restarts one SDK endpoint process.

    ``command=None`` runs AusweisApp (``binary`` or the one on PATH); otherwise ``command``
    is run as given and must print ``listening ws://...`` on stdout. ``env`` is added to
    the inherited environment (tests use it to give AusweisApp a throwaway HOME).
    """

    url_ready = Signal(str)
    state_changed = Signal(object)  # SupervisorState

    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        binary: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        backoff: Backoff | None = None,
        start_timeout_s: float = 30.0,
        stop_timeout_s: float = 5.0,
        stable_after_s: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._command = list(command) if command is not None else None
        self._binary = binary
        self._env = dict(env or {})
        self._cwd = cwd
        self._backoff = backoff or Backoff(initial_s=1.0, max_s=60.0)
        self._stable_after_s = stable_after_s
        self._state = SupervisorState.STOPPED
        self._status_text = "not started"
        self._url: str | None = None
        self._process: QProcess | None = None
        self._connections: list[QMetaObject.Connection] = []
        self._runtime_dir: Path | None = None
        self._port_file: Path | None = None
        self._stem = ""  # the binary's name: its port file is <stem>.<pid>.port
        self._stdout_buffer = b""
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._started_at = 0.0
        self._stopping = False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._check_port_file)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(PORT_POLL_MS)
        self._poll_timer.timeout.connect(self._check_port_file)
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(round(start_timeout_s * 1000))
        self._start_timer.timeout.connect(self._on_start_timeout)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._launch)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.setInterval(round(stop_timeout_s * 1000))
        self._kill_timer.timeout.connect(self._kill)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- public API ---------------------------------------------------------------------------

    @property
    def state(self) -> SupervisorState:
        return self._state

    @property
    def url(self) -> str | None:
        """Where the endpoint listens while RUNNING, else None."""
        return self._url

    @property
    def status_text(self) -> str:
        """One line for staff: what the supervisor is doing or why eID is unavailable."""
        return self._status_text

    @property
    def pid(self) -> int | None:
        if self._process is None or self._process.state() is QProcess.ProcessState.NotRunning:
            return None
        return self._process.processId() or None

    def start(self) -> None:
        """Start the process (if not already running); returns at once."""
        if self._process is not None or self._retry_timer.isActive():
            return
        self._stopping = False
        self._backoff.reset()
        self._launch()

    def stop(self) -> None:
        """Ask the process to end (terminate, kill after the timeout); returns at once."""
        self._stopping = True
        self._retry_timer.stop()
        self._stop_watching()
        process = self._process
        if process is None or process.state() is QProcess.ProcessState.NotRunning:
            self._process = None
            self._set_state(SupervisorState.STOPPED, "stopped")
            return
        self._set_state(self._state, "stopping")
        process.terminate()
        self._kill_timer.start()

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop and wait for the process to end (for application exit; blocks up to 2x timeout)."""
        self._stopping = True
        self._retry_timer.stop()
        self._kill_timer.stop()
        self._stop_watching()
        process = self._process
        if process is not None and process.state() is not QProcess.ProcessState.NotRunning:
            process.terminate()
            if not process.waitForFinished(round(timeout_s * 1000)):
                logger.warning("SDK process did not end after terminate; killing it")
                process.kill()
                process.waitForFinished(round(timeout_s * 1000))
        self._process = None
        self._set_state(SupervisorState.STOPPED, "stopped")
        if self._runtime_dir is not None:
            shutil.rmtree(self._runtime_dir, ignore_errors=True)
            self._runtime_dir = None

    # --- starting -------------------------------------------------------------------------------

    def _launch(self) -> None:
        if self._stopping:
            return
        program, arguments = self._program()
        if program is None:
            self._set_state(SupervisorState.NOT_INSTALLED, "AusweisApp not installed")
            logger.warning("AusweisApp not installed: eID functions are unavailable")
            return
        if shutil.which(program) is None:  # through setpriv this would only be "exit 127"
            logger.warning("could not start %s: program not found", program)
            self._schedule_restart(f"could not start: {program} not found or not executable")
            return
        self._stem = Path(program).name
        process = QProcess(self)
        launcher = shutil.which("setpriv")
        if launcher:  # setpriv execs the program: same pid, so the port file name fits
            process.setProgram(launcher)
            process.setArguments([*PARENT_DEATH, program, *arguments])
        else:
            logger.info("setpriv not found: the SDK process may outlive a killed kiosk")
            process.setProgram(program)
            process.setArguments(arguments)
        process.setProcessEnvironment(self._environment())
        if self._cwd:
            process.setWorkingDirectory(self._cwd)
        alive = functools.partial(_unless_destroyed, self)
        self._connections = [
            process.readyReadStandardOutput.connect(alive(lambda: self._on_stdout(process))),
            process.readyReadStandardError.connect(alive(lambda: self._on_stderr(process))),
            process.started.connect(alive(lambda: self._on_started(process))),
            process.finished.connect(
                alive(lambda code, status: self._on_finished(process, code, status))
            ),
            process.errorOccurred.connect(
                alive(lambda error: self._on_process_error(process, error))
            ),
        ]
        self._process = process
        self._url = None
        self._stdout_buffer = b""
        self._stderr_tail.clear()
        self._set_state(SupervisorState.STARTING, f"starting {Path(program).name}")
        logger.info("starting %s %s", program, " ".join(arguments))
        self._started_at = time.monotonic()
        self._start_timer.start()
        process.start()

    def _program(self) -> tuple[str | None, list[str]]:
        if self._command is not None:
            return self._command[0], self._command[1:]
        binary = self._binary or find_ausweisapp()
        if binary is None or shutil.which(binary) is None:
            return None, []
        return binary, list(AUSWEISAPP_ARGS)

    def _environment(self) -> QProcessEnvironment:
        env = QProcessEnvironment.systemEnvironment()
        if self._command is None:
            if self._runtime_dir is None:
                self._runtime_dir = make_runtime_dir()
            env.insert("QT_QPA_PLATFORM", "offscreen")  # it aborts without a display otherwise
            env.insert("TMPDIR", str(self._runtime_dir))
        for key, value in self._env.items():
            env.insert(key, value)
        return env

    def _on_started(self, process: QProcess) -> None:
        if process is not self._process or self._command is not None:
            return
        assert self._runtime_dir is not None
        self._port_file = port_file_path(self._runtime_dir, self._stem, process.processId())
        self._watcher.addPath(str(self._runtime_dir))
        self._poll_timer.start()  # the file may appear empty first; the watcher alone misses that
        self._check_port_file()

    def _check_port_file(self) -> None:
        if self._port_file is None or self._url is not None:
            return
        port = read_port_file(self._port_file)
        if port is None:
            # started through a wrapper (other pid or name): the folder is ours alone, so any
            # live instance's port file in it is the one; files of killed ones are skipped
            port = find_port(self._port_file.parent)
        if port is not None:
            self._stop_watching()
            self._endpoint_found(url_for_port(port))

    def _on_stdout(self, process: QProcess) -> None:
        data = bytes(process.readAllStandardOutput().data())
        if process is not self._process or self._url is not None:
            return
        self._stdout_buffer = (self._stdout_buffer + data)[-4096:]
        for line in self._stdout_buffer.decode("utf-8", errors="replace").splitlines():
            match = LISTENING.search(line)
            if match:
                self._stdout_buffer = b""
                self._endpoint_found(match.group(1))
                return

    def _on_stderr(self, process: QProcess) -> None:
        text = bytes(process.readAllStandardError().data()).decode("utf-8", errors="replace")
        for line in text.splitlines():
            if line.strip():
                self._stderr_tail.append(redact_text(line[:500]))

    def _endpoint_found(self, url: str) -> None:
        self._start_timer.stop()
        self._url = url
        self._set_state(SupervisorState.RUNNING, f"running at {url}")
        logger.info("SDK endpoint ready at %s", url)
        self.url_ready.emit(url)

    def _on_start_timeout(self) -> None:
        if self._process is None or self._url is not None:
            return
        logger.warning("SDK process gave no endpoint within the start timeout; killing it")
        self._process.kill()

    def _stop_watching(self) -> None:
        self._poll_timer.stop()
        self._start_timer.stop()
        directories = self._watcher.directories()
        if directories:
            self._watcher.removePaths(directories)

    # --- ending ---------------------------------------------------------------------------------

    def _on_process_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if process is not self._process or error is not QProcess.ProcessError.FailedToStart:
            return  # other errors are followed by finished()
        logger.warning("could not start %s: %s", process.program(), process.errorString())
        self._process = None
        self._discard(process)
        self._schedule_restart(f"could not start: {process.errorString()}")

    def _on_finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        if process is not self._process:
            return
        self._process = None
        self._url = None
        self._kill_timer.stop()
        self._stop_watching()
        self._discard(process)
        if self._stopping:
            self._set_state(SupervisorState.STOPPED, "stopped")
            return
        how = "crashed" if status is QProcess.ExitStatus.CrashExit else f"exited with code {code}"
        tail = " | ".join(self._stderr_tail)
        logger.warning("SDK process %s%s", how, f"; last output: {tail}" if tail else "")
        if time.monotonic() - self._started_at >= self._stable_after_s:
            self._backoff.reset()
        self._schedule_restart(how)

    def _discard(self, process: QProcess) -> None:
        """Let Qt delete an ended process once its signal handlers have returned.

        The Python slots are cut first: deleting a QProcess whose finished() still has
        Python closures over it attached crashed PySide6 6.12 at teardown.
        """
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        process.deleteLater()

    def _schedule_restart(self, why: str) -> None:
        if self._stopping:
            self._set_state(SupervisorState.STOPPED, "stopped")
            return
        delay_ms = self._backoff.next_delay_ms()
        self._set_state(SupervisorState.RESTARTING, f"{why}; restarting in {delay_ms / 1000:.1f} s")
        self._retry_timer.start(delay_ms)

    def _kill(self) -> None:
        if self._process is not None:
            logger.warning("SDK process did not end after terminate; killing it")
            self._process.kill()

    def _set_state(self, state: SupervisorState, text: str) -> None:
        self._status_text = text
        if state is self._state:
            return
        self._state = state
        self.state_changed.emit(state)


def _unless_destroyed(owner: QObject, slot: Callable[..., object]) -> Callable[..., None]:
    """`slot`, skipped once Qt has begun destroying `owner`.

    A supervisor dropped without ``shutdown()`` is destroyed with its process still running;
    QProcess's destructor then kills the child and emits ``finished`` while the supervisor's
    timers are already gone, and its slots would raise "already deleted".
    """

    def call(*args: object) -> None:
        if shiboken6.isValid(owner):
            slot(*args)

    return call
