"""The health check "updates" as the staff dashboard shows it, in German, English and Danish:
made by the real check function from the state the content updater keeps."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.content_pull import PullState
from kiosk.fleet import updates_check
from kiosk.health import Status
from kiosk.i18n import Translator, load_catalogs
from ui.staff.health_view import check_lines

URL = "https://content.example.org/plietsch/flensburg/SHA256SUMS"
TAKEN = datetime(2026, 12, 2, 14, 5).timestamp()


@pytest.fixture(scope="module")
def translator() -> Translator:
    catalogs, problems = load_catalogs()
    assert problems == []
    return Translator(catalogs, ("de", "en", "da"))


def lines(translator: Translator, state: PullState | None, lang: str) -> list[str]:
    translator.set_language(lang)
    return check_lines(updates_check(state), translator.tr)


def test_each_state_of_the_content_updates_reads_in_every_language(
    translator: Translator,
) -> None:
    taken = PullState(url=URL, last_check=TAKEN + 60, last_update=TAKEN, updates_total=1)
    assert updates_check(taken).status is Status.OK
    assert lines(translator, taken, "de") == [
        "Quelle erreichbar; neue Inhalte zuletzt übernommen am 02.12.2026 um 14:05 Uhr."
    ]
    assert lines(translator, taken, "en") == [
        "Source reachable; new content last taken on 02.12.2026 at 14:05."
    ]
    assert lines(translator, taken, "da") == [
        "Kilden svarer; nyt indhold sidst hentet den 02.12.2026 kl. 14:05."
    ]
    refused = PullState(url=URL, last_check=TAKEN, error="bundle refused: signature: wrong")
    assert updates_check(refused).status is Status.DEGRADED
    assert lines(translator, refused, "de") == [
        "Die neueste Version wurde nicht übernommen, die laufende bleibt: "
        "bundle refused: signature: wrong"
    ]
    assert updates_check(PullState(url=URL)).status is Status.UNKNOWN
    assert lines(translator, PullState(url=URL), "en") == [
        "The content URL has not been asked yet."
    ]
    assert lines(translator, PullState(url=URL, last_check=TAKEN), "da") == [
        "Kilden svarer; der er endnu ikke hentet nyt indhold."
    ]
    assert updates_check(None).status is Status.OK
    assert lines(translator, None, "de") == [
        "Keine Inhalts-URL eingerichtet: Die Station zeigt ihre eigenen Inhalte."
    ]
    translator.set_language("en")
    assert translator.tr("staff.check.updates") == "Content updates"
