"""Every screen without touch: a museum "universal keypad" (arrows, OK, back) or a number pad.

Why one event filter on the window and not per screen: every station's screens must work with
keys the day they are written, and no screen can forget it. The filter sits on the window's
QWindow (like `ui.guard.KioskGuard`), where every key arrives before any widget sees it.

Keys (decided here, documented in the README):
- Right/Left (and Tab/Shift+Tab): next/previous actionable widget in reading order (rows top to
  bottom, left to right in a row), wrapping around. A list inside a scroll area counts as
  unrolled, so its items come before the footer, and a focused item scrolls into view.
- Down/Up: the nearest widget in the next/previous row (a grid moves like a grid).
- OK (Return, Enter, keypad Enter, Space): activates the focused button; a text-only scroll
  area scrolls one screenful. On the attract screen with nothing focused, OK starts the visit.
- Back (Escape, Backspace, keypad "-" and "/"): what the footer's "Zurück" does.
- While an on-screen PIN pad or keyboard is shown, typed digits (and letters, for a keyboard)
  go straight into it, Backspace deletes one, and OK right after typing submits. Nothing typed
  is kept, logged or shown here; the pad holds the digits as before.

The focus ring (`ui.focus_ring`) shows only after a key was used; the first touch or click
hides it again, so touch visitors never see it. Buttons take focus by keys only (Qt.TabFocus):
a tap does not move the keyboard focus.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QScroller,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from ui.focus_order import (
    horizontal_distance,
    is_candidate,
    layout_rects,
    reading_order,
    reading_rows,
    scroll_ancestors,
)
from ui.focus_ring import FocusRing
from ui.typing_keys import TypingTarget, shown_typing_target

logger = logging.getLogger(__name__)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Tab}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Backtab}
OK_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select}
BACK_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Back}
KEYPAD_BACK_KEYS = {Qt.Key.Key_Minus, Qt.Key.Key_Slash}
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
POINTER_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
TRAIL = 12  # how many screens deep "back" finds the widget it came from
FOLLOW_MS = 150  # how often the ring checks that its widget has not moved (layout, scrolling)


class KeypadNavigator(QObject):
    """Install with `attach()` after the kiosk guard (filters run newest first).

    `back()` does what "Zurück" does; `start()` is OK with nothing focused (the attract
    screen); `activity()` tells the visitor session a key was used (the guard does that for
    the keys this filter lets through).
    """

    def __init__(
        self,
        window: QWidget,
        content: QWidget,
        *,
        back: Callable[[], None],
        start: Callable[[], None],
        activity: Callable[[], None],
        back_button: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._content = content
        self._back = back
        self._start = start
        self._activity = activity
        self._back_button = back_button  # OK on it is the back key: same focus afterwards
        self.ring = FocusRing(window)
        self.keyboard_mode = False
        self._typed_into: QWidget | None = None
        self._focused: QWidget | None = None  # the widget this navigator focused last
        self._trail: list[QWidget] = []  # the widgets OK was pressed on to reach this screen
        self._before_modal: QWidget | None = None  # the focus before the idle warning came up
        self._in_action = False  # an OK or back key is being carried out
        self._follow = QTimer(self)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._check)
        self._watched: list[QObject] = []
        app = QApplication.instance()
        self._focus_connection = (
            app.focusChanged.connect(self._on_focus_changed)
            if isinstance(app, QApplication)
            else None
        )

    # installation ---------------------------------------------------------------------------

    def attach(self, watched: list[QObject]) -> None:
        """Filter the keys of `watched` (the window and its QWindow)."""
        self.detach()
        self._watched = list(watched)
        for obj in self._watched:
            obj.installEventFilter(self)

    def detach(self) -> None:
        """The kiosk stops: no more keys, and no more of the application's focus moves (they
        come while its widgets are being deleted)."""
        for obj in self._watched:
            if isValid(obj):
                obj.removeEventFilter(self)
        self._watched = []
        self._follow.stop()
        if self._focus_connection is not None:
            QObject.disconnect(self._focus_connection)
            self._focus_connection = None

    def reset(self) -> None:
        """The visitor left: no focus, no ring, touch look (part of the privacy wipe)."""
        self._set_keyboard_mode(False)
        self._typed_into = None
        self._focused = None
        self._trail = []
        self._before_modal = None
        focus = self._window.focusWidget()
        if focus is not None:
            focus.clearFocus()

    # the current screen ---------------------------------------------------------------------

    def scope(self) -> QWidget:
        """A visible child covering the whole window (the idle warning) is modal; else the
        whole window."""
        for child in reversed(self._window.children()):
            if (
                isinstance(child, QWidget)
                and not isinstance(child, FocusRing)
                and child.isVisible()
                and child.geometry() == self._window.rect()
            ):
                return child
        return self._window

    def candidates(self) -> list[QWidget]:
        """Every widget the keys can reach on the current screen, in reading order."""
        return reading_order(self._scan(), self.scope())

    def _scan(self) -> dict[QWidget, QRect]:
        """The reachable widgets of the current screen and their places (scrolling unrolled)."""
        found = [w for w in self.scope().findChildren(QWidget) if is_candidate(w)]
        return layout_rects(found, self._window)

    def current(self) -> QWidget | None:
        """The focused widget if the keys can reach it here, else None."""
        focus = QApplication.focusWidget()
        if focus is None or not isValid(focus) or not is_candidate(focus):
            return None
        scope = self.scope()
        return focus if scope.isAncestorOf(focus) else None

    def home(self) -> QWidget | None:
        """Where the focus starts on a screen (or on the idle warning): its first widget that
        is not marked as an aside (dynamic property `aside`), or its primary button when it
        has just one row of buttons; on a page without buttons the first one below it (the
        footer's "Zurück")."""
        scope = self.scope()
        if scope is self._window and self._before_modal is not None:
            earlier, self._before_modal = self._before_modal, None
            if isValid(earlier) and is_candidate(earlier):
                return earlier  # the idle warning is gone: back where the visitor was
        rects = self._scan()
        order = reading_order(rects, scope)
        if not order:
            return None
        inside = scope if scope is not self._window else self._content
        in_content = [w for w in order if inside.isAncestorOf(w)]
        # an aside (the trainer's "Schritt für Schritt") is not where a screen's task starts
        tasks = [w for w in in_content if not w.property("aside")]
        if len(reading_rows({w: rects[w] for w in tasks})) == 1:
            # one row of actions ("Abbrechen", "Weiter"): start at the one that goes on, so a
            # first OK does not cancel
            tasks = [w for w in tasks if w.property("kind") == "primary"] + tasks
        # a page with nothing to press (a QR code): start below it, at "Zurück"
        bottom = inside.mapTo(self._window, inside.rect().bottomLeft()).y()
        below = [w for w in order if w.mapTo(self._window, w.rect().topLeft()).y() > bottom]
        return (tasks or in_content or below or order)[0]

    # focus ----------------------------------------------------------------------------------

    def focus(self, widget: QWidget | None) -> None:
        """Move the keyboard focus to `widget`, scroll it into view, show the ring."""
        if widget is None:
            self.ring.follow(None)
            return
        for area in scroll_ancestors(widget, self._window):
            QScroller.scroller(area.viewport()).stop()
            inner = getattr(area, "widget", lambda: None)()
            if (
                inner is not None
                and inner.isAncestorOf(widget)
                and hasattr(area, "ensureWidgetVisible")
            ):
                area.ensureWidgetVisible(widget, 24, 48)
        previous, scope = self._focused, self.scope()
        if (
            scope is not self._window
            and previous is not None
            and isValid(previous)
            and not scope.isAncestorOf(previous)
        ):
            self._before_modal = previous
        self._focused = widget
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        self.ring.follow(widget)

    def move(self, key: Qt.Key) -> None:
        """Right/Left: next/previous in reading order; Down/Up: nearest in the next row."""
        rects = self._scan()
        order = reading_order(rects, self.scope())
        if not order:
            return
        current = self.current()
        if current is None or current not in rects:
            self.focus(self.home())
            return
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            step = 1 if key in NEXT_KEYS else -1
            self.focus(order[(order.index(current) + step) % len(order)])
            return
        if isinstance(current, QAbstractScrollArea) and self._scroll(current, key):
            return
        rows = reading_rows(rects)
        row = next(i for i, r in enumerate(rows) if current in r)
        target_row = rows[(row + (1 if key == Qt.Key.Key_Down else -1)) % len(rows)]
        here = rects[current]
        self.focus(min(target_row, key=lambda w: horizontal_distance(here, rects[w])))

    def _scroll(self, area: QAbstractScrollArea, key: Qt.Key) -> bool:
        """Up/Down scroll a text-only area until its end, then move on."""
        bar = area.verticalScrollBar()
        down = key == Qt.Key.Key_Down
        if (down and bar.value() >= bar.maximum()) or (not down and bar.value() <= 0):
            return False
        step = max(bar.pageStep() - 80, bar.pageStep() // 2)
        bar.setValue(bar.value() + (step if down else -step))
        return True

    def activate(self) -> None:
        """OK: press the focused button, or scroll the focused text area."""
        current = self.current()
        if current is None:
            if self.scope() is self._window:
                self._start()  # the attract screen: OK starts the visit; elsewhere nothing
            QTimer.singleShot(0, lambda: self.focus(self.home()) if self.keyboard_mode else None)
            return
        if isinstance(current, QAbstractButton):
            self._acting(current.click)
        elif isinstance(current, QAbstractScrollArea) and not self._scroll(
            current, Qt.Key.Key_Down
        ):
            current.verticalScrollBar().setValue(0)  # at the end: back to the top
        self._after_action(current, back=current is self._back_button)

    def _acting(self, action: Callable[[], None]) -> None:
        """Run an action whose screen change `_after_action` handles (not the focus signal)."""
        self._in_action = True
        try:
            action()
        finally:
            self._in_action = False

    def _after_action(self, before: QWidget | None, *, back: bool = False) -> None:
        """After OK or back: if the screen changed, start at the new screen's first widget;
        back returns to the widget that led forward to this screen (the tile of a station)."""

        def settle() -> None:
            if not self.keyboard_mode:
                return
            if back and self._back_to_trail():
                return
            if before is not None and isValid(before) and before.isVisible():
                if before.isEnabled():
                    self._check()
                else:  # the key went grey (a full PIN pad): on to the pad's OK
                    self.focus(self._nearest_enabled(before))
                return
            if not back and before is not None and self._content.isAncestorOf(before):
                self._trail = [*self._trail, before][-TRAIL:]  # a page's widget led forward
            self.focus(self.home())

        QTimer.singleShot(0, settle)

    def _back_to_trail(self) -> bool:
        """Focus the last widget of the trail if back has returned to its screen."""
        while self._trail and not isValid(self._trail[-1]):
            self._trail.pop()
        if not self._trail:
            return False
        earlier = self._trail[-1]
        if not (is_candidate(earlier) and self.scope().isAncestorOf(earlier)):
            return False  # its screen is further back
        self._trail.pop()
        self.focus(earlier)
        return True

    def _go_back(self, modal: bool) -> None:
        self._typed_into = None
        before = self.current()
        if modal:
            self._activity()  # back on the idle warning: "I am still here"
            QTimer.singleShot(0, self._check)
            return
        self._acting(self._back)
        self._after_action(before, back=True)

    # typing into an on-screen pad -----------------------------------------------------------

    def typing_target(self) -> QWidget | None:
        """The on-screen pad shown on the current screen, if there is one."""
        scope = self.scope()
        return shown_typing_target(scope)

    def _type(self, event: QKeyEvent) -> bool:
        target = self.typing_target()
        if target is None or not isinstance(target, TypingTarget):
            self._typed_into = None
            return False
        key = event.key()
        if key == Qt.Key.Key_Backspace:
            target.erase_key()
            self._typed_into = target
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typed_into is target:
            self._acting(target.submit_key)
            self._after_action(target)
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable() and target.type_key(text):
            self._typed_into = target
            return True
        return False

    # events ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in POINTER_EVENTS:
            self._set_keyboard_mode(False)
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        return self._key(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        focus = QApplication.focusWidget()
        if isinstance(focus, TEXT_INPUTS) and key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False  # a real text field (staff screens) keeps its keys
        if event.isAutoRepeat() and (key in OK_KEYS or key in BACK_KEYS):
            return True  # a held OK or back key must not run through several screens
        keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
        modal = self.scope() is not self._window
        if not modal:
            self._activity()  # during the idle warning, keys act on its two buttons instead
        self._set_keyboard_mode(True)
        if key in BACK_KEYS or (keypad and key in KEYPAD_BACK_KEYS):
            self._go_back(modal)
            return True
        if self._type(event):
            return True
        if key == Qt.Key.Key_Backspace:  # not typed into a pad: back
            self._go_back(modal)
            return True
        if key in NEXT_KEYS or key in PREVIOUS_KEYS or key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._typed_into = None
            self.move(key)
            return True
        if key in OK_KEYS:
            self._typed_into = None
            self.activate()
            return True
        return False

    def _set_keyboard_mode(self, on: bool) -> None:
        if on == self.keyboard_mode:
            return
        self.keyboard_mode = on
        if on:
            focus = QApplication.focusWidget()
            if focus is not None and focus is not self._focused:
                focus.clearFocus()  # Qt's own pick (window activation): start from home instead
            self._follow.start()
            self.ring.follow(self.current())
        else:
            self._follow.stop()
            self.ring.follow(None)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self.keyboard_mode or self._in_action:
            return
        if (
            old is not None
            and isValid(old)
            and old is self._focused
            and old.isVisible()
            and not old.isEnabled()
        ):
            QTimer.singleShot(0, lambda: self._replace_disabled(old))
            return
        if old is not None and isValid(old) and old is self._focused and not old.isVisible():
            # the screen changed under the focus (the flow moved on by itself)
            QTimer.singleShot(0, lambda: self.focus(self.home()) if self.keyboard_mode else None)
            return
        QTimer.singleShot(0, self._check)

    def _replace_disabled(self, old: QWidget) -> None:
        if self.keyboard_mode and isValid(old) and old.isVisible() and not old.isEnabled():
            self.focus(self._nearest_enabled(old))

    def _check(self) -> None:
        """Keep the ring on the focus; re-home when the focus was lost or left the screen."""
        if not self.keyboard_mode:
            return
        current = self.current()
        if current is None:
            focus = QApplication.focusWidget()
            if focus is not None and isValid(focus) and focus.isVisible() and not focus.isEnabled():
                self.focus(self._nearest_enabled(focus))
            elif self.candidates():
                self.focus(self.home())
            else:
                self.ring.follow(None)
            return
        self.ring.follow(current)

    def _nearest_enabled(self, disabled: QWidget) -> QWidget | None:
        """A key that went disabled under the focus (a full PIN pad): the pad's confirm key,
        else the nearest widget."""
        rects = self._scan()
        if not rects:
            return None
        here = QRect(disabled.mapTo(self._window, disabled.rect().topLeft()), disabled.size())
        siblings = [w for w in rects if w.parentWidget() is disabled.parentWidget()]
        confirm = [
            w for w in siblings if w.property("kind") == "primary" or w.property("key") == "ok"
        ]
        pool = confirm or siblings or list(rects)

        def distance(widget: QWidget) -> tuple[int, int]:
            centre = rects[widget].center() - here.center()
            return (abs(centre.x()) + abs(centre.y()), -rects[widget].left())

        return min(pool, key=distance)
