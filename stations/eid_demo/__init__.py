"""The "try your own ID card" station: `controller` decides (no widgets), `station` draws."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.station import Station


def create_station() -> Station:
    from stations.eid_demo.station import EidStation  # noqa: PLC0415 - lazy: Qt widgets

    return EidStation()
