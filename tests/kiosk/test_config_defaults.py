"""One truth for every config key: the dataclass default in code, the SCHEMA entry and the
documented line in assets/config/default.toml must agree (keys and default values).

Why a test: engineers add keys in parallel; a key missing from the schema cannot be set, a key
missing from default.toml is undocumented, and two different defaults make the station behave
differently with and without the embedded file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from typing import Any

import pytest

from kiosk.config import DEFAULT_CONFIG_PATH, SCHEMA, Config, load_config

SECTIONS = [field.name for field in fields(Config)]
_HEADER = re.compile(r"^\[([a-z_]+)\]\s*(#.*)?$")
_COMMENTED_KEY = re.compile(r"^#\s*([a-z_]+)\s*=")


def code_defaults(section: str) -> dict[str, Any]:
    values = getattr(Config(), section)
    return {field.name: getattr(values, field.name) for field in fields(values)}


def commented_keys() -> dict[str, set[str]]:
    """Keys shown as a commented example (``# key = …``) per section of default.toml."""
    found: dict[str, set[str]] = {}
    section = ""
    for line in DEFAULT_CONFIG_PATH.read_text(encoding="utf-8").splitlines():
        header = _HEADER.match(line.strip())
        if header:
            section = header.group(1)
            continue
        key = _COMMENTED_KEY.match(line.strip())
        if key and section:
            found.setdefault(section, set()).add(key.group(1))
    return found


def test_code_and_schema_have_the_same_sections_and_keys() -> None:
    assert set(SCHEMA) == set(SECTIONS)
    for section in SECTIONS:
        assert set(SCHEMA[section]) == set(code_defaults(section)), section


@pytest.mark.parametrize("section", SECTIONS)
def test_default_toml_documents_every_key_with_the_code_default(section: str) -> None:
    live = tomllib.loads(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")).get(section, {})
    commented = commented_keys().get(section, set())
    for key, default in code_defaults(section).items():
        if default is None:  # TOML has no null: an unset key is documented as a comment
            assert key not in live, f"[{section}] {key} has no default in code but one in the file"
            assert key in commented, f"[{section}] {key} is not documented in default.toml"
        else:
            assert key in live, f"[{section}] {key} = {default!r} is missing from default.toml"
            assert SCHEMA[section][key](live[key]) == default, f"[{section}] {key} differs"
    documented = set(live) | commented
    assert documented <= set(SCHEMA[section]), f"[{section}] documents unknown keys"


def test_the_embedded_file_changes_nothing() -> None:
    assert load_config(None) == (Config(), [])
