"""The content updater in the Qt loop: polls in a worker thread, and switches bundles only
when no visitor is on the station."""

from __future__ import annotations

from pathlib import Path

import requests
from pytestqt.qtbot import QtBot

from kiosk.bundle_updater import ContentUpdater
from kiosk.content_pull import PullSettings, current_bundle_dir
from kiosk.session import EndReason, VisitorSession
from tests.deploy.helpers import HttpsServer, bundle_tar

PATH = "/plietsch/bundle.tar.gz"


def test_update_waits_for_the_visitor_then_switches(
    qtbot: QtBot, server: HttpsServer, http: requests.Session, settings: PullSettings
) -> None:
    session = VisitorSession(90, 30, auto_tick=False)
    updater = ContentUpdater(settings, session, http=http)
    switched: list[Path] = []
    updater.switched.connect(switched.append)
    server.published.files[PATH] = bundle_tar(marker="Neu")

    session.start()  # a visitor is in the middle of a service
    with qtbot.waitSignal(updater.state_changed, timeout=15_000):
        updater.poll()
    assert updater.pending is not None
    assert switched == [] and current_bundle_dir(settings.state_dir) is None

    with qtbot.waitSignal(updater.switched, timeout=5_000):
        session.end(EndReason.DONE)
    assert len(switched) == 1
    assert current_bundle_dir(settings.state_dir) == switched[0].resolve()
    updater.shutdown()


def test_without_visitor_the_switch_follows_the_poll(
    qtbot: QtBot, server: HttpsServer, http: requests.Session, settings: PullSettings
) -> None:
    session = VisitorSession(90, 30, auto_tick=False)
    updater = ContentUpdater(settings, session, http=http)
    server.published.files[PATH] = bundle_tar(marker="Neu")
    with qtbot.waitSignal(updater.switched, timeout=15_000):
        updater.poll()
    server.published.files[PATH] = bundle_tar(marker="Kaputt", broken=True)
    with qtbot.waitSignal(updater.state_changed, timeout=15_000) as failed:
        updater.poll()
    assert failed.args[0].error and "content check" in failed.args[0].error
    assert updater.pending is None
    updater.shutdown()
