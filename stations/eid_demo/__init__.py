"""The "try your own ID card" station (see `stations.eid_demo.station`)."""

from __future__ import annotations

from ui.station import Station


def create_station() -> Station:
    from stations.eid_demo.station import EidStation  # noqa: PLC0415 - lazy: Qt widgets

    return EidStation()
