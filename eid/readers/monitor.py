"""`ReaderMonitor`: the reader layer as Qt signals on the GUI thread.

The PC/SC work happens in a `PcscWorker` thread; its events are queued to the
thread this QObject lives in, where the monitor keeps a snapshot (readers,
cards, service state) and emits one signal per change. Nothing here blocks.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal, Slot

from eid.readers.cardkind import CardKind
from eid.readers.events import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderEvent,
    ReaderInfo,
    ReaderRemoved,
    ServiceChanged,
)
from eid.readers.pcsc import ContextFactory, PcscContext, ServiceState
from eid.readers.pcsc_worker import DEFAULT_BACKOFF, Backoff, PcscWorker

logger = logging.getLogger(__name__)


def default_context_factory() -> PcscContext:
    """pyscard over pcscd, imported only now (inside the worker thread)."""
    from eid.readers.pyscard_backend import open_context  # noqa: PLC0415 - lazy on purpose

    return open_context()


class _Bridge(QObject):
    """Carries worker events across threads (queued connection)."""

    delivered = Signal(object, int)


class ReaderMonitor(QObject):
    """Readers, cards and pcscd's reachability, reported as signals.

    Signals (all delivered on the thread the monitor lives in):
    - `service_state_changed(ServiceState)`
    - `reader_added(ReaderInfo)` and `reader_removed(str name)`
    - `card_inserted(CardInserted)` (reader, ATR, `CardKind`) and `card_removed(str reader)`
    """

    service_state_changed = Signal(object)
    reader_added = Signal(object)
    reader_removed = Signal(str)
    card_inserted = Signal(object)
    card_removed = Signal(str)

    def __init__(
        self,
        context_factory: ContextFactory = default_context_factory,
        parent: QObject | None = None,
        *,
        backoff: Backoff = DEFAULT_BACKOFF,
    ) -> None:
        super().__init__(parent)
        self._bridge = _Bridge()
        self._bridge.delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._generation = 0
        self._worker = PcscWorker(context_factory, self._from_worker, backoff=backoff)
        self._service = ServiceState.STOPPED
        self._readers: dict[str, ReaderInfo] = {}
        self._cards: dict[str, CardInserted] = {}

    # -- control -----------------------------------------------------------------
    def start(self) -> None:
        """Start watching (idempotent)."""
        if self._worker.running:
            return
        self._generation += 1
        self._worker.start()

    def stop(self) -> None:
        """Stop watching; waits briefly for the worker (it is woken by SCardCancel).

        Events the worker sent before it ended are dropped, and the snapshot is
        cleared with matching removal signals, so listeners end in a clean state.
        """
        self._worker.stop()
        self._generation += 1
        for reader in list(self._cards):
            self._apply(CardRemoved(reader))
        for name in list(self._readers):
            self._apply(ReaderRemoved(name))
        self._apply(ServiceChanged(ServiceState.STOPPED))

    def set_probing_allowed(self, allowed: bool) -> None:
        """Switch card probing off while AusweisApp uses the card (kind "unchecked")."""
        self._worker.set_probing_allowed(allowed)

    # -- snapshot ----------------------------------------------------------------
    @property
    def service_state(self) -> ServiceState:
        return self._service

    @property
    def readers(self) -> dict[str, ReaderInfo]:
        return dict(self._readers)

    @property
    def cards(self) -> dict[str, CardInserted]:
        return dict(self._cards)

    def card_kind(self, reader: str) -> CardKind | None:
        card = self._cards.get(reader)
        return None if card is None else card.kind

    # -- delivery ----------------------------------------------------------------
    def _from_worker(self, event: ReaderEvent) -> None:
        """Worker thread: hand the event to the GUI thread."""
        self._bridge.delivered.emit(event, self._generation)

    @Slot(object, int)
    def _deliver(self, event: ReaderEvent, generation: int) -> None:
        if generation != self._generation:
            return  # from a run that has been stopped meanwhile
        self._apply(event)

    def _apply(self, event: ReaderEvent) -> None:
        match event:
            case ServiceChanged(state=state):
                if state is not self._service:
                    self._service = state
                    self.service_state_changed.emit(state)
            case ReaderAdded(reader=info):
                self._readers[info.name] = info
                self.reader_added.emit(info)
            case ReaderRemoved(name=name):
                if self._readers.pop(name, None) is not None:
                    self.reader_removed.emit(name)
            case CardInserted(reader=reader):
                self._cards[reader] = event
                self.card_inserted.emit(event)
            case CardRemoved(reader=reader):
                if self._cards.pop(reader, None) is not None:
                    self.card_removed.emit(reader)
