"""The one workflow the station runs at a time, and its signals to the controller.

Why a handle: a workflow must stay referenced until it has finished (Qt drops the signal
connections of a collected object), and must be let go of cleanly when the visitor starts
anew or leaves, so that a late frame of the old workflow never reaches the new screen.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from eid.selfauth import SelfAuthData
from eid.workflows import AuthWorkflow, Outcome, Progress, Request, Workflow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listener:
    """The controller's slots for one workflow's signals."""

    request_opened: Callable[[Request], None]
    request_updated: Callable[[Request], None]
    status: Callable[[Progress], None]
    finished: Callable[[Outcome], None]
    self_auth_data: Callable[[SelfAuthData], None]


class WorkflowHandle:
    """Holds the running workflow (and the last one, until the next start)."""

    def __init__(self, listener: Listener) -> None:
        self._listener = listener
        self.workflow: Workflow | None = None
        self._finished: Workflow | None = None

    @property
    def running(self) -> bool:
        return self.workflow is not None and self.workflow.running

    def start(self, workflow: Workflow) -> None:
        """Let go of the previous workflow, connect this one and start it."""
        self.forget()
        listener = self._listener
        if isinstance(workflow, AuthWorkflow):
            workflow.self_auth_data.connect(listener.self_auth_data)
        workflow.request_opened.connect(listener.request_opened)
        workflow.request_updated.connect(listener.request_updated)
        workflow.status.connect(listener.status)
        workflow.finished.connect(listener.finished)
        self.workflow = workflow
        workflow.start()

    def forget(self) -> Workflow | None:
        """Disconnect the current workflow (it keeps running); returns it."""
        workflow = self.workflow
        if workflow is None:
            return None
        listener = self._listener
        pairs: list[tuple[object, Callable[..., None]]] = [
            (workflow.request_opened, listener.request_opened),
            (workflow.request_updated, listener.request_updated),
            (workflow.status, listener.status),
            (workflow.finished, listener.finished),
        ]
        if isinstance(workflow, AuthWorkflow):
            pairs.append((workflow.self_auth_data, listener.self_auth_data))
        for signal, slot in pairs:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)  # type: ignore[attr-defined]
        self._finished = workflow
        self.workflow = None
        return workflow

    def abort(self) -> None:
        """Forget the workflow and make it send CANCEL (privacy wipe)."""
        workflow = self.forget()
        if workflow is not None:
            workflow.abort()
