"""Exponential backoff with jitter, as a small object so tests can inject a predictable one.

Reconnecting to AusweisApp (and restarting it) must neither hammer a dead endpoint nor
leave the kiosk waiting minutes after the endpoint is back; a capped exponential delay
with jitter does both, and ``reset()`` after a success starts small again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class Backoff:
    """Delays of ``initial_s * factor**n`` seconds, capped at ``max_s``, each varied by ±``jitter``.

    ``random`` returns a float in [0, 1); inject a fixed function for reproducible tests.
    """

    initial_s: float = 0.5
    factor: float = 2.0
    max_s: float = 30.0
    jitter: float = 0.2
    random: Callable[[], float] = field(default=random.random, repr=False)
    attempts: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.initial_s < 0 or self.max_s < self.initial_s:
            raise ValueError("backoff needs 0 <= initial_s <= max_s")
        if self.factor < 1:
            raise ValueError("backoff factor must be at least 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("backoff jitter must be a fraction in [0, 1)")

    def next_delay(self) -> float:
        """The delay before the next attempt, in seconds; each call counts one attempt."""
        base = min(self.max_s, self.initial_s * self.factor ** min(self.attempts, 64))
        self.attempts += 1
        spread = base * self.jitter * (2.0 * self.random() - 1.0)
        return max(0.0, min(self.max_s, base + spread))

    def next_delay_ms(self) -> int:
        return round(self.next_delay() * 1000)

    def reset(self) -> None:
        """After a success: the next failure waits ``initial_s`` again."""
        self.attempts = 0
