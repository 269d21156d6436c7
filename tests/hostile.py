"""Helpers for tests that treat the tool as a careless or hostile user would: folders the program may
not write, files it may not read, processes to find and wait for.

Tests run as root on some machines (containers, CI), where permission bits bind nobody. There a
folder is made read-only with the immutable attribute (``chattr +i``), which binds root too; where
neither works the test is skipped, saying why. A file root may read is made unreadable by making the
program's own read fail with the error the system gives a user without permission.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` as a folder nobody may write into, for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    immutable = not _denied(folder) and _chattr("+i", folder)
    try:
        if not _denied(folder):
            pytest.skip("此环境无法让文件夹只读（以 root 运行且不支持 chattr +i）")
        yield folder
    finally:
        if immutable:
            _chattr("-i", folder)
        folder.chmod(0o755)


def _denied(folder: Path) -> bool:
    """True when a new file cannot be created in ``folder``."""
    probe = folder / ".write-probe"
    try:
        probe.touch()
    except OSError:
        return True
    probe.unlink()
    return False


def _chattr(flag: str, path: Path) -> bool:
    """Set or clear a file attribute; False where chattr is missing or refused."""
    if not shutil.which("chattr"):
        return False
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    return done.returncode == 0


def make_unreadable(path: Path, monkeypatch) -> None:
    """``path`` as a file this user may not read: mode 000, and where that binds nobody (root), the
    checks and reads of this process fail for it as they fail for a user without permission."""
    path.chmod(0)
    if not os.access(path, os.R_OK):
        return
    target = str(path.resolve())
    real_access, real_open = os.access, os.open

    def access(name, mode, *args, **kwargs):
        if mode & os.R_OK and _same(name, target):
            return False
        return real_access(name, mode, *args, **kwargs)

    def open_(name, flags, *args, **kwargs):
        if _same(name, target):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr("builtins.open", _guarded_open(target))
    monkeypatch.setattr("io.open", _guarded_open(target))


def _guarded_open(target: str):
    import io

    real = io.open

    def guarded(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and _same(file, target):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    return guarded


def _same(name, target: str) -> bool:
    with contextlib.suppress(OSError, TypeError, ValueError):
        return os.path.realpath(os.fspath(name)) == target
    return False


# ---------------------------------------------------------------- processes


def children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if _stat(int(entry.name))[1] == pid:
                    found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, finished but not yet reaped, counts as gone)."""
    try:
        return _stat(pid)[0] not in ("Z", "X")
    except (OSError, IndexError, ValueError):
        return False


def _stat(pid: int) -> tuple[str, int]:
    """(state, parent id) of a process."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def wait_until(condition, timeout: float, what: str, step: float = 0.05) -> None:
    """Poll ``condition`` until true; fail saying ``what`` did not happen within ``timeout`` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"{what}：{timeout:g} 秒内没有发生")
