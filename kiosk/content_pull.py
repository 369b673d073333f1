"""Follows a content bundle published at an HTTPS URL: download, check, stage, switch.

Why this shape: a station must never show half a bundle, a bundle nobody signed, or nothing.
So a download goes to a temporary directory beside the live bundles, is unpacked with strict
rules, validated with the same checks as ``--check-content`` and, if a key is configured,
checked against the city's minisign signature; only then is it renamed into ``bundles/``.
The switch is one atomic rename of the ``current`` symlink, done by the caller between
visitors. Anything that goes wrong leaves ``current`` as it was and is written to
``pull.json`` for health and metrics.

No Qt here: this runs in a worker thread (``kiosk.bundle_updater``) and in tests directly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal

import requests

from kiosk.content import load_bundle
from kiosk.content_signing import PublicKey, SignatureError, verify

logger = logging.getLogger(__name__)

CURRENT_LINK = "current"
BUNDLES_DIR = "bundles"
STATE_FILE = "pull.json"
SIGNATURE_SUFFIX = ".minisig"
MAX_SIGNATURE_BYTES = 4096
#: Unpacked files may be this many times larger than the download (a zip bomb is not).
UNPACK_FACTOR = 4
CHUNK_BYTES = 64 * 1024


class PullError(Exception):
    """An update that cannot be taken; the text says why, for health and the journal."""


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
class PullState:
    """What the station remembers between polls (``pull.json``); nothing about visitors."""

    url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_check: float | None = None
    last_success: float | None = None
    last_update: float | None = None
    version: str | None = None
    bundle_id: str | None = None
    error: str | None = None
    failures_total: int = 0
    updates_total: int = 0

    @classmethod
    def load(cls, state_dir: Path) -> PullState:
        try:
            data = json.loads((state_dir / STATE_FILE).read_text(encoding="utf-8"))
            known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
            return cls(**known)
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, TypeError) as error:
            logger.warning("content pull: %s unreadable (%s); starting afresh", STATE_FILE, error)
            return cls()

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        temporary = state_dir / f".{STATE_FILE}.tmp"
        temporary.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(temporary, state_dir / STATE_FILE)


@dataclass(frozen=True)
class PullOutcome:
    status: Literal["unchanged", "staged", "failed"]
    message: str
    staged: Path | None = None
    state: PullState = field(default_factory=PullState)


def current_bundle_dir(state_dir: Path) -> Path | None:
    """The bundle ``current`` points at, or None before the first update."""
    link = state_dir / CURRENT_LINK
    return link.resolve() if link.is_dir() else None


def pull(
    settings: PullSettings, http: requests.Session, *, clock: float | None = None
) -> PullOutcome:
    """One poll: conditional download, checks, staging. Never touches ``current``."""
    now = time.time() if clock is None else clock
    state = PullState.load(settings.state_dir)
    if state.url != settings.url:  # another source: its validators mean nothing here
        state = PullState(url=settings.url, failures_total=state.failures_total)
    state = replace(state, last_check=now)
    bundles = settings.state_dir / BUNDLES_DIR
    bundles.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".incoming-", dir=bundles) as scratch:
        try:
            fetched = _fetch(settings, http, state, Path(scratch))
            if fetched is not None:
                staged, bundle_id = _check_and_stage(settings, fetched, bundles)
        except PullError as error:
            state = replace(state, error=str(error), failures_total=state.failures_total + 1)
            state.save(settings.state_dir)
            return PullOutcome("failed", str(error), state=state)
    state = replace(state, last_success=now)
    if fetched is None:
        state.save(settings.state_dir)
        pending = _pending(settings.state_dir, state)
        if pending is not None:  # staged before a restart, not yet switched to
            return PullOutcome(
                "staged", f"bundle {pending.name} waits for the switch", pending, state
            )
        return PullOutcome("unchanged", "not modified", state=state)
    # Validators only for a bundle that was taken: after a refusal the next poll downloads
    # again, so a signature published later, or a fix, is seen at once.
    state = replace(
        state,
        error=None,
        version=fetched.version,
        bundle_id=bundle_id,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    state.save(settings.state_dir)
    return PullOutcome("staged", f"bundle {staged.name} checked and staged", staged, state)


@dataclass(frozen=True)
class _Fetched:
    archive: Path
    version: str
    etag: str | None
    last_modified: str | None
    signature: str | None


def _fetch(
    settings: PullSettings, http: requests.Session, state: PullState, scratch: Path
) -> _Fetched | None:
    """The archive (and its signature, with a key configured); None when not modified."""
    headers = {}
    if not state.error:  # after a failed poll, ask again unconditionally
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    archive = scratch / "download"
    try:
        with http.get(
            settings.url,
            headers=headers,
            timeout=settings.timeout,
            stream=True,
            verify=settings.verify,
        ) as reply:
            if reply.status_code == 304:
                return None
            if reply.status_code != 200:
                raise PullError(f"{settings.url}: HTTP {reply.status_code} {reply.reason}")
            digest = _save_limited(reply, archive, settings.max_bytes)
            etag, modified = reply.headers.get("ETag"), reply.headers.get("Last-Modified")
        signature = _fetch_signature(settings, http) if settings.public_key else None
    except requests.RequestException as error:
        raise PullError(f"{settings.url}: {_reason(error)}") from error
    return _Fetched(archive, digest[:12], etag, modified, signature)


def _check_and_stage(settings: PullSettings, fetched: _Fetched, bundles: Path) -> tuple[Path, str]:
    """Signature, safe unpacking, the content check; then rename into ``bundles/``."""
    if settings.public_key is not None:
        try:
            trusted = verify(
                fetched.archive.read_bytes(), fetched.signature or "", settings.public_key
            )
        except SignatureError as error:
            raise PullError(f"bundle refused: {error}") from error
        logger.info("content pull: signature good, trusted comment %r", trusted)
    unpacked = fetched.archive.parent / "unpacked"
    _unpack(fetched.archive, unpacked, settings.max_bytes * UNPACK_FACTOR)
    root = _bundle_root(unpacked)
    bundle, problems = load_bundle(root, settings.allowed_hosts)
    if bundle is None:
        shown = "; ".join(str(p).replace(str(root) + "/", "") for p in problems[:3])
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        raise PullError(f"bundle refused by the content check: {shown}{more}")
    target = bundles / f"{bundle.id}-{fetched.version}"
    if target.exists():
        shutil.rmtree(target)
    root.rename(target)
    return target, bundle.id


def _pending(state_dir: Path, state: PullState) -> Path | None:
    if not (state.bundle_id and state.version):
        return None
    staged = state_dir / BUNDLES_DIR / f"{state.bundle_id}-{state.version}"
    if staged.is_dir() and staged.resolve() != current_bundle_dir(state_dir):
        return staged
    return None


def _reason(error: requests.RequestException) -> str:
    """A short, stable reason: the class name says most (ConnectTimeout, SSLError, …)."""
    text = str(error)
    return f"{type(error).__name__}: {text[:200]}"


def _save_limited(reply: requests.Response, target: Path, max_bytes: int) -> str:
    """Stream the body into ``target``; stop at ``max_bytes``. Returns the SHA-256 hex."""
    declared = reply.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PullError(
            f"bundle is {int(declared)} bytes, more than the limit of {max_bytes} bytes"
        )
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for chunk in reply.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise PullError(f"bundle is larger than the limit of {max_bytes} bytes")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _fetch_signature(settings: PullSettings, http: requests.Session) -> str:
    """``<url>.minisig``; a bundle without one is refused when a key is configured."""
    url = settings.url + SIGNATURE_SUFFIX
    with http.get(url, timeout=settings.timeout, stream=True, verify=settings.verify) as reply:
        if reply.status_code != 200:
            raise PullError(f"signature {url}: HTTP {reply.status_code}; unsigned bundle refused")
        body = reply.raw.read(MAX_SIGNATURE_BYTES + 1, decode_content=True)
    if len(body) > MAX_SIGNATURE_BYTES:
        raise PullError(f"signature {url}: larger than {MAX_SIGNATURE_BYTES} bytes")
    return body.decode("utf-8", "replace")


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
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or "\\" in name:
            raise PullError(f"bundle archive has an unsafe path: {name!r}")
        if not plain:
            raise PullError(f"bundle archive has a link or special file: {name!r}")
        total += size
        if total > max_total:
            raise PullError(f"bundle unpacks to more than {max_total} bytes")


def _bundle_root(unpacked: Path) -> Path:
    """``bundle.toml`` at the top, or inside the archive's one top-level folder."""
    if (unpacked / "bundle.toml").is_file():
        return unpacked
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and (entries[0] / "bundle.toml").is_file():
        return entries[0]
    raise PullError("bundle archive has no bundle.toml at the top or in one top-level folder")


def activate(state_dir: Path, staged: Path, *, clock: float | None = None) -> PullState:
    """Point ``current`` at ``staged`` in one atomic rename; keep the previous bundle, prune
    older ones. Called between visitors."""
    link = state_dir / CURRENT_LINK
    previous = current_bundle_dir(state_dir)
    temporary = state_dir / f".{CURRENT_LINK}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(staged.relative_to(state_dir))
    os.replace(temporary, link)
    state = PullState.load(state_dir)
    state = replace(
        state,
        last_update=time.time() if clock is None else clock,
        updates_total=state.updates_total + 1,
    )
    state.save(state_dir)
    _prune(state_dir / BUNDLES_DIR, keep={staged.resolve(), *([previous] if previous else [])})
    return state


def _prune(bundles: Path, keep: set[Path]) -> None:
    for entry in bundles.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.resolve() not in keep:
            shutil.rmtree(entry, ignore_errors=True)
            logger.info("content pull: removed old bundle %s", entry.name)
