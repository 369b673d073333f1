"""After the eID station: the next step on the visitor's phone, as plain values (no widgets).

Three hand-offs, each a QR code of one public page through the shared `ui.handoff` view
(same https allow-list as the services station):
- after a PIN change: the official AusweisApp download page ("Ihr Ausweis ist bereit");
- after the self-disclosure: the city portal's login (`[eid] portal_login_url`);
- without a PIN: the citizen office's page (`[eid] appointment_url`), with its opening
  hours from the content bundle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.config import EidConfig
from kiosk.content import Bundle
from kiosk.i18n import Translator
from stations.eid_demo.flow import Step, View
from ui.handoff import Handoff, portal_language_note

logger = logging.getLogger(__name__)

#: The official download page of the AusweisApp (Governikus, for the federal government).
AUSWEISAPP_DOWNLOAD_URL = "https://www.ausweisapp.bund.de/download"
#: Pages known to be in German only (the note tells English and Danish visitors so).
GERMAN_ONLY = ("de",)

HANDOFF_VIEWS = (View.PIN_READY, View.PORTAL, View.NO_PIN)


@dataclass(frozen=True)
class HandoffPage:
    """What one hand-off screen shows: the station's heading and the QR part below it (whose
    own title stays empty: the page has one heading, the QR part a small eyebrow)."""

    title: str
    lead: str
    handoff: Handoff
    action: str = ""  # a primary button ("" for none), and the step it fires
    step: Step | None = None


def handoff_page(
    view: View,
    translator: Translator,
    settings: EidConfig,
    bundle: Bundle,
    *,
    test_card: bool = False,
) -> HandoffPage:
    """The texts and the address for `view` in the visitor's language."""
    tr: Callable[..., str] = translator.tr
    if view is View.PIN_READY:
        key = "eid.handoff.pin_ready."
        return HandoffPage(
            tr(key + ("test_card_title" if test_card else "title")),
            tr(key + ("test_card" if test_card else "lead")),
            Handoff(
                AUSWEISAPP_DOWNLOAD_URL,
                "",
                text=tr("eid.handoff.pin_ready.qr_text"),
                eyebrow=tr("eid.handoff.pin_ready.qr_title"),
            ),
        )
    if view is View.PORTAL:
        return HandoffPage(
            tr("eid.handoff.portal.title"),
            tr("eid.handoff.portal.lead"),
            Handoff(
                settings.portal_login_url,
                "",
                text=tr("eid.handoff.portal.qr_text"),
                eyebrow=tr("eid.handoff.portal.qr_title"),
                note=portal_language_note(translator, GERMAN_ONLY),
            ),
        )
    if view is not View.NO_PIN:
        raise ValueError(f"{view} is not a hand-off view")
    hours = bundle.office_hours.get_text(translator.language) if bundle.office_hours else ""
    notes = [hours, portal_language_note(translator, GERMAN_ONLY)]
    return HandoffPage(
        tr("eid.no_pin.title"),
        tr("eid.no_pin.lead"),
        Handoff(
            settings.appointment_url,
            "",
            text=tr("eid.handoff.no_pin.qr_text"),
            eyebrow=tr("eid.handoff.no_pin.qr_title"),
            note="\n".join(note for note in notes if note),
        ),
        action=tr("eid.no_pin.try"),
        step=Step.TEST_CARD,
    )
