"""Collects everything a `ReaderMonitor` signals, in order, for assertions."""

from __future__ import annotations

from typing import Any

from eid.readers.cardkind import CardKind
from eid.readers.events import CardInserted
from eid.readers.monitor import ReaderMonitor
from eid.readers.pcsc import ServiceState


class Recorder:
    def __init__(self, monitor: ReaderMonitor) -> None:
        self.events: list[tuple[str, Any]] = []
        monitor.service_state_changed.connect(lambda state: self.events.append(("service", state)))
        monitor.reader_added.connect(lambda info: self.events.append(("reader+", info.name)))
        monitor.reader_removed.connect(lambda name: self.events.append(("reader-", name)))
        monitor.card_inserted.connect(lambda card: self.events.append(("card+", card)))
        monitor.card_removed.connect(lambda reader: self.events.append(("card-", reader)))

    def clear(self) -> None:
        self.events.clear()

    def inserted(self, reader: str) -> list[CardInserted]:
        return [e for tag, e in self.events if tag == "card+" and e.reader == reader]

    def kinds(self, reader: str) -> list[CardKind]:
        return [card.kind for card in self.inserted(reader)]

    def removals(self, reader: str) -> int:
        return sum(1 for tag, e in self.events if tag == "card-" and e == reader)

    def services(self) -> list[ServiceState]:
        return [e for tag, e in self.events if tag == "service"]

    def card_events(self, reader: str) -> list[str]:
        """ "+kind" / "-" per card event on `reader`, e.g. ["+eid", "-"]."""
        out = []
        for tag, e in self.events:
            if tag == "card+" and e.reader == reader:
                out.append(f"+{e.kind.value}")
            elif tag == "card-" and e == reader:
                out.append("-")
        return out
