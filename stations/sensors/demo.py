"""Fixed views for screenshots and UI tests: online, offline, first start.

Why from the shipped snapshot: the pictures and tests then show the same values a first
start shows, re-labelled as the situation needs (fetched a minute ago; last attempt
failed three hours later; never fetched). No network is involved.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from enum import Enum

from kiosk.config import SensorsSection
from kiosk.sensor_model import SensorSnapshot, SnapshotKind
from stations.sensors.service import SensorView
from stations.sensors.sources import configured_sources
from stations.sensors.status import source_statuses

logger = logging.getLogger(__name__)

OFFLINE_AFTER = timedelta(hours=3)
OFFLINE_REASON = "cannot connect (offline?)"


class Situation(Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    FIRST_START = "first-start"


def as_measured(snapshot: SensorSnapshot) -> SensorSnapshot:
    """The snapshot as if this station had fetched it itself at ``taken_at``."""
    at = snapshot.taken_at
    return replace(
        snapshot,
        kind=SnapshotKind.CACHE,
        air=replace(snapshot.air, origin=SnapshotKind.CACHE, fetched_at=at),
        workshop=replace(snapshot.workshop, origin=SnapshotKind.CACHE, fetched_at=at),
        water=replace(snapshot.water, origin=SnapshotKind.CACHE, fetched_at=at),
    )


def demo_view(
    situation: Situation, shipped: SensorSnapshot, settings: SensorsSection
) -> SensorView:
    configured = configured_sources(settings)
    errors: dict[str, str] = {}
    interval = timedelta(minutes=max(5, settings.refresh_minutes))
    if situation is Situation.FIRST_START:
        now = shipped.taken_at + timedelta(minutes=1)
        snapshot = shipped
    elif situation is Situation.ONLINE:
        now = shipped.taken_at + timedelta(minutes=1)
        snapshot = as_measured(shipped)
    else:
        now = shipped.taken_at + OFFLINE_AFTER
        snapshot, errors = as_measured(shipped), dict.fromkeys(configured, OFFLINE_REASON)
    status = source_statuses(snapshot, configured, errors, now, interval)
    return SensorView(snapshot, status, busy=False, now=now)
