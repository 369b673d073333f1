"""Leichte Sprache in the running kiosk: chosen on the attract band, shown on the menu, the
services station and the eID station, gone again after the privacy wipe."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

import main
from kiosk.content import DEFAULT_ALLOWED_HOSTS, Bundle, LocalText, check_content, load_bundle
from kiosk.flow import Shell
from kiosk.i18n import CATALOG_DIR, _flatten
from stations.services.flow import View
from tests.content.bundles import ALLOWED_HOSTS, SERVICE_TOML, write_bundle
from tests.qt_helpers import clipped_labels, settle
from tests.ui.walk import walk_screens
from ui.app import KioskApp

EASY = "de-LS"


def easy(key: str) -> str:
    found: dict[str, str] = {}
    for path in (CATALOG_DIR / EASY).glob("*.toml"):
        found |= _flatten(tomllib.loads(path.read_text("utf-8")))
    return found[key]


def test_leichte_sprache_is_a_start_button_and_the_menu_speaks_it(kiosk: KioskApp) -> None:
    start = kiosk.attract.start_buttons[EASY]
    assert start.isVisible() and start.text() == "Leichte Sprache"
    start.click()
    settle()
    assert kiosk.flow.state is Shell.MENU
    assert kiosk.translator.language == EASY
    assert kiosk.menu.title.text() == easy("menu.title")
    assert kiosk.window.language_buttons[EASY].isChecked()
    assert kiosk.window.language_buttons[EASY].text() == "Leichte Sprache"
    assert kiosk.window.done_button.text() == easy("footer.done")


def test_a_service_overview_in_leichte_sprache(kiosk: KioskApp, bundle: Bundle) -> None:
    kiosk.attract.start_buttons[EASY].click()
    kiosk.menu.tiles["services"].click()
    station = kiosk.stations["services"]
    service = bundle.service("ewa")
    assert service is not None and EASY in service.summary
    assert station.menu.tiles["ewa"].title.text() == service.title[EASY]
    station.menu.tiles["ewa"].click()
    settle()
    assert station.flow.view is View.OVERVIEW
    overview = station.overview
    assert overview.title.text() == service.title[EASY]
    heading, body = overview.labels["what"]
    assert body.text() == service.summary[EASY]
    assert heading.text() == easy("services.overview.what").upper()
    assert overview.action_row.primary.text().startswith(easy("services.overview.next"))
    overview.action_row.primary.click()
    settle()
    assert station.flow.view is View.NEEDS
    # switching mid-visit re-renders the same screen in plain German
    kiosk.window.language_buttons["de"].click()
    settle()
    assert station.flow.view is View.NEEDS and kiosk.translator.language == "de"


def test_the_privacy_wipe_returns_to_the_default_language(kiosk: KioskApp) -> None:
    kiosk.attract.start_buttons[EASY].click()
    kiosk.open_station("eid")
    settle()
    kiosk.window.done_button.click()
    settle()
    assert kiosk.flow.state is Shell.ATTRACT
    assert kiosk.translator.language == kiosk.config.station.default_language == "de"


def test_the_attract_loop_shows_easy_read_slides_only_where_the_bundle_has_them(
    kiosk: KioskApp, bundle: Bundle
) -> None:
    attract = kiosk.attract
    assert EASY in bundle.slides[0].title
    attract.restart(EASY)
    assert attract.slide_language == EASY
    assert attract.title.text() == bundle.slides[0].title[EASY]
    plain = tuple(
        replace(slide, title=LocalText({k: v for k, v in slide.title.items() if k != EASY}))
        for slide in bundle.slides
    )
    attract._bundle = replace(bundle, slides=plain)  # a bundle without easy-read slides
    seen = set()
    for _ in range(len(plain) * 5):
        attract.next_slide()
        seen.add(attract.slide_language)
    assert seen == {"de", "en", "da"}


# --- content: de-LS texts are optional, missing ones are warnings -----------------------------

EASY_SERVICE = SERVICE_TOML.replace(
    'title.da = "Meld din adresse"', 'title.da = "Meld din adresse"\ntitle.de-LS = "Leicht"'
)


def test_missing_easy_read_texts_warn_with_file_and_field_but_pass(tmp_path: Path) -> None:
    directory = write_bundle(tmp_path, {"services/ewa.toml": EASY_SERVICE})
    bundle, problems = load_bundle(directory, ALLOWED_HOSTS)
    assert problems == [] and bundle is not None
    service = bundle.services[0]
    assert service.title.get_text(EASY) == "Leicht"
    assert service.summary.get_text(EASY) == service.summary["de"]  # German in its place
    code, lines = check_content([directory], ALLOWED_HOSTS, languages=("de", "en", "da", EASY))
    assert code == 0 and lines[-1].startswith("ok: 1 service,")
    warned = [line for line in lines if "Leichte Sprache" in line]
    assert warned and all(f"{directory}/services/ewa.toml:" in line for line in warned)
    assert any('"summary"' in line and ": warning: " in line for line in warned)
    assert not any('"title"' in line for line in warned)
    code, lines = check_content([directory], ALLOWED_HOSTS, languages=("de", "en", "da"))
    assert code == 0 and not any("Leichte Sprache" in line for line in lines)


def test_an_easy_read_text_in_a_bundle_without_german_is_an_error(tmp_path: Path) -> None:
    directory = write_bundle(tmp_path, {"services/ewa.toml": EASY_SERVICE})
    bundle_toml = directory / "bundle.toml"
    bundle_toml.write_text(
        bundle_toml.read_text("utf-8").replace('["de", "en", "da"]', '["en", "da"]'), "utf-8"
    )
    _, problems = load_bundle(directory, ALLOWED_HOSTS)
    assert any('unknown language "de-LS"' in problem.message for problem in problems)


def test_check_content_of_the_shipped_bundle_has_no_easy_read_gaps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main.main(["--check-content"]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out and "ok: 9 services" in out
    assert DEFAULT_ALLOWED_HOSTS


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_every_easy_read_eid_screen_fits_and_nothing_is_clipped(
    kiosk: KioskApp, large: bool
) -> None:
    """Easy-read sentences are longer than the German ones: each eID screen still fits."""
    problems: list[str] = []
    screens = 0
    for screen in walk_screens(kiosk, EASY, large, stations={"eid"}):
        screens += 1
        if kiosk.window.size().toTuple() != (1920, 1080):
            problems.append(f"{screen}: the window grew to {kiosk.window.size().toTuple()}")
        problems += [f"{screen}: {label}" for label in clipped_labels(kiosk.window)]
    assert screens > 30
    assert problems == []
