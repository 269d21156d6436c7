"""批量: upload a roster, run the batch in a background thread, poll its progress, download the zip."""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse, Response

from ..config import KINDS
from ..errors import InputError, WengaoError
from . import uploads
from .forms import check_topics, known_kinds, split_topics
from .state import NOT_FOUND, AppState, JobEntry, State, StoreFull, new_id
from .uploads import Limits

log = logging.getLogger("wengao.web")
router = APIRouter(tags=["批量"])

ROSTER_TEMPLATE = (
    "学校名称,校长,分管后勤领导,学段,所在地,学生人数,教师人数,日期,主题,字数\r\n"
    "育才实验中学,王明,李强,初中,青山区,1200,96,2026年7月5日,食堂、安全,2000\r\n"
    "红星小学,张华,刘芳,小学,青山区,800,52,2026年7月5日,宿舍、维修,\r\n"
)
# 花名册模板.csv, percent-encoded as RFC 6266 wants a file name outside ASCII
_TEMPLATE_NAME = "%E8%8A%B1%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.csv"
SMALL_BATCH = 200  # rows a job runs in its own thread: below this a process pool costs more than it saves


@dataclasses.dataclass
class BatchForm:
    """The batch form's settings besides the roster file."""

    kind: str
    seed: int
    topics: list[str]
    chars: int | None


@router.get("/api/batch/template", summary="下载花名册模板")
def roster_template() -> Response:
    """一个带表头和两行示例的 CSV 花名册（UTF-8，Excel 可直接打开）。"""
    headers = {"content-disposition": f"attachment; filename*=utf-8''{_TEMPLATE_NAME}"}
    data = "\ufeff" + ROSTER_TEMPLATE
    return Response(data.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/api/batch", summary="上传花名册，开始批量生成")
def batch_start(
    state: State,
    file: Annotated[UploadFile, File(description="花名册：.xlsx 或 .csv，每行一所学校。")],
    kind: Annotated[str, Form(description="文种代号，例如 summary。")] = "summary",
    seed: Annotated[int, Form(ge=0, le=2**31 - 1, description="随机种子。")] = 0,
    topics: Annotated[
        str,
        Form(max_length=200, description="默认主题（花名册没有“主题”列或该格为空时使用），例如 食堂,安全。"),
    ] = "",
    chars: Annotated[
        int | None, Form(ge=200, le=50000, description="默认字数（花名册的“字数”列优先）。")
    ] = None,
) -> dict:
    """保存花名册、检查各行，然后在后台逐校生成；返回任务编号，用 GET /api/batch/{job} 查看进度。"""
    form = BatchForm(kind, seed, split_topics(topics), chars)
    return _start_batch(state, form, file)


@router.get("/api/batch/{job_id}", summary="查看批量任务进度")
def batch_status(state: State, job_id: str) -> dict:
    """已完成数、总数、成功和失败数、失败原因；完成后给出压缩包下载地址。"""
    return _job_payload(job_id, _job(state, job_id))


@router.post("/api/batch/{job_id}/cancel", summary="停止批量任务")
def batch_cancel(state: State, job_id: str) -> dict:
    """请求停止后台任务；已生成的文稿保留。"""
    job = _job(state, job_id)
    job.cancel.set()
    return _job_payload(job_id, job)


@router.get("/api/batch/{job_id}/download", summary="下载批量结果压缩包")
def batch_download(state: State, job_id: str) -> FileResponse:
    """全部文稿和报告（report.csv）打包的 zip 文件。"""
    job = _job(state, job_id)
    if job.running or job.zip_path is None or not job.zip_path.is_file():
        raise HTTPException(409, "批量任务还没有完成，请等进度到 100% 后再下载。")
    name = f"批量{KINDS.get(job.kind, '文稿')}.zip"
    return FileResponse(job.zip_path, media_type="application/zip", filename=name)


def _job(state: AppState, job_id: str) -> JobEntry:
    """A batch job by its id, or 404."""
    job = state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, NOT_FOUND)
    return job


def _start_batch(state: AppState, form: BatchForm, file: UploadFile) -> dict:
    """Check the upload and the roster, then run the batch in a background thread."""
    if form.kind not in known_kinds(state):
        raise HTTPException(422, f"未知文种“{form.kind}”，可选：{'、'.join(known_kinds(state))}。")
    check_topics(state, form.topics)
    name = uploads.safe_name(file.filename, "花名册")
    data = uploads.read_limited(file.file, name, state.limits)
    uploads.check_roster_file(name, data)
    job_id = new_id()
    job, rows = _new_job(state, job_id, form, name, data)
    threading.Thread(
        target=_run_job, args=(state, job, rows, form), daemon=True, name=f"batch-{job_id[:8]}"
    ).start()
    return _job_payload(job_id, job)


def _new_job(state: AppState, job_id: str, form: BatchForm, name: str, data: bytes) -> tuple[JobEntry, list]:
    """Save the roster in the job's folder, read it and keep the job; on any refusal the folder goes."""
    folder = state.folder("jobs", job_id)
    try:
        rows = _roster_rows(folder, name, data, state.limits)
        job = JobEntry(folder=folder, kind=form.kind, total=len(rows), name=Path(name).stem)
        state.jobs.add(job_id, job)
    except StoreFull:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(429, "正在进行的批量任务太多，请等其中一个完成后再试。") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job, rows


def _roster_rows(folder: Path, name: str, data: bytes, limits: Limits) -> list:
    """The roster's rows; a roster that cannot be read or is too long is refused."""
    from .. import batch

    roster = folder / f"花名册{Path(name).suffix}"
    roster.write_bytes(data)
    try:
        rows = batch.read_roster(roster)
    except InputError as err:
        raise HTTPException(422, str(err).replace(str(roster), name).replace(roster.name, name)) from err
    if not rows:
        raise HTTPException(422, f"花名册“{name}”中没有学校，请在表头下面每行填写一所学校。")
    if len(rows) > limits.roster_rows:
        raise HTTPException(
            413,
            f"花名册“{name}”有 {len(rows)} 行，网页版一次最多 {limits.roster_rows} 行；"
            "更多请用命令行 batch。",
        )
    return rows


def _run_job(state: AppState, job: JobEntry, rows: list, form: BatchForm) -> None:
    """The background thread: run the batch, record progress, end with a status."""
    from .. import batch

    try:
        options = batch.BatchOptions(
            jobs=_jobs_for(len(rows)),
            seed=form.seed,
            make_zip=True,
            corpus_dir=state.corpus_dir,
            templates_dir=state.templates_dir,
            topics=form.topics or None,
            chars=form.chars,
            progress=lambda done, total, row: _record_row(job, done, total, row),
            cancel=job.cancel,
            zip_name=f"{batch.safe_name(job.name)}_{KINDS.get(form.kind, form.kind)}.zip",
            stage=lambda text: _record_stage(job, text),
        )
        result = batch.run(rows, form.kind, job.folder / "out", options)
        _finish_job(batch, job, result)
    except WengaoError as err:
        _fail_job(job, str(err))
    except Exception as err:  # the thread must always end with a status the page can show
        if not job.cancel.is_set():  # a job stopped with the server may find its folder gone
            log.exception("批量任务出错", exc_info=err)
        _fail_job(job, "批量生成时出错，请检查花名册后重试。")
    finally:
        job.ended.set()


def _jobs_for(rows: int) -> int | None:
    """Small rosters run in the job's own thread; larger ones in a process pool, a worker a core."""
    return 1 if rows <= SMALL_BATCH else None


def _record_row(job: JobEntry, done: int, total: int, row) -> None:
    """Progress callback: counts, the reason of every row not done and the 提示 of a row written
    with one (report.csv's 提示 column: an 工作要点 left out or too long), for the page's table."""
    from ..batch import EXISTS, OK

    with job.lock:
        job.done, job.total = done, total
        job.message = ""  # rows are settling again: a stage line (see _record_stage) is over
        written = row.status in (OK, EXISTS)
        if written:
            job.ok += 1
        else:
            job.failed += 1
        if not written or row.note:
            entry = {"row": row.row, "school": row.school, "status": row.status, "reason": row.reason}
            (job.notes if written else job.failures).append(entry | {"note": row.note})


def _record_stage(job: JobEntry, text: str) -> None:
    """A long step without finished rows: the page shows what is going on."""
    with job.lock:
        job.message = text


def _finish_job(batch, job: JobEntry, result) -> None:
    """Take the zip and the overlap from the result; a stopped batch zips what it did."""
    zip_path = result.zip
    if zip_path is None:
        zip_path = batch.write_zip(
            job.folder / "out" / f"{batch.safe_name(job.name)}_已完成部分.zip", result.out_dir, result
        )
    with job.lock:
        job.zip_path = Path(zip_path)
        job.max_overlap = result.max_overlap
        job.status = "cancelled" if result.cancelled else "done"
        job.message = ""
        job.finished = time.monotonic()


def _fail_job(job: JobEntry, message: str) -> None:
    """End a job with a message the page shows as it is."""
    with job.lock:
        job.status, job.message, job.finished = "failed", message, time.monotonic()


def _job_payload(job_id: str, job: JobEntry) -> dict:
    """A snapshot of a job's progress for the page's progress bar."""
    with job.lock:
        end = job.finished or time.monotonic()
        return {
            "id": job_id,
            "kind": job.kind,
            "kind_name": KINDS.get(job.kind, job.kind),
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "ok": job.ok,
            "failed": job.failed,
            "failures": list(job.failures[:200]),
            "notes": list(job.notes[:200]),
            "message": job.message,
            "seconds": round(end - job.started, 1),
            "max_overlap": job.max_overlap,
            "download": None if job.running or not job.zip_path else f"/api/batch/{job_id}/download",
        }
