"""Test-wide settings: Qt always offscreen, and real components reported honestly.

A test that needs a real component (AusweisApp2, pcscd) calls
``require_component(name, reason)``: on a developer machine it skips with the
reason, with ``CI=true`` it fails, so CI can never pass by skipping.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

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


@pytest.fixture(autouse=True)
def root_logging_restored() -> Iterator[None]:
    """A test that runs `main.main()` in-process installs the kiosk's stderr handler (on that
    test's captured stream) and sets the root level to INFO; both would leak into every later
    test (log lines to a closed stream, INFO records in other tests' caplog)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


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
