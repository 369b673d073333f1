"""A fake for the ``schedule(delay_s, callback) -> handle`` hook of the workflows and the emulator.

Both take their timer as an injected function so tests can decide when a delay has passed;
this records every call and leaves running the callbacks to the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Pending:
    """One scheduled call; ``cancel()`` is what the code under test may call on its handle."""

    delay_s: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class FakeScheduler:
    """Records what is scheduled; ``fire()`` runs the one live call."""

    calls: list[Pending] = field(default_factory=list)

    def __call__(self, delay_s: float, callback: Callable[[], None]) -> Pending:
        pending = Pending(delay_s, callback)
        self.calls.append(pending)
        return pending

    @property
    def live(self) -> list[Pending]:
        return [p for p in self.calls if not p.cancelled]

    def fire(self) -> None:
        (pending,) = self.live
        pending.cancelled = True
        pending.callback()
