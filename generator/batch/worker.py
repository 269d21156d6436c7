"""Rendering and writing rows: what the batch's worker processes run (and a batch of one job inline)."""

from __future__ import annotations

import contextlib
import errno
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..errors import WengaoError
from ..model import Outline
from .overlap import body_keys
from .report import FAILED, OK, RowResult


@dataclass
class Task:
    """One row to render and write: what a worker needs, nothing more (picklable)."""

    row: int
    school: str
    stem: str
    digest: str
    outline: Outline
    plan_seconds: float = 0.0


@dataclass
class Done:
    """A worker's answer for one task."""

    result: RowResult
    keys: list[int] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    digest: str = ""
    stem: str = ""


@dataclass(frozen=True)
class Destination:
    """Where and how a batch writes its rows."""

    out_dir: Path
    formats: tuple[str, ...]
    templates_dir: Path | None


_destination: Destination | None = None  # a worker process's, set once by the pool initializer


def init_worker(destination: Destination) -> None:
    """Pool initializer: remember the destination and load the templates once per process.

    Workers ignore Ctrl-C: the parent alone decides to stop and writes the report.
    """
    global _destination
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _destination = destination
    with contextlib.suppress(Exception):
        pipeline.prepare_writers(destination.templates_dir)  # recipes, templates and the Word base, once


def render_chunk(tasks: list[Task]) -> list[Done]:
    """Render and write a chunk of rows in a worker (one round trip per chunk)."""
    return [render_task(task, _destination) for task in tasks]


def render_task(task: Task, destination: Destination) -> Done:
    """Render one outline and write its files; any failure becomes a 失败 row, never a crash."""
    start = time.perf_counter()
    try:
        doc = pipeline.render_outline(task.outline, destination.templates_dir)
        doc.file_stem = task.stem
        paths = pipeline.write_outputs(doc, destination.out_dir, destination.formats)
        sizes = {p.name: p.stat().st_size for p in paths}
    except Exception as err:  # a bug or a full disk must not stop the other rows
        return Done(RowResult(task.row, task.school, FAILED, seconds=_since(start, task), reason=reason(err)))
    names = list(sizes)
    primary = next((n for n in names if n.endswith(".docx")), names[0])
    result = RowResult(task.row, task.school, OK, primary, doc.chars, _since(start, task), files=names)
    return Done(result, body_keys(doc), sizes, task.digest, task.stem)


def reason(err: Exception) -> str:
    """A Chinese reason for report.csv, whatever went wrong with one row."""
    if isinstance(err, WengaoError):
        return str(err)
    if isinstance(err, OSError):
        return f"写入文件“{err.filename or ''}”失败：{os_reason(err)}。请检查磁盘空间和写入权限。"
    return f"程序内部错误（{type(err).__name__}: {err}），请把这一行和报告发给维护者。"


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOTDIR: "路径中有同名的文件而不是文件夹",
    errno.ENAMETOOLONG: "路径太长",
    errno.EEXIST: "已有同名文件",
    errno.ENOENT: "路径不存在",
}


def os_reason(err: OSError) -> str:
    """The operating system's complaint in Chinese where it is a common one."""
    return _OS_REASONS.get(err.errno or 0, f"{err.strerror or err}")


def _since(start: float, task: Task) -> float:
    return round(time.perf_counter() - start + task.plan_seconds, 4)
