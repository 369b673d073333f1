"""Fixtures for the deploy tests: the test CA, a running local HTTPS server, a client that
trusts only that CA, and pull settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.content import DEFAULT_ALLOWED_HOSTS
from kiosk.content_pull import PullSettings
from tests.deploy.helpers import HttpsServer, LocalCa, make_ca


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCa:
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def server(test_ca: LocalCa) -> Iterator[HttpsServer]:
    with HttpsServer(test_ca) as running:
        yield running


@pytest.fixture
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    yield session
    session.close()


@pytest.fixture
def settings(server: HttpsServer, test_ca: LocalCa, tmp_path: Path) -> PullSettings:
    return PullSettings(
        url=f"{server.base}/plietsch/bundle.tar.gz",
        state_dir=tmp_path / "state",
        allowed_hosts=DEFAULT_ALLOWED_HOSTS,
        timeout=(3.0, 10.0),
        verify=str(test_ca.ca),
    )
