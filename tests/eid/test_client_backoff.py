"""Backoff: grows exponentially, stays under its cap, varies by the jitter, starts over on reset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eid.backoff import Backoff


def test_grows_by_the_factor_up_to_the_cap() -> None:
    backoff = Backoff(initial_s=0.5, factor=2.0, max_s=3.0, jitter=0.0)
    assert [backoff.next_delay() for _ in range(6)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_reset_starts_small_again() -> None:
    backoff = Backoff(initial_s=1.0, max_s=60.0, jitter=0.0)
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay_ms() == 1000


def test_jitter_spreads_both_ways() -> None:
    low = Backoff(initial_s=10.0, max_s=100.0, jitter=0.2, random=lambda: 0.0)
    high = Backoff(initial_s=10.0, max_s=100.0, jitter=0.2, random=lambda: 0.999999)
    assert low.next_delay() == pytest.approx(8.0)
    assert high.next_delay() == pytest.approx(12.0, abs=1e-4)


@given(
    st.floats(0.0, 5.0),
    st.floats(1.0, 4.0),
    st.floats(5.0, 120.0),
    st.floats(0.0, 0.99),
    st.lists(st.floats(0.0, 0.999999), min_size=1, max_size=80),
)
def test_never_negative_never_above_cap(
    initial: float, factor: float, cap: float, jitter: float, draws: list[float]
) -> None:
    values = iter(draws * 2)
    backoff = Backoff(initial, factor, cap, jitter, random=lambda: next(values))
    for _ in draws:
        assert 0.0 <= backoff.next_delay() <= cap


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial_s": -1.0},
        {"initial_s": 5.0, "max_s": 1.0},
        {"factor": 0.5},
        {"jitter": 1.0},
        {"jitter": -0.1},
    ],
)
def test_nonsense_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="backoff"):
        Backoff(**kwargs)  # type: ignore[arg-type]
