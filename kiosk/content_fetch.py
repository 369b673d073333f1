"""Getting a published bundle onto the station: conditional HTTPS download with a size limit,
the city's minisign signature, and strict unpacking of a tar or zip archive.

Why apart from ``kiosk.content_pull``: the archive and the directory index
(``kiosk.content_index``) share these rules, and the pull itself (state, staging, the
switch) does not care which of the two a city publishes. Nothing here touches the live
bundles: everything is written below the scratch folder the caller gives.
"""

from __future__ import annotations

import hashlib
import logging
import tarfile
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import requests

from kiosk.content_signing import PublicKey, SignatureError, verify

logger = logging.getLogger(__name__)

SIGNATURE_SUFFIX = ".minisig"
MAX_SIGNATURE_BYTES = 4096
#: Unpacked files may be this many times larger than the download (a zip bomb is not).
UNPACK_FACTOR = 4
CHUNK_BYTES = 64 * 1024


class PullError(Exception):
    """An update that cannot be taken; the text says why, for health and the journal."""


class TooLargeError(PullError):
    """A download went past its size limit."""


@dataclass(frozen=True)
class PullSettings:
    url: str
    state_dir: Path
    allowed_hosts: Collection[str]
    public_key: PublicKey | None = None
    max_bytes: int = 50 * 1024 * 1024
    timeout: tuple[float, float] = (5.0, 30.0)  # connect, read
    #: A CA file for the content server, or True for the default store. Passed with every
    #: request: requests lets $REQUESTS_CA_BUNDLE override a Session's own ``verify``.
    verify: bool | str = True


@dataclass(frozen=True)
class Validators:
    """What the server said last time; sent back so an unchanged bundle costs one 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    """A published bundle, unpacked or assembled below the scratch folder, not yet checked
    by the content rules."""

    root: Path
    validators: Validators


def reason(error: requests.RequestException) -> str:
    """A short, stable reason: the class name says most (ConnectTimeout, SSLError, …)."""
    return f"{type(error).__name__}: {str(error)[:200]}"


def download(
    settings: PullSettings,
    http: requests.Session,
    url: str,
    target: Path,
    *,
    max_bytes: int,
    validators: Validators | None = None,
) -> Validators | None:
    """GET ``url`` into ``target`` (at most ``max_bytes``); None when not modified."""
    headers = validators.headers() if validators is not None else {}
    try:
        with http.get(
            url, headers=headers, timeout=settings.timeout, stream=True, verify=settings.verify
        ) as reply:
            if reply.status_code == 304 and validators is not None:
                return None
            if reply.status_code != 200:
                raise PullError(f"{url}: HTTP {reply.status_code} {reply.reason}")
            save_limited(reply, target, max_bytes)
            return Validators(reply.headers.get("ETag"), reply.headers.get("Last-Modified"))
    except requests.RequestException as error:
        raise PullError(f"{url}: {reason(error)}") from error


def save_limited(reply: requests.Response, target: Path, max_bytes: int) -> str:
    """Stream the body into ``target``; stop at ``max_bytes``. Returns the SHA-256 hex."""
    declared = reply.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(
            f"{reply.url}: {int(declared)} bytes, more than the limit of {max_bytes} bytes"
        )
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for chunk in reply.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise TooLargeError(f"{reply.url}: larger than the limit of {max_bytes} bytes")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def check_signature(settings: PullSettings, http: requests.Session, signed: Path) -> None:
    """With a key configured: ``<url>.minisig`` must sign ``signed`` (the archive or the
    index) with that key; anything else is refused."""
    if settings.public_key is None:
        return
    url = settings.url + SIGNATURE_SUFFIX
    try:
        with http.get(url, timeout=settings.timeout, stream=True, verify=settings.verify) as reply:
            if reply.status_code != 200:
                raise PullError(
                    f"signature {url}: HTTP {reply.status_code}; unsigned bundle refused"
                )
            body = reply.raw.read(MAX_SIGNATURE_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise PullError(f"signature {url}: {reason(error)}") from error
    if len(body) > MAX_SIGNATURE_BYTES:
        raise PullError(f"signature {url}: larger than {MAX_SIGNATURE_BYTES} bytes")
    try:
        trusted = verify(signed.read_bytes(), body.decode("utf-8", "replace"), settings.public_key)
    except SignatureError as error:
        raise PullError(f"bundle refused: {error}") from error
    logger.info("content pull: signature good, trusted comment %r", trusted)


def fetch_archive(
    settings: PullSettings, http: requests.Session, validators: Validators | None, scratch: Path
) -> Fetched | None:
    """The tar/zip at the URL, signature checked, unpacked; None when not modified."""
    archive = scratch / "download"
    fresh = download(
        settings, http, settings.url, archive, max_bytes=settings.max_bytes, validators=validators
    )
    if fresh is None:
        return None
    check_signature(settings, http, archive)
    unpacked = scratch / "unpacked"
    _unpack(archive, unpacked, settings.max_bytes * UNPACK_FACTOR)
    return Fetched(bundle_root(unpacked), fresh)


def safe_relative(name: str) -> PurePosixPath:
    """A member or index path that stays inside the bundle folder, or PullError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise PullError(f"bundle has an unsafe path: {name!r}")
    return path


def _unpack(archive: Path, target: Path, max_total: int) -> None:
    """Unpack a zip or tar(.gz/.xz/.bz2) with strict rules: relative names without ``..``,
    regular files and folders only, and a total size limit."""
    target.mkdir()
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zipped:
            infos = zipped.infolist()
            _check_members(
                ((i.filename, i.is_dir() or _zip_is_regular(i), i.file_size) for i in infos),
                max_total,
            )
            zipped.extractall(target)
        return
    try:
        with tarfile.open(archive) as tarred:
            members = tarred.getmembers()
            _check_members(((m.name, m.isfile() or m.isdir(), m.size) for m in members), max_total)
            if hasattr(tarfile, "data_filter"):
                tarred.extractall(target, filter="data")
            else:  # pragma: no cover - Python without PEP 706; members are checked above
                tarred.extractall(target)
    except tarfile.TarError as error:
        raise PullError(f"bundle is neither a zip nor a tar archive ({error})") from error


def _zip_is_regular(info: zipfile.ZipInfo) -> bool:
    mode = (info.external_attr >> 16) & 0o170000
    return mode in (0, 0o100000)  # no mode recorded, or S_IFREG


def _check_members(members: Iterable[tuple[str, bool, int]], max_total: int) -> None:
    total = 0
    for name, plain, size in members:
        safe_relative(name)
        if not plain:
            raise PullError(f"bundle archive has a link or special file: {name!r}")
        total += size
        if total > max_total:
            raise PullError(f"bundle unpacks to more than {max_total} bytes")


def bundle_root(unpacked: Path) -> Path:
    """``bundle.toml`` at the top, or inside the one top-level folder."""
    if (unpacked / "bundle.toml").is_file():
        return unpacked
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and (entries[0] / "bundle.toml").is_file():
        return entries[0]
    raise PullError("bundle has no bundle.toml at the top or in one top-level folder")
