"""Editorial warnings (`--check-content`): hand-offs to a bare home page, unsourced addresses,
cost texts in lower case, German quotation marks in Danish; and the shipped bundle has none."""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle, check_content, load_bundle
from kiosk.content_checks import bundle_warnings, is_bare_home_page
from kiosk.i18n import CATALOG_DIR
from tests.content.bundles import ALLOWED_HOSTS, SERVICE_TOML, write_bundle

S = "services/ewa.toml"


def warnings_for(tmp_path: Path, service_toml: str) -> list[str]:
    directory = write_bundle(tmp_path, {S: service_toml})
    bundle, problems = load_bundle(directory, ALLOWED_HOSTS)
    assert problems == [] and bundle is not None  # a warning never makes a bundle invalid
    return [
        f"{w.path.relative_to(directory)}:{w.line}: {w.message}" for w in bundle_warnings(bundle)
    ]


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_test_bundle_has_no_warnings(tmp_path: Path) -> None:
    assert warnings_for(tmp_path, SERVICE_TOML) == []


@pytest.mark.parametrize(
    "url",
    ["https://portal.example.org/", "https://portal.example.org", "https://PORTAL.example.org/"],
)
def test_a_bare_home_page_is_warned_about(tmp_path: Path, url: str) -> None:
    toml = SERVICE_TOML.replace("https://portal.example.org/ewa", url)
    found = warnings_for(tmp_path, toml)
    assert found == [
        f'{S}:{line_of(toml, "portal_url")}: warning: the hand-off "{url}" is a bare '
        "home page: link the service's own online service or information page (or set "
        'portal_kind = "service" when this home page is the online service itself)'
    ]


def test_a_home_page_that_is_the_service_itself_is_fine(tmp_path: Path) -> None:
    toml = SERVICE_TOML.replace(
        'portal_url = "https://portal.example.org/ewa"',
        'portal_url = "https://portal.example.org/"\nportal_kind = "service"',
    )
    assert warnings_for(tmp_path, toml) == []


@pytest.mark.parametrize(
    ("url", "bare"),
    [
        ("https://www.flensburg.de/", True),
        ("https://www.flensburg.de/#top", False),
        ("https://www.flensburg.de/?FID=2306.1320.1", False),
        ("https://www.flensburg.de/Einwohner-in/Wohngeld/", False),
    ],
)
def test_bare_home_page_rule(url: str, bare: bool) -> None:
    assert is_bare_home_page(url) is bare


def test_an_address_without_its_source_is_warned_about(tmp_path: Path) -> None:
    toml = SERVICE_TOML.replace('portal_source = "the portal\'s own service list"\n', "")
    assert warnings_for(tmp_path, toml) == [
        f'{S}:{line_of(toml, "portal_url")}: warning: no "portal_source": say which public '
        "reference the address was taken from"
    ]


def test_a_cost_text_in_lower_case_is_warned_about_per_language(tmp_path: Path) -> None:
    toml = SERVICE_TOML.replace(
        'fee = { de = "Kostenlos", en = "Free", da = "Gratis" }',
        'fee.de = "kostenlos"\nfee.en = "Free"\nfee.da = "gratis"',
    )
    found = warnings_for(tmp_path, toml)
    assert found == [
        f"{S}:{line_of(toml, 'fee.de')}: warning: the cost text (de) should start with a capital "
        'letter: "kostenlos"',
        f"{S}:{line_of(toml, 'fee.da')}: warning: the cost text (da) should start with a capital "
        'letter: "gratis"',
    ]


@pytest.mark.parametrize("quoted", ["„Vis mine data“", "“Vis mine data”"])
def test_german_or_english_quotes_in_danish_are_warned_about(tmp_path: Path, quoted: str) -> None:
    toml = SERVICE_TOML.replace('da = "Kort." }', f'da = "Tryk på {quoted}." }}')
    found = warnings_for(tmp_path, toml)
    assert len(found) == 1
    assert found[0].startswith(f"{S}:{line_of(toml, 'summary')}: warning: Danish text uses")


@pytest.mark.parametrize("quoted", ["»Vis mine data«", '\\"Vis mine data\\"'])
def test_danish_quotes_pass(tmp_path: Path, quoted: str) -> None:
    toml = SERVICE_TOML.replace('da = "Kort." }', f'da = "Tryk på {quoted}." }}')
    assert warnings_for(tmp_path, toml) == []


def test_check_content_lists_warnings_but_passes(tmp_path: Path) -> None:
    toml = SERVICE_TOML.replace("https://portal.example.org/ewa", "https://portal.example.org/")
    directory = write_bundle(tmp_path, {S: toml})
    code, lines = check_content([directory], ALLOWED_HOSTS)
    assert code == 0
    assert "bare home page" in lines[0] and lines[-1].startswith("ok: 1 service, ")


# --- the shipped bundle ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    bundle, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert problems == [] and bundle is not None
    return bundle


def test_shipped_bundle_has_no_editorial_warnings(shipped: Bundle) -> None:
    """Walk-through items 1, 13 and 15: own pages with sources, capital cost texts, »…« in DA."""
    assert [str(w) for w in bundle_warnings(shipped)] == []


def test_every_service_hands_off_to_its_own_page(shipped: Bundle) -> None:
    urls = [service.portal_url for service in shipped.services]
    assert len(set(urls)) == len(urls), "two services share one hand-off address"
    for service in shipped.services:
        if service.portal_kind != "service":
            assert not is_bare_home_page(service.portal_url), service.id
        assert service.portal_source, service.id


def test_allow_list_covers_every_shipped_address(shipped: Bundle) -> None:
    hosts = {urlsplit(service.portal_url).hostname for service in shipped.services}
    assert hosts <= set(DEFAULT_ALLOWED_HOSTS)
    assert len(set(DEFAULT_ALLOWED_HOSTS)) == len(DEFAULT_ALLOWED_HOSTS)


def danish_catalog_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []

    def walk(table: object, where: str) -> None:
        if isinstance(table, dict):
            for key, value in table.items():
                walk(value, f"{where}.{key}")
        elif isinstance(table, str):
            texts.append((where, table))

    for path in sorted((CATALOG_DIR / "da").glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
    return texts


def test_every_danish_text_uses_danish_quotation_marks(shipped: Bundle) -> None:
    """Walk-through item 13, over every Danish catalog and the content bundle."""
    texts = danish_catalog_texts()
    assert len(texts) > 50
    wrong = [(where, text) for where, text in texts if "„" in text or "“" in text]
    assert wrong == []
    assert not [w for w in bundle_warnings(shipped) if "Danish" in w.message]
