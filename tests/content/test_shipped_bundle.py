"""The shipped Flensburg bundle is valid, complete in German, English and Danish, and consistent."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle, LocalText, load_bundle

LANGUAGES = ("de", "en", "da")
REQUIRED_SERVICES = {
    "ewa",
    "meldebescheinigung",
    "fuehrungszeugnis",
    "bewohnerparken",
    "hundesteuer",
    "briefwahl",
    "wohngeld",
    "kfz-zulassung",
    "wohnungsgeber",
}
# Names and labels that are the same in every language on purpose.
SAME_IN_ALL_LANGUAGES = {"Deutsch · English · Dansk", "gratis", "Upload"}


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    bundle, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert problems == []
    assert bundle is not None
    return bundle


def all_texts(bundle: Bundle) -> list[tuple[str, LocalText]]:
    texts = [("name", bundle.name), ("portal_name", bundle.portal_name)]
    for number, slide in enumerate(bundle.slides, start=1):
        texts += [(f"slide {number} title", slide.title), (f"slide {number} text", slide.text)]
    for service in bundle.services:
        fields = {"title": service.title, "summary": service.summary, "audience": service.audience}
        fields |= {"fee": service.fee, "duration": service.duration}
        texts += [(f"{service.id} {key}", value) for key, value in fields.items() if value]
        texts += [(f"{service.id} need {n}", need) for n, need in enumerate(service.needs)]
        for n, step in enumerate(service.steps):
            texts += [(f"{service.id} step {n} title", step.title)]
            texts += [(f"{service.id} step {n} text", step.text)]
    return texts


def test_shipped_bundle_has_the_nine_services_in_three_languages(shipped: Bundle) -> None:
    assert shipped.languages == LANGUAGES
    assert {service.id for service in shipped.services} >= REQUIRED_SERVICES
    assert 4 <= len(shipped.slides) <= 6


def test_every_text_is_there_in_every_language(shipped: Bundle) -> None:
    for where, text in all_texts(shipped):
        assert set(text) - {"de-LS"} == set(LANGUAGES), where  # Leichte Sprache: optional
        assert all(text[lang].strip() for lang in text), where


def test_no_text_was_left_untranslated(shipped: Bundle) -> None:
    """A Danish or English text that equals the German one is almost always a forgotten copy."""
    copies = [
        (where, lang)
        for where, text in all_texts(shipped)
        for lang in ("en", "da")
        if text[lang] == text["de"]
        and text["de"] not in SAME_IN_ALL_LANGUAGES
        and len(text["de"]) > 12
    ]
    assert copies == []


def test_each_service_is_complete(shipped: Bundle) -> None:
    for service in shipped.services:
        assert 2 <= len(service.needs) <= 5, service.id
        assert 3 <= len(service.steps) <= 7, service.id
        assert urlsplit(service.portal_url).scheme == "https", service.id


def test_moments_match_what_each_service_needs(shipped: Bundle) -> None:
    """A service that needs the ID card, a payment or an upload shows the step where it happens."""
    for service in shipped.services:
        moments = {step.moment for step in service.steps}
        if service.needs_eid:
            assert "eid" in moments, service.id
        assert ("payment" in moments) == service.needs_payment, service.id
        assert ("upload" in moments) == service.needs_upload, service.id


def test_every_allowed_host_is_used(shipped: Bundle) -> None:
    """The default allow-list holds nothing the shipped bundle (incl. the finder) and the eID
    station's hand-offs do not need."""
    from stations.finder.catalogue import load_catalogue  # noqa: PLC0415 - a station's part

    used = {urlsplit(service.portal_url).hostname for service in shipped.services}
    catalogue, _ = load_catalogue(shipped.directory, DEFAULT_ALLOWED_HOSTS)
    assert catalogue is not None
    used |= {urlsplit(service.url).hostname for service in catalogue.services}
    from kiosk.config import EidConfig  # noqa: PLC0415
    from stations.eid_demo.handoffs import AUSWEISAPP_DOWNLOAD_URL  # noqa: PLC0415

    eid = EidConfig()  # the eID station's hand-offs
    hand_offs = (AUSWEISAPP_DOWNLOAD_URL, eid.portal_login_url, eid.appointment_url)
    used |= {urlsplit(url).hostname for url in hand_offs}
    assert used == set(DEFAULT_ALLOWED_HOSTS)


def test_slide_images_exist_and_are_small(shipped: Bundle) -> None:
    for slide in shipped.slides:
        assert slide.image is not None
        assert slide.image.is_file()
        assert slide.image.stat().st_size < 64 * 1024


def test_services_are_in_menu_order(shipped: Bundle) -> None:
    orders = [service.order for service in shipped.services]
    assert orders == sorted(orders)
    assert shipped.services[0].id == "ewa"
