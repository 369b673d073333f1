"""Vorlesen switches itself on when a headset is plugged in, where the platform says so.

Why only "where": Qt reports audio outputs that appear and disappear (a USB or Bluetooth
headset) with their names; headphones in the jack of the built-in sound card only change
that card's port, which Qt does not report, so for them the visitor taps "Vorlesen". Off by
`[speech] headset_auto = false`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.speech import new_headsets

logger = logging.getLogger(__name__)


def audio_outputs() -> list[str]:
    from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415 - only with the watch

    return [device.description() for device in QMediaDevices.audioOutputs()]


class HeadsetWatch(QObject):
    """Emits `plugged()` when an audio output that is a headset appears.

    `outputs` lists the outputs' names (tests pass their own); with `follow_platform` the
    platform's change signal calls `refresh`, otherwise the owner does.
    """

    plugged = Signal()

    def __init__(
        self,
        outputs: Callable[[], list[str]] = audio_outputs,
        *,
        follow_platform: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._outputs = outputs
        self._known = self._read()
        if follow_platform:
            from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self.refresh)

    def _read(self) -> list[str]:
        try:
            return list(self._outputs())
        except Exception as error:  # no sound system: nothing to watch, never a crash
            logger.warning("audio outputs cannot be listed: %s", type(error).__name__)
            return []

    def refresh(self) -> None:
        now = self._read()
        found = new_headsets(self._known, now)
        self._known = now
        if found:
            logger.info("speech: a headset was plugged in; Vorlesen switches on")
            self.plugged.emit()


def watch_headsets(
    switch_on: Callable[[], None], parent: QObject, *, enabled: bool
) -> HeadsetWatch | None:
    """The composition root's hook: `switch_on` when a headset appears (None: not wanted)."""
    if not enabled:
        return None
    watch = HeadsetWatch(parent=parent)
    watch.plugged.connect(switch_on)
    return watch
