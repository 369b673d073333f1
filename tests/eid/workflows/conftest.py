"""Fixtures for workflow tests (the fakes themselves live in fakes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.eid.workflows.fakes import FakeClient


@pytest.fixture
def client(qapp: Any) -> Iterator[FakeClient]:
    fake = FakeClient()
    yield fake
    fake.deleteLater()
