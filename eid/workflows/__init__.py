"""eID workflows (change PIN, authentication) as small state machines over the SDK client."""

from eid.workflows.auth import AuthWorkflow
from eid.workflows.base import ClientLike, Progress, State, Workflow
from eid.workflows.change_pin import ChangePinWorkflow
from eid.workflows.outcomes import Outcome, OutcomeKind
from eid.workflows.requests import (
    AccessRightsRequest,
    Answer,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    PauseRequest,
    Request,
)
from eid.workflows.timing import INPUT_TIMEOUT_S

__all__ = [
    "INPUT_TIMEOUT_S",
    "AccessRightsRequest",
    "Answer",
    "AuthWorkflow",
    "ChangePinWorkflow",
    "ClientLike",
    "InsertCardRequest",
    "NewPinRequest",
    "NumberRequest",
    "Outcome",
    "OutcomeKind",
    "PauseRequest",
    "Progress",
    "Request",
    "State",
    "Workflow",
]
