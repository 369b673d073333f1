"""Logging for an unattended station: to stderr (journald picks it up), always redacted.

Why a redacting formatter and not only careful callers: a PIN, CAN or PUK can end up in an
exception's text or a raw SDK frame. The formatter masks them in the final line, traceback
included, so nothing secret reaches the journal however it got into a message.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

from eid.traffic_log import MASK, redact_text

logger = logging.getLogger(__name__)


_DIGIT_RUN = re.compile(r"(?<![\w.:/-])\d{6,10}(?![\w.:/-])")


def redact(text: str) -> str:
    """The eID layer's redaction (numbers after PIN/CAN/PUK/value, personal-data fields),
    plus any bare 6–10 digit run, which on this station is more likely a secret than not.

    A bare 5-digit run (Transport PIN) is too often a port number; it is masked only after a
    keyword such as "pin" or "value".
    """
    return _DIGIT_RUN.sub(MASK, redact_text(text))


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Install one redacting stderr handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler.formatter, RedactingFormatter):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return handler
