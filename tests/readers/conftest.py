"""Real PC/SC stack for the reader tests: Debian's pcscd with the vpcd virtual reader.

`pcscd` (session): uses a running pcscd, or starts ``pcscd --foreground`` and
stops it at the end; only a pcscd started here may be killed and restarted by
tests (`PcscdService.restart`). `virtual_card` makes vpcd cards that are
removed again after the test. Missing pieces: `require_component` (skip on a
developer machine, fail with CI=true).
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import require_component
from tests.readers.virtual_card import CardProfile, VirtualCard

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VIRTUAL_READER = "Virtual PCD 00 00"
START_TIMEOUT_S = 20.0


def socket_accepts(path: Path = PCSCD_SOCKET) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


class PcscdService:
    """The pcscd the tests talk to; `owned` when this session started it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.owned = False

    def start(self) -> None:
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        self.process = subprocess.Popen(
            [binary, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.owned = True
        deadline = time.monotonic() + START_TIMEOUT_S
        while not socket_accepts():
            if self.process.poll() is not None:
                require_component("pcscd", f"exited at start with code {self.process.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                require_component("pcscd", f"socket {PCSCD_SOCKET} not ready after start")
            time.sleep(0.05)

    def stop(self) -> None:
        """Terminate the pcscd started here and wait for it (removes its socket)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def restart(self) -> None:
        if not self.owned:
            require_component("own pcscd", "pcscd was started outside the tests; not killing it")
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def pcscd() -> Iterator[PcscdService]:
    """A running pcscd with the vpcd reader."""
    if importlib.util.find_spec("smartcard") is None:
        require_component("pyscard", "Python package 'pyscard' not installed")
    if shutil.which("pcscd") is None and not Path("/usr/sbin/pcscd").exists():
        require_component("pcscd", "binary not found (apt-get install pcscd)")
    if not VPCD_DRIVER.exists():
        require_component("vpcd", f"{VPCD_DRIVER} missing (apt-get install vsmartcard-vpcd)")
    service = PcscdService()
    if not socket_accepts():
        service.start()
    yield service
    if service.owned:
        service.stop()


def wait_until_reader_empty(reader: str = VIRTUAL_READER, timeout_s: float = 5.0) -> None:
    """Block until pcscd itself has seen that no card is on `reader`.

    vpcd closes "the current card socket" from two threads without a lock, so a
    card inserted while pcscd still believes the previous one is there can be
    cut off by vpcd; tests start only from a reader that pcscd knows is empty.
    """
    from smartcard import scard  # noqa: PLC0415 - pyscard is checked by the fixture

    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        return
    try:
        state = scard.SCARD_STATE_UNAWARE
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            remaining_ms = max(int((deadline - time.monotonic()) * 1000), 1)
            result, states = scard.SCardGetStatusChange(context, remaining_ms, [(reader, state)])
            if result != scard.SCARD_S_SUCCESS:
                return
            state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            if state & scard.SCARD_STATE_EMPTY:
                return
    finally:
        scard.SCardReleaseContext(context)


@pytest.fixture
def virtual_card(pcscd: PcscdService) -> Iterator[Callable[..., VirtualCard]]:
    """Factory of vpcd cards on slot 0; every card made is removed after the test."""
    made: list[VirtualCard] = []
    wait_until_reader_empty()

    def make(profile: CardProfile, **options: int | None) -> VirtualCard:
        card = VirtualCard(profile, **options)  # type: ignore[arg-type]
        made.append(card)
        return card

    yield make
    for card in made:
        card.remove()
    wait_until_reader_empty()
