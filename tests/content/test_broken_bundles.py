"""Every kind of mistake in a bundle is reported with the right file, line and a clear message."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.content import load_bundle
from tests.content.bundles import (
    ALLOWED_HOSTS,
    BUNDLE_TOML,
    SERVICE_TOML,
    line_with,
    png_bytes,
    write_bundle,
)

S = "services/ewa.toml"


def service(old: str, new: str) -> str:
    assert old in SERVICE_TOML, old
    return SERVICE_TOML.replace(old, new, 1)


def bundle(old: str, new: str) -> str:
    assert old in BUNDLE_TOML, old
    return BUNDLE_TOML.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    """Files to change; the expected problem: file, line (number or a marker on it), words."""

    changes: dict[str, str | bytes | None]
    file: str
    line: str | int
    words: tuple[str, ...]
    others: int = 0  # further problems the same mistake honestly causes
    extra: dict[str, object] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "bad TOML syntax": Case(
        {S: service('summary = { de = "Kurz."', 'summary = { de = "Kurz.,')},
        S,
        11,  # the summary line of SERVICE_TOML
        ("bad TOML syntax",),
    ),
    "bad TOML syntax at the end": Case(
        {S: SERVICE_TOML + "[[steps]\n"}, S, SERVICE_TOML.count("\n") + 1, ("bad TOML syntax",)
    ),
    "missing translation (dotted keys)": Case(
        {S: service('title.da = "Meld din adresse"\n', "")},
        S,
        'title.de = "Wohnsitz anmelden"',
        ('missing translation "da"', '"title"'),
    ),
    "missing translation (inline table)": Case(
        {S: service(', da = "Kort." }', " }")},
        S,
        "summary = {",
        ('missing translation "da"', '"summary"'),
    ),
    "missing translation in a step": Case(
        {S: service(', da = "Fil." }', " }")},
        S,
        'text = { de = "Datei."',
        ('missing translation "da"', '"text"', "[[steps]] number 2"),
    ),
    "missing translation in bundle.toml": Case(
        {"bundle.toml": bundle('portal_name.en = "Test portal"\n', "")},
        "bundle.toml",
        'portal_name.de = "Testportal"',
        ('missing translation "en"', '"portal_name"', "[bundle]"),
    ),
    "unknown language with suggestion": Case(
        {S: service('da = "Alle." }', 'dk = "Alle." }')},
        S,
        "audience = {",
        ('unknown language "dk"', 'did you mean "da"'),
        others=1,  # the missing "da" on the same line
    ),
    "empty text": Case(
        {S: service('en = "Short."', 'en = "   "')},
        S,
        "summary = {",
        ("empty text", '"summary"', "(en)"),
    ),
    "unknown field with suggestion": Case(
        {S: service('moment = "upload"', 'moment = "upload"\ntitel.de = "Doppelt"')},
        S,
        "titel.de",
        ('unknown field "titel"', "[[steps]] number 2", 'did you mean "title"'),
    ),
    "unknown field without a close match lists the known ones": Case(
        {S: service("needs_upload = true", "needs_upload = true\ncolour = 3")},
        S,
        "colour = 3",
        ('unknown field "colour"', "known fields:", "portal_url"),
    ),
    "unknown field in bundle.toml": Case(
        {"bundle.toml": bundle('id = "test"', 'id = "test"\nlanguage = ["de"]')},
        "bundle.toml",
        'language = ["de"]',
        ('unknown field "language"', 'did you mean "languages"'),
    ),
    "missing required field": Case(
        {S: service('portal_url = "https://portal.example.org/ewa"\n', "")},
        S,
        1,
        ('missing required field "portal_url"', "https://"),
    ),
    "missing required field in a step": Case(
        {S: service('title = { de = "Anmelden", en = "Log in", da = "Log ind" }\n', "")},
        S,
        "[[steps]]",  # the first [[steps]] header
        ('missing required field "title"', "[[steps]] number 1"),
        extra={"first": True},
    ),
    "http instead of https": Case(
        {S: service("https://portal.example.org/ewa", "http://portal.example.org/ewa")},
        S,
        "portal_url =",
        ('"portal_url" must start with https://', "http://portal.example.org/ewa"),
    ),
    "host not on the allow-list": Case(
        {S: service("https://portal.example.org/ewa", "https://evil.example.net/ewa")},
        S,
        "portal_url =",
        ('host "evil.example.net"', "not on the allow-list", "portal.example.org"),
    ),
    "missing image": Case(
        {"images/step.png": None},
        S,
        'image = "images/step.png"',
        ('image "images/step.png" not found',),
    ),
    "image of a wrong type": Case(
        {S: service("images/step.png", "images/step.gif"), "images/step.gif": b"GIF89a"},
        S,
        'image = "images/step.gif"',
        ('image "images/step.gif"', "unsupported type", "PNG, JPEG or SVG"),
    ),
    "image that is not what its name says": Case(
        {"images/step.png": b"this is no picture"},
        S,
        'image = "images/step.png"',
        ('image "images/step.png"', "not a valid PNG"),
    ),
    "image outside the bundle": Case(
        {S: service("images/step.png", "../step.png")},
        S,
        'image = "../step.png"',
        ("must be a path inside the bundle",),
    ),
    "slide image missing": Case(
        {"images/slide.png": None},
        "bundle.toml",
        'image = "images/slide.png"',
        ('image "images/slide.png" not found',),
    ),
    "id does not match the file name": Case(
        {S: service('id = "ewa"', 'id = "wohnsitz"')},
        S,
        'id = "wohnsitz"',
        ('id "wohnsitz" does not match the file name "ewa.toml"',),
    ),
    "id with characters that are not allowed": Case(
        {S: service('id = "ewa"', 'id = "EWA"')},
        S,
        'id = "EWA"',
        ('"id" is "EWA"', "lower-case letters"),
    ),
    "duplicate id": Case(
        {"services/zweite.toml": SERVICE_TOML},
        "services/zweite.toml",
        'id = "ewa"',
        ('duplicate service id "ewa"', "ewa.toml"),
        others=1,  # and its id does not match "zweite.toml"
    ),
    "no services": Case({S: None}, "services", 1, ("no services", "services/<id>.toml")),
    "no bundle.toml": Case({"bundle.toml": None}, "bundle.toml", 1, ("file not found",)),
    "unknown moment": Case(
        {S: service('moment = "eid"', 'moment = "pay"')},
        S,
        'moment = "pay"',
        ('unknown moment "pay"', '"eid" or "payment" or "upload"'),
    ),
    "wrong type: text for a number": Case(
        {S: service("order = 10", 'order = "10"')},
        S,
        'order = "10"',
        ('"order" has the wrong type', "whole number", "got text"),
    ),
    "wrong type: text for true/false": Case(
        {S: service("needs_eid = true", 'needs_eid = "yes"')},
        S,
        'needs_eid = "yes"',
        ('"needs_eid" has the wrong type', "true or false"),
    ),
    "wrong type: true/false for a number": Case(
        {S: service("order = 10", "order = true")},
        S,
        "order = true",
        ('"order" has the wrong type', "whole number", "got true/false"),
    ),
    "wrong type: plain text for a translated field": Case(
        {S: service('fee = { de = "Kostenlos", en = "Free", da = "Gratis" }', 'fee = "gratis"')},
        S,
        'fee = "gratis"',
        ('"fee" has the wrong type', "translations like", "got text"),
    ),
    "wrong type: steps as one table": Case(
        {S: service("[[needs]]", "[steps]\nx = 1\n\n[[needs]]").replace("[[steps]]", "[[more]]")},
        S,
        "[steps]",
        ('"steps" has the wrong type', "[[steps]] tables"),
        others=1,  # and [[more]] is an unknown field
    ),
    "unknown kind of hand-off page": Case(
        {S: service("needs_eid = true", 'needs_eid = true\nportal_kind = "website"')},
        S,
        'portal_kind = "website"',
        ('unknown portal_kind "website"', '"service" or "information"'),
    ),
    "hand-off page languages not two-letter codes": Case(
        {S: service("needs_eid = true", 'needs_eid = true\nportal_languages = ["German"]')},
        S,
        'portal_languages = ["German"]',
        ('"portal_languages"', "two-letter codes", "'German'"),
    ),
    "languages not two-letter codes": Case(
        {"bundle.toml": bundle('["de", "en", "da"]', '["de", "english"]')},
        "bundle.toml",
        "languages =",
        ('"languages"', "'english'", "two-letter codes"),
    ),
    "not UTF-8": Case(
        {S: SERVICE_TOML.encode() + b'note = "\xff"\n'},
        S,
        SERVICE_TOML.count("\n") + 1,
        ("not UTF-8",),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_bundle_is_reported_at_the_right_place(tmp_path: Path, case: Case) -> None:
    directory = write_bundle(tmp_path, case.changes)

    bundle_found, problems = load_bundle(directory, ALLOWED_HOSTS)

    assert bundle_found is None
    matching = [p for p in problems if all(word in p.message for word in case.words)]
    assert len(matching) == 1, "\n".join(str(p) for p in problems)
    problem = matching[0]
    assert problem.path == directory / case.file
    if isinstance(case.line, int):
        expected_line = case.line
    else:
        text = (directory / case.file).read_text(encoding="utf-8")
        if case.extra.get("first"):
            expected_line = text.splitlines().index(case.line) + 1
        else:
            expected_line = line_with(text, case.line)
    assert problem.line == expected_line, str(problem)
    assert len(problems) == 1 + case.others, "\n".join(str(p) for p in problems)
    assert str(problem) == f"{directory / case.file}:{expected_line}: {problem.message}"


def test_the_valid_test_bundle_loads(tmp_path: Path) -> None:
    """The base of every broken case is itself valid, so each case tests only its own mistake."""
    bundle_found, problems = load_bundle(write_bundle(tmp_path), ALLOWED_HOSTS)
    assert problems == []
    assert bundle_found is not None
    assert [s.id for s in bundle_found.services] == ["ewa"]
    assert bundle_found.services[0].steps[1].image == tmp_path / "images/step.png"


def test_all_mistakes_in_one_file_are_reported_in_line_order(tmp_path: Path) -> None:
    text = service("order = 10", 'order = "ten"').replace('moment = "eid"', 'moment = "pay"')
    directory = write_bundle(tmp_path, {S: text})

    _, problems = load_bundle(directory, ALLOWED_HOSTS)

    assert [p.line for p in problems] == [
        line_with(text, 'order = "ten"'),
        line_with(text, 'moment = "pay"'),
    ]


def test_services_are_sorted_by_order_then_id(tmp_path: Path) -> None:
    second = SERVICE_TOML.replace('id = "ewa"', 'id = "alpha"')
    third = SERVICE_TOML.replace('id = "ewa"', 'id = "zulu"').replace("order = 10", "order = 5")
    directory = write_bundle(tmp_path, {"services/alpha.toml": second, "services/zulu.toml": third})

    bundle_found, problems = load_bundle(directory, ALLOWED_HOSTS)

    assert problems == []
    assert bundle_found is not None
    assert [s.id for s in bundle_found.services] == ["zulu", "alpha", "ewa"]


def test_host_check_ignores_case_and_rejects_look_alikes(tmp_path: Path) -> None:
    upper = write_bundle(
        tmp_path / "upper", {S: service("https://portal.example.org", "https://PORTAL.Example.org")}
    )
    assert load_bundle(upper, ALLOWED_HOSTS)[1] == []
    trick = "https://portal.example.org@evil.example.net"
    tricked = write_bundle(tmp_path / "trick", {S: service("https://portal.example.org", trick)})
    problems = load_bundle(tricked, ALLOWED_HOSTS)[1]
    assert [p.message.split(" of ")[0] for p in problems] == ['host "evil.example.net"']


def test_services_are_checked_against_the_bundles_own_languages(tmp_path: Path) -> None:
    """Even when bundle.toml has another mistake, its language list still applies to services."""
    two_languages = (
        bundle('["de", "en", "da"]', '["de", "en"]')
        .replace(', da = "Testby"', "")
        .replace('portal_name.da = "Testportal"\n', "")
        .replace(', da = "Hej"', "")
        .replace(', da = "Tryk."', "")
        .replace('id = "test"', 'id = "Test"')
    )
    directory = write_bundle(tmp_path, {"bundle.toml": two_languages})

    _, problems = load_bundle(directory, ALLOWED_HOSTS)

    in_bundle_toml = [p.message for p in problems if p.path == directory / "bundle.toml"]
    assert in_bundle_toml == ['"id" is "Test": use only lower-case letters, digits and -']
    unknown_da = [p for p in problems if 'unknown language "da"' in p.message]
    assert {p.path for p in unknown_da} == {directory / S}
    assert len(unknown_da) == 9  # every translated field of the service


def test_image_link_pointing_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    directory = write_bundle(tmp_path / "bundle", {"images/step.png": None})
    (directory / "images/step.png").symlink_to(outside)

    _, problems = load_bundle(directory, ALLOWED_HOSTS)

    assert [(p.line, p.message) for p in problems] == [
        (
            line_with(SERVICE_TOML, 'image = "images/step.png"'),
            'image "images/step.png" points outside the bundle folder (a link?)',
        )
    ]
