"""Vorlesen switches itself on when a headset is plugged in, where the platform says so.

Why only "where": Qt reports audio outputs that appear and disappear (a USB or Bluetooth
headset) with their names; headphones in the jack of the built-in sound card only change
that card's port, which Qt does not report, so for them the visitor taps "Vorlesen". Off by
`[speech] headset_auto = false`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QObject, Signal

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
    """The composition root's hook: `switch_on` when a headset appears (None: not wanted, or
    no sound server to ask)."""
    if not enabled:
        return None
    if not sound_server_running():
        logger.info("speech: no sound server (PipeWire/PulseAudio); headsets are not watched")
        return None
    # Qt Multimedia reports every backend it could not load; the journal needs none of it.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false")
    watch = HeadsetWatch(parent=parent)
    watch.plugged.connect(switch_on)
    return watch


def sound_server_running(runtime_dir: str | None = None) -> bool:
    """A PipeWire or PulseAudio socket in the user's runtime folder: only then can a headset
    appear as an audio output (without one, Qt Multimedia only logs failures)."""
    folder = Path(runtime_dir or os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
    return any((folder / name).exists() for name in ("pipewire-0", "pulse/native"))
