"""The emulator's test person and the self-disclosure answer built from it.

The data are the AusweisApp Simulator's defaults (Erika Mustermann), i.e. test data,
not a real person. The answer mimics the AusweisAuskunft ``mode=json`` service: the
fields the visitor allowed carry data, the others say why they are missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from eid.messages import ACCESS_RIGHT_NAMES

logger = logging.getLogger(__name__)

RESULT_MAJOR_OK = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"

#: Access rights of the emulated self-disclosure service (names as the SDK spells them).
REQUIRED_RIGHTS: tuple[str, ...] = (
    "Address",
    "FamilyName",
    "GivenNames",
    "DateOfBirth",
    "PlaceOfBirth",
    "Nationality",
    "DocumentType",
    "IssuingCountry",
    "ValidUntil",
)
OPTIONAL_RIGHTS: tuple[str, ...] = ("BirthName", "DoctoralDegree", "ArtisticName")

#: Every access right the SDK knows; SET_ACCESS_RIGHTS with another name is invalid.
KNOWN_RIGHTS = frozenset(ACCESS_RIGHT_NAMES)

#: Field of the self-disclosure answer -> the access right that releases it.
FIELD_RIGHTS: dict[str, str] = {
    "DocumentType": "DocumentType",
    "IssuingState": "IssuingCountry",
    "DateOfExpiry": "ValidUntil",
    "GivenNames": "GivenNames",
    "FamilyNames": "FamilyName",
    "ArtisticName": "ArtisticName",
    "AcademicTitle": "DoctoralDegree",
    "DateOfBirth": "DateOfBirth",
    "PlaceOfBirth": "PlaceOfBirth",
    "Nationality": "Nationality",
    "BirthName": "BirthName",
    "PlaceOfResidence": "Address",
    "CommunityID": "CommunityID",
    "ResidencePermitI": "ResidencePermitI",
    "RestrictedID": "Pseudonym",
}

#: Erika Mustermann as stored on the AusweisApp Simulator card. Fields that are not on
#: her chip (no artistic name, no doctoral degree, no residence permit) are left out.
TEST_PERSON: dict[str, Any] = {
    "DocumentType": "ID",
    "IssuingState": "D",
    "DateOfExpiry": "2029-10-31+01:00",
    "GivenNames": "ERIKA",
    "FamilyNames": "MUSTERMANN",
    "DateOfBirth": "1964-08-12+01:00",
    "PlaceOfBirth": {"FreetextPlace": "BERLIN"},
    "Nationality": "D",
    "BirthName": "GABLER",
    "PlaceOfResidence": {
        "StructuredPlace": {
            "Street": "HEIDESTRAẞE 17",
            "City": "KÖLN",
            "Country": "D",
            "ZipCode": "51147",
        }
    },
    "CommunityID": "02760503150000",
}


def self_disclosure(effective_rights: Iterable[str]) -> dict[str, Any]:
    """The ``mode=json`` answer for a visitor who allowed exactly ``effective_rights``."""
    allowed = set(effective_rights)
    personal: dict[str, Any] = {}
    operations: dict[str, str] = {}
    for field_name, right in FIELD_RIGHTS.items():
        if right not in allowed:
            operations[field_name] = "PROHIBITED"
        elif field_name not in TEST_PERSON:
            operations[field_name] = "NOTONCHIP"
        else:
            operations[field_name] = "ALLOWED"
            personal[field_name] = TEST_PERSON[field_name]
    return {
        "OperationsAllowedByUser": operations,
        "PersonalData": personal,
        "Result": {"ResultMajor": RESULT_MAJOR_OK},
    }
