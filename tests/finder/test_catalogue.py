"""The shipped finder catalogue is complete and honest; a broken one is reported line by line."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, check_content, load_bundle
from stations.finder import check_content as check_finder
from stations.finder.catalogue import LANGUAGES, Catalogue, load_catalogue
from stations.finder.matching import FinderIndex

OFFICES_A_VISITOR_EXPECTS = {"buergerbuero", "standesamt", "zulassungsstelle", "ordnung"}


def test_every_service_of_the_online_service_station_can_be_found(catalogue: Catalogue) -> None:
    bundle, _ = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert bundle is not None
    linked = {s.station_service for s in catalogue.services if s.station_service}
    assert linked == {service.id for service in bundle.services}


def test_at_least_forty_more_municipal_services(catalogue: Catalogue) -> None:
    extra = [s for s in catalogue.services if s.station_service is None]
    assert len(extra) >= 40
    assert {s.office.id for s in catalogue.services} >= OFFICES_A_VISITOR_EXPECTS
    assert any(s.online for s in extra) and any(not s.online for s in extra)
    assert any(s.needs_eid for s in catalogue.services)


def test_every_service_is_complete_in_three_languages(catalogue: Catalogue) -> None:
    for service in catalogue.services:
        for lang in LANGUAGES:
            assert service.title[lang].strip() and service.summary[lang].strip(), service.id
            assert len(service.keywords[lang]) >= 3, (service.id, lang)
            assert service.office.name[lang].strip(), service.id
        parts = urlsplit(service.url)
        assert parts.scheme == "https" and parts.hostname in DEFAULT_ALLOWED_HOSTS, service.id


def test_topics_run_queries_that_find_something(catalogue: Catalogue, index: FinderIndex) -> None:
    assert len(catalogue.topics) >= 6
    for topic in catalogue.topics:
        for lang in LANGUAGES:
            assert index.search(topic.query[lang]), (topic.label["de"], lang)


def copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(SHIPPED_BUNDLE, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def test_mistakes_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path)
    services = bundle / "finder" / "services-stadt.toml"
    replace_in(services, 'office = "steueramt"', 'office = "steuerammt"')
    replace_in(services, 'url = "https://id.bund.de/"', 'url = "https://evil.example.org/"')
    replace_in(services, "online = true", 'online = "ja"')
    replace_in(services, 'keywords.da = ["hund"', 'keywords.dk = ["hund"')
    problems = [str(p) for p in load_catalogue(bundle, DEFAULT_ALLOWED_HOSTS)[1]]
    expected = {
        line_of(services, 'office = "steuerammt"'): 'unknown office "steuerammt"',
        line_of(services, "evil.example.org"): 'host "evil.example.org" of "url" is not on',
        line_of(services, 'online = "ja"'): '"online" in [[service]] number 1 has the wrong type',
        line_of(services, "keywords.dk"): 'unknown language "dk"',
    }
    for line, message in expected.items():
        assert any(p.startswith(f"{services}:{line}: ") and message in p for p in problems), (
            line,
            message,
            problems,
        )


def test_a_station_service_without_finder_entry_is_reported(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path)
    services = bundle / "finder" / "services-stadt.toml"
    replace_in(services, 'station_service = "briefwahl"\n', "")
    problems = [str(p) for p in check_finder(bundle, DEFAULT_ALLOWED_HOSTS)]
    assert any('service "briefwahl" has no finder entry' in p for p in problems), problems


def test_check_content_fails_on_a_broken_finder_catalogue(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path)
    replace_in(bundle / "finder" / "finder.toml", "[[offices]]", "[[offices]\n")
    code, lines = check_content([bundle], DEFAULT_ALLOWED_HOSTS, [check_finder])
    assert code == 2
    assert any("finder.toml:" in line and "bad TOML syntax" in line for line in lines), lines
    code, lines = check_content([SHIPPED_BUNDLE], DEFAULT_ALLOWED_HOSTS, [check_finder])
    assert code == 0, lines


def test_a_bundle_without_finder_folder_has_no_finder_problems(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path)
    shutil.rmtree(bundle / "finder")
    assert check_finder(bundle, DEFAULT_ALLOWED_HOSTS) == []
