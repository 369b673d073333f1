"""Test-wide settings: Qt always offscreen, and real components reported honestly.

A test that needs a real component (AusweisApp2, pcscd) calls
``require_component(name, reason)``: on a developer machine it skips with the
reason, with ``CI=true`` it fails, so CI can never pass by skipping.
"""

from __future__ import annotations

import os

import pytest

from kiosk.config import Config, load_config
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle, load_bundle
from tests.qt_helpers import FakeClock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_component(name: str, reason: str) -> None:
    """Skip (developer machine) or fail (CI) because `name` is not usable."""
    message = f"{name} not available: {reason}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: real components are required)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    """The shipped Flensburg bundle, loaded once."""
    loaded, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert loaded is not None, problems
    return loaded


@pytest.fixture
def config() -> Config:
    """The embedded default station config."""
    return load_config(None)[0]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
