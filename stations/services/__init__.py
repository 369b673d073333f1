"""The online-service station (see `stations.services.station`)."""

from __future__ import annotations

from ui.station import Station


def create_station() -> Station:
    from stations.services.station import ServicesStation  # noqa: PLC0415 - lazy: Qt widgets

    return ServicesStation()
