"""Files and their names: atomic writes (a file is complete or absent, never half-written), a file
name every system accepts, and the operating system's common complaints in Chinese."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from pathlib import Path

NAME_BYTES = 150
"""A file name's stem at most, in UTF-8 bytes: room for _NN, the extension and the temporary name's
decoration within the 255 bytes file systems allow (a school's name may be a sentence long)."""

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}

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


def safe_name(text: str, max_bytes: int = NAME_BYTES) -> str:
    """A file-name part every system accepts: no \\/:*?"<>| or control characters, no
    trailing dot or space, no leading dot (hidden file), not a Windows device name, at most
    ``max_bytes`` bytes of UTF-8."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", text))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").rstrip(". ")
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    while len(name.encode("utf-8")) > max_bytes:
        name = name[:-1].rstrip(". ")
    return name or "未命名"


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOTDIR: "路径中有同名的文件而不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENAMETOOLONG: "路径太长",
    errno.EEXIST: "已有同名文件",
    errno.ENOENT: "路径不存在",
}


def os_reason(err: OSError) -> str:
    """The operating system's complaint in Chinese where it is a common one."""
    return _OS_REASONS.get(err.errno or 0, f"{err.strerror or err}")
