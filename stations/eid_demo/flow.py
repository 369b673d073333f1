"""Which screen the eID station shows, as a plain transition table.

Why a table: the station is driven from two sides, the visitor's taps and the workflow's
requests and outcomes, which can arrive in any order (a late outcome after "Zurück", a
request while the visitor reads). The table says which combination moves where; anything
else is logged and ignored by `EidController`.
"""

from __future__ import annotations

import enum
import logging

logger = logging.getLogger(__name__)


class View(enum.Enum):
    START = "start"  # what the online function is; the four choices
    ABOUT = "about"  # "Was ist der Online-Ausweis?": a few illustrated pages
    PIN_CHOICE = "pin-choice"  # which PIN do you have?
    NO_PIN = "no-pin"  # without a PIN: the citizen office (QR to its page), or the test card
    TRANSPORT_INFO = "transport-info"  # have the letter ready; only once
    ACCESS_RIGHTS = "access-rights"
    INSERT_CARD = "insert-card"
    ENTER_NUMBER = "enter-number"  # PIN, Transport-PIN, CAN, PUK, new PIN
    WEAK_PIN = "weak-pin"  # the new PIN is easy to guess: choose another, or keep it
    NEEDS_KEYPAD = "needs-keypad"  # PINs only on a keypad reader, but the reader has none
    WORKING = "working"  # the card is being read
    PAUSE = "pause"  # AusweisApp 2.2+ halted: the card lost contact; lay it still
    RESULT = "result"  # the visitor's own data, for a bounded time
    PORTAL = "portal"  # data wiped; next step on the phone: log in to the city's portal
    PIN_READY = "pin-ready"  # the PIN change worked; next step: the AusweisApp on the phone
    OUTCOME = "outcome"  # how it ended, with a cause and a fix


class Step(enum.Enum):
    ABOUT = "about"  # "Was ist der Online-Ausweis?"
    NEXT = "next"  # the explainer's next page
    SHOW_DATA = "show_data"  # tile "Meine Daten anzeigen"
    CHANGE_PIN = "change_pin"  # tile "Transport-PIN ändern" / "Jetzt ändern"
    TEST_CARD = "test_card"  # "Mit Testausweis ausprobieren"
    NO_PIN = "no_pin"  # "Ich habe keine PIN"
    HAVE_PIN = "have_pin"  # the visitor has a 6-digit PIN: the workflow starts
    HAVE_TRANSPORT_PIN = "have_transport_pin"
    START_TRANSPORT = "start_transport"  # the Transport-PIN change starts
    RIGHTS = "rights"  # workflow: access rights
    CARD = "card"  # workflow: insert card
    NUMBER = "number"  # workflow: a number is needed (also: back to the pad)
    WEAK_PIN = "weak_pin"  # the first entry of the new PIN is easy to guess
    NEEDS_KEYPAD = "needs_keypad"  # reader-only PIN entry, and only a basic reader is there
    WORKING = "working"  # the visitor answered; the card works
    DATA = "data"  # self-disclosure data arrived
    PAUSE = "pause"  # workflow: AusweisApp paused (PAUSE, API level 3)
    ENDED = "ended"  # the workflow finished (any outcome without data)
    PIN_READY = "pin_ready"  # the PIN change succeeded
    RETRY = "retry"  # "Noch einmal versuchen" on an outcome
    CLEAR = "clear"  # result wiped: "Daten jetzt löschen", countdown, card removed
    BACK = "back"


WORKFLOW_VIEWS = (
    View.ACCESS_RIGHTS,
    View.INSERT_CARD,
    View.ENTER_NUMBER,
    View.WEAK_PIN,
    View.WORKING,
    View.PAUSE,
)

TABLE: dict[tuple[enum.Enum, enum.Enum], enum.Enum] = {
    (View.START, Step.ABOUT): View.ABOUT,
    (View.ABOUT, Step.NEXT): View.ABOUT,
    (View.ABOUT, Step.BACK): View.START,
    (View.START, Step.SHOW_DATA): View.PIN_CHOICE,
    (View.START, Step.CHANGE_PIN): View.TRANSPORT_INFO,
    (View.START, Step.NO_PIN): View.NO_PIN,
    (View.START, Step.TEST_CARD): View.WORKING,
    (View.PIN_CHOICE, Step.HAVE_PIN): View.WORKING,
    (View.PIN_CHOICE, Step.HAVE_TRANSPORT_PIN): View.TRANSPORT_INFO,
    (View.PIN_CHOICE, Step.NO_PIN): View.NO_PIN,
    (View.PIN_CHOICE, Step.BACK): View.START,
    (View.TRANSPORT_INFO, Step.START_TRANSPORT): View.WORKING,
    (View.TRANSPORT_INFO, Step.BACK): View.START,
    (View.NO_PIN, Step.TEST_CARD): View.WORKING,
    (View.NO_PIN, Step.BACK): View.START,
    (View.RESULT, Step.CLEAR): View.PORTAL,
    (View.PORTAL, Step.BACK): View.START,
    (View.PIN_READY, Step.BACK): View.START,
    (View.RESULT, Step.BACK): View.START,
    (View.OUTCOME, Step.BACK): View.START,
    (View.OUTCOME, Step.RETRY): View.WORKING,
    (View.OUTCOME, Step.NO_PIN): View.NO_PIN,  # blocked or switched off: the office helps
    (View.ENTER_NUMBER, Step.WEAK_PIN): View.WEAK_PIN,
    (View.NEEDS_KEYPAD, Step.TEST_CARD): View.WORKING,
    (View.NEEDS_KEYPAD, Step.BACK): View.START,
}
for _view in WORKFLOW_VIEWS:
    TABLE[(_view, Step.RIGHTS)] = View.ACCESS_RIGHTS
    TABLE[(_view, Step.CARD)] = View.INSERT_CARD
    TABLE[(_view, Step.NUMBER)] = View.ENTER_NUMBER
    TABLE[(_view, Step.WORKING)] = View.WORKING
    TABLE[(_view, Step.PAUSE)] = View.PAUSE
    TABLE[(_view, Step.NEEDS_KEYPAD)] = View.NEEDS_KEYPAD
    TABLE[(_view, Step.DATA)] = View.RESULT
    TABLE[(_view, Step.ENDED)] = View.OUTCOME
    TABLE[(_view, Step.PIN_READY)] = View.PIN_READY
