"""The survey's screens and moves, as plain data: intro → questions → thanks (→ results)."""

from __future__ import annotations

import logging
from enum import Enum

from kiosk.flow import RESUME, Machine

logger = logging.getLogger(__name__)


class View(Enum):
    INTRO = "intro"
    QUESTION = "question"
    THANKS = "thanks"
    RESULTS = "results"


class Go(Enum):
    START = "start"
    NEXT = "next"  # to the next question
    PREVIOUS = "previous"  # to the previous question
    SUBMIT = "submit"  # after the last question
    RESULTS = "results"
    BACK = "back"


TABLE: dict[tuple[Enum, Enum], Enum] = {
    (View.INTRO, Go.START): View.QUESTION,
    (View.INTRO, Go.RESULTS): View.RESULTS,  # after taking part, the intro offers the results
    (View.QUESTION, Go.NEXT): View.QUESTION,
    (View.QUESTION, Go.PREVIOUS): View.QUESTION,
    (View.QUESTION, Go.BACK): View.INTRO,
    (View.QUESTION, Go.SUBMIT): View.THANKS,
    (View.THANKS, Go.RESULTS): View.RESULTS,
    (View.RESULTS, Go.BACK): RESUME,
}


def survey_machine() -> Machine:
    return Machine(TABLE, View.INTRO)
