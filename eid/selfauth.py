"""Self-disclosure data: fetched after a successful AUTH from the URL AusweisApp returns.

The SDK never hands personal data to the kiosk; the eID service (e.g. AusweisAuskunft
with ``mode=json``) serves them once at the refresh URL. This module fetches that URL
off the GUI thread with one injected ``requests.Session`` (TLS verified, timeout, size
limit, plain ``http`` only on loopback for the emulator) and parses the JSON into a
``SelfAuthData`` record. The record's repr shows field names only, ``wipe()`` drops the
values, and no error text ever contains a value from the reply.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from PySide6.QtCore import QObject, Qt, Signal

logger = logging.getLogger(__name__)

MAX_REPLY_BYTES = 256 * 1024  # a real reply is about 1.5 KB
TIMEOUT_S = (5.0, 20.0)  # connect, read
MAX_REDIRECTS = 3


class SelfAuthError(Exception):
    """The reply could not be used. The message names the problem, never a value."""


@dataclass(repr=False)
class Place:
    """A place as the eID service reports it: structured, free text, or "no place"."""

    street: str = ""
    city: str = ""
    zip_code: str = ""
    country: str = ""
    freetext: str = ""
    no_place_info: str = ""

    def text(self) -> str:
        if self.freetext or self.no_place_info:
            return self.freetext or self.no_place_info
        town = " ".join(part for part in (self.zip_code, self.city) if part)
        return ", ".join(part for part in (self.street, town, self.country) if part)

    def __repr__(self) -> str:
        return "Place(<hidden>)"


@dataclass(repr=False)
class SelfAuthData:
    """The personal data of one visitor; keep it only while the result screen shows it."""

    document_type: str = ""
    issuing_state: str = ""
    date_of_expiry: str = ""
    given_names: str = ""
    family_names: str = ""
    artistic_name: str = ""
    academic_title: str = ""
    date_of_birth: str = ""
    place_of_birth: Place | None = None
    birth_name: str = ""
    place_of_residence: Place | None = None
    nationality: str = ""
    operations_allowed: dict[str, str] = field(default_factory=dict)
    wiped: bool = False

    def present_fields(self) -> list[str]:
        return [
            f.name
            for f in fields(self)
            if f.name not in {"operations_allowed", "wiped"} and getattr(self, f.name)
        ]

    def wipe(self) -> None:
        """Drop every personal value (strings cannot be overwritten in place, only released)."""
        for f in fields(self):
            if f.name == "operations_allowed":
                self.operations_allowed.clear()
            elif f.name != "wiped":
                setattr(self, f.name, None if f.name.startswith("place_") else "")
        self.wiped = True

    def __repr__(self) -> str:
        return f"SelfAuthData(fields={self.present_fields()}, wiped={self.wiped})"


_TEXT_FIELDS = {
    "DocumentType": "document_type",
    "IssuingState": "issuing_state",
    "DateOfExpiry": "date_of_expiry",
    "GivenNames": "given_names",
    "FamilyNames": "family_names",
    "ArtisticName": "artistic_name",
    "AcademicTitle": "academic_title",
    "DateOfBirth": "date_of_birth",
    "BirthName": "birth_name",
    "Nationality": "nationality",
}
_PLACE_FIELDS = {"PlaceOfBirth": "place_of_birth", "PlaceOfResidence": "place_of_residence"}
_STRUCTURED = {"Street": "street", "City": "city", "ZipCode": "zip_code", "Country": "country"}


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise SelfAuthError(f"{where}.{key} must be text, not {type(value).__name__}")
    return value


def _place(value: Any, where: str) -> Place:
    if not isinstance(value, dict):
        raise SelfAuthError(f"{where} must be an object, not {type(value).__name__}")
    if "StructuredPlace" in value:
        structured = value["StructuredPlace"]
        if not isinstance(structured, dict):
            raise SelfAuthError(f"{where}.StructuredPlace must be an object")
        inner = f"{where}.StructuredPlace"
        return Place(**{attr: _text(structured, key, inner) for key, attr in _STRUCTURED.items()})
    if "FreetextPlace" in value:
        return Place(freetext=_text(value, "FreetextPlace", where))
    if "NoPlaceInfo" in value:
        return Place(no_place_info=_text(value, "NoPlaceInfo", where))
    raise SelfAuthError(f"{where} has neither StructuredPlace, FreetextPlace nor NoPlaceInfo")


def parse_self_auth(raw: bytes | str) -> SelfAuthData:
    """Parse an AusweisAuskunft ``mode=json`` reply; ``SelfAuthError`` names what is wrong."""
    try:
        document = json.loads(raw)
    except UnicodeDecodeError:
        raise SelfAuthError("reply is not UTF-8 text") from None
    except (ValueError, RecursionError) as exc:
        position = f" at position {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise SelfAuthError(f"reply is not JSON{position}") from None
    if not isinstance(document, dict):
        raise SelfAuthError(f"reply must be a JSON object, not {type(document).__name__}")
    result = document.get("Result")
    if isinstance(result, dict):
        major = result.get("ResultMajor")
        if isinstance(major, str) and not major.endswith("#ok"):
            raise SelfAuthError("the service reported an error instead of data")
    personal = document.get("PersonalData")
    if not isinstance(personal, dict) or not personal:
        raise SelfAuthError("reply has no PersonalData")
    data = SelfAuthData()
    for key, attr in _TEXT_FIELDS.items():
        setattr(data, attr, _text(personal, key, "PersonalData"))
    for key, attr in _PLACE_FIELDS.items():
        if key in personal:
            setattr(data, attr, _place(personal[key], f"PersonalData.{key}"))
    if not data.present_fields():
        raise SelfAuthError("PersonalData contains none of the known fields")
    operations = document.get("OperationsAllowedByUser", {})
    if not isinstance(operations, dict):
        raise SelfAuthError("OperationsAllowedByUser must be an object")
    data.operations_allowed = {str(k): str(v) for k, v in operations.items()}
    return data


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Only https, or plain http to this machine (the emulator)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return
    raise SelfAuthError(f"refusing to fetch data over {parts.scheme or 'no'} scheme from this host")


def fetch_self_auth(
    session: requests.Session,
    url: str,
    *,
    timeout: tuple[float, float] = TIMEOUT_S,
    max_bytes: int = MAX_REPLY_BYTES,
) -> SelfAuthData:
    """Blocking fetch and parse; call it from a worker thread."""
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url)
        try:
            reply = session.get(
                url, timeout=timeout, verify=True, stream=True, allow_redirects=False
            )
        except requests.Timeout:
            raise SelfAuthError("the data service did not answer in time") from None
        except requests.RequestException as exc:
            raise SelfAuthError(
                f"could not reach the data service ({type(exc).__name__})"
            ) from None
        with reply:
            if reply.is_redirect and reply.headers.get("Location"):
                url = urljoin(url, reply.headers["Location"])
                continue
            if reply.status_code != 200:
                raise SelfAuthError(f"the data service answered HTTP {reply.status_code}")
            body = _read_limited(reply, max_bytes)
        data = parse_self_auth(body)
        logger.info("self-disclosure data received (%d fields)", len(data.present_fields()))
        return data
    raise SelfAuthError("too many redirects")


def _read_limited(reply: requests.Response, max_bytes: int) -> bytes:
    declared = reply.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SelfAuthError(f"reply too large ({declared} bytes, limit {max_bytes})")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in reply.iter_content(chunk_size=16384):
            size += len(chunk)
            if size > max_bytes:
                raise SelfAuthError(f"reply too large (more than {max_bytes} bytes)")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise SelfAuthError(f"reply broken off ({type(exc).__name__})") from None
    return b"".join(chunks)


FetchCallback = Callable[[SelfAuthData | None, str | None], None]


class SelfAuthFetcher(QObject):
    """Runs ``fetch_self_auth`` in a worker thread and calls back on the GUI thread.

    ``callback(data, None)`` on success, ``callback(None, reason)`` on failure. After
    ``cancel_all()`` pending results are wiped and dropped instead of delivered.
    """

    _done = Signal(int, object)

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: tuple[float, float] = TIMEOUT_S,
        max_bytes: int = MAX_REPLY_BYTES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session or requests.Session()
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="selfauth")
        self._callbacks: dict[int, FetchCallback] = {}
        self._next_ticket = 0
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def fetch(self, url: str, callback: FetchCallback) -> None:
        self._next_ticket += 1
        ticket = self._next_ticket
        self._callbacks[ticket] = callback
        self._executor.submit(self._work, ticket, url)

    def cancel_all(self) -> None:
        self._callbacks.clear()

    def shutdown(self) -> None:
        self.cancel_all()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _work(self, ticket: int, url: str) -> None:
        result: SelfAuthData | str
        try:
            result = fetch_self_auth(
                self._session, url, timeout=self._timeout, max_bytes=self._max_bytes
            )
        except SelfAuthError as exc:
            result = str(exc)
        except Exception as exc:  # a worker must always answer; never lose the workflow
            logger.exception("self-disclosure fetch failed unexpectedly")
            result = f"unexpected error ({type(exc).__name__})"
        self._done.emit(ticket, result)

    def _deliver(self, ticket: int, result: object) -> None:
        callback = self._callbacks.pop(ticket, None)
        if callback is None:
            if isinstance(result, SelfAuthData):
                result.wipe()
            logger.info("self-disclosure result dropped (cancelled)")
            return
        if isinstance(result, SelfAuthData):
            callback(result, None)
        else:
            logger.warning("self-disclosure fetch failed: %s", result)
            callback(None, str(result))
