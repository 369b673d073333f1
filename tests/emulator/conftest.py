"""Emulator fixtures: the emulator in-process (EmulatorServer) and as a process
(``python -m eid emulator``, the lead's ``emulator_url`` fixture), behind one interface."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests

from eid.emulator import EmulatorServer
from tests.eid.conftest import emulator_url  # noqa: F401  (re-exported fixture)
from tests.emulator.client import SdkClient

HTTP_TIMEOUT_S = 10.0


@dataclass
class Endpoint:
    """One running emulator as a test sees it."""

    url: str
    set_card: Callable[[str], None]

    @property
    def base_http_url(self) -> str:
        return self.url.replace("ws://", "http://").removesuffix("/eID-Kernel")

    @property
    def own_tc_token_url(self) -> str:
        return f"{self.base_http_url}/AusweisAuskunft/WebServiceRequesterServlet?mode=json"

    def client(self) -> SdkClient:
        return SdkClient(self.url)


def control_set_card(base_http_url: str) -> Callable[[str], None]:
    def set_card(preset: str) -> None:
        reply = requests.post(
            f"{base_http_url}/control/card", params={"preset": preset}, timeout=HTTP_TIMEOUT_S
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["preset"] == preset

    return set_card


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    emulator = EmulatorServer()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def inproc(server: EmulatorServer) -> Endpoint:
    return Endpoint(server.url, server.set_card)


@pytest.fixture(params=["in-process", "subprocess"])
def endpoint(request: pytest.FixtureRequest) -> Endpoint:
    """Runs a test against the embedded server and against the CLI process."""
    if request.param == "in-process":
        server: EmulatorServer = request.getfixturevalue("server")
        return Endpoint(server.url, server.set_card)
    url: str = request.getfixturevalue("emulator_url")
    endpoint = Endpoint(url, lambda preset: None)
    endpoint.set_card = control_set_card(endpoint.base_http_url)
    return endpoint


@pytest.fixture
def client(endpoint: Endpoint) -> Iterator[SdkClient]:
    sdk = endpoint.client()
    yield sdk
    sdk.close()
