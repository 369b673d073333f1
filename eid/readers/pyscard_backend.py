"""The real `PcscContext`: pyscard's `smartcard.scard` over pcscd.

Imported only when a context is opened (inside the worker thread), so machines
without pyscard can still import the rest of the kiosk. pyscard releases the GIL
in its blocking calls, so a thread blocked in SCardGetStatusChange costs nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from eid.readers.pcsc import PcscError, ReaderState, ResultCode

logger = logging.getLogger(__name__)


def _scard() -> Any:
    """The `smartcard.scard` module; PcscError(E_NO_SERVICE) when pyscard is missing."""
    try:
        from smartcard import scard  # noqa: PLC0415 - lazy by design (see module docstring)
    except ImportError:
        # Reported (once, as UNAVAILABLE) by the caller; the retry loop must not flood the log.
        raise PcscError("import pyscard (not installed)", ResultCode.E_NO_SERVICE) from None
    return scard


def _check(operation: str, result: int) -> None:
    if result != ResultCode.SUCCESS:
        raise PcscError(operation, result)


class PyscardCard:
    """One SCardConnect handle."""

    def __init__(self, scard: Any, handle: Any, protocol: int) -> None:
        self._scard = scard
        self._handle = handle
        self._protocol = protocol

    def transmit(self, apdu: bytes) -> bytes:
        result, response = self._scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        _check("SCardTransmit", result)
        return bytes(response)

    def control(self, code: int, data: bytes) -> bytes:
        result, response = self._scard.SCardControl(self._handle, code, list(data))
        _check("SCardControl", result)
        return bytes(response)

    def begin_transaction(self) -> None:
        _check("SCardBeginTransaction", self._scard.SCardBeginTransaction(self._handle))

    def end_transaction(self) -> None:
        _check(
            "SCardEndTransaction",
            self._scard.SCardEndTransaction(self._handle, self._scard.SCARD_LEAVE_CARD),
        )

    def disconnect(self) -> None:
        result = self._scard.SCardDisconnect(self._handle, self._scard.SCARD_LEAVE_CARD)
        if result != ResultCode.SUCCESS:
            logger.debug("SCardDisconnect: %s", PcscError("SCardDisconnect", result))


class PyscardContext:
    """One SCardEstablishContext; `cancel` may be called from any thread."""

    def __init__(self) -> None:
        self._scard = _scard()
        result, self._context = self._scard.SCardEstablishContext(self._scard.SCARD_SCOPE_USER)
        _check("SCardEstablishContext", result)

    def list_readers(self) -> list[str]:
        result, readers = self._scard.SCardListReaders(self._context, [])
        if result == ResultCode.E_NO_READERS_AVAILABLE:
            return []
        _check("SCardListReaders", result)
        return list(readers)

    def get_status_change(self, timeout_ms: int, states: list[ReaderState]) -> list[ReaderState]:
        request = [(s.name, s.state) for s in states]
        result, answer = self._scard.SCardGetStatusChange(self._context, timeout_ms, request)
        _check("SCardGetStatusChange", result)
        return [ReaderState(name, state, bytes(atr)) for name, state, atr in answer]

    def cancel(self) -> None:
        result = self._scard.SCardCancel(self._context)
        if result != ResultCode.SUCCESS:
            logger.debug("SCardCancel: %s", PcscError("SCardCancel", result))

    def connect(self, reader: str, *, direct: bool = False) -> PyscardCard:
        scard = self._scard
        if direct:
            share, protocols = scard.SCARD_SHARE_DIRECT, 0
        else:
            share, protocols = (
                scard.SCARD_SHARE_SHARED,
                (scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1),
            )
        result, handle, protocol = scard.SCardConnect(self._context, reader, share, protocols)
        _check("SCardConnect", result)
        return PyscardCard(scard, handle, protocol)

    def release(self) -> None:
        result = self._scard.SCardReleaseContext(self._context)
        if result != ResultCode.SUCCESS:
            logger.debug("SCardReleaseContext: %s", PcscError("SCardReleaseContext", result))


def open_context() -> PyscardContext:
    """The production `ContextFactory`."""
    return PyscardContext()
