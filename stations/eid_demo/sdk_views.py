"""From the SDK and the reader layer to view values and workflows; no widgets, no state.

Kept apart from the controller so each rule is one small function: which workflow a choice
starts, whether a reader has a keypad, which wrong card lies on a reader, what the card
and access-rights screens show.
"""

from __future__ import annotations

import logging

from eid.backend import EidBackend, ReaderMonitorLike
from eid.messages import ReaderInfo
from eid.readers.cardkind import CardKind
from eid.readers.pinpad import combine_keypad
from eid.workflows import (
    INPUT_TIMEOUT_S,
    AccessRightsRequest,
    AuthWorkflow,
    ChangePinWorkflow,
    InsertCardRequest,
    Outcome,
    OutcomeKind,
    Workflow,
)
from eid.workflows.requests import SIMULATOR_READER
from stations.eid_demo.state import CardView, RightsView
from stations.eid_demo.texts import wrong_card_key

logger = logging.getLogger(__name__)


def new_workflow(
    backend: EidBackend | None, *, pin_change: bool, input_timeout_s: float = INPUT_TIMEOUT_S
) -> Workflow | Outcome:
    """The workflow a visitor's choice starts, or the outcome that says why none can start.

    `input_timeout_s`: how long the workflow waits for the visitor before it cancels."""
    if backend is None or not backend.ready:
        return Outcome(OutcomeKind.DISCONNECTED, "eID back end not ready")
    if pin_change:
        return ChangePinWorkflow(
            backend.client, transport_pin=True, input_timeout_s=input_timeout_s
        )
    if backend.tc_token_url is None:
        return Outcome(OutcomeKind.SERVICE_ERROR, "no tc_token_url configured")
    return AuthWorkflow(
        backend.client,
        backend.tc_token_url,
        developer_mode=backend.developer_mode,
        fetcher=backend.fetcher,
        input_timeout_s=input_timeout_s,
    )


def monitor_of(backend: EidBackend | None) -> ReaderMonitorLike | None:
    return backend.reader_monitor if backend is not None else None


def has_keypad(reader: ReaderInfo | None, monitor: ReaderMonitorLike | None) -> bool:
    """AusweisApp's flag; the reader layer's only while AusweisApp has not said."""
    if reader is None:
        return False
    pcsc = monitor.readers.get(reader.name) if monitor is not None else None
    return bool(combine_keypad(pcsc.keypad if pcsc is not None else None, reader.keypad))


def only_basic_readers(backend: EidBackend | None) -> bool:
    """Every reader the SDK or the reader layer knows lacks a keypad (and there is one).

    False while nothing is known yet: then the number request itself decides.
    """
    if backend is None:
        return False
    monitor = backend.reader_monitor
    sdk = {
        name: info
        for name, info in backend.client.readers.items()
        if info.attached and name != SIMULATOR_READER
    }
    pcsc = dict(monitor.readers) if monitor is not None else {}
    names = set(sdk) | set(pcsc)
    if not names:
        return False
    keypads = [
        combine_keypad(
            pcsc[name].keypad if name in pcsc else None,
            sdk[name].keypad if name in sdk else None,
        )
        for name in names
    ]
    return not any(keypads) and all(keypad is not None for keypad in keypads)


def wrong_card(monitor: ReaderMonitorLike | None) -> CardKind | None:
    """A card the reader layer sees that cannot do the online ID (e.g. a health card)."""
    cards = monitor.cards if monitor is not None else {}
    for inserted in cards.values():
        if wrong_card_key(inserted.kind) is not None:
            return inserted.kind
    return None


def card_view(request: InsertCardRequest, monitor: ReaderMonitorLike | None) -> CardView:
    real = [r for r in request.readers if r.attached and r.name != SIMULATOR_READER]
    return CardView(
        wrong_card=wrong_card(monitor),
        no_reader=not real,
        test_card_offered=request.simulator is not None,
    )


def rights_view(request: AccessRightsRequest) -> RightsView:
    """The provider's own words from its certificate, and the rights it asks for."""
    certificate = request.certificate
    return RightsView(
        provider=certificate.subject_name if certificate else "",
        purpose=certificate.purpose if certificate else "",
        required=request.required,
        optional=request.optional,
        enabled=request.enabled_optional,
    )
