"""One change to a corpus folder at a time: ingest, rebuild and the web page's commit take this lock.

Each of them reads the stored corpus, adds to it and swaps the new sections in; two at once would
each save what it read plus its own files, and the last save would drop the other's sources. The
lock is the operating system's lock on a file in the corpus folder (the ``filelock`` package): it
is released when the process ends, however it ends, so a killed ingest never blocks the next one.
Reading the corpus (generation) takes no lock: the swap is atomic.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .fsutil import os_reason

LOCK_NAME = ".lock"  # in the corpus folder; the file stays, holding it is what counts


@dataclass(frozen=True)
class LockSettings:
    """How long a second change to a corpus waits for the first."""

    wait: float = 600.0
    """Seconds to wait before giving up with a message: rebuilding a large corpus takes minutes, and a
    person who started two ingests expects the second to follow the first, not to fail at once."""


LOCK = LockSettings()


@contextlib.contextmanager
def corpus_locked(
    corpus_dir: Path, on_wait: Callable[[str], None] | None = None, settings: LockSettings = LOCK
) -> Iterator[None]:
    """Hold the corpus folder's lock (creating the folder) for the block; tell ``on_wait`` in
    Chinese when another process holds it; raise CorpusError when the folder cannot be written or
    the other process does not finish within ``settings.wait`` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(_lock_path(corpus_dir)))
    try:
        if not _acquired(lock, 0):
            if on_wait:
                on_wait(f"素材库“{corpus_dir}”正由另一个导入（或重建、网页确认）使用，等它完成后继续……")
            lock.acquire(timeout=settings.wait)
    except Timeout as err:
        raise CorpusError(
            f"素材库“{corpus_dir}”被另一个导入占用，等了 {settings.wait:g} 秒仍未结束；"
            "请等它完成后再运行（可用系统的任务管理器查看是否有卡住的 wengao 进程）。"
        ) from err
    except OSError as err:
        raise CorpusError(not_writable(corpus_dir, err)) from err
    try:
        yield
    finally:
        lock.release()


def _lock_path(corpus_dir: Path) -> Path:
    """The lock file; the corpus folder is made first (an ingest may start a new corpus)."""
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CorpusError(not_writable(corpus_dir, err)) from err
    return corpus_dir / LOCK_NAME


def _acquired(lock, timeout: float) -> bool:
    """Try to take the lock within ``timeout`` seconds; False when another process holds it."""
    from filelock import Timeout

    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        return False
    return True


def not_writable(corpus_dir: Path, err: OSError) -> str:
    """Why a corpus folder cannot be changed, in Chinese, with what to do."""
    return (
        f"无法写入素材库“{corpus_dir}”：{os_reason(err)}。"
        "请检查该文件夹的权限，或用 --corpus 换一个素材库目录。"
    )
