"""Commands to the AusweisApp SDK, built so that an invalid command cannot be made.

Every command validates itself on construction (``ValueError`` with a clear reason),
and secret values never show in ``repr``: a command that ends up in a log or a
traceback shows ``value=<hidden>`` instead of the PIN. ``secret_command`` is the one
way the workflows answer ENTER_PIN/CAN/PUK/NEW_PIN: it leaves the value out for
keypad readers (the visitor types on the reader) and insists on it otherwise.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from eid.messages import ReaderInfo


class NumberKind(enum.Enum):
    """The secrets the SDK asks for, with the lengths it accepts."""

    PIN = "PIN"
    TRANSPORT_PIN = "TRANSPORT_PIN"  # only during RUN_CHANGE_PIN, sent as SET_PIN
    NEW_PIN = "NEW_PIN"
    CAN = "CAN"
    PUK = "PUK"

    @property
    def lengths(self) -> tuple[int, ...]:
        return _LENGTHS[self]


_LENGTHS = {
    NumberKind.PIN: (6,),
    NumberKind.TRANSPORT_PIN: (5,),
    NumberKind.NEW_PIN: (6,),
    NumberKind.CAN: (6,),
    NumberKind.PUK: (10,),
}


def _check_digits(value: str | None, lengths: tuple[int, ...], what: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise ValueError(f"{what} must consist of digits only")
    if len(value) not in lengths:
        expected = " or ".join(str(n) for n in lengths)
        raise ValueError(f"{what} must have {expected} digits, not {len(value)}")


@dataclass(frozen=True)
class Command:
    """Base: ``cmd`` is the SDK name; subclasses add their fields in ``fields()``."""

    cmd: ClassVar[str] = ""

    def fields(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {"cmd": self.cmd, **self.fields()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False)

    @property
    def carries_secret(self) -> bool:
        return False


def _bare(class_name: str, cmd: str) -> type[Command]:
    """A command that carries nothing but its name: one line each instead of a class."""
    made = type(class_name, (Command,), {"cmd": cmd, "__module__": __name__})
    return dataclass(frozen=True)(made)


GetInfo = _bare("GetInfo", "GET_INFO")
GetStatus = _bare("GetStatus", "GET_STATUS")
GetApiLevel = _bare("GetApiLevel", "GET_API_LEVEL")
GetReaderList = _bare("GetReaderList", "GET_READER_LIST")
GetAccessRights = _bare("GetAccessRights", "GET_ACCESS_RIGHTS")
GetCertificate = _bare("GetCertificate", "GET_CERTIFICATE")
Accept = _bare("Accept", "ACCEPT")
Cancel = _bare("Cancel", "CANCEL")
Continue = _bare("Continue", "CONTINUE")


@dataclass(frozen=True)
class SetApiLevel(Command):
    level: int = 2
    cmd: ClassVar[str] = "SET_API_LEVEL"

    def __post_init__(self) -> None:
        if isinstance(self.level, bool) or not isinstance(self.level, int) or self.level < 1:
            raise ValueError("API level must be a whole number of at least 1")

    def fields(self) -> dict[str, Any]:
        return {"level": self.level}


@dataclass(frozen=True)
class GetReader(Command):
    name: str = ""
    cmd: ClassVar[str] = "GET_READER"

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("GET_READER needs a reader name")

    def fields(self) -> dict[str, Any]:
        return {"name": self.name}


@dataclass(frozen=True)
class RunAuth(Command):
    tc_token_url: str = ""
    developer_mode: bool = False
    status: bool = True
    cmd: ClassVar[str] = "RUN_AUTH"

    def __post_init__(self) -> None:
        if not self.tc_token_url.startswith(("https://", "http://")):
            raise ValueError("RUN_AUTH needs an http(s) tcTokenURL")

    def fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tcTokenURL": self.tc_token_url}
        if self.developer_mode:
            data["developerMode"] = True
        if not self.status:
            data["status"] = False
        return data


@dataclass(frozen=True)
class RunChangePin(Command):
    status: bool = True
    cmd: ClassVar[str] = "RUN_CHANGE_PIN"

    def fields(self) -> dict[str, Any]:
        return {} if self.status else {"status": False}


@dataclass(frozen=True)
class SetAccessRights(Command):
    """Enables exactly these *optional* rights (``()`` switches all optional ones off)."""

    chat: tuple[str, ...] = ()
    cmd: ClassVar[str] = "SET_ACCESS_RIGHTS"

    def fields(self) -> dict[str, Any]:
        return {"chat": list(self.chat)}


@dataclass(frozen=True)
class SetCard(Command):
    name: str = ""
    simulator: dict[str, Any] | None = field(default=None, compare=False)
    cmd: ClassVar[str] = "SET_CARD"

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("SET_CARD needs a reader name")

    def fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.simulator is not None:
            data["simulator"] = self.simulator
        return data


@dataclass(frozen=True)
class _SecretCommand(Command):
    """A command whose value is a secret: hidden from repr, validated by length."""

    value: str | None = field(default=None, repr=False)
    lengths: ClassVar[tuple[int, ...]] = ()

    def __post_init__(self) -> None:
        _check_digits(self.value, self.lengths, self.cmd)

    def fields(self) -> dict[str, Any]:
        return {} if self.value is None else {"value": self.value}

    @property
    def carries_secret(self) -> bool:
        return self.value is not None

    def __repr__(self) -> str:
        shown = "None" if self.value is None else "<hidden>"
        return f"{type(self).__name__}(value={shown})"


@dataclass(frozen=True, repr=False)
class SetPin(_SecretCommand):
    cmd: ClassVar[str] = "SET_PIN"
    lengths: ClassVar[tuple[int, ...]] = (5, 6)  # 5 = Transport-PIN during RUN_CHANGE_PIN


@dataclass(frozen=True, repr=False)
class SetNewPin(_SecretCommand):
    cmd: ClassVar[str] = "SET_NEW_PIN"
    lengths: ClassVar[tuple[int, ...]] = (6,)


@dataclass(frozen=True, repr=False)
class SetCan(_SecretCommand):
    cmd: ClassVar[str] = "SET_CAN"
    lengths: ClassVar[tuple[int, ...]] = (6,)


@dataclass(frozen=True, repr=False)
class SetPuk(_SecretCommand):
    cmd: ClassVar[str] = "SET_PUK"
    lengths: ClassVar[tuple[int, ...]] = (10,)


_SECRET_COMMANDS: dict[NumberKind, type[_SecretCommand]] = {
    NumberKind.PIN: SetPin,
    NumberKind.TRANSPORT_PIN: SetPin,
    NumberKind.NEW_PIN: SetNewPin,
    NumberKind.CAN: SetCan,
    NumberKind.PUK: SetPuk,
}

SECRET_COMMAND_NAMES = frozenset(cls.cmd for cls in _SECRET_COMMANDS.values())


def secret_command(kind: NumberKind, reader: ReaderInfo | None, value: str | None) -> Command:
    """The answer to an ENTER_* request, right for the reader it is meant for.

    A keypad reader (and AusweisApp's Simulator) must get no value; any other reader must.
    """
    keypad = bool(reader and reader.keypad)
    if keypad and value is not None:
        raise ValueError(f"{kind.value} is typed on the reader's keypad; send no value")
    if not keypad and value is None:
        raise ValueError(f"{kind.value} is needed: the reader has no keypad")
    _check_digits(value, kind.lengths, kind.value)
    return _SECRET_COMMANDS[kind](value=value)
