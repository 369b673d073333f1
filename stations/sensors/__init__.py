"""The live-sensors station "Luft und Wasser in Flensburg" (see `stations.sensors.station`)."""

from __future__ import annotations

from ui.station import Station


def create_station() -> Station:
    from stations.sensors.station import SensorsStation  # noqa: PLC0415 - lazy: Qt widgets, charts

    return SensorsStation()
