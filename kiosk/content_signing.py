"""Checks that a content bundle was signed by the city, in minisign's format, with PyNaCl.

Why minisign's format: the city signs with Debian's ``minisign`` tool (``minisign -S -m
bundle.tar.gz``) and pastes the one-line public key into the station config; no home-made
tooling. Why PyNaCl for the check: it is PyCA's maintained binding of libsodium, which
minisign itself is built on (Ed25519, BLAKE2b). The format is small and documented: a
signature line (algorithm, key id, Ed25519 signature), a trusted comment, and a global
signature over both, so the comment cannot be swapped either.
"""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass

from nacl.encoding import RawEncoder
from nacl.exceptions import BadSignatureError
from nacl.hash import blake2b
from nacl.signing import VerifyKey

logger = logging.getLogger(__name__)

_PUBLIC_KEY_LENGTH = 2 + 8 + 32
_SIGNATURE_LENGTH = 2 + 8 + 64
_TRUSTED_PREFIX = "trusted comment: "


class SignatureError(ValueError):
    """The bundle's signature is missing, malformed, from another key, or does not match."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    verify_key: VerifyKey

    @property
    def key_id_hex(self) -> str:
        # minisign prints the id as a little-endian 64-bit number in hex
        return self.key_id[::-1].hex().upper()


def parse_public_key(text: str) -> PublicKey:
    """The key as ``minisign -G`` writes it: the base64 line, with or without its comment."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    candidate = lines[-1] if lines else ""
    raw = _b64(candidate, "public key")
    if len(raw) != _PUBLIC_KEY_LENGTH or raw[:2] != b"Ed":
        raise SignatureError("public key: not a minisign Ed25519 key (expected 'RWQ…' base64)")
    return PublicKey(raw[2:10], VerifyKey(raw[10:]))


def verify(data: bytes, signature_text: str, key: PublicKey) -> str:
    """Raise SignatureError unless ``signature_text`` (a .minisig file) signs ``data`` with
    ``key``; return the trusted comment (e.g. the bundle version the city wrote)."""
    lines = signature_text.splitlines()
    if len(lines) < 4 or not lines[2].startswith(_TRUSTED_PREFIX):
        raise SignatureError("signature: not a minisign signature file (expected 4 lines)")
    raw = _b64(lines[1].strip(), "signature")
    if len(raw) != _SIGNATURE_LENGTH:
        raise SignatureError("signature: wrong length")
    algorithm, key_id, signature = raw[:2], raw[2:10], raw[10:]
    if key_id != key.key_id:
        shown = key_id[::-1].hex().upper()
        raise SignatureError(f"signature: made with key {shown}, expected {key.key_id_hex}")
    if algorithm == b"ED":  # the default since minisign 0.10: the file is pre-hashed
        message = blake2b(data, digest_size=64, encoder=RawEncoder)
    elif algorithm == b"Ed":
        message = data
    else:
        raise SignatureError(f"signature: unknown algorithm {algorithm!r}")
    trusted = lines[2][len(_TRUSTED_PREFIX) :]
    global_signature = _b64(lines[3].strip(), "global signature")
    try:
        key.verify_key.verify(message, signature)
    except BadSignatureError as error:
        raise SignatureError(
            "signature: does not match the bundle (changed or wrong file)"
        ) from error
    try:
        key.verify_key.verify(signature + trusted.encode(), global_signature)
    except BadSignatureError as error:
        raise SignatureError("signature: the trusted comment was changed") from error
    return trusted


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureError(f"{what}: not valid base64") from error
