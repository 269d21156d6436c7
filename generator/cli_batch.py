"""``python generate.py batch``: a batch run from the command line, with progress and a summary."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .batch import (
    BATCH,
    EXISTS,
    FAILED,
    OK,
    PENDING,
    SKIPPED,
    BatchOptions,
    BatchResult,
    ProgressFn,
    RowResult,
    run,
)

SHOWN_PROBLEMS = 20  # skipped/failed rows listed in the summary; all of them are in report.csv


def run_cli(roster: Path, kind: str, out: Path, options: BatchOptions) -> int:
    """Run a batch with progress on stderr and the summary on stdout; return the exit status.

    The first Ctrl-C (or SIGTERM, as ``kill`` sends) stops the batch after the rows in flight (the
    report is written, the status is 130 or 143 as a shell gives for the signal); a second one quits
    at once.
    """
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    cancel = threading.Event()
    stopped: dict[str, int] = {}
    try:
        with _stop_signals_set(cancel) as stopped, _progress_display(errors) as show:
            result = run(
                roster, kind, out, replace(options, progress=show, stage=errors.print, cancel=cancel)
            )
    except KeyboardInterrupt:  # before any row was written: nothing to report
        errors.print("已中断：还没有生成任何文稿。")
        return stopped.get("status", 130)
    print_summary(result, console)
    return stopped.get("status", result.exit_code) if result.cancelled else result.exit_code


STOP_SIGNALS = {signal.SIGINT: 130, signal.SIGTERM: 143}  # exit status after each (128 + its number)


@contextlib.contextmanager
def _stop_signals_set(cancel: threading.Event) -> Iterator[dict[str, int]]:
    """Ctrl-C and SIGTERM set ``cancel`` instead of raising in the middle of recording a chunk, so no
    row whose files were written is lost from the report; a second one quits. The mapping yielded
    holds the exit status of the signal that stopped the batch."""
    stopped: dict[str, int] = {}

    def stop(signum, frame) -> None:
        stopped.setdefault("status", STOP_SIGNALS[signum])
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield stopped
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _progress_display(console) -> Iterator[ProgressFn]:
    """A Rich bar with rate and time left on a terminal; a plain line every 5% otherwise."""
    if console.is_terminal:
        with _rich_bar(console) as update:
            yield update
    else:
        yield _plain_lines(console)


@contextlib.contextmanager
def _rich_bar(console) -> Iterator[ProgressFn]:
    """Refreshed from the callback, not by Rich's timer thread: with no second thread the
    pool can fork its workers safely."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("批量生成"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("剩余"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, auto_refresh=False) as bar:
        task = bar.add_task("批量生成", total=None, rate="")
        shown = {"at": 0.0}

        def update(done: int, total: int, _result: RowResult) -> None:
            speed = bar.tasks[0].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:.0f} 份/秒" if speed else "")
            now = time.monotonic()
            if now - shown["at"] >= 0.1 or done == total:
                shown["at"] = now
                bar.refresh()

        yield update


def _plain_lines(console) -> ProgressFn:
    """Lines for logs and pipes: every 5% (and the last row), with rate and time left."""
    start = time.perf_counter()
    shown = {"step": -1}

    def update(done: int, total: int, _result: RowResult) -> None:
        step = done * 20 // max(total, 1)
        if step == shown["step"] and done != total:
            return
        shown["step"] = step
        elapsed = max(time.perf_counter() - start, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        console.print(
            f"进度：{done}/{total}（{done * 100 // max(total, 1)}%），"
            f"每秒 {rate:.0f} 份，预计还需 {left:.0f} 秒"
        )

    return update


def print_summary(result: BatchResult, console) -> None:
    """The closing summary in Chinese: counts, speed, the largest overlap, where the files are."""
    made = result.count(OK)
    rate = made / result.seconds if result.seconds else 0
    statuses = (OK, EXISTS, SKIPPED, FAILED, PENDING)
    counts = "，".join(f"{s} {result.count(s)}" for s in statuses if result.count(s))
    head = "批量生成已中断" if result.cancelled else "批量生成完成"
    speed = f"（每秒 {rate:.0f} 份）" if made else ""
    console.print(
        f"{head}：共 {len(result.rows)} 行，{counts or '无'}；用时 {result.seconds:.1f} 秒{speed}。"
    )
    console.print(overlap_sentence(result))
    problems = [r for r in result.rows if r.status in (SKIPPED, FAILED)]
    for r in problems[:SHOWN_PROBLEMS]:
        console.print(f"  第 {r.row} 行 {r.school or '（无校名）'}：{r.status}，{r.reason}")
    if len(problems) > SHOWN_PROBLEMS:
        console.print(f"  ……另有 {len(problems) - SHOWN_PROBLEMS} 行未完成，详见报告。")
    console.print(f"报告：{result.report}")
    if result.zip:
        console.print(f"压缩包：{result.zip}")
    if result.cancelled:
        console.print(
            "已按要求停止：已完成的文稿均完整保存；重新运行同一命令会跳过已完成的学校，继续生成其余学校。"
        )


def overlap_sentence(result: BatchResult, limit: float = BATCH.max_share) -> str:
    """The largest share of body paragraphs two documents of the batch have in common."""
    if result.count(OK) + result.count(EXISTS) < 2:
        return "文稿少于两份，不计算相互重合。"
    if not result.overlap_rows:
        return "文稿之间的最大重合：0%，各文稿之间没有相同的正文段落。"
    a, b = result.overlap_rows
    within = "未超过" if result.max_overlap <= limit else "超过了"
    text = (
        f"文稿之间的最大重合：第 {a} 行与第 {b} 行共用 {result.shared} 段正文，"
        f"占 {result.max_overlap:.0%}（{within} {limit:.0%}）。"
    )
    if result.max_overlap > limit:
        text += "素材库中这类素材不多，各校文稿难免相近：可用 ingest 导入更多文稿后加 --force 重新生成。"
    return text
