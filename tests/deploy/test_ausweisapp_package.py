"""Which AusweisApp package a station gets: Debian 13 (trixie) ships 2.x as ``ausweisapp``,
Debian 12 1.x as ``ausweisapp2``. ``ausweisapp_deb`` (scripts/bootstrap.sh, used by
scripts/install-station and the Ansible role) runs here against a fake apt on PATH that
answers as each release's apt does."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_APT_CACHE = """#!/bin/sh
# apt-cache policy PKG...: a stanza per package apt knows, nothing for one it does not.
[ "$1" = policy ] || exit 1
shift
for pkg in "$@"; do
  if grep -qx "$pkg" "$FAKE/available"; then
    printf '%s:\\n  Installed: (none)\\n  Candidate: 2.3.2-1\\n' "$pkg"
  elif grep -qx "$pkg" "$FAKE/known"; then
    printf '%s:\\n  Installed: (none)\\n  Candidate: (none)\\n' "$pkg"
  fi
done
"""
FAKE_DPKG_QUERY = """#!/bin/sh
for pkg; do :; done
grep -qx "$pkg" "$FAKE/installed" && printf 'install ok installed' && exit 0
exit 1
"""
FAKE_APT_GET = """#!/bin/sh
echo "apt-get $*" >>"$FAKE/calls"
[ "$1" = update ] && cp "$FAKE/after-update" "$FAKE/available"
exit 0
"""


def choose(
    tmp_path: Path,
    *,
    available: tuple[str, ...] = (),
    installed: tuple[str, ...] = (),
    known: tuple[str, ...] = (),
    after_update: tuple[str, ...] = (),
) -> tuple[str, list[str]]:
    """The package ausweisapp_deb prints, and the apt-get calls it made."""
    fake = tmp_path / "fake"
    bin_dir = fake / "bin"
    bin_dir.mkdir(parents=True)
    for name, text in (
        ("apt-cache", FAKE_APT_CACHE),
        ("dpkg-query", FAKE_DPKG_QUERY),
        ("apt-get", FAKE_APT_GET),
        ("id", "#!/bin/sh\necho 0\n"),  # as root, as the installer runs
    ):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for name, packages in (
        ("available", available),
        ("installed", installed),
        ("known", known),
        ("after-update", after_update),
    ):
        (fake / name).write_text("".join(f"{p}\n" for p in packages))
    done = subprocess.run(
        ["bash", "-c", "source scripts/bootstrap.sh && ausweisapp_deb"],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE": str(fake)},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    calls = fake / "calls"
    return done.stdout.strip(), calls.read_text().splitlines() if calls.exists() else []


@pytest.mark.parametrize(
    ("release", "available", "expected"),
    [
        ("trixie", ("ausweisapp",), "ausweisapp"),
        ("bookworm", ("ausweisapp2",), "ausweisapp2"),
        ("both names known (a transitional package)", ("ausweisapp", "ausweisapp2"), "ausweisapp"),
    ],
)
def test_the_release_s_own_package_is_chosen(
    tmp_path: Path, release: str, available: tuple[str, ...], expected: str
) -> None:
    assert choose(tmp_path, available=available) == (expected, []), release


def test_a_name_apt_knows_without_a_version_is_not_chosen(tmp_path: Path) -> None:
    assert choose(tmp_path, available=("ausweisapp2",), known=("ausweisapp",))[0] == "ausweisapp2"


def test_an_installed_one_is_kept(tmp_path: Path) -> None:
    """A second run (or an upgraded release) does not swap a working AusweisApp."""
    chosen = choose(tmp_path, available=("ausweisapp", "ausweisapp2"), installed=("ausweisapp2",))
    assert chosen == ("ausweisapp2", [])


def test_empty_package_lists_are_read_first(tmp_path: Path) -> None:
    """A fresh machine has no package lists yet: without an update neither name is known."""
    package, calls = choose(tmp_path, after_update=("ausweisapp",))
    assert package == "ausweisapp"
    assert calls == ["apt-get update -qq"]
