"""The composition root: --check-content and --screenshots do what the README promises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

import main
from kiosk.config import Config
from kiosk.content import Bundle
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp
from ui.screenshots import every_station, render_screenshots


def test_check_content_of_the_shipped_bundle(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["--check-content"]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_content_reports_a_broken_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bundle.toml").write_text("[bundle]\nid = \n", encoding="utf-8")
    assert main.main(["--check-content", str(tmp_path)]) == 2
    assert str(tmp_path) in capsys.readouterr().out


def test_bad_config_is_reported_and_the_check_still_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "station.toml"
    config.write_text("[session]\nwarning_seconds = 3\n", encoding="utf-8")
    assert main.main(["--config", str(config), "--check-content"]) == 0
    assert f"{config}:2: session.warning_seconds" in capsys.readouterr().err


@pytest.fixture
def every_station_kiosk(
    qtbot: object, config: Config, bundle: Bundle, clock: FakeClock
) -> Iterator[KioskApp]:
    """A kiosk as `--screenshots` builds it: every installed station, also those off in the
    config (the live sensors)."""
    stations = every_station(config.station.stations)
    app = KioskApp(config, bundle, clock=clock, auto_tick=False, stations=stations)
    yield app
    app.stop()
    settle()


@pytest.mark.slow
@pytest.mark.timeout(900)  # every screen twice (normal and larger text): several minutes under load
def test_screenshots_cover_every_screen_in_every_language(
    every_station_kiosk: KioskApp, config: Config, bundle: Bundle, tmp_path: Path
) -> None:
    assert "sensors" not in config.station.stations  # off by default, shown all the same
    written = {path.name for path in render_screenshots(every_station_kiosk, tmp_path)}
    for lang in ("de", "en", "da", "de-ls"):  # de-ls: Leichte Sprache, lower case in names
        for variant in (lang, f"{lang}-large"):
            for screen in ("attract", "menu", "idle-warning"):
                assert f"shell-{screen}-{variant}.png" in written
            assert f"services-menu-{variant}.png" in written
            assert f"sensors-online-{variant}.png" in written
            for service in bundle.services:
                for screen in ("overview", "needs", "qr"):
                    assert f"services-{service.id}-{screen}-{variant}.png" in written
                for number in range(1, len(service.steps) + 1):
                    assert f"services-{service.id}-step{number}-{variant}.png" in written
            assert f"eid-start-{variant}.png" in written
    assert all((tmp_path / name).stat().st_size > 10_000 for name in written)
    # Every screen fits a full-HD screen, in normal and larger text, in every language.
    sizes = {name: Image.open(tmp_path / name).size for name in written}
    assert {name: size for name, size in sizes.items() if size != (1920, 1080)} == {}
    # The trainer's own window does not follow the visitor's text size: no -large variant.
    visitor = {name for name in written if not name.startswith("trainer-")}
    normal = {name for name in visitor if not name.endswith("-large.png")}
    assert {name.replace("-large.png", ".png") for name in visitor - normal} == normal
    assert {f"trainer-waiting-{lang}.png" for lang in ("de", "en", "da")} <= written
    # beside each picture what Vorlesen says there: every visitor screen says something, the
    # trainer's window nothing, and no screen the test person's data (only on request)
    for name in written:
        spoken = (tmp_path / name).with_suffix(".speech.txt").read_text(encoding="utf-8")
        assert bool(spoken.strip()) != name.startswith("trainer-"), name
        assert "MUSTERMANN" not in spoken.upper(), name
    assert (tmp_path / "shell-menu-en.speech.txt").read_text("utf-8").startswith("What would")
    menu = Image.open(tmp_path / "services-menu-en.png")
    menu_large = Image.open(tmp_path / "services-menu-en-large.png")
    assert ImageChops.difference(menu.convert("RGB"), menu_large.convert("RGB")).getbbox()
