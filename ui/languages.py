"""The offered languages by their own names ("Deutsch", "English", "Dansk", "Leichte Sprache"),
never by flags.

Why no flags: a flag names a country, not a language (German is spoken in more than one country,
Danish speakers in Flensburg are German citizens). Leichte Sprache (``de-LS``) is German in
easy-read rules; its name is the one its readers know from signs and leaflets.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

NATIVE_NAMES = {"de": "Deutsch", "en": "English", "da": "Dansk", "de-LS": "Leichte Sprache"}


def native_name(code: str) -> str:
    """The language's name in that language; the code itself for a language we do not know."""
    return NATIVE_NAMES.get(code, code)
