"""A virtual smart card for vpcd (vsmartcard), served from a plain-data profile.

vpcd (the "Virtual PCD" reader driver of pcscd) listens on 127.0.0.1:35963 for
slot 0 (35964 for slot 1). A card is a TCP client: connecting inserts it,
closing the socket removes it. Each message is a 2-byte big-endian length and
a payload: one control byte (0 power off, 1 power on, 2 reset, 4 get ATR) or a
command APDU, answered the same way (the ATR or the response APDU).

The profiles implement just enough of ISO 7816-4 (SELECT by AID or file id,
READ BINARY) for the public reads the reader layer makes, and record every
APDU so tests can prove that nothing like VERIFY was ever sent.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

from eid.readers.cardkind import CardKind

logger = logging.getLogger(__name__)

VPCD_HOST = "127.0.0.1"
VPCD_PORT_SLOT0 = 35963

CONTROL_POWER_OFF = 0
CONTROL_POWER_ON = 1
CONTROL_RESET = 2
CONTROL_GET_ATR = 4

SW_OK = b"\x90\x00"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"


@dataclass(frozen=True)
class CardProfile:
    """What a card answers: its ATR, selectable applications and MF files.

    `applications` maps an AID to its FCI (returned when the SELECT asks for
    data); `files` maps a 2-byte file id in the MF to its content.
    `delay_s` slows every APDU answer down (a card that takes its time).
    """

    name: str
    atr: bytes
    applications: dict[bytes, bytes] = field(default_factory=dict)
    files: dict[bytes, bytes] = field(default_factory=dict)
    delay_s: float = 0.0


def _tlv(tag: bytes, value: bytes) -> bytes:
    assert len(value) < 0x80
    return tag + bytes([len(value)]) + value


# Object identifiers (DER content bytes) used in EF.CardAccess.
OID_PACE_ECDH_GM_AES128 = bytes.fromhex("04007F00070202040202")
OID_TA = bytes.fromhex("04007F00070202020202")  # id-TA (unused version marker kept simple)
OID_CA_ECDH_AES128 = bytes.fromhex("04007F00070202030202")

EID_AID = bytes.fromhex("E80704007F00070302")
ESIGN_AID = bytes.fromhex("A000000167455349474E")
EMRTD_AID = bytes.fromhex("A0000002471001")


def _card_access(*oids: bytes) -> bytes:
    """An EF.CardAccess-like SET of SecurityInfos: SEQUENCE { OID, INTEGER 2, INTEGER 13 }."""
    version_and_parameter = b"\x02\x01\x02\x02\x01\x0d"
    infos = b"".join(_tlv(b"\x30", _tlv(b"\x06", oid) + version_and_parameter) for oid in oids)
    return _tlv(b"\x31", infos)


def _ef_dir(*aids: bytes) -> bytes:
    """EF.DIR records: application templates 61 { 4F aid }."""
    return b"".join(_tlv(b"\x61", _tlv(b"\x4f", aid)) for aid in aids)


EID_CARD = CardProfile(
    name="German ID card",
    atr=bytes.fromhex("3B8A80018031F873F741E0829000 75".replace(" ", "")),
    applications={EID_AID: b"", ESIGN_AID: b"", EMRTD_AID: b""},
    files={
        b"\x01\x1c": _card_access(OID_PACE_ECDH_GM_AES128, OID_TA, OID_CA_ECDH_AES128),
        b"\x2f\x00": _ef_dir(EID_AID, ESIGN_AID, EMRTD_AID),
    },
)

PASSPORT = CardProfile(
    name="eMRTD passport",
    atr=bytes.fromhex("3B8880014241545320313031C5"),
    applications={EMRTD_AID: b""},
    files={b"\x01\x1c": _card_access(OID_PACE_ECDH_GM_AES128)},
)

EGK = CardProfile(
    name="German health insurance card",
    atr=bytes.fromhex("3BD396FF81B1FE451F078081052D"),
    applications={
        bytes.fromhex("D2760001448000"): b"",
        bytes.fromhex("D27600000102"): b"",
    },
    files={b"\x2f\x00": _ef_dir(bytes.fromhex("D27600000102"))},
)

PAYMENT_CARD = CardProfile(
    name="girocard",
    atr=bytes.fromhex("3B6800000073C84013009000"),
    applications={
        b"1PAY.SYS.DDF01": bytes.fromhex("6F10840E315041592E5359532E4444463031"),
        bytes.fromhex("A0000003591010028001"): bytes.fromhex("6F0C840AA0000003591010028001"),
    },
)

UNKNOWN_CARD = CardProfile(
    name="unknown card",
    atr=bytes.fromhex("3B021450"),
)

SLOW_EID_CARD = CardProfile(
    name="slow German ID card",
    atr=EID_CARD.atr,
    applications=EID_CARD.applications,
    files=EID_CARD.files,
    delay_s=0.3,
)

SLOW_UNKNOWN_CARD = CardProfile(
    name="slow unknown card",
    atr=UNKNOWN_CARD.atr,
    delay_s=0.3,
)

ALL_PROFILES = {"eid": EID_CARD, "passport": PASSPORT, "egk": EGK, "payment": PAYMENT_CARD}


class VirtualCard:
    """One card on a vpcd slot; `insert()` and `remove()` may be called repeatedly.

    `remove_after_apdus=N` makes the card vanish (socket closed, no answer)
    when the N-th command APDU of one insertion arrives: a card pulled away
    while the reader layer is still looking at it.
    """

    def __init__(
        self,
        profile: CardProfile,
        port: int = VPCD_PORT_SLOT0,
        remove_after_apdus: int | None = None,
    ) -> None:
        self.profile = profile
        self.port = port
        self.remove_after_apdus = remove_after_apdus
        self.apdus: list[bytes] = []
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._selected: bytes | None = None  # selected EF id
        self.removed = threading.Event()

    # -- lifecycle -----------------------------------------------------------
    def insert(self, timeout_s: float = 5.0) -> None:
        """Connect to vpcd (retrying while pcscd/vpcd is still starting)."""
        self.remove()
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((VPCD_HOST, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answer at once
        self.removed.clear()
        apdu_count = 0
        with self._lock:
            self._sock = sock

        def serve() -> None:
            nonlocal apdu_count
            try:
                while True:
                    payload = _receive(sock)
                    if payload is None:
                        return
                    if len(payload) == 1:
                        if payload[0] == CONTROL_GET_ATR:
                            _send(sock, self.profile.atr)
                        elif payload[0] in (CONTROL_RESET, CONTROL_POWER_ON):
                            self._selected = None
                        continue
                    apdu_count += 1
                    self.apdus.append(payload)
                    limit = self.remove_after_apdus
                    if limit is not None and apdu_count >= limit:
                        return
                    if self.profile.delay_s:
                        time.sleep(self.profile.delay_s)
                    _send(sock, self.answer(payload))
            except OSError:
                return
            finally:
                _close(sock)
                self.removed.set()

        self._thread = threading.Thread(target=serve, name=f"vicc-{self.port}", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            _close(sock)
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None

    # -- ISO 7816-4, just enough ------------------------------------------------
    def answer(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        if cla & 0x80:
            return SW_CLA_NOT_SUPPORTED
        data = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4:
            return self._select(p1, p2, data)
        if ins == 0xB0:
            return self._read_binary((p1 << 8) | p2, apdu[-1] if len(apdu) == 5 else 0)
        return SW_INS_NOT_SUPPORTED

    def _select(self, p1: int, p2: int, data: bytes) -> bytes:
        if p1 == 0x04:
            if data in self.profile.applications:
                self._selected = None
                fci = self.profile.applications[data]
                return (b"" if p2 & 0x0C == 0x0C else fci) + SW_OK
            return SW_FILE_NOT_FOUND
        if p1 in (0x00, 0x02) and len(data) == 2:
            if data in self.profile.files:
                self._selected = data
                return SW_OK
            return SW_FILE_NOT_FOUND
        return SW_WRONG_P1P2

    def _read_binary(self, offset: int, le: int) -> bytes:
        if self._selected is None:
            return b"\x69\x86"
        content = self.profile.files[self._selected]
        if offset > len(content):
            return SW_WRONG_P1P2
        return content[offset : offset + (le or 256)] + SW_OK


def _receive(sock: socket.socket) -> bytes | None:
    header = _receive_exactly(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _receive_exactly(sock, length)


def _receive_exactly(sock: socket.socket, count: int) -> bytes | None:
    chunks = b""
    while len(chunks) < count:
        chunk = sock.recv(count - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return chunks


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


#: Each recognisable profile with the kind the kiosk must report for it.
PROFILE_KINDS: list[tuple[CardProfile, CardKind]] = [
    (EID_CARD, CardKind.EID),
    (PASSPORT, CardKind.PASSPORT),
    (EGK, CardKind.EGK),
    (PAYMENT_CARD, CardKind.PAYMENT),
    (UNKNOWN_CARD, CardKind.UNKNOWN),
]
