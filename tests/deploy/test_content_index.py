"""Content published as a folder with a SHA256SUMS index, against a real local HTTPS server:
made with coreutils' sha256sum and signed with minisign as the README says; taken, updated
file by file, and refused (running bundle kept) when anything does not match."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import requests

from kiosk.content_fetch import PullSettings
from kiosk.content_index import is_index_url
from kiosk.content_pull import PullState, current_bundle_dir, pull
from kiosk.content_signing import parse_public_key
from kiosk.health_probes import bundle_fingerprint
from tests.deploy.helpers import (
    HttpsServer,
    bundle_folder,
    minisign_file,
    minisign_key,
    publish_folder,
)
from tests.deploy.test_content_pull import first_title, take

PREFIX = "/plietsch/flensburg"
INDEX = PREFIX + "/SHA256SUMS"
FIRST_SERVICE = "services/bewohnerparken.toml"


@pytest.fixture
def index_settings(settings: PullSettings, server: HttpsServer) -> PullSettings:
    return replace(settings, url=server.base + INDEX)


def publish(server: HttpsServer, tmp_path: Path, **changes: object) -> Path:
    folder = bundle_folder(tmp_path / "published", **changes)  # type: ignore[arg-type]
    publish_folder(server.published, folder, PREFIX)
    return folder


def fetched_paths(server: HttpsServer, since: int) -> list[str]:
    return [path for method, path, status in server.published.requests[since:] if status == 200]


def test_the_url_decides_archive_or_index() -> None:
    assert is_index_url("https://x.example/plietsch/SHA256SUMS")
    assert not is_index_url("https://x.example/plietsch/bundle.tar.gz")
    assert not is_index_url("https://x.example/plietsch/NOTSHA256SUMS")


def test_index_bundle_is_taken_then_only_changed_files_are_downloaded(
    server: HttpsServer, http: requests.Session, index_settings: PullSettings, tmp_path: Path
) -> None:
    published = publish(server, tmp_path, marker="Index eins")
    seen = len(server.published.requests)
    first = take(index_settings, http)
    # the station runs the shipped bundle: only the one service the city changed is new
    assert fetched_paths(server, seen) == [INDEX, f"{PREFIX}/{FIRST_SERVICE}"]
    assert first_title(first, index_settings) == "Index eins"
    assert first.name == f"flensburg-{bundle_fingerprint(first)}"
    assert (first / "bundle.toml").read_bytes() == (published / "bundle.toml").read_bytes()
    assert not (first / "SHA256SUMS").exists()

    seen = len(server.published.requests)
    assert pull(index_settings, http).status == "unchanged"  # the index answers 304
    assert server.published.requests[seen:] == [("GET", INDEX, 304)]

    publish(server, tmp_path, marker="Index zwei")  # the city edits one service
    seen = len(server.published.requests)
    second = take(index_settings, http)
    assert first_title(second, index_settings) == "Index zwei"
    assert fetched_paths(server, seen) == [INDEX, f"{PREFIX}/{FIRST_SERVICE}"]
    state = PullState.load(index_settings.state_dir)
    assert state.version == bundle_fingerprint(second) and state.updates_total == 2


def test_signed_index_vouches_for_every_file(
    server: HttpsServer, http: requests.Session, index_settings: PullSettings, tmp_path: Path
) -> None:
    city = minisign_key(tmp_path)
    signed = replace(index_settings, public_key=parse_public_key(city.public_line))
    folder = publish(server, tmp_path, marker="Signiert")
    unsigned = pull(signed, http)
    assert unsigned.status == "failed" and "unsigned bundle refused" in unsigned.message

    minisign_file(city, folder / "SHA256SUMS", "flensburg 2026-12 folder")
    publish_folder(server.published, folder, PREFIX)
    good = take(signed, http)
    assert first_title(good, signed) == "Signiert"

    # Somebody swaps a service and fits the index to it, but cannot sign the new index.
    swapped = bundle_folder(tmp_path / "swapped", marker="Untergeschoben")
    publish_folder(server.published, swapped, PREFIX)
    server.published.files[INDEX + ".minisig"] = (folder / "SHA256SUMS.minisig").read_bytes()
    refit = pull(signed, http)
    assert refit.status == "failed" and "does not match" in refit.message

    # The city's next signed index, with one file swapped on the server: its line does not fit.
    folder = bundle_folder(folder, marker="Zwei")
    minisign_file(city, folder / "SHA256SUMS", "flensburg 2026-12 second")
    publish_folder(server.published, folder, PREFIX)
    server.published.files[f"{PREFIX}/{FIRST_SERVICE}"] = b'title.de = "Untergeschoben"\n'
    tampered = pull(signed, http)
    assert tampered.message == f"{FIRST_SERVICE}: its SHA-256 does not match SHA256SUMS"
    assert current_bundle_dir(signed.state_dir) == good
    assert first_title(good, signed) == "Signiert"


def test_a_file_that_does_not_match_its_line_refuses_the_update(
    server: HttpsServer, http: requests.Session, index_settings: PullSettings, tmp_path: Path
) -> None:
    publish(server, tmp_path, marker="Gut")
    good = take(index_settings, http)
    publish(server, tmp_path, marker="Halb")
    server.published.files[f"{PREFIX}/{FIRST_SERVICE}"] = b'title.de = "half uploaded"\n'
    half = pull(index_settings, http)
    assert half.status == "failed"
    assert half.message == f"{FIRST_SERVICE}: its SHA-256 does not match SHA256SUMS"
    assert current_bundle_dir(index_settings.state_dir) == good


def test_bad_indexes_are_refused_and_the_running_bundle_kept(
    server: HttpsServer, http: requests.Session, index_settings: PullSettings, tmp_path: Path
) -> None:
    publish(server, tmp_path, marker="Gut")
    good = take(index_settings, http)
    line = "0" * 64

    def refused_with(index: bytes, settings: PullSettings = index_settings) -> str:
        server.published.files[INDEX] = index
        outcome = pull(settings, http)
        assert outcome.status == "failed"
        return outcome.message

    assert "unsafe path" in refused_with(f"{line}  ../../etc/passwd\n".encode())
    assert "unsafe path" in refused_with(f"{line}  /etc/passwd\n".encode())
    assert refused_with(b"bundle.toml\n") == "SHA256SUMS:1: expected '<sha256>  <path>'"
    assert "listed twice" in refused_with(f"{line}  a.toml\n{line}  ./a.toml\n".encode())
    assert "lists no files" in refused_with(b"\n")
    assert "HTTP 404" in refused_with(f"{line}  missing.toml\n".encode())
    publish(server, tmp_path, marker="Riesig")
    small = replace(index_settings, max_bytes=20_000)
    assert "limit of 20000 bytes" in pull(small, http).message
    bundle_folder(tmp_path / "published", marker="Kaputt", broken=True)
    publish_folder(server.published, tmp_path / "published", PREFIX)
    broken = pull(index_settings, http)
    assert "content check" in broken.message and "portal_link" in broken.message

    assert current_bundle_dir(index_settings.state_dir) == good
    assert first_title(good, index_settings) == "Gut"
    assert not (index_settings.state_dir.parent / "etc").exists()
    leftovers = [p.name for p in (index_settings.state_dir / "bundles").iterdir()]
    assert leftovers == [good.name]
