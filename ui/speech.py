"""The screen reader behind "Vorlesen": reads the visible screen from its own widgets.

Why from the widgets: what is spoken must be what is shown, in the same words and language,
so the texts come from the labels the screens already fill from the catalogs (one source),
in layout order. Only pictures that carry meaning get spoken-only words (`set_spoken`).

Screens mark what must not be read: `mark_secret` (a PIN pad: only "digit 3 of 6 entered"
is said, never a digit or a key face) and `mark_private` (personal data: said only after the
visitor presses the "Daten vorlesen" button from `read_private_button`, on that screen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from kiosk.i18n import Translator
from kiosk.speech import Speaker, compose, digit_progress
from ui.widgets import Page, button

logger = logging.getLogger(__name__)

SPEECH = "speech"  # widget property: "secret", "private" or "read-private"
SPOKEN = "spoken"  # widget property: catalog key of words for a picture
LANGUAGE = "speech_language"  # page property: its texts' language when not the visitor's
HEADING_ROLES = ("display", "h1", "h2")
SKIPPED_ROLES = ("brand",)
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
POLL_MS = 250


def mark_secret(widget: QWidget) -> None:
    """Never read this subtree. If it has a `changed(int)` signal and a `length`, the reader
    says after each key how many digits are entered (never which)."""
    widget.setProperty(SPEECH, "secret")


def mark_private(widget: QWidget) -> None:
    """Personal data: read only when the visitor asks for it with the read-private button."""
    widget.setProperty(SPEECH, "private")


def set_spoken(widget: QWidget, key: str) -> None:
    """Words for a picture or a control (a catalog key), read in its place in the layout."""
    widget.setProperty(SPOKEN, key)


def read_private_button() -> QPushButton:
    """ "Daten vorlesen": shown only while Vorlesen is on; the reader wires it. The owner sets
    its text (`speech.read_data`) when it fills the screen."""
    widget = button("secondary")
    widget.setProperty(SPEECH, "read-private")
    set_spoken(widget, "speech.private_hint")  # a visitor who cannot see it hears it is there
    widget.hide()
    return widget


def _mark(widget: QWidget) -> str:
    value = widget.property(SPEECH)
    return value if isinstance(value, str) else ""


def _in_marked(widget: QWidget, mark: str) -> QWidget | None:
    current: QWidget | None = widget
    while current is not None:
        if _mark(current) == mark:
            return current
        current = current.parentWidget()
    return None


class ScreenReader(QObject):
    """Reads the current screen on a page change, the focused control on a focus change, and
    the count of a secret field on each key. `window` is the shell (its `stack` and
    `overlay`); see the module docstring for what is never read."""

    def __init__(self, window: QWidget, speaker: Speaker, translator: Translator) -> None:
        super().__init__(window)
        self._window = window
        self._speaker = speaker
        self._tr = translator
        self._shown: tuple[int, str] | None = None  # the screen last read: (page, heading)
        self._private_allowed = False
        self._pending_page = self._pending_focus = False
        # stacks, secret fields and buttons already connected, by id: all of them live as long
        # as the window
        self._wired: set[int] = set()
        self._counts: dict[int, int] = {}
        #: whether the visitor uses keys (the navigator says); only then is the focus news
        self.keys_in_use: Callable[[], bool] = lambda: True
        self._count_text = ""  # a pad's count, said after this event-loop turn (see _on_secret)
        app = QApplication.instance()
        self._focus_connection = (
            app.focusChanged.connect(self._on_focus) if isinstance(app, QApplication) else None
        )
        translator.language_changed.connect(self._on_language)
        speaker.enabled_changed.connect(self._on_enabled)
        speaker.private_requested.connect(self.read_private)
        # Why a poll: screens often refill the same page (step 2 of a service, a new survey
        # question) and a label has no change signal. It runs only while Vorlesen is on.
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check)
        self.watch()

    # --- what the screen says ------------------------------------------------------------

    def current_page(self) -> QWidget | None:
        """The screen on top: the idle overlay, else the deepest visible `Page` in the stacks."""
        overlay = getattr(self._window, "overlay", None)
        if isinstance(overlay, QWidget) and overlay.isVisible():
            return overlay
        stack = getattr(self._window, "stack", None)
        page = stack.currentWidget() if isinstance(stack, QStackedWidget) else None
        while page is not None:
            inner = next(
                (
                    s.currentWidget()
                    for s in page.findChildren(QStackedWidget)
                    if isinstance(s.currentWidget(), Page) and s.isVisibleTo(page)
                ),
                None,
            )
            if inner is None:
                return page
            page = inner
        return None

    def page_utterance(self, page: QWidget | None = None) -> str:
        """Heading + body (layout order) + focused control of `page` (default: the current)."""
        page = page or self.current_page()
        if page is None:
            return ""
        texts = list(self._texts(page, private=False))
        index = _heading_index(texts)
        heading = texts.pop(index)[1] if index is not None else ""
        return compose(heading, [text for _role, text in texts], self.focus_utterance(page))

    def heading(self, page: QWidget) -> str:
        texts = list(self._texts(page, private=False))
        index = _heading_index(texts)
        return texts[index][1] if index is not None else ""

    def focus_utterance(self, page: QWidget | None = None) -> str:
        """The focused control's name (and description); a digit key of a secret pad only
        says it is a digit key; nothing for private data or outside the window."""
        widget = QApplication.focusWidget()
        if widget is None or not self._window.isAncestorOf(widget) or not widget.isVisible():
            return ""
        if not self.keys_in_use():  # by touch, the focus is wherever Qt put it: not news
            return ""
        if _in_marked(widget, "secret") is not None:
            name = widget.accessibleName()
            return self._tr.tr("speech.digit_key") if any(c.isdigit() for c in name) else name
        if _in_marked(widget, "private") is not None and not self._private_allowed:
            return ""
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        description = widget.accessibleDescription()
        return compose(name, [description] if description else [])

    def private_utterance(self) -> str:
        page = self.current_page()
        if page is None:
            return ""
        return compose("", [text for _role, text in self._texts(page, private=True)])

    def _texts(self, root: QWidget, *, private: bool) -> Iterator[tuple[str, str]]:
        """(role, text) of the visible labels under `root` in layout order; buttons are
        controls (read on focus), secret subtrees never, private ones only when `private`
        (and then nothing else)."""
        for widget in self._in_order(root):
            mark = _mark(widget)
            if not widget.isVisibleTo(root) and widget is not root and mark != "read-private":
                continue  # (that button is shown whenever Vorlesen is on: its hint is read)
            if mark == "secret":
                continue
            if mark == "private" and widget is not root:
                if private:
                    yield from self._texts(widget, private=False)
                continue
            spoken = widget.property(SPOKEN)
            if isinstance(spoken, str) and spoken and not private:
                yield "picture", self._tr.tr(spoken)
            elif isinstance(widget, QAbstractButton):
                continue
            elif isinstance(widget, QLabel) and widget is not root:
                role = str(widget.property("role") or "")
                text = widget.text()
                if not private and role not in SKIPPED_ROLES and any(c.isalnum() for c in text):
                    yield role, text
            elif widget is not root:
                yield from self._texts(widget, private=private)

    def _in_order(self, root: QWidget) -> Iterator[QWidget]:
        """Direct child widgets of `root` in layout order (then any not in a layout)."""
        if isinstance(root, QScrollArea):
            inner = root.widget()
            if inner is not None:
                yield inner
            return
        if isinstance(root, QStackedWidget):
            current = root.currentWidget()
            if current is not None:
                yield current
            return
        children = [c for c in root.findChildren(QWidget, options=_DIRECT) if not c.isWindow()]
        layout = root.layout()
        if layout is not None:
            yield from _layout_order(layout, children)
        else:
            yield from children

    # --- when it speaks ------------------------------------------------------------------

    def watch(self) -> None:
        """Connect to every page stack, secret field and read-private button under the window
        (stations are built after the shell, so this runs again on each page change)."""
        for stack in [*self._window.findChildren(QStackedWidget)]:
            if id(stack) not in self._wired:
                self._wired.add(id(stack))
                stack.currentChanged.connect(lambda _i: self._schedule(page=True))
        for widget in self._window.findChildren(QWidget):
            mark = _mark(widget)
            if mark == "secret" and id(widget) not in self._wired:
                changed = getattr(widget, "changed", None)
                if changed is not None and hasattr(widget, "length"):
                    self._wired.add(id(widget))
                    changed.connect(lambda count, w=widget: self._on_secret(w, count))
            elif mark == "read-private" and isinstance(widget, QPushButton):
                if id(widget) not in self._wired:
                    self._wired.add(id(widget))
                    widget.clicked.connect(self._speaker.request_private)
                widget.setVisible(self._speaker.enabled)

    def _schedule(self, *, page: bool = False) -> None:
        """Coalesce: a page change and the focus move it causes become one utterance."""
        if not (self._pending_page or self._pending_focus):
            QTimer.singleShot(0, self, self.check)  # dropped if the reader is gone
        self._pending_page = self._pending_page or page
        self._pending_focus = True

    def check(self) -> None:
        """Read the screen if it is a new one (another page or heading), else a focus move."""
        force, focus = self._pending_page, self._pending_focus
        self._pending_page = self._pending_focus = False
        if not self._speaker.enabled:
            return
        page = self.current_page()
        shown = (id(page), self.heading(page)) if page is not None else None
        if force or shown != self._shown:
            self.watch()
            if page is not None and shown is not None and shown[0] != (self._shown or (0,))[0]:
                self._private_allowed = False
            self._shown = shown
            language = page.property(LANGUAGE) if page is not None else None
            self._speaker.speak(self.page_utterance(page), language or None)
        elif focus:
            count, self._count_text = self._count_text, ""
            self._speaker.speak(f"{count} {self.focus_utterance(page)}".strip())

    def stop(self) -> None:
        """The kiosk stops (or starts afresh on new content in the same process): stop
        listening to the application's focus moves, or this reader would walk a window that
        is being deleted when the next kiosk's focus moves (a crash in shiboken, seen)."""
        self._poll.stop()
        if self._focus_connection is not None:
            QObject.disconnect(self._focus_connection)
            self._focus_connection = None

    def _on_focus(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._schedule()

    def _on_language(self, language: str) -> None:
        self._speaker.set_language(language)
        self._schedule(page=True)

    def _on_enabled(self, enabled: bool) -> None:
        self.watch()
        self._private_allowed = False
        if enabled:
            self._poll.start()
            self._shown = None
            self.check()
        else:
            self._poll.stop()

    def _on_secret(self, widget: QWidget, count: int) -> None:
        before = self._counts.get(id(widget), 0)
        self._counts[id(widget)] = count
        if count == before or (count == 0 and before > 1) or not widget.isVisible():
            return  # a fresh pad or a cleared entry says nothing of its own
        total = int(getattr(widget, "length", 0))
        # Said one turn later: the last digit moves the focus to the pad's OK (its digit keys
        # go off), and then the count and the new control are one utterance, count first.
        self._count_text = digit_progress(self._tr.tr, count, total, deleted=count < before)
        QTimer.singleShot(0, self, self._say_count)

    def _say_count(self) -> None:
        count, self._count_text = self._count_text, ""
        if count:
            self._speaker.speak(count)

    def read_private(self) -> None:
        """ "Daten vorlesen" was pressed: the personal data on this screen, this once."""
        self._private_allowed = True
        self._speaker.speak(self.private_utterance())


def _heading_index(texts: list[tuple[str, str]]) -> int | None:
    """Where the heading is: the first heading-role text in reading order that has words
    (the idle warning's big "30" is not its heading)."""
    return next(
        (
            index
            for index, (role, text) in enumerate(texts)
            if role in HEADING_ROLES and any(c.isalpha() for c in text)
        ),
        None,
    )


def _layout_order(layout: QLayout, children: list[QWidget]) -> list[QWidget]:
    """`children` in the order of `layout` and its inner layouts (then those in none).

    Why by `indexOf` and never `QLayout.itemAt`: PySide makes each item `itemAt` returns a
    Python child of the layout, so its wrapper outlives `del` and stays registered for its
    address. Qt deletes that item without telling PySide when its widget goes (a screen
    refill), and the stale wrapper then crashed a later deferred delete at the same address
    in shiboken's releaseWrapper (or came back as a wrong object). `indexOf` returns ints.
    """
    layouts = [layout, *layout.findChildren(QLayout)]
    keys: dict[int, tuple[int, ...]] = {}

    def key_of(inner: QLayout) -> tuple[int, ...]:
        if id(inner) not in keys:
            outer = inner.parent()
            keys[id(inner)] = (
                (*key_of(outer), outer.indexOf(inner)) if isinstance(outer, QLayout) else ()
            )
        return keys[id(inner)]

    placed: list[tuple[tuple[int, ...], QWidget]] = []
    loose: list[QWidget] = []
    for child in children:
        spot = next(
            ((*key_of(inner), index) for inner in layouts if (index := inner.indexOf(child)) >= 0),
            None,
        )
        if spot is None:
            loose.append(child)
        else:
            placed.append((spot, child))
    placed.sort(key=lambda pair: pair[0])
    return [widget for _spot, widget in placed] + loose
