"""The thread that waits in SCardGetStatusChange and turns PC/SC changes into events.

Event-driven: it blocks in SCardGetStatusChange (readers plus the PnP
pseudo-reader) until something happens; `stop()` wakes it with SCardCancel.
When pcscd is missing or dies it reports UNAVAILABLE, forgets readers and cards
(reporting them as removed) and retries with exponential backoff. Events go to
the `emit` callback on this thread; the Qt monitor queues them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from eid.readers.cardkind import CardKind, ClassificationStoppedError
from eid.readers.events import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderEvent,
    ReaderInfo,
    ReaderRemoved,
    ServiceChanged,
)
from eid.readers.inspection import CardGoneError, classify_card, reader_features
from eid.readers.pcsc import (
    PNP_NOTIFICATION,
    STATE_CHANGED,
    STATE_MUTE,
    STATE_PRESENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    ContextFactory,
    PcscContext,
    PcscError,
    ReaderState,
    ResultCode,
    ServiceState,
)

logger = logging.getLogger(__name__)

STATUS_TIMEOUT_MS = 60_000  # a safety net only: changes wake the call at once
CANCEL_RETRY_S = 0.05


@dataclass
class _Slot:
    """What the worker knows about one reader."""

    info: ReaderInfo
    known_state: int = 0
    card_present: bool = False
    event_count: int = -1


@dataclass(frozen=True)
class Backoff:
    """Retry delays while pcscd is unreachable: first, doubling, capped."""

    first_s: float = 0.25
    max_s: float = 5.0

    def next(self, current: float) -> float:
        return min(current * 2, self.max_s)


DEFAULT_BACKOFF = Backoff()


class PcscWorker:
    """Runs the PC/SC wait loop in its own thread; start/stop may be repeated."""

    def __init__(
        self,
        factory: ContextFactory,
        emit: Callable[[ReaderEvent], None],
        *,
        backoff: Backoff = DEFAULT_BACKOFF,
        status_timeout_ms: int = STATUS_TIMEOUT_MS,
    ) -> None:
        self._factory = factory
        self._emit = emit
        self._backoff = backoff
        self._status_timeout_ms = status_timeout_ms
        self._stopping = threading.Event()
        self._probing = threading.Event()
        self._probing.set()
        self._lock = threading.Lock()
        self._context: PcscContext | None = None
        self._thread: threading.Thread | None = None
        self._slots: dict[str, _Slot] = {}
        self._service: ServiceState = ServiceState.STOPPED

    # -- control (any thread) -------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> bool:
        """Ask the thread to end and wait for it; False if it did not end in time."""
        thread = self._thread
        if thread is None:
            return True
        self._stopping.set()
        waited = 0.0
        while thread.is_alive() and waited < timeout_s:
            # Cancel repeatedly: a cancel sent just before the thread blocks would be lost.
            with self._lock:
                if self._context is not None:
                    self._context.cancel()
            thread.join(CANCEL_RETRY_S)
            waited += CANCEL_RETRY_S
        if thread.is_alive():
            logger.error("PC/SC worker did not stop within %.1f s", timeout_s)
            return False
        self._thread = None
        return True

    def set_probing_allowed(self, allowed: bool) -> None:
        """Off while AusweisApp runs a workflow: cards are then reported as UNCHECKED."""
        if allowed:
            self._probing.set()
        else:
            self._probing.clear()

    @property
    def probing_allowed(self) -> bool:
        return self._probing.is_set()

    # -- the thread -----------------------------------------------------------------
    def _run(self) -> None:
        delay = self._backoff.first_s
        self._report_service(ServiceState.STARTING, "")
        while not self._stopping.is_set():
            try:
                context = self._factory()
            except PcscError as error:
                self._report_service(ServiceState.UNAVAILABLE, str(error))
                self._stopping.wait(delay)
                delay = self._backoff.next(delay)
                continue
            with self._lock:
                self._context = context
            try:
                self._watch(context)
                delay = self._backoff.first_s
            except PcscError as error:
                logger.info("PC/SC wait loop ended: %s", error)
                self._report_service(ServiceState.UNAVAILABLE, str(error))
            except Exception:
                logger.exception("unexpected failure in the PC/SC wait loop")
                self._report_service(ServiceState.UNAVAILABLE, "internal error")
            finally:
                with self._lock:
                    self._context = None
                context.release()
                self._forget_all()
            if not self._stopping.is_set() and self._service is ServiceState.UNAVAILABLE:
                self._stopping.wait(delay)
                delay = self._backoff.next(delay)
        self._report_service(ServiceState.STOPPED, "")

    def _watch(self, context: PcscContext) -> None:
        """Follow reader and card changes until stopped; PcscError when pcscd goes away."""
        self._report_service(ServiceState.AVAILABLE, "")
        self._sync_readers(context)
        pnp_state = 0
        while not self._stopping.is_set():
            states = [ReaderState(name, slot.known_state) for name, slot in self._slots.items()]
            states.append(ReaderState(PNP_NOTIFICATION, pnp_state))
            try:
                changes = context.get_status_change(self._status_timeout_ms, states)
            except PcscError as error:
                if error.cancelled or error.timed_out:
                    continue
                if error.code in (ResultCode.E_UNKNOWN_READER, ResultCode.E_READER_UNAVAILABLE):
                    self._sync_readers(context)
                    continue
                raise
            readers_changed = False
            for change in changes:
                if change.name == PNP_NOTIFICATION:
                    readers_changed |= bool(change.state & STATE_CHANGED)
                    pnp_state = change.state & ~STATE_CHANGED
                    continue
                slot = self._slots.get(change.name)
                if slot is None:
                    continue
                slot.known_state = change.state & ~STATE_CHANGED
                if change.state & (STATE_UNKNOWN | STATE_UNAVAILABLE):
                    readers_changed = True
                    continue
                self._follow_card(context, slot, change)
            if readers_changed:
                self._sync_readers(context)

    def _sync_readers(self, context: PcscContext) -> None:
        names = context.list_readers()
        for gone in [name for name in self._slots if name not in names]:
            self._drop_reader(gone)
        for name in names:
            if name not in self._slots and not self._stopping.is_set():
                info = ReaderInfo(name, reader_features(context, name))
                self._slots[name] = _Slot(info)
                self._send(ReaderAdded(info))

    def _follow_card(self, context: PcscContext, slot: _Slot, change: ReaderState) -> None:
        present = bool(change.state & STATE_PRESENT)
        replaced = present and slot.card_present and change.event_count != slot.event_count
        if slot.card_present and (not present or replaced):
            slot.card_present = False
            self._send(CardRemoved(slot.info.name))
        slot.event_count = change.event_count
        if present and not slot.card_present:
            slot.card_present = True
            self._send(self._inspect(context, slot.info.name, change))

    def _inspect(self, context: PcscContext, reader: str, change: ReaderState) -> CardInserted:
        if change.state & STATE_MUTE:
            return CardInserted(reader, change.atr, CardKind.UNKNOWN, "card does not answer")
        if not self._probing.is_set():
            return CardInserted(reader, change.atr, CardKind.UNCHECKED, "probing is switched off")
        try:
            result = classify_card(context, reader, change.atr, self._may_probe)
        except ClassificationStoppedError:
            return CardInserted(reader, change.atr, CardKind.UNCHECKED, "probing was stopped")
        except CardGoneError as gone:
            # Removal is seen by the next status change; keep insert/remove in pairs.
            return CardInserted(reader, change.atr, CardKind.UNCHECKED, f"card left: {gone}")
        logger.info("card on %r: %s (%s)", reader, result.kind.value, result.reason)
        return CardInserted(reader, change.atr, result.kind, result.reason)

    def _may_probe(self) -> bool:
        return self._probing.is_set() and not self._stopping.is_set()

    def _drop_reader(self, name: str) -> None:
        slot = self._slots.pop(name)
        if slot.card_present:
            self._send(CardRemoved(name))
        self._send(ReaderRemoved(name))

    def _forget_all(self) -> None:
        for name in list(self._slots):
            self._drop_reader(name)

    def _send(self, event: ReaderEvent) -> None:
        """Hand one event to the listener; its failure must not end the wait loop."""
        try:
            self._emit(event)
        except Exception:
            logger.exception("reader event listener failed on %s", type(event).__name__)

    def _report_service(self, state: ServiceState, detail: str) -> None:
        if state is self._service:
            return
        self._service = state
        if state is ServiceState.UNAVAILABLE:
            logger.warning("PC/SC service not reachable: %s", detail)
        self._send(ServiceChanged(state, detail))
