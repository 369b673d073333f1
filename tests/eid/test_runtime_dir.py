"""Stale AusweisApp TMPDIRs of killed kiosks are removed at the next start, and nothing else:
/tmp is shared, so only our own real folders of ended kiosks holding nothing but port files."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from eid.runtime_dir import NAME, PREFIX, make_runtime_dir, remove_stale_runtime_dirs


def ended_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def folder(base: Path, pid: int, *files: str) -> Path:
    made = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-", dir=base))
    for name in files:
        (made / name).write_text("4711")
    return made


def test_a_killed_kiosk_s_folder_goes_at_the_next_start(tmp_path: Path) -> None:
    """A real process makes its folder and is killed with SIGKILL; the next start removes it."""
    code = (
        "import os, signal, sys; from pathlib import Path; from eid.runtime_dir import "
        "make_runtime_dir; d = make_runtime_dir(Path(sys.argv[1])); "
        "(d / f'AusweisApp2.{os.getpid()}.port').write_text('24727'); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=False)
    assert killed.returncode == -9
    (stale,) = tmp_path.iterdir()
    match = NAME.match(stale.name)  # named with the killed process's pid
    assert match and int(match.group(1)) != os.getpid()
    new = make_runtime_dir(tmp_path)
    assert list(tmp_path.iterdir()) == [new]
    assert new.name.startswith(f"{PREFIX}{os.getpid()}-")


def test_only_orphaned_folders_of_our_own_with_port_files_only_are_removed(
    tmp_path: Path,
) -> None:
    dead = ended_pid()
    empty = folder(tmp_path, dead)
    with_port_file = folder(tmp_path, dead, "AusweisApp.1234.port")
    with_qt_runtime = folder(tmp_path, dead, "AusweisApp2.99.port")
    (with_qt_runtime / "runtime-root").mkdir()  # Qt's, without XDG_RUNTIME_DIR
    (with_qt_runtime / "runtime-root" / "socket").write_text("")
    linked_runtime = folder(tmp_path, dead)
    (linked_runtime / "runtime-root").symlink_to(tmp_path)  # never followed
    kept = [
        folder(tmp_path, dead, "notes.txt"),  # something else: not ours to delete
        linked_runtime,
        folder(tmp_path, os.getpid()),  # this kiosk's own
        folder(tmp_path, os.getppid()),  # a running process
    ]
    old_style = tmp_path / f"{PREFIX}x8k2j1"  # no pid in the name: owner unknown
    old_style.mkdir()
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / f"{PREFIX}{dead}-link"
    link.symlink_to(target)
    plain_file = tmp_path / f"{PREFIX}{dead}-file"
    plain_file.write_text("")
    kept += [old_style, target, link, plain_file]

    removed = remove_stale_runtime_dirs(tmp_path)

    assert sorted(removed) == sorted([empty, with_port_file, with_qt_runtime])
    assert not any(p.exists() for p in removed)
    for path in kept:
        assert path.exists() or path.is_symlink(), path


def test_a_folder_of_another_user_is_left_alone(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to make a folder of another user")
    foreign = folder(tmp_path, ended_pid())
    os.chown(foreign, 65534, 65534)
    assert remove_stale_runtime_dirs(tmp_path) == []
    assert foreign.is_dir()
