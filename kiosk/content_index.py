"""A bundle published as a plain folder on a static HTTPS server, listed in ``SHA256SUMS``.

Why support it beside the archive: a city can publish the bundle folder as it is (rsync, a
git checkout behind any web server) without packing it, and a station downloads only the
files that changed; images, the bulk of a bundle, rarely do. The index is the output of
coreutils' ``sha256sum`` (``<64 hex digits>  <path>``), made and signed with tools every
admin has::

    cd bundle && find . -type f ! -name 'SHA256SUMS*' -printf '%P\\0' | sort -z \\
        | xargs -0 sha256sum > SHA256SUMS && minisign -Sm SHA256SUMS

The signature covers the index, and the index pins every file by its SHA-256, so one
signature vouches for the whole folder. A file that does not match its line (half
published, changed afterwards, tampered with) refuses the whole update.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin

import requests

from kiosk.content_fetch import (
    Fetched,
    PullError,
    PullSettings,
    TooLargeError,
    Validators,
    bundle_root,
    check_signature,
    download,
    safe_relative,
)

logger = logging.getLogger(__name__)

INDEX_NAME = "SHA256SUMS"
MAX_INDEX_BYTES = 1024 * 1024
MAX_FILES = 10_000
_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


def is_index_url(url: str) -> bool:
    """The URL names a directory index (and not an archive) when it ends in ``SHA256SUMS``."""
    return url.split("?", 1)[0].rstrip("/").endswith("/" + INDEX_NAME)


def parse_index(text: str) -> dict[PurePosixPath, str]:
    """Relative path -> SHA-256 (lower case); PullError naming the first bad line."""
    entries: dict[PurePosixPath, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line.rstrip("\r"))
        if match is None:
            raise PullError(f"{INDEX_NAME}:{number}: expected '<sha256>  <path>'")
        name = match.group(2).removeprefix("./")
        path = safe_relative(name)
        if path.name.startswith(INDEX_NAME):
            continue  # the index listing itself (or its signature) cannot match; not content
        if path in entries:
            raise PullError(f"{INDEX_NAME}:{number}: {name} is listed twice")
        entries[path] = match.group(1).lower()
    if not entries:
        raise PullError(f"{INDEX_NAME}: lists no files")
    if len(entries) > MAX_FILES:
        raise PullError(f"{INDEX_NAME}: lists more than {MAX_FILES} files")
    return entries


def fetch_index(
    settings: PullSettings,
    http: requests.Session,
    validators: Validators | None,
    scratch: Path,
    reuse_from: Path | None,
) -> Fetched | None:
    """The folder the index at the URL lists, every file checked against its SHA-256; None
    when the index is not modified. Files ``reuse_from`` (the bundle on screen) already has
    with the same hash are copied from there instead of downloaded."""
    index = scratch / INDEX_NAME
    fresh = download(
        settings, http, settings.url, index, max_bytes=MAX_INDEX_BYTES, validators=validators
    )
    if fresh is None:
        return None
    check_signature(settings, http, index)
    entries = parse_index(index.read_text(encoding="utf-8", errors="replace"))
    root = scratch / "folder"
    budget = settings.max_bytes
    too_large = f"bundle is larger than the limit of {settings.max_bytes} bytes"
    fetched = reused = 0
    for path, expected in sorted(entries.items()):
        target = root.joinpath(*path.parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if _reuse(reuse_from, path, expected, target):
                reused += 1
            else:
                url = urljoin(settings.url, quote(str(path)))
                try:
                    download(settings, http, url, target, max_bytes=budget)
                except TooLargeError as error:  # the limit is for the bundle, not for one file
                    raise PullError(too_large) from error
                fetched += 1
                if _sha256(target) != expected:
                    raise PullError(f"{path}: its SHA-256 does not match {INDEX_NAME}")
            budget -= target.stat().st_size
        except OSError as error:  # e.g. "a" listed as a file and as a folder ("a/b")
            raise PullError(f"{path}: cannot be stored ({error.strerror})") from error
        if budget < 0:
            raise PullError(too_large)
    logger.info("content pull: %d file(s) downloaded, %d unchanged", fetched, reused)
    return Fetched(bundle_root(root), fresh)


def _reuse(base: Path | None, path: PurePosixPath, expected: str, target: Path) -> bool:
    """Copy the running bundle's file when it is byte for byte the listed one."""
    if base is None:
        return False
    source = base.joinpath(*path.parts)
    try:
        if not source.is_file() or source.is_symlink() or _sha256(source) != expected:
            return False
        shutil.copyfile(source, target)
    except OSError:
        return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
