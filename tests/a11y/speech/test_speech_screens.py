"""Vorlesen on every screen in every language: heading, body text, focused control — read
from what the screen shows, nothing hidden, nothing secret, nothing personal.

The expected text is gathered here independently of the screen reader (every visible label of
the screen, wherever it sits), so a reader that skips a text, reads a hidden one or adds one
fails, whatever order it reads in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget

from kiosk.flow import Shell
from kiosk.speech import TranscriptEngine, sentence
from tests.qt_helpers import settle
from ui.app import KioskApp

HEADINGS = ("display", "h1", "h2")  # one of these (with words) heads the screen


def _marked(widget: QWidget, page: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None and current is not page:
        if isinstance(current, QAbstractButton) or current.property("speech") in (
            "secret",
            "private",
        ):
            return True
        current = current.parentWidget()
    return False


def shown_texts(kiosk: KioskApp, page: QWidget) -> tuple[list[str], list[str]]:
    """(heading candidates, every other text a sighted visitor reads on `page`)."""
    headings: list[str] = []
    body: list[str] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        spoken = widget.property("spoken")  # words for a picture or a control
        if spoken and not _marked(widget.parentWidget() or page, page):
            body.append(kiosk.translator.tr(str(spoken)))
        if not isinstance(widget, QLabel) or _marked(widget, page):
            continue
        role = widget.property("role") or ""
        text = widget.text()
        if role == "brand" or not any(c.isalnum() for c in text):
            continue
        if role in HEADINGS and any(c.isalpha() for c in text):
            headings.append(text)
        else:
            body.append(text)
    return headings, body


def assert_reads(said: str, headings: list[str], body: list[str], focused: str) -> None:
    """`said` is one heading, then all of `body` (and the other headings), then `focused`."""
    if headings:
        first = next((h for h in headings if said.startswith(sentence(h))), None)
        assert first is not None, f"does not start with a heading {headings}: {said!r}"
        body = [*body, *(h for h in headings if h is not first)]
        rest = said[len(sentence(first)) :]
    else:
        rest = said
    if focused:
        assert rest.endswith(sentence(focused)), f"does not end with {focused!r}: {said!r}"
        rest = rest[: len(rest) - len(sentence(focused))]
    for text in sorted(body, key=len, reverse=True):
        part = sentence(text)
        assert part in rest, f"{text!r} is shown but not read: {said!r}"
        rest = rest.replace(part, "", 1)
    assert rest.strip() == "", f"read but not shown: {rest.strip()!r}"


def focus_a_control(kiosk: KioskApp, page: QWidget) -> QWidget:
    """The first visible control on the page (else "Fertig"), focused as the keyboard would."""
    controls = [b for b in page.findChildren(QPushButton) if b.isVisibleTo(page) and b.isEnabled()]
    target = controls[0] if controls else kiosk.window.done_button
    kiosk.navigator.keyboard_mode = True  # a key was used: the focus is news to the visitor
    target.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    return target


def every_screen(kiosk: KioskApp, lang: str) -> Iterator[tuple[str, Callable[[], None]]]:
    yield "attract", partial(kiosk.attract.restart, lang)
    yield "menu", partial(kiosk.choose_language, lang)
    yield "idle-warning", lambda: kiosk._on_warning(kiosk.config.session.warning_seconds)
    for station in kiosk.stations.values():

        def enter(station_id: str = station.id) -> None:
            kiosk.finish()
            kiosk.choose_language(lang)
            kiosk.open_station(station_id)

        yield f"{station.id}-start", enter
        for screen, setup in station.screenshot_states():
            yield f"{station.id}-{screen}", setup


@pytest.mark.timeout(600)
def test_every_screen_reads_heading_body_and_focused_control(
    qtbot: Any, kiosk: KioskApp, engine: TranscriptEngine
) -> None:
    checked = 0
    for lang in kiosk.translator.languages:
        kiosk.finish()
        kiosk.translator.set_language(lang)
        for name, setup in every_screen(kiosk, lang):
            kiosk.speaker.set_enabled(False)
            setup()
            settle()
            page = kiosk.reader.current_page()
            assert page is not None, name
            focused = focus_a_control(kiosk, page)
            engine.lines.clear()
            kiosk.speaker.set_enabled(True)  # what a visitor hears on switching it on here
            assert engine.lines, f"{name}/{lang}: nothing said"
            voice, said = engine.lines[-1]
            assert voice == lang.split("-")[0] or name == "attract", name
            headings, body = shown_texts(kiosk, page)
            assert headings or name.startswith("idle"), f"{name}/{lang}: no heading"
            assert_reads(said, headings, body, kiosk.reader.focus_utterance(page))
            assert focused.accessibleName() == "" or kiosk.reader.focus_utterance(page)
            checked += 1
            focused.clearFocus()
    assert checked >= 3 * 40
    assert kiosk.flow.state in (Shell.STATION, Shell.MENU, Shell.ATTRACT, Shell.IDLE_WARNING)
