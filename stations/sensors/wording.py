"""Numbers, times and status words as the visitor reads them, in the visitor's language.

Why one module: "6,4" or "6.4", "14:05 Uhr" or "14:05", "offline – last value from …" are
decided from the catalog and the language in one place, so every card and screen says the
same thing the same way. Times are shown in the station's time zone (config), not UTC.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QLocale

from kiosk.i18n import Translator
from stations.sensors.status import Freshness, Rating, SourceStatus, WaterLevel

logger = logging.getLogger(__name__)

LOCALES = {
    "de": QLocale.Language.German,
    "en": QLocale.Language.English,
    "da": QLocale.Language.Danish,
}


def station_zone(name: str) -> tzinfo | None:
    """The configured time zone; None (the system's) if this machine does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("sensors: time zone %r unknown here; showing the system's time", name)
        return None


class Wording:
    """Formats for one translator and time zone; reads the current language on every call."""

    def __init__(self, translator: Translator, zone: tzinfo | None) -> None:
        self.translator = translator
        self.zone = zone

    def tr(self, key: str, **params: object) -> str:
        return self.translator.tr(key, **params)

    @property
    def locale(self) -> QLocale:
        return QLocale(LOCALES.get(self.translator.language, QLocale.Language.German))

    def number(self, value: float, decimals: int = 1) -> str:
        return self.locale.toString(float(value), "f", decimals)

    def short(self, value: float) -> str:
        """Without trailing zeros: "5", "4,95" (heights in metres)."""
        return self.locale.toString(round(float(value), 2), "g", 6)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def time(self, moment: datetime, now: datetime) -> str:
        """ "14:05 Uhr" today, "12.05., 14:05 Uhr" on another day."""
        local, today = self.local(moment), self.local(now)
        clock = f"{local:%H:%M}"
        if local.date() == today.date():
            return self.tr("sensors.time.today", time=clock)
        date = QDate(local.year, local.month, local.day)
        shown = self.locale.toString(date, self.tr("sensors.time.date_format"))
        return self.tr("sensors.time.other_day", date=shown, time=clock)

    def freshness(self, status: SourceStatus, measured: datetime | None, now: datetime) -> str:
        """The line under a value that says how much to trust it."""
        fresh = status.freshness
        if fresh is Freshness.SAMPLE:
            key = "sample_offline" if status.error else "sample"
            return self.tr(f"sensors.fresh.{key}")
        if fresh in (Freshness.MISSING, Freshness.OFF) or measured is None:
            key = "missing_offline" if status.error else "missing"
            return self.tr(f"sensors.fresh.{key}")
        return self.tr(f"sensors.fresh.{fresh.value}", time=self.time(measured, now))

    def rating(self, rating: Rating) -> str:
        return self.tr(f"sensors.rating.{rating.value}")

    def water_level(self, level: WaterLevel) -> str:
        return self.tr(f"sensors.water.{level.value}")

    def deviation(self, deviation_cm: float) -> str:
        """ "12 cm über Mittelwasser" – words instead of a sign, read from two metres."""
        rounded = round(deviation_cm)
        if rounded == 0:
            return self.tr("sensors.water.at_mean")
        key = "above" if rounded > 0 else "below"
        return self.tr(f"sensors.water.{key}", value=self.number(abs(rounded), 0))
