"""One client connection to the emulator: parses frames and answers them like the AusweisApp
version of its profile (1.26.2, 2.3 or 2.5; see ``versions``).

``Session`` is independent of the network: frames come in through ``handle_text`` /
``handle_binary``, answers go out through the injected ``emit``, and delayed card steps
through the injected ``schedule``. The server wires both to a WebSocket and asyncio;
tests may wire them to lists.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import urlsplit

from eid.emulator.state import SCRIPTED_READER, EmulatorState
from eid.emulator.workflow import KIND_AUTH, KIND_CHANGE_PIN, Timer, Workflow

logger = logging.getLogger(__name__)

TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")

SECRET_COMMANDS = frozenset({"SET_PIN", "SET_CAN", "SET_PUK", "SET_NEW_PIN"})
EMULATOR_TITLE = "Plietsch SDK emulator"
#: Commands that belong to a running workflow (BAD_STATE without one).
WORKFLOW_COMMANDS = frozenset(
    {
        "GET_ACCESS_RIGHTS",
        "SET_ACCESS_RIGHTS",
        "GET_CERTIFICATE",
        "ACCEPT",
        "CANCEL",
        "SET_CARD",
        "SET_PIN",
        "SET_CAN",
        "SET_PUK",
        "SET_NEW_PIN",
        "CONTINUE",
    }
)
LEVEL_3_COMMANDS = frozenset({"CONTINUE"})  # unknown to AusweisApp before 2.2
LEVEL_2_COMMANDS = frozenset({"GET_STATUS", "SET_CARD"})

# Python's json messages -> the words of Qt's QJsonParseError, which AusweisApp reports.
_QT_JSON_ERRORS = (
    ("Expecting ':' delimiter", "missing name separator"),
    ("Unterminated string", "unterminated string"),
    ("Invalid \\escape", "invalid escape sequence"),
    ("Invalid \\uXXXX escape", "invalid escape sequence"),
    ("Extra data", "garbage at the end of the document"),
    ("Invalid control character", "illegal value"),
)


def qt_json_error(text: str) -> str | None:
    """Parse ``text`` the way AusweisApp does; the INVALID error text, or None if fine."""
    try:
        json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        return "too deeply nested document (offset: 0)"
    except json.JSONDecodeError as exc:
        return f"{_qt_words(exc, text)} (offset: {_qt_offset(exc, text)})"
    except ValueError:
        return "illegal value (offset: 1)"
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _qt_words(exc: json.JSONDecodeError, text: str) -> str:
    for python_words, qt_words in _QT_JSON_ERRORS:
        if exc.msg.startswith(python_words):
            return qt_words
    if exc.pos >= len(text.rstrip()):  # input ended inside a container
        innermost = _innermost_open(text)
        if innermost == "{":
            return "unterminated object"
        if innermost == "[":
            return "unterminated array"
    return "illegal value"


def _qt_offset(exc: json.JSONDecodeError, text: str) -> int:
    return exc.pos if exc.pos >= len(text.rstrip()) else exc.pos + 1


def _innermost_open(text: str) -> str | None:
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
        elif char in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else None


def masked(request: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``request`` fit for a log: secret values replaced."""
    if request.get("cmd") in SECRET_COMMANDS and "value" in request:
        return {**request, "value": "***"}
    return request


class Session:
    """The SDK as one connected client sees it."""

    def __init__(
        self,
        state: EmulatorState,
        emit: Callable[[dict[str, Any]], None],
        schedule: Callable[[float, Callable[[], None]], Timer],
    ) -> None:
        self.state = state
        self._emit = emit
        self._schedule = schedule
        self.workflow: Workflow | None = None

    # --- Host protocol for the workflow ----------------------------------------------------

    def emit(self, message: dict[str, Any]) -> None:
        if logger.isEnabledFor(TRAFFIC):
            logger.log(TRAFFIC, "<< %s", json.dumps(message, ensure_ascii=False))
        self._emit(message)

    def schedule(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        return self._schedule(delay_s, callback)

    @property
    def status_enabled(self) -> bool:
        return self.state.api_level >= 2

    def workflow_finished(self) -> None:
        self.workflow = None

    # --- connection events -----------------------------------------------------------------

    def connected(self) -> None:
        """Push one READER per reader, as AusweisApp does for a new client."""
        for reader in self.state.readers.all():
            self.emit({"msg": "READER", **reader})

    def disconnected(self) -> None:
        """The client is gone: a running workflow dies with it."""
        if self.workflow is not None:
            logger.info("client left during %s; workflow ended", self.workflow.kind)
            self.workflow.abort()
            self.workflow = None

    def card_changed(self) -> None:
        """The scripted card was swapped: tell the client about the reader (if idle)."""
        if self.workflow is None:
            reader = self.state.readers.describe(SCRIPTED_READER)
            if reader is not None:
                self.emit({"msg": "READER", **reader})

    # --- frames ----------------------------------------------------------------------------

    def handle_binary(self, data: bytes) -> None:
        logger.warning("binary frame of %d bytes ignored: the SDK speaks JSON text", len(data))
        self.emit({"msg": "INVALID", "error": "Binary frames are not supported"})

    def handle_text(self, text: str) -> None:
        error = qt_json_error(text)
        if error is not None:
            # not logged verbatim: a broken frame may still contain a PIN
            logger.info("frame of %d characters is not JSON: %s", len(text), error)
            self.emit({"msg": "INVALID", "error": error})
            return
        request = json.loads(text)
        cmd = request.get("cmd") if isinstance(request, dict) else None
        if not isinstance(cmd, str):
            logger.info("frame without a command name")
            self.emit({"msg": "INVALID", "error": "Command cannot be undefined"})
            return
        if logger.isEnabledFor(TRAFFIC):
            logger.log(TRAFFIC, ">> %s", json.dumps(masked(request), ensure_ascii=False))
        self.handle_command(cmd, request)

    def handle_command(self, cmd: str, request: dict[str, Any]) -> None:
        profile = self.state.profile
        unknown_here = (cmd in LEVEL_2_COMMANDS and self.state.api_level < 2) or (
            cmd in LEVEL_3_COMMANDS and 3 not in profile.api_levels
        )
        if unknown_here:
            self.emit({"msg": "UNKNOWN_COMMAND", "error": cmd})
            return
        handler = self._HANDLERS.get(cmd)
        if handler is not None:
            handler(self, request)
        elif cmd in WORKFLOW_COMMANDS:
            if self.workflow is None or not self.workflow.handle(cmd, request):
                logger.info("%s does not fit the current state", cmd)
                self.emit({"msg": "BAD_STATE", "error": cmd})
        else:
            logger.info("unknown command %r", cmd[:40])
            self.emit({"msg": "UNKNOWN_COMMAND", "error": cmd})

    # --- commands that work at any time ----------------------------------------------------

    def _get_info(self, request: dict[str, Any]) -> None:
        profile = self.state.profile
        title, spec_version = profile.specification
        info = {
            "Implementation-Title": EMULATOR_TITLE,
            "Implementation-Vendor": "Plietsch",
            "Implementation-Version": profile.version,
            "Name": "AusweisApp2",  # 2.x still says so (recorded from 2.3.1)
            "Specification-Title": title,
            "Specification-Vendor": "Federal Office for Information Security",
            "Specification-Version": spec_version,
        }
        self.emit({"msg": "INFO", "VersionInfo": info})

    def _get_status(self, request: dict[str, Any]) -> None:
        if self.workflow is None:
            status: dict[str, Any] = {"progress": None, "state": None, "workflow": None}
        else:
            status = self.workflow.status()
        self.emit({"msg": "STATUS", **status})

    def _get_api_level(self, request: dict[str, Any]) -> None:
        self.emit(
            {
                "msg": "API_LEVEL",
                "available": list(self.state.profile.api_levels),
                "current": self.state.api_level,
            }
        )

    def _set_api_level(self, request: dict[str, Any]) -> None:
        level = request.get("level")
        error = None
        if "level" not in request:
            error = "Level cannot be undefined"
        elif isinstance(level, bool) or not isinstance(level, int):
            error = "Invalid level"
        elif level not in self.state.profile.api_levels:
            error = "Unknown level"
        else:
            self.state.api_level = level
        reply: dict[str, Any] = {"msg": "API_LEVEL", "current": self.state.api_level}
        if error is not None:
            reply["error"] = error
        self.emit(reply)

    def _get_reader(self, request: dict[str, Any]) -> None:
        name = request.get("name")
        if "name" not in request:
            self.emit({"msg": "READER", "error": "Name cannot be undefined"})
        elif not isinstance(name, str):
            self.emit({"msg": "READER", "error": "Invalid name"})
        else:
            reader = self.state.readers.describe(name) or {"attached": False, "name": name}
            self.emit({"msg": "READER", **reader})

    def _get_reader_list(self, request: dict[str, Any]) -> None:
        key = "readers" if self.state.api_level >= 2 else "reader"
        self.emit({"msg": "READER_LIST", key: self.state.readers.all()})

    # --- starting workflows ----------------------------------------------------------------

    def _run_change_pin(self, request: dict[str, Any]) -> None:
        if self.workflow is not None:
            self.emit({"msg": "BAD_STATE", "error": "RUN_CHANGE_PIN"})
            return
        self.workflow = Workflow(self, KIND_CHANGE_PIN, status=request.get("status") is not False)
        logger.info("RUN_CHANGE_PIN started")
        self.workflow.start_change_pin()

    def _run_auth(self, request: dict[str, Any]) -> None:
        if self.workflow is not None:
            self.emit({"msg": "BAD_STATE", "error": "RUN_AUTH"})
            return
        if "tcTokenURL" not in request:
            self.emit({"msg": KIND_AUTH, "error": "tcTokenURL cannot be undefined"})
            return
        url = request["tcTokenURL"]
        if not isinstance(url, str):
            self.emit({"msg": KIND_AUTH, "error": "Invalid tcTokenURL"})
            return
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = None
        if not parts.scheme or not parts.hostname or port is None:
            self.emit({"msg": KIND_AUTH, "error": "Validation of tcTokenURL failed"})
            return
        workflow = Workflow(self, KIND_AUTH, status=request.get("status") is not False)
        self.workflow = workflow
        if parts.scheme == "http" and self.state.is_own_url(parts.hostname, port):
            logger.info("RUN_AUTH against the emulated self-disclosure service")
            workflow.start_own_auth()
        else:
            logger.info("RUN_AUTH against %s: no network in the emulator", parts.hostname)
            workflow.start_offline_auth()

    _HANDLERS: ClassVar[dict[str, Callable[[Session, dict[str, Any]], None]]] = {
        "GET_INFO": _get_info,
        "GET_STATUS": _get_status,
        "GET_API_LEVEL": _get_api_level,
        "SET_API_LEVEL": _set_api_level,
        "GET_READER": _get_reader,
        "GET_READER_LIST": _get_reader_list,
        "RUN_CHANGE_PIN": _run_change_pin,
        "RUN_AUTH": _run_auth,
    }
