"""Short, harmless looks at a reader and its card through a `PcscContext`.

Used by the worker thread and the command line. Each look is one shared-mode
connection inside one transaction, closed again at once, so AusweisApp is never
kept waiting for long and never sees a half-done exchange.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from eid.readers.cardkind import CardKind, Classification, ClassificationStoppedError, classify
from eid.readers.pcsc import PcscContext, PcscError
from eid.readers.pinpad import CM_IOCTL_GET_FEATURE_REQUEST, FeatureListError, PinPadFeatures

logger = logging.getLogger(__name__)


class CardGoneError(Exception):
    """The card left the reader (or the reader vanished) while it was being looked at."""


def reader_features(context: PcscContext, reader: str) -> PinPadFeatures | None:
    """The reader's PIN features; None when they cannot be asked for right now.

    A reader whose driver does not support the feature request has no features
    (an empty `PinPadFeatures`), which is a definite "no keypad".
    """
    try:
        connection = context.connect(reader, direct=True)
    except PcscError as error:
        if error.service_gone:
            raise
        logger.info("cannot ask %r for its features: %s", reader, error)
        return None
    try:
        answer = connection.control(CM_IOCTL_GET_FEATURE_REQUEST, b"")
    except PcscError as error:
        if error.service_gone:
            raise
        logger.info("reader %r lists no part 10 features: %s", reader, error)
        return PinPadFeatures()
    finally:
        connection.disconnect()
    try:
        return PinPadFeatures.from_tlv(answer)
    except FeatureListError as error:
        logger.warning("reader %r sent an unusable feature list: %s", reader, error)
        return None


def classify_card(
    context: PcscContext, reader: str, atr: bytes, keep_going: Callable[[], bool]
) -> Classification:
    """Kind of the card on `reader`.

    CARD_GONE errors become `CardGoneError`; a card another program holds exclusively
    (AusweisApp in a workflow) is `UNCHECKED`; `ClassificationStoppedError` propagates.
    """
    try:
        connection = context.connect(reader)
    except PcscError as error:
        return _unchecked_or_raise(error, reader)
    try:
        connection.begin_transaction()
        try:
            return classify(atr, connection.transmit, keep_going)
        finally:
            _end_quietly(connection.end_transaction)
    except PcscError as error:
        return _unchecked_or_raise(error, reader)
    except ClassificationStoppedError:
        raise
    finally:
        connection.disconnect()


def _unchecked_or_raise(error: PcscError, reader: str) -> Classification:
    if error.service_gone:
        raise error
    if error.card_gone:
        raise CardGoneError(str(error)) from None
    logger.info("card on %r not checked: %s", reader, error)
    return Classification(CardKind.UNCHECKED, f"card not accessible ({error})")


def _end_quietly(end: Callable[[], None]) -> None:
    try:
        end()
    except PcscError as error:
        logger.debug("ending the transaction: %s", error)
