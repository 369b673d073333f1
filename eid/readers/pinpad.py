"""PC/SC part 10 reader features: does the reader take the PIN on its own keypad?

A reader answers CM_IOCTL_GET_FEATURE_REQUEST with a list of TLVs: tag = feature
id (1 byte), length = 4, value = the big-endian control code for that feature.
AusweisApp treats a PC/SC reader as a keypad ("comfort") reader exactly when it
offers FEATURE_EXECUTE_PACE, so `PinPadFeatures.keypad` follows that rule.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

FEATURE_VERIFY_PIN_DIRECT = 0x06
FEATURE_MODIFY_PIN_DIRECT = 0x07
FEATURE_EXECUTE_PACE = 0x20

GET_FEATURE_REQUEST_FUNCTION = 3400


def scard_ctl_code(function: int) -> int:
    """SCARD_CTL_CODE of pcsc-lite (Linux, macOS): 0x42000000 + function."""
    return 0x42000000 + function


CM_IOCTL_GET_FEATURE_REQUEST = scard_ctl_code(GET_FEATURE_REQUEST_FUNCTION)


class FeatureListError(ValueError):
    """The reader's feature list is not a valid TLV list; the text says where."""


def parse_features(tlv: bytes) -> dict[int, int]:
    """Feature id -> control code, from a GET_FEATURE_REQUEST answer.

    Raises `FeatureListError` naming the offset for a truncated or malformed list.
    """
    features: dict[int, int] = {}
    offset = 0
    while offset < len(tlv):
        if offset + 2 > len(tlv):
            raise FeatureListError(f"feature list ends inside the TLV header at byte {offset}")
        tag, length = tlv[offset], tlv[offset + 1]
        value = tlv[offset + 2 : offset + 2 + length]
        if len(value) != length:
            raise FeatureListError(
                f"feature 0x{tag:02X} at byte {offset} announces {length} bytes, "
                f"only {len(value)} follow"
            )
        if length != 4:
            raise FeatureListError(
                f"feature 0x{tag:02X} at byte {offset} has a {length}-byte control code, expected 4"
            )
        features[tag] = int.from_bytes(value, "big")
        offset += 2 + length
    return features


@dataclass(frozen=True)
class PinPadFeatures:
    """What a reader can do with PINs itself, from its part 10 feature list."""

    codes: dict[int, int] = field(default_factory=dict)

    @classmethod
    def from_tlv(cls, tlv: bytes) -> PinPadFeatures:
        return cls(parse_features(tlv))

    @property
    def verify_pin_direct(self) -> bool:
        return FEATURE_VERIFY_PIN_DIRECT in self.codes

    @property
    def modify_pin_direct(self) -> bool:
        return FEATURE_MODIFY_PIN_DIRECT in self.codes

    @property
    def execute_pace(self) -> bool:
        return FEATURE_EXECUTE_PACE in self.codes

    @property
    def keypad(self) -> bool:
        """True when the PIN is typed on the reader (AusweisApp's rule: EXECUTE_PACE)."""
        return self.execute_pace


def combine_keypad(pcsc: bool | None, sdk: bool | None) -> bool | None:
    """One keypad answer from PC/SC and AusweisApp's READER `keypad` flag.

    AusweisApp decides how it asks for the PIN, so its flag wins whenever it is
    known; PC/SC fills the gap before AusweisApp has reported the reader. A
    disagreement is logged because it means the two see different readers or
    drivers. None: nobody knows yet.
    """
    if sdk is not None and pcsc is not None and sdk != pcsc:
        logger.warning("keypad flags disagree: PC/SC says %s, AusweisApp says %s", pcsc, sdk)
    if sdk is not None:
        return sdk
    return pcsc
