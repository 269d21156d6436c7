"""Rendering and writing rows: what the batch's worker processes run (and a batch of one job inline)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..errors import WengaoError
from ..fsutil import os_reason
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


PARENT_POLL = 0.5  # seconds between a worker's looks at whether its parent is still there


def init_worker(destination: Destination) -> None:
    """Pool initializer: remember the destination and load the templates once per process.

    Workers ignore Ctrl-C: the parent alone decides to stop and writes the report. A worker forked
    from the command line inherits its SIGTERM handler, which belongs to the parent: the default
    comes back. A worker whose parent is gone exits (see _exit_with_parent).
    """
    global _destination
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _destination = destination
    with contextlib.suppress(Exception):
        pipeline.prepare_writers(destination.templates_dir)  # recipes, templates and the Word base, once


def _exit_with_parent(parent: int) -> None:
    """Exit once the parent process is gone (killed, even with kill -9): a pool worker waits for work
    on a pipe it holds both ends of, so without this it would wait, holding its memory, for ever."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


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
    result.note = "；".join(w.rstrip("。") for w in doc.warnings if _for_report(w))
    return Done(result, body_keys(doc), sizes, task.digest, task.stem)


def _for_report(warning: str) -> bool:
    """The notes report.csv's 提示 shows: a school's own items or figures, and a short document
    (the inferred facts are on every row, and in each manifest)."""
    return "工作要点" in warning or "主要数据" in warning or warning.startswith("篇幅偏短")


def reason(err: Exception) -> str:
    """A Chinese reason for report.csv, whatever went wrong with one row."""
    if isinstance(err, WengaoError):
        return str(err)
    if isinstance(err, OSError):
        return f"写入文件“{err.filename or ''}”失败：{os_reason(err)}。请检查磁盘空间和写入权限。"
    return f"程序内部错误（{type(err).__name__}: {err}），请把这一行和报告发给维护者。"


def _since(start: float, task: Task) -> float:
    return round(time.perf_counter() - start + task.plan_seconds, 4)
