"""The kiosk's eID back end: one SDK endpoint (AusweisApp, emulator or external), one client.

Why one object: the eID station must not care whether it talks to a headless AusweisApp,
the built-in emulator (demo mode) or an AusweisApp somebody else runs. This object owns the
process supervisor (if any), the reconnecting ``AusweisClient``, the optional PC/SC reader
monitor and the self-disclosure fetcher, and reduces all of it to one ``Availability`` for
the visitor. Why it is unavailable goes to the log for staff, never to the screen.
"""

from __future__ import annotations

import enum
import importlib.util
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, SignalInstance

from eid.client import AusweisClient, ConnectionState
from eid.process import AusweisAppSupervisor, SupervisorState
from eid.readers.events import CardInserted
from eid.readers.events import ReaderInfo as PcscReaderInfo
from eid.selfauth import SelfAuthFetcher

logger = logging.getLogger(__name__)

EMULATOR_COMMAND = (sys.executable, "-m", "eid", "emulator", "--port", "0")
SELF_AUTH_PATH = "/AusweisAuskunft/WebServiceRequesterServlet?mode=json"
PLACEHOLDER_URL = "ws://127.0.0.1:24727/eID-Kernel"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Availability(enum.Enum):
    STARTING = "starting"  # the endpoint is on its way; visitors see "not available yet"
    READY = "ready"
    UNAVAILABLE = "unavailable"


class EidSettings(Protocol):
    """The part of ``kiosk.config.EidConfig`` the back end reads."""

    @property
    def mode(self) -> str: ...

    @property
    def url(self) -> str | None: ...

    @property
    def binary(self) -> str | None: ...

    @property
    def tc_token_url(self) -> str | None: ...

    @property
    def developer_mode(self) -> bool: ...


class ReaderMonitorLike(Protocol):
    """What the kiosk uses of ``eid.readers.monitor.ReaderMonitor`` (tests pass a fake)."""

    @property
    def card_inserted(self) -> SignalInstance: ...  # CardInserted

    @property
    def card_removed(self) -> SignalInstance: ...  # reader name

    @property
    def cards(self) -> Mapping[str, CardInserted]: ...

    @property
    def readers(self) -> Mapping[str, PcscReaderInfo]: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def set_probing_allowed(self, allowed: bool) -> None: ...


def emulator_tc_token_url(ws_url: str) -> str:
    """The emulator's own self-disclosure service, on the port of its WebSocket URL."""
    parts = urlsplit(ws_url)
    return f"http://{parts.hostname}:{parts.port}{SELF_AUTH_PATH}"


def pyscard_available() -> bool:
    return importlib.util.find_spec("smartcard") is not None


class EidBackend(QObject):
    """Client, optional supervisor and reader monitor; see the module docstring.

    Signals:
        availability_changed(Availability)
    """

    availability_changed = Signal(object)

    def __init__(
        self,
        client: AusweisClient,
        *,
        supervisor: AusweisAppSupervisor | None = None,
        reader_monitor: ReaderMonitorLike | None = None,
        fetcher: SelfAuthFetcher | None = None,
        tc_token_url: str | None = None,
        developer_mode: bool = False,
        emulated: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.supervisor = supervisor
        self.reader_monitor = reader_monitor
        self.fetcher = fetcher
        self.tc_token_url = tc_token_url
        self.developer_mode = developer_mode
        self.emulated = emulated
        self._availability = Availability.STARTING
        self._reason = "not started"
        client.state_changed.connect(lambda _state: self._update())
        if supervisor is not None:
            supervisor.url_ready.connect(self._on_url_ready)
            supervisor.state_changed.connect(lambda _state: self._update())

    @property
    def availability(self) -> Availability:
        return self._availability

    @property
    def ready(self) -> bool:
        return self._availability is Availability.READY

    @property
    def reason(self) -> str:
        """For staff and logs: why eID is not available (no visitor data in it)."""
        return self._reason

    def start(self) -> None:
        """Start the endpoint (or connect to it) and the reader monitor; returns at once."""
        if self.supervisor is not None:
            self.supervisor.start()
        else:
            self.client.open()
        if self.reader_monitor is not None:
            self.reader_monitor.start()
        self._update()

    def shutdown(self) -> None:
        """For application exit: disconnect, end the process, stop the readers."""
        self.client.close()
        if self.supervisor is not None:
            self.supervisor.shutdown()
        if self.reader_monitor is not None:
            self.reader_monitor.stop()
        if self.fetcher is not None:
            self.fetcher.shutdown()

    def set_workflow_running(self, running: bool) -> None:
        """The reader monitor must not touch the card while AusweisApp uses it."""
        if self.reader_monitor is not None:
            self.reader_monitor.set_probing_allowed(not running)

    def _on_url_ready(self, url: str) -> None:
        if self.emulated:
            self.tc_token_url = emulator_tc_token_url(url)
        self.client.set_url(url)
        self.client.open()

    def _update(self) -> None:
        availability, reason = self._evaluate()
        if (availability, reason) == (self._availability, self._reason):
            return
        self._availability, self._reason = availability, reason
        level = logging.INFO if availability is not Availability.UNAVAILABLE else logging.WARNING
        logger.log(level, "eID %s: %s", availability.value, reason)
        self.availability_changed.emit(availability)

    def _evaluate(self) -> tuple[Availability, str]:
        state = self.client.state
        if state is ConnectionState.READY:
            return Availability.READY, f"connected to {self.client.url}"
        supervisor = self.supervisor
        if supervisor is not None and supervisor.state in {
            SupervisorState.NOT_INSTALLED,
            SupervisorState.RESTARTING,
        }:
            return Availability.UNAVAILABLE, supervisor.status_text
        if state in {ConnectionState.CONNECTING, ConnectionState.DISCONNECTED}:
            if supervisor is not None and supervisor.state is SupervisorState.STOPPED:
                return Availability.UNAVAILABLE, supervisor.status_text
            return Availability.STARTING, f"connection {state.value}"
        detail = self.client.last_error or state.value
        return Availability.UNAVAILABLE, f"SDK connection {state.value}: {detail}"


def build_eid_backend(settings: EidSettings, parent: QObject | None = None) -> EidBackend:
    """The back end for ``eid.mode``: "emulator", "ausweisapp" or "external"."""
    supervisor: AusweisAppSupervisor | None = None
    monitor: ReaderMonitorLike | None = None
    url = settings.url or PLACEHOLDER_URL
    tc_token_url = settings.tc_token_url
    emulated = settings.mode == "emulator"
    if emulated:  # run from the project root, so "-m eid" is found from any working dir
        supervisor = AusweisAppSupervisor(list(EMULATOR_COMMAND), cwd=str(PROJECT_ROOT))
    elif settings.mode == "ausweisapp":
        supervisor = AusweisAppSupervisor(binary=settings.binary)
    if not emulated:
        monitor = _reader_monitor()
    client = AusweisClient(url, user_agent="Plietsch kiosk")
    backend = EidBackend(
        client,
        supervisor=supervisor,
        reader_monitor=monitor,
        fetcher=SelfAuthFetcher(),
        tc_token_url=tc_token_url,
        developer_mode=settings.developer_mode,
        emulated=emulated,
        parent=parent,
    )
    for child in (client, supervisor):
        if child is not None:
            child.setParent(backend)
    logger.info("eID mode %s", settings.mode)
    return backend


def _reader_monitor() -> ReaderMonitorLike | None:
    """The PC/SC monitor, or None when pyscard is missing (eID still works without it)."""
    if not pyscard_available():
        logger.info("pyscard not installed: no card-kind hints on the eID station")
        return None
    from eid.readers.monitor import ReaderMonitor  # noqa: PLC0415 - only when pyscard exists

    return ReaderMonitor()
