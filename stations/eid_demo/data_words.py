"""The visitor's own data in plain words: dates, countries and document types, no codes.

The chip stores codes (nationality "D", document type "ID"); a visitor should read
"Deutschland" and "Personalausweis" in the kiosk's language. Country names come from
pycountry's ISO 3166 tables and translations; document types from the station's catalog.
"""

from __future__ import annotations

import gettext
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from eid.selfauth import Place, SelfAuthData

logger = logging.getLogger(__name__)

#: ICAO 9303 (the chip's format) writes Germany as "D"; every other state by ISO alpha-3.
ICAO_ONLY = {"D": "DEU"}

#: Document types of the eID chip -> catalog key under ``eid.document.``.
DOCUMENT_KEYS = {
    "ID": "id_card",
    "UB": "eid_card",
    "AR": "residence_permit",
    "AS": "residence_permit",
    "AF": "residence_permit",
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=8)
def _country_names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str, language: str) -> str:
    """ "D" -> "Deutschland" (de), "DNK" -> "Denmark" (en); an unknown code stays as it is."""
    wanted = code.strip().upper()
    alpha3 = ICAO_ONLY.get(wanted, wanted)
    country = pycountry.countries.get(alpha_3=alpha3) if len(alpha3) == 3 else None
    if country is None:
        logger.info("no country name for a %d-letter code", len(wanted))
        return code
    name = getattr(country, "common_name", None) or country.name
    return _country_names(language).gettext(name)


def format_date(value: str, language: str) -> str:
    """ "1964-08-12+01:00" -> "12.08.1964" (de, da) or "12/08/1964" (en); other text as is."""
    match = _ISO_DATE.match(value)
    if match is None:
        return value
    year, month, day = match.groups()
    separator = "/" if language == "en" else "."
    return separator.join((day, month, year))


def place_text(place: Place | None, language: str) -> str:
    """Street, postcode and town, and the country by name."""
    if place is None:
        return ""
    if place.freetext or place.no_place_info:
        return place.text()  # e.g. "keine Hauptwohnung in Deutschland": the service's words
    town = " ".join(part for part in (place.zip_code, place.city) if part)
    country = country_name(place.country, language) if place.country else ""
    return ", ".join(part for part in (place.street, town, country) if part)


@dataclass(frozen=True)
class DataRow:
    """One line of the result card: label key, and the value or the key of its words."""

    label_key: str
    value: str
    value_key: str = ""


def data_rows(data: SelfAuthData, language: str) -> list[DataRow]:
    """The visitor's data in reading order; empty fields are left out."""
    name = " ".join(part for part in (data.academic_title, data.given_names) if part)
    document = DOCUMENT_KEYS.get(data.document_type.strip().upper())
    candidates = [
        DataRow("eid.data.given_names", name),
        DataRow("eid.data.family_names", data.family_names),
        DataRow("eid.data.birth_name", data.birth_name),
        DataRow("eid.data.artistic_name", data.artistic_name),
        DataRow("eid.data.date_of_birth", format_date(data.date_of_birth, language)),
        DataRow("eid.data.place_of_birth", place_text(data.place_of_birth, language)),
        DataRow("eid.data.address", place_text(data.place_of_residence, language)),
        DataRow("eid.data.nationality", _country(data.nationality, language)),
        DataRow(
            "eid.data.document_type",
            data.document_type,
            f"eid.document.{document}" if document else "",
        ),
        DataRow("eid.data.issuing_state", _country(data.issuing_state, language)),
        DataRow("eid.data.valid_until", format_date(data.date_of_expiry, language)),
    ]
    return [row for row in candidates if row.value]


def _country(code: str, language: str) -> str:
    return country_name(code, language) if code else ""
