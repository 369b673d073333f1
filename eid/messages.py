"""Messages of the AusweisApp SDK (API levels 1 and 2, PAUSE of level 3) as frozen dataclasses.

``parse_message`` never raises: whatever arrives on the socket becomes either a typed
message or an ``Invalid`` value that says what was wrong, so a bad frame can be logged
and ignored without taking the kiosk down. Unknown extra fields are ignored on purpose:
newer AusweisApp versions add fields, and the kiosk should keep working with them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

MAX_FRAME_CHARS = 1_000_000  # far above any real SDK frame; guards against a flood


class _FieldError(Exception):
    """Internal: a field has the wrong type; becomes ``Invalid`` at the top."""


@dataclass(frozen=True)
class CardInfo:
    """What the SDK tells about an eID card on a reader (never personal data)."""

    deactivated: bool = False
    inoperative: bool = False
    retry_counter: int | None = None


@dataclass(frozen=True)
class ReaderInfo:
    """A card reader as the SDK reports it. ``card`` is None when no eID card lies there."""

    name: str
    attached: bool
    insertable: bool = False
    keypad: bool = False
    card: CardInfo | None = None
    #: API level 3 reports an unknown (non-eID) card as ``{}``; levels 1/2 say ``null``.
    unknown_card: bool = False


@dataclass(frozen=True)
class Invalid:
    """A frame that could not be understood. ``reason`` names the problem; ``raw`` is cut short."""

    reason: str
    raw: str = ""
    msg: ClassVar[str] = ""


@dataclass(frozen=True)
class Reader:
    """A reader's state; with ``error`` the SDK's answer to a GET_READER it refused (no name:
    "Name cannot be undefined"), which describes no reader at all."""

    reader: ReaderInfo
    error: str | None = None
    msg: ClassVar[str] = "READER"


@dataclass(frozen=True)
class ReaderList:
    readers: tuple[ReaderInfo, ...]
    msg: ClassVar[str] = "READER_LIST"


@dataclass(frozen=True)
class EnterPin:
    reader: ReaderInfo | None = None
    error: str | None = None
    msg: ClassVar[str] = "ENTER_PIN"


@dataclass(frozen=True)
class EnterNewPin:
    reader: ReaderInfo | None = None
    error: str | None = None
    msg: ClassVar[str] = "ENTER_NEW_PIN"


@dataclass(frozen=True)
class EnterCan:
    reader: ReaderInfo | None = None
    error: str | None = None
    msg: ClassVar[str] = "ENTER_CAN"


@dataclass(frozen=True)
class EnterPuk:
    reader: ReaderInfo | None = None
    error: str | None = None
    msg: ClassVar[str] = "ENTER_PUK"


EnterNumber: TypeAlias = EnterPin | EnterNewPin | EnterCan | EnterPuk


@dataclass(frozen=True)
class InsertCard:
    error: str | None = None
    msg: ClassVar[str] = "INSERT_CARD"


@dataclass(frozen=True)
class AuthResult:
    """The ``result`` object of the final AUTH message. Only major/minor carry meaning;
    the texts are localized by AusweisApp and must not be matched."""

    major: str
    minor: str | None = None
    language: str | None = None
    description: str | None = None
    message: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.major.endswith("#ok")

    @property
    def minor_code(self) -> str | None:
        """The last part of the minor URI, e.g. ``sal#cancellationByUser``."""
        if not self.minor:
            return None
        return self.minor.split("/resultminor/", 1)[-1]


@dataclass(frozen=True)
class Auth:
    """AUTH: started (no fields), refused (``error``) or finished (``result``)."""

    error: str | None = None
    result: AuthResult | None = None
    url: str | None = None
    msg: ClassVar[str] = "AUTH"

    @property
    def finished(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class ChangePin:
    """CHANGE_PIN: started (``success`` None) or finished."""

    success: bool | None = None
    reason: str | None = None
    error: str | None = None
    msg: ClassVar[str] = "CHANGE_PIN"

    @property
    def finished(self) -> bool:
        return self.success is not None


#: Every access right the SDK knows (messages.rst, 1.26); ACCESS_RIGHTS lists only these.
ACCESS_RIGHT_NAMES: tuple[str, ...] = (
    "Address",
    "BirthName",
    "FamilyName",
    "GivenNames",
    "PlaceOfBirth",
    "DateOfBirth",
    "DoctoralDegree",
    "ArtisticName",
    "Pseudonym",
    "ValidUntil",
    "Nationality",
    "IssuingCountry",
    "DocumentType",
    "ResidencePermitI",
    "ResidencePermitII",
    "CommunityID",
    "AddressVerification",
    "AgeVerification",
    "WriteAddress",
    "WriteCommunityID",
    "WriteResidencePermitI",
    "WriteResidencePermitII",
    "CanAllowed",
    "PinManagement",
)


@dataclass(frozen=True)
class AccessRights:
    effective: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    error: str | None = None
    transaction_info: str | None = None
    aux: Mapping[str, str] | None = None
    msg: ClassVar[str] = "ACCESS_RIGHTS"


@dataclass(frozen=True)
class Certificate:
    issuer_name: str = ""
    issuer_url: str = ""
    subject_name: str = ""
    subject_url: str = ""
    terms_of_usage: str = ""
    purpose: str = ""
    effective_date: str = ""
    expiration_date: str = ""
    msg: ClassVar[str] = "CERTIFICATE"


@dataclass(frozen=True)
class ApiLevel:
    available: tuple[int, ...] = ()
    current: int | None = None
    error: str | None = None
    msg: ClassVar[str] = "API_LEVEL"


@dataclass(frozen=True)
class Info:
    version_info: Mapping[str, str]
    msg: ClassVar[str] = "INFO"

    @property
    def implementation_version(self) -> str:
        return self.version_info.get("Implementation-Version", "")

    @property
    def name(self) -> str:
        return self.version_info.get("Name", "")


@dataclass(frozen=True)
class Status:
    workflow: str | None = None
    progress: int | None = None
    state: str | None = None
    msg: ClassVar[str] = "STATUS"


@dataclass(frozen=True)
class BadState:
    """A command was sent in the wrong state; ``error`` names the command."""

    error: str = ""
    msg: ClassVar[str] = "BAD_STATE"


@dataclass(frozen=True)
class InvalidCommand:
    """The SDK's own INVALID answer: it could not parse what we sent."""

    error: str = ""
    msg: ClassVar[str] = "INVALID"


@dataclass(frozen=True)
class UnknownCommand:
    error: str = ""
    msg: ClassVar[str] = "UNKNOWN_COMMAND"


@dataclass(frozen=True)
class InternalError:
    error: str | None = None
    msg: ClassVar[str] = "INTERNAL_ERROR"


@dataclass(frozen=True)
class Pause:
    """API level 3 only (AusweisApp >= 2.2); answered with CONTINUE."""

    cause: str = ""
    msg: ClassVar[str] = "PAUSE"


Message: TypeAlias = (
    Reader
    | ReaderList
    | EnterPin
    | EnterNewPin
    | EnterCan
    | EnterPuk
    | InsertCard
    | Auth
    | ChangePin
    | AccessRights
    | Certificate
    | ApiLevel
    | Info
    | Status
    | BadState
    | InvalidCommand
    | UnknownCommand
    | InternalError
    | Pause
    | Invalid
)


# --- field readers: each raises _FieldError with a precise reason -----------------------------


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _FieldError(f"field '{key}' must be a string, not {type(value).__name__}")


def _str(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = _opt_str(data, key)
    return default if value is None else value


def _opt_bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise _FieldError(f"field '{key}' must be true or false, not {type(value).__name__}")


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _FieldError(f"field '{key}' must be a whole number, not {type(value).__name__}")
    return value


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _FieldError(f"{what} must be an object, not {type(value).__name__}")
    return value


def _str_tuple(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _FieldError(f"field '{key}' must be a list of strings")
    return tuple(value)


def _str_map(value: Any, what: str) -> dict[str, str]:
    mapping = _obj(value, what)
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in mapping.items()}


def _card(value: Any) -> tuple[CardInfo | None, bool]:
    if value is None:
        return None, False
    card = _obj(value, "field 'card'")
    if not card:  # level 3: {} means "a card, but not an eID card"
        return None, True
    return (
        CardInfo(
            deactivated=bool(_opt_bool(card, "deactivated")),
            inoperative=bool(_opt_bool(card, "inoperative")),
            retry_counter=_opt_int(card, "retryCounter"),
        ),
        False,
    )


def _reader(value: Any) -> ReaderInfo:
    data = _obj(value, "reader")
    name = _opt_str(data, "name")
    if name is None:
        raise _FieldError("reader without 'name'")
    card, unknown = _card(data.get("card"))
    return ReaderInfo(
        name=name,
        attached=bool(_opt_bool(data, "attached")),
        insertable=bool(_opt_bool(data, "insertable")),
        keypad=bool(_opt_bool(data, "keypad")),
        card=card,
        unknown_card=unknown,
    )


def _opt_reader(data: Mapping[str, Any]) -> ReaderInfo | None:
    value = data.get("reader")
    return None if value is None else _reader(value)


# --- one builder per message name ----------------------------------------------------------


def _enter(cls: type[EnterPin | EnterNewPin | EnterCan | EnterPuk]) -> Any:
    return lambda d: cls(reader=_opt_reader(d), error=_opt_str(d, "error"))


def _auth(d: Mapping[str, Any]) -> Auth:
    result = None
    if d.get("result") is not None:
        r = _obj(d["result"], "field 'result'")
        major = _opt_str(r, "major")
        if major is None:
            raise _FieldError("AUTH result without 'major'")
        result = AuthResult(
            major=major,
            minor=_opt_str(r, "minor"),
            language=_opt_str(r, "language"),
            description=_opt_str(r, "description"),
            message=_opt_str(r, "message"),
            reason=_opt_str(r, "reason"),
        )
    return Auth(error=_opt_str(d, "error"), result=result, url=_opt_str(d, "url"))


def _access_rights(d: Mapping[str, Any]) -> AccessRights:
    chat = _obj(d.get("chat", {}), "field 'chat'")
    aux = d.get("aux")
    return AccessRights(
        effective=_str_tuple(chat, "effective"),
        optional=_str_tuple(chat, "optional"),
        required=_str_tuple(chat, "required"),
        error=_opt_str(d, "error"),
        transaction_info=_opt_str(d, "transactionInfo"),
        aux=None if aux is None else _str_map(aux, "field 'aux'"),
    )


def _certificate(d: Mapping[str, Any]) -> Certificate:
    desc = _obj(d.get("description", {}), "field 'description'")
    validity = _obj(d.get("validity", {}), "field 'validity'")
    return Certificate(
        issuer_name=_str(desc, "issuerName"),
        issuer_url=_str(desc, "issuerUrl"),
        subject_name=_str(desc, "subjectName"),
        subject_url=_str(desc, "subjectUrl"),
        terms_of_usage=_str(desc, "termsOfUsage"),
        purpose=_str(desc, "purpose"),
        effective_date=_str(validity, "effectiveDate"),
        expiration_date=_str(validity, "expirationDate"),
    )


def _api_level(d: Mapping[str, Any]) -> ApiLevel:
    available = d.get("available", [])
    if not isinstance(available, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in available
    ):
        raise _FieldError("field 'available' must be a list of whole numbers")
    return ApiLevel(
        available=tuple(available), current=_opt_int(d, "current"), error=_opt_str(d, "error")
    )


def _reader_list(d: Mapping[str, Any]) -> ReaderList:
    key = "readers" if "readers" in d else "reader"  # level 1 calls the list 'reader'
    readers = d.get(key, [])
    if not isinstance(readers, list):
        raise _FieldError(f"field '{key}' must be a list")
    return ReaderList(readers=tuple(_reader(r) for r in readers))


def _status(d: Mapping[str, Any]) -> Status:
    return Status(
        workflow=_opt_str(d, "workflow"),
        progress=_opt_int(d, "progress"),
        state=_opt_str(d, "state"),
    )


_BUILDERS: dict[str, Any] = {
    "READER": lambda d: (
        Reader(ReaderInfo(name="", attached=False), error=_str(d, "error"))
        if "error" in d and "name" not in d
        else Reader(reader=_reader(d))
    ),
    "READER_LIST": _reader_list,
    "ENTER_PIN": _enter(EnterPin),
    "ENTER_NEW_PIN": _enter(EnterNewPin),
    "ENTER_CAN": _enter(EnterCan),
    "ENTER_PUK": _enter(EnterPuk),
    "INSERT_CARD": lambda d: InsertCard(error=_opt_str(d, "error")),
    "AUTH": _auth,
    "CHANGE_PIN": lambda d: ChangePin(
        success=_opt_bool(d, "success"), reason=_opt_str(d, "reason"), error=_opt_str(d, "error")
    ),
    "ACCESS_RIGHTS": _access_rights,
    "CERTIFICATE": _certificate,
    "API_LEVEL": _api_level,
    "INFO": lambda d: Info(version_info=_str_map(d.get("VersionInfo", {}), "field 'VersionInfo'")),
    "STATUS": _status,
    "BAD_STATE": lambda d: BadState(error=_str(d, "error")),
    "INVALID": lambda d: InvalidCommand(error=_str(d, "error")),
    "UNKNOWN_COMMAND": lambda d: UnknownCommand(error=_str(d, "error")),
    "INTERNAL_ERROR": lambda d: InternalError(error=_opt_str(d, "error")),
    "PAUSE": lambda d: Pause(cause=_str(d, "cause")),
}

MESSAGE_NAMES = frozenset(_BUILDERS)


def _short(raw: str) -> str:
    return raw if len(raw) <= 200 else raw[:200] + "…"


def parse_message(raw: str | bytes) -> Message:
    """Turn one WebSocket text frame into a message; never raises.

    The ``raw`` kept in ``Invalid`` is cut to 200 characters; frames from the SDK never
    carry PINs, but they can carry certificate texts, so callers log it only at TRAFFIC.
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Invalid(f"frame is not UTF-8 ({exc.reason} at byte {exc.start})")
    if len(raw) > MAX_FRAME_CHARS:
        return Invalid(f"frame too long ({len(raw)} characters)", _short(raw))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return Invalid(f"not JSON: {exc}", _short(raw))
    return parse_object(data, raw)


def parse_object(data: Any, raw: str = "") -> Message:
    """Like ``parse_message`` for an already decoded JSON value."""
    if not isinstance(data, dict):
        return Invalid(f"frame must be a JSON object, not {type(data).__name__}", _short(raw))
    name = data.get("msg")
    if not isinstance(name, str):
        return Invalid("frame has no 'msg' name", _short(raw))
    builder = _BUILDERS.get(name)
    if builder is None:
        return Invalid(f"unknown message '{_short(name)}'", _short(raw))
    try:
        message: Message = builder(data)
    except _FieldError as exc:
        return Invalid(f"{name}: {exc}", _short(raw))
    except RecursionError:
        return Invalid(f"{name}: nested too deeply", _short(raw))
    return message
