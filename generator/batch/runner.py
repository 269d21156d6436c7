"""Running a batch: rows planned in order in this process, rendered by a pool of worker processes.

The parent process plans every row *in row order* with one shared ``selection.Spread`` (sections
earlier rows used score lower) and a ``Guard`` that plans again a row whose outline shares too much
with another, within a window of rows held back from rendering; it also sets each outline's
template phrasing apart from the rows it shares most with. A batch of up to ``exact_rows`` rows is
held whole and checked on its rendered paragraphs. Planning in order keeps the batch deterministic.
The outlines go in chunks to a process pool that renders and writes them. Every file is written
atomically; a journal of finished rows lets a rerun of the same command skip rows already done
with the same request. The largest overlap between the documents written is measured at the end.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..config import CORPUS_DIR, KINDS
from ..errors import UsageError
from ..model import Outline, Request
from ..selection import Spread
from .exact import ExactCheck
from .guard import Guard, Planned
from .journal import Journal, clear_temporaries, request_hash, templates_fingerprint
from .overlap import body_keys, overlaps, worst_pair
from .report import EXISTS, FAILED, OK, PENDING, REPORT_NAME, BatchResult, RowResult, write_report, write_zip
from .roster import RowSpec, parse_rows, read_roster, safe_name
from .settings import BATCH, BatchSettings
from .worker import Destination, Done, Task, init_worker, os_reason, reason, render_chunk, render_task

ProgressFn = Callable[[int, int, RowResult], None]


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch, besides the roster, the kind and the output folder."""

    jobs: int | None = None  # worker processes; None: one per CPU; 1 renders in this process
    seed: int = 0
    force: bool = False  # write rows again that a previous run finished with the same request
    make_zip: bool = False  # also pack the files and the report into a zip
    zip_name: str | None = None  # default: <roster>_<kind>.zip
    topics: (
        tuple[str, ...] | list[str] | None
    ) = ()  # every row's topics unless its 主题 column says otherwise
    chars: int | None = None  # every row's length unless its 字数 column says otherwise
    formats: tuple[str, ...] = pipeline.FORMATS
    corpus_dir: Path = CORPUS_DIR
    templates_dir: Path | None = None
    progress: ProgressFn | None = None  # called in this thread for every row settled
    stage: Callable[[str], None] | None = None  # told (in Chinese) when a long step settles no row
    cancel: threading.Event | None = None  # set it to stop after the rows in flight
    settings: BatchSettings = BATCH


def run(
    rows_or_path: Path | str | list[dict], kind: str, out_dir: Path | str, options: BatchOptions
) -> BatchResult:
    """Generate one document per roster row into ``out_dir``; see the module docstring.

    ``options.progress(done, total, row_result)`` is called for every row settled; setting
    ``options.cancel`` (or an interrupt) stops after the rows in flight, writes the report and
    returns with ``cancelled`` set. Raises InputError/UsageError for a bad roster or option.
    """
    start = time.perf_counter()
    if kind not in KINDS:
        raise UsageError(f"未知文种“{kind}”，可选：{'、'.join(KINDS)}。")
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs 应为正整数。")
    records = read_roster(rows_or_path) if isinstance(rows_or_path, (str, Path)) else list(rows_or_path)
    out = _out_dir(out_dir)
    specs, bad = parse_rows(records, kind, options.seed, list(options.topics or ()), options.chars)
    corpus = pipeline.load_corpus(options.corpus_dir)
    batch = _Batch(kind, out, specs, bad, options)
    try:
        batch.execute(corpus, options.jobs or os.cpu_count() or 1)
    except KeyboardInterrupt:
        batch.cancelled = True
    finally:
        batch.journal.close()
    result = batch.result(time.perf_counter() - start)
    result.report = write_report(out / REPORT_NAME, result.rows)
    if options.make_zip and not result.cancelled:
        result.zip = write_zip(out / (options.zip_name or _zip_name(rows_or_path, kind)), out, result)
    return result


def _out_dir(out_dir: Path | str) -> Path:
    """Create the output folder, and see that files can be made in it, or say clearly why not."""
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError as err:
        raise UsageError(f"无法写入输出目录“{path}”：{os_reason(err)}。请换一个目录（--out）。") from err
    return path


def _zip_name(rows_or_path: object, kind: str) -> str:
    stem = Path(rows_or_path).stem if isinstance(rows_or_path, (str, Path)) else "批量"
    return f"{safe_name(stem)}_{KINDS[kind]}.zip"


class _Batch:
    """The running batch: plans rows in order, feeds workers, collects results and the journal."""

    def __init__(
        self, kind: str, out: Path, specs: list[RowSpec], bad: list[RowResult], options: BatchOptions
    ) -> None:
        self.kind, self.out, self.specs, self.options = kind, out, specs, options
        self.settings = options.settings
        self.destination = Destination(out, options.formats, options.templates_dir)
        self.results: dict[int, RowResult] = {}
        self.keys: dict[int, list[int]] = {}  # row → body paragraph keys of its document
        self.total = len(specs) + len(bad)
        self.journal = Journal(out)
        self.cancelled = False
        self.failure: str | None = None
        self.fingerprint = templates_fingerprint(kind, options.templates_dir)
        for result in bad:
            self.settle(result)

    # -- planning (this process, row order, one shared Spread)

    def tasks(self, corpus) -> Iterator[Task]:
        """Plan every row in order (a window at a time); yield those to render, settle those done."""
        exact = len(self.specs) <= self.settings.exact_rows  # small enough to check rendered
        window = len(self.specs) + 1 if exact else self.settings.repair_window
        guard = Guard(self._plan_fn(corpus), window, early=not exact, settings=self.settings)
        for spec in self.specs:
            if self.stopping():
                return
            start = time.perf_counter()
            try:
                released = guard.add(spec)
            except Exception as err:  # one row's problem, never the batch's
                self.settle(
                    RowResult(spec.row, spec.school, FAILED, seconds=_since(start), reason=reason(err))
                )
                continue
            yield from self._released(released)
        if not self.stopping():
            if exact and len(self.specs) > 1:
                self._announce_check()
            yield from self._released(guard.flush(self._exact_check if exact else None))

    def _announce_check(self) -> None:
        """The whole-batch check settles no row for a while: say what is going on."""
        if self.options.stage is None:
            return
        n = len(self.specs)
        slow = f"（{self.settings.exact_rows} 行以内的花名册整批核对，可能需要十几秒）" if n >= 50 else ""
        self.options.stage(f"已为 {n} 所学校选好素材，正在逐份核对文稿之间的重合{slow}……")

    def _exact_check(self, guard: Guard) -> None:
        ExactCheck(guard, self._body_keys).repair()

    def _body_keys(self, outline: Outline) -> list[int]:
        """The keys of an outline's rendered body paragraphs (what the overlap is measured on)."""
        return body_keys(pipeline.render_outline(outline, self.options.templates_dir, checked=False))

    def _plan_fn(self, corpus) -> Callable[[Request, Spread], Outline]:
        def plan(request: Request, spread: Spread) -> Outline:
            return pipeline.plan(request, corpus, self.options.templates_dir, spread)

        return plan

    def _released(self, planned: list[Planned]) -> Iterator[Task]:
        """Tasks for rows leaving the guard's window; rows done before with the same request settle."""
        for item in planned:
            spec = item.spec
            digest = request_hash(spec, item.outline, self.fingerprint)
            entry = None if self.options.force else self.journal.done(spec.stem, digest, self.out)
            if entry:
                self._settle_existing(spec, entry)
                continue
            yield Task(spec.row, spec.school, spec.stem, digest, item.outline, item.seconds)

    def _settle_existing(self, spec: RowSpec, entry: dict) -> None:
        files = list(entry["files"])
        primary = next((n for n in files if n.endswith(".docx")), files[0])
        self.keys[spec.row] = entry.get("keys", [])
        why = "与上次的请求相同，文件完整，未重新生成（加 --force 可重新生成）。"
        done = RowResult(spec.row, spec.school, EXISTS, primary, entry.get("chars", 0), 0.0, why, files)
        done.note = entry.get("note", "")
        self.settle(done)

    # -- rendering

    def execute(self, corpus, jobs: int) -> None:
        """Render in this process for one job, else in a process pool fed chunk by chunk."""
        clear_temporaries(self.out, {s.stem for s in self.specs})
        if jobs == 1 or len(self.specs) <= 2:
            for task in self.tasks(corpus):
                self._finish(render_task(task, self.destination))
        else:
            self._run_pool(corpus, min(jobs, max(1, len(self.specs))))

    def _run_pool(self, corpus, jobs: int) -> None:
        """Keep a few chunks in flight per worker while this process plans the next rows."""
        chunk = max(1, min(self.settings.chunk_rows, len(self.specs) // (jobs * 8)))
        pending: dict[Future, list[Task]] = {}
        pool = ProcessPoolExecutor(jobs, _context(), initializer=init_worker, initargs=(self.destination,))
        with pool:
            pool.submit(render_chunk, [])  # starts the workers: they prepare while the first rows are planned
            try:
                for tasks in _chunks(self.tasks(corpus), chunk):
                    pending[pool.submit(render_chunk, tasks)] = tasks
                    self._collect(pending, 0)  # record finished rows at once: a kill loses none
                    while len(pending) >= jobs * self.settings.chunks_in_flight and not self.stopping():
                        self._collect(pending, 0.2)
                while pending and not self.stopping():
                    self._collect(pending, 0.2)
            finally:
                for future in pending:
                    future.cancel()  # not started yet: those rows stay 未完成
                self._drain(pending)

    def _collect(self, pending: dict[Future, list[Task]], timeout: float) -> None:
        """Wait a little for finished chunks (so an interrupt or cancel is noticed) and record them."""
        done, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            self._finish_chunk(future, pending.pop(future))

    def _drain(self, pending: dict[Future, list[Task]]) -> None:
        """After a stop: keep what the workers finished anyway (their files are written)."""
        for future, tasks in pending.items():
            if not future.cancelled():
                with contextlib.suppress(Exception):  # a chunk that never ends stays 未完成
                    future.exception(timeout=120)
                    self._finish_chunk(future, tasks)

    def _finish_chunk(self, future: Future, tasks: list[Task]) -> None:
        """Record a chunk's rows; a worker that died (out of memory, killed) fails its rows."""
        try:
            answers = future.result()
        except Exception as err:
            self.failure = (
                f"工作进程意外退出（{type(err).__name__}，可能是内存不足或被结束）。"
                "已完成的文稿已保存，可减少 --jobs 后重新运行。"
            )
            answers = [Done(RowResult(t.row, t.school, FAILED, reason=self.failure)) for t in tasks]
        for done in answers:
            self._finish(done)

    def _finish(self, done: Done) -> None:
        """Record a rendered row: journal line first for finished rows, then report and progress."""
        result = done.result
        if result.status == OK:  # its files are in place
            self.keys[result.row] = done.keys
            entry = {
                "stem": done.stem,
                "hash": done.digest,
                "files": done.sizes,
                "chars": result.chars,
                "note": result.note,
            }
            self.journal.add(entry | {"row": result.row, "keys": done.keys})
        self.settle(result)

    def settle(self, result: RowResult) -> None:
        """A row's result is final: report it (once)."""
        if result.row in self.results:
            return
        self.results[result.row] = result
        if self.options.progress:
            self.options.progress(len(self.results), self.total, result)

    def stopping(self) -> bool:
        """Cancelled by the caller, interrupted, or the pool broke: plan and send no more rows."""
        if self.options.cancel is not None and self.options.cancel.is_set():
            self.cancelled = True
        return self.cancelled or self.failure is not None

    # -- the result

    def result(self, seconds: float) -> BatchResult:
        """Results in row order; rows never reached are 未完成; the largest overlap measured."""
        for spec in self.specs:
            if spec.row not in self.results:
                why = "批量生成被中断，未处理；重新运行同一命令即可继续。"
                self.results[spec.row] = RowResult(spec.row, spec.school, PENDING, reason=why)
        rows = [self.results[k] for k in sorted(self.results)]
        order = sorted(self.keys)
        per_doc = overlaps([self.keys[r] for r in order])
        for row, (share, other, _) in zip(order, per_doc, strict=True):
            if len(order) > 1:
                self.results[row].overlap = share
                self.results[row].overlap_row = order[other] if other >= 0 else None
        share, i, j, shared = worst_pair(per_doc)
        pair = (order[i], order[j]) if i >= 0 else None
        report = self.out / REPORT_NAME
        return BatchResult(
            rows, self.out, report, None, round(share, 4), pair, shared, round(seconds, 3), self.cancelled
        )


def _since(start: float) -> float:
    return time.perf_counter() - start


def _chunks(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    """Lists of 1, 2, 4 … up to ``size`` items, lazily, so planning overlaps rendering.

    Small first chunks set the workers going after the first planned row instead of the
    first ``size``, and bring the first results back (journal, progress) at once; later
    chunks are full-size, so the round trips stay few.
    """
    batch: list[Task] = []
    limit = 1
    for item in items:
        batch.append(item)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], min(size, limit * 2)
    if batch:
        yield batch


def _context():
    """fork where it is safe (one thread: the command line), else forkserver/spawn (web server)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
