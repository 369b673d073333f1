"""Follows a content bundle published at an HTTPS URL: download, check, stage, switch.

Why this shape: a station must never show half a bundle, a bundle nobody signed, or nothing.
So a download goes to a temporary directory beside the live bundles (a tar/zip archive,
or a folder listed in a ``SHA256SUMS`` index: ``kiosk.content_fetch``,
``kiosk.content_index``), is checked against the city's minisign signature if a key is
configured, validated with the same checks as ``--check-content``, and only then renamed
into ``bundles/``. The switch is one atomic rename of the ``current`` symlink, done by the
caller between visitors. Anything that goes wrong leaves ``current`` as it was and is
written to ``pull.json`` for health and metrics.

No Qt here: this runs in a worker thread (``kiosk.bundle_updater``) and in tests directly.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

import requests

from kiosk.content import SHIPPED_BUNDLE, load_bundle
from kiosk.content_fetch import Fetched, PullError, PullSettings, Validators, fetch_archive
from kiosk.content_index import fetch_index, is_index_url
from kiosk.health_probes import bundle_fingerprint

logger = logging.getLogger(__name__)

CURRENT_LINK = "current"
BUNDLES_DIR = "bundles"
STATE_FILE = "pull.json"


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
    # After a failed poll, ask again unconditionally: a fix or a signature may follow.
    validators = None if state.error else Validators(state.etag, state.last_modified)
    with tempfile.TemporaryDirectory(prefix=".incoming-", dir=bundles) as scratch:
        try:
            if is_index_url(settings.url):
                # a file's bytes are checked against the signed index, wherever they come from
                reuse = current_bundle_dir(settings.state_dir) or SHIPPED_BUNDLE
                fetched = fetch_index(settings, http, validators, Path(scratch), reuse)
            else:
                fetched = fetch_archive(settings, http, validators, Path(scratch))
            if fetched is not None:
                staged, bundle_id, version = _check_and_stage(settings, fetched, bundles)
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
        version=version,
        bundle_id=bundle_id,
        etag=fetched.validators.etag,
        last_modified=fetched.validators.last_modified,
    )
    state.save(settings.state_dir)
    return PullOutcome("staged", f"bundle {staged.name} checked and staged", staged, state)


def _check_and_stage(
    settings: PullSettings, fetched: Fetched, bundles: Path
) -> tuple[Path, str, str]:
    """The content check, then rename into ``bundles/<id>-<version>``; the version is the
    fingerprint of the files, the same the station's health reports for the bundle shown."""
    root = fetched.root
    bundle, problems = load_bundle(root, settings.allowed_hosts)
    if bundle is None:
        shown = "; ".join(str(p).replace(str(root) + "/", "") for p in problems[:3])
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        raise PullError(f"bundle refused by the content check: {shown}{more}")
    version = bundle_fingerprint(root)
    target = bundles / f"{bundle.id}-{version}"
    if target.exists():
        shutil.rmtree(target)
    root.rename(target)
    return target, bundle.id, version


def _pending(state_dir: Path, state: PullState) -> Path | None:
    if not (state.bundle_id and state.version):
        return None
    staged = state_dir / BUNDLES_DIR / f"{state.bundle_id}-{state.version}"
    if staged.is_dir() and staged.resolve() != current_bundle_dir(state_dir):
        return staged
    return None


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
