"""Station config: defaults, overrides, and a clear message for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, load_config
from kiosk.content import DEFAULT_ALLOWED_HOSTS


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_embedded_defaults_load_without_problems() -> None:
    config, problems = load_config(None)
    assert problems == []
    assert config.station.default_language == "de"
    assert config.station.languages == ("de", "en", "da", "de-LS")  # de-LS: Leichte Sprache
    assert config.session.warning_seconds >= 20
    assert config.content.allowed_hosts == tuple(DEFAULT_ALLOWED_HOSTS)
    assert config.content.bundle_dir is None


def test_a_valid_file_overrides_only_its_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[station]\nname = "Bürgerbüro"\nstations = ["eid"]\ndefault_language = "da"\n'
        "[session]\nidle_seconds = 45\n"
        '[content]\nallowed_hosts = ["example.org"]\nbundle_dir = "/srv/x"\n'
        '[eid]\nmode = "external"\nurl = "ws://127.0.0.1:24727/eID-Kernel"\n',
    )
    config, problems = load_config(path)
    assert problems == []
    assert config.station.name == "Bürgerbüro"
    assert config.station.stations == ("eid",)
    assert config.station.default_language == "da"
    assert config.session.idle_seconds == 45
    assert config.session.warning_seconds == Config().session.warning_seconds
    assert config.content.allowed_hosts == ("example.org",)
    assert config.content.bundle_dir == Path("/srv/x")
    assert config.eid.mode == "external"


def test_demo_forces_the_emulator(tmp_path: Path) -> None:
    path = write(tmp_path, '[eid]\nmode = "ausweisapp"\n')
    config, _ = load_config(path, demo=True)
    assert config.eid.mode == "emulator"


@pytest.mark.parametrize(
    ("text", "key", "line", "expected"),
    [
        ("[station]\nname = \n", "(syntax)", 2, "not valid TOML"),
        ("[station]\nnmae = 'x'\n", "station.nmae", 2, "unknown key"),
        ("[stations]\nname = 'x'\n", "stations", 1, "unknown section"),
        ("[session]\n\nidle_seconds = 'long'\n", "session.idle_seconds", 3, "whole number"),
        ("[session]\nwarning_seconds = 5\n", "session.warning_seconds", 2, "from 20 to"),
        ("[session]\nidle_seconds = true\n", "session.idle_seconds", 2, "whole number"),
        ("[station]\nlanguages = ['de', 'fr']\n", "station.languages", 2, "de, en, da"),
        ("[station]\ndefault_language = 'sv'\n", "station.default_language", 2, '"de"'),
        ("[eid]\nmode = 'magic'\n", "eid.mode", 2, '"emulator"'),
        ("[eid]\ndeveloper_mode = 'yes'\n", "eid.developer_mode", 2, "true or false"),
        ("[eid]\ntc_token_url = 'http://x'\n", "eid.tc_token_url", 2, "https://"),
        ("[content]\nallowed_hosts = []\n", "content.allowed_hosts", 2, "host names"),
        ("[eid]\nmode = 'external'\n", "eid.url", 2, "URL"),
    ],
)
def test_bad_config_is_reported_and_defaults_kept(
    tmp_path: Path, text: str, key: str, line: int, expected: str
) -> None:
    path = write(tmp_path, text)
    config, problems = load_config(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.key == key
    assert problem.line == line
    assert expected in problem.message
    assert str(problem).startswith(f"{path}:{line}: {key}: ")
    if key != "eid.url":
        assert config.session == Config().session
        assert config.eid.mode == Config().eid.mode


def test_default_language_outside_languages_falls_back_to_first(tmp_path: Path) -> None:
    path = write(tmp_path, "[station]\nlanguages = ['en', 'da']\n")
    config, problems = load_config(path)
    assert config.station.default_language == "en"
    assert [p.key for p in problems] == ["station.default_language"]


def test_good_keys_survive_next_to_bad_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_seconds = 30\nwarning_seconds = 1\n")
    config, problems = load_config(path)
    assert config.session.idle_seconds == 30
    assert config.session.warning_seconds == Config().session.warning_seconds
    assert len(problems) == 1


def test_missing_file_is_reported(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "nope.toml")
    assert config == load_config(None)[0]
    assert "cannot read" in problems[0].message
