"""Atomic file writes: a file is either complete or absent, never half-written."""

from __future__ import annotations

import os
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def atomic_write_bytes(path: Path, data: bytes, *, make_parent: bool = True) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``.

    The temporary file is created with mode 0666, so the umask gives it the usual
    permissions without a chmod. A batch that made the folder once passes
    ``make_parent=False`` to save the mkdir of every file.
    """
    if make_parent:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(path)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file ``.<name>.<random>.tmp`` beside ``path`` (batch.clear_temporaries knows the form)."""
    for _ in range(100):
        tmp = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"无法在“{path.parent}”中创建临时文件：同名临时文件过多。")


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a regular file normally takes all at once)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def atomic_write_text(path: Path, text: str, *, make_parent: bool = True) -> None:
    """UTF-8 text version of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"), make_parent=make_parent)
