"""Content pull against a real local HTTPS server: what a station takes, what it refuses,
and that a refused or unreachable update always leaves the running bundle in place."""

from __future__ import annotations

import io
import socket
import tarfile
import zipfile
from dataclasses import replace
from pathlib import Path

import requests

from kiosk.content import load_bundle
from kiosk.content_pull import (
    PullSettings,
    PullState,
    activate,
    current_bundle_dir,
    pull,
)
from kiosk.content_signing import parse_public_key
from tests.deploy.helpers import (
    HttpsServer,
    bundle_tar,
    minisign_key,
    minisign_sign,
)

PATH = "/plietsch/bundle.tar.gz"


def first_title(directory: Path, settings: PullSettings) -> str:
    bundle, problems = load_bundle(directory, settings.allowed_hosts)
    assert bundle is not None, problems
    return bundle.service("bewohnerparken").title.get("de")  # type: ignore[union-attr]


def take(settings: PullSettings, http: requests.Session) -> Path:
    outcome = pull(settings, http)
    assert outcome.status == "staged", outcome.message
    assert outcome.staged is not None
    activate(settings.state_dir, outcome.staged)
    current = current_bundle_dir(settings.state_dir)
    assert current is not None
    return current


def test_new_bundle_is_staged_checked_and_switched_atomically(
    server: HttpsServer, http: requests.Session, settings: PullSettings
) -> None:
    server.published.files[PATH] = bundle_tar(marker="Version eins")
    current = take(settings, http)
    assert first_title(current, settings) == "Version eins"
    link = settings.state_dir / "current"
    assert link.is_symlink() and not Path(link.readlink()).is_absolute()

    # Unchanged: the server answers 304 to the ETag, nothing is downloaded or switched.
    again = pull(settings, http)
    assert again.status == "unchanged"
    assert server.published.requests[-1] == ("GET", PATH, 304)

    server.published.files[PATH] = bundle_tar(marker="Version zwei")
    newer = take(settings, http)
    assert first_title(newer, settings) == "Version zwei"
    state = PullState.load(settings.state_dir)
    assert state.updates_total == 2 and state.error is None and state.last_update
    assert len(list((settings.state_dir / "bundles").iterdir())) == 2  # new + previous


def test_archive_with_one_top_folder_and_zip_are_taken(
    server: HttpsServer, http: requests.Session, settings: PullSettings
) -> None:
    server.published.files[PATH] = bundle_tar(marker="Im Ordner", top="flensburg")
    assert first_title(take(settings, http), settings) == "Im Ordner"

    with tarfile.open(fileobj=io.BytesIO(bundle_tar(marker="Als Zip"))) as tar:
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as out:
            for member in tar.getmembers():
                if member.isfile():
                    out.writestr(member.name, tar.extractfile(member).read())  # type: ignore[union-attr]
    server.published.files[PATH] = zipped.getvalue()
    assert first_title(take(settings, http), settings) == "Als Zip"


def test_broken_bundle_is_refused_and_the_running_one_kept(
    server: HttpsServer, http: requests.Session, settings: PullSettings
) -> None:
    server.published.files[PATH] = bundle_tar(marker="Gut")
    good = take(settings, http)
    server.published.files[PATH] = bundle_tar(marker="Kaputt", broken=True)
    outcome = pull(settings, http)
    assert outcome.status == "failed"
    assert "content check" in outcome.message and "portal_link" in outcome.message
    assert current_bundle_dir(settings.state_dir) == good
    assert first_title(good, settings) == "Gut"
    state = PullState.load(settings.state_dir)
    assert state.error == outcome.message and state.failures_total == 1
    assert state.etag is not None  # still the good bundle's
    # Asked again unconditionally (a fix or a signature may follow), refused again, and
    # the error stays visible until a good bundle comes.
    again = pull(settings, http)
    assert again.status == "failed" and again.message == outcome.message
    assert server.published.requests[-1] == ("GET", PATH, 200)
    leftovers = [p.name for p in (settings.state_dir / "bundles").iterdir()]
    assert leftovers == [good.name]


def test_unreachable_wrong_ca_too_large_and_unsafe_are_refused(
    server: HttpsServer, http: requests.Session, settings: PullSettings, tmp_path: Path
) -> None:
    server.published.files[PATH] = bundle_tar(marker="Gut")
    good = take(settings, http)

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    down = replace(settings, url=f"https://127.0.0.1:{closed}/bundle.tar.gz")
    assert "ConnectionError" in pull(down, http).message

    stranger = replace(settings, verify=True)  # the default store: not the test CA
    assert "SSLError" in pull(stranger, http).message

    server.published.files[PATH] = bundle_tar(marker="Riesig")
    small = replace(settings, max_bytes=1000)
    assert "limit of 1000 bytes" in pull(small, http).message

    evil = io.BytesIO()
    with tarfile.open(fileobj=evil, mode="w:gz") as tar:
        info = tarfile.TarInfo("../../escape.toml")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"x=1\n"))
    server.published.files[PATH] = evil.getvalue()
    assert "unsafe path" in pull(settings, http).message
    assert not (settings.state_dir.parent / "escape.toml").exists()

    server.published.files[PATH] = b"this is not an archive"
    assert "neither a zip nor a tar" in pull(settings, http).message
    del server.published.files[PATH]
    assert "HTTP 404" in pull(settings, http).message

    assert current_bundle_dir(settings.state_dir) == good
    assert PullState.load(settings.state_dir).failures_total == 6


def test_signed_bundles_only_when_a_key_is_configured(
    server: HttpsServer, http: requests.Session, settings: PullSettings, tmp_path: Path
) -> None:
    city = minisign_key(tmp_path)
    signed = replace(settings, public_key=parse_public_key(city.public_line))
    data = bundle_tar(marker="Signiert")
    server.published.files[PATH] = data

    unsigned = pull(signed, http)
    assert unsigned.status == "failed" and "unsigned bundle refused" in unsigned.message

    signature = minisign_sign(city, data, tmp_path, "flensburg 2026-12")
    server.published.files[PATH + ".minisig"] = signature
    assert first_title(take(signed, http), signed) == "Signiert"

    # Someone swaps the bundle but cannot sign it: refused, the signed bundle stays.
    server.published.files[PATH] = bundle_tar(marker="Untergeschoben")
    swapped = pull(signed, http)
    assert swapped.status == "failed" and "does not match" in swapped.message

    (tmp_path / "other").mkdir()
    other = minisign_key(tmp_path / "other")
    server.published.files[PATH + ".minisig"] = minisign_sign(
        other, server.published.files[PATH], tmp_path, "not the city"
    )
    foreign = pull(signed, http)
    assert foreign.status == "failed" and "made with key" in foreign.message
    assert first_title(current_bundle_dir(signed.state_dir), signed) == "Signiert"  # type: ignore[arg-type]
