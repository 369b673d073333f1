"""Staff tests: a keyring backend chosen the only way the tests may choose one, through
PYTHON_KEYRING_BACKEND (keyrings.alt's file backend, its file in a temporary XDG_DATA_HOME)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest

FILE_BACKEND = "keyrings.alt.file.PlaintextKeyring"
NO_BACKEND = "keyring.backends.fail.Keyring"


def use_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> dict[str, str]:
    env = {"PYTHON_KEYRING_BACKEND": name, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    keyring.core.init_backend()
    return env


@pytest.fixture
def file_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of the file backend (pass it on to subprocesses)."""
    yield use_backend(monkeypatch, tmp_path, FILE_BACKEND)
    monkeypatch.undo()
    keyring.core.init_backend()


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield use_backend(monkeypatch, tmp_path, NO_BACKEND)
    monkeypatch.undo()
    keyring.core.init_backend()
