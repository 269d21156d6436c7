"""The local web page: a FastAPI app over the same pipeline the command line uses.

``create_app`` builds one independent app (its own corpus copy in memory, its own
temporary folder and bounded stores); ``serve`` runs it under uvicorn on 127.0.0.1.
Generation endpoints are plain ``def`` functions, so FastAPI runs them in its
threadpool and the event loop stays free. The page itself (HTML, CSS, JS) is served
from ``static/``; nothing is fetched from the internet.
"""

from __future__ import annotations

import copy
import dataclasses
import errno
import logging
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import weakref
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Query, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import pipeline, store
from ..config import CORPUS_DIR, KINDS, ROLES
from ..errors import CorpusError, InputError, UsageError, WengaoError
from ..model import Request
from ..profile import make_profile
from . import uploads, views
from .state import AppState, DocEntry, JobEntry, PreviewEntry, StoreFull, make_state, new_id, remove_folder
from .uploads import Limits, UploadError

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("wengao.web")

NOT_FOUND = "找不到该文稿或任务（可能已过期或地址有误），请重新生成。"

TAGS = [
    {"name": "写稿", "description": "生成文稿、换一段、下载 Word 或 Markdown 文件。"},
    {"name": "批量", "description": "上传花名册，为每所学校生成一份文稿，查看进度并下载压缩包。"},
    {"name": "素材库", "description": "浏览、检索素材库中的段落，上传自己的文档并在确认后加入素材库。"},
]


# ---------------------------------------------------------------- request bodies


class GenerateBody(BaseModel):
    """生成文稿的请求。"""

    kind: str = Field(
        ...,
        description="文种：speech 会议讲话稿、plan 工作计划、summary 工作总结、scheme 实施方案、report 工作汇报。",
        examples=["summary"],
    )
    profile: dict[str, str | int | float | None] = Field(
        default_factory=dict,
        description="学校信息，使用中文字段名（也接受英文别名），至少要有“学校名称”。",
        examples=[{"学校名称": "育才实验中学", "校长": "王明"}],
    )
    topics: list[str] | str = Field(
        default_factory=list, description='主题，例如 ["食堂", "安全"]，也可写成“食堂,安全”。'
    )
    chars: int | None = Field(None, ge=200, le=50000, description="目标字数（200～50000）。")
    minutes: float | None = Field(
        None, ge=1, le=180, description="讲话时长（分钟，每分钟约 220 字），主要用于讲话稿。"
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="随机种子：相同请求和种子得到相同文稿。")


class SwapBody(BaseModel):
    """换一段的请求。"""

    section_id: str = Field(
        ..., max_length=200, description="要替换的段落编号（见生成结果 outline 中的 section_id）。"
    )


@dataclasses.dataclass
class BatchForm:
    """The batch form's settings besides the roster file."""

    kind: str
    seed: int
    topics: list[str]
    chars: int | None


# ---------------------------------------------------------------- errors in Chinese

_FIELD_ZH = {
    "kind": "文种",
    "profile": "学校信息",
    "topics": "主题",
    "chars": "字数",
    "minutes": "讲话时长",
    "seed": "随机种子",
    "section_id": "段落编号",
    "file": "文件",
    "files": "文件",
    "format": "格式",
    "q": "关键词",
    "role": "作用",
    "topic": "主题",
    "offset": "起始位置",
    "limit": "数量",
}
_ERROR_ZH = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为“字段: 值”形式的对象",
    "model_attributes_type": "应为 JSON 对象",
    "json_invalid": "JSON 格式有误",
    "string_too_long": "太长了",
    "bool_parsing": "应为“是”或“否”",
    "value_error": "取值有误",
}


def _validation_message(err: dict) -> str:
    """One pydantic error as a Chinese phrase: 字数：不能小于 200。"""
    names = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
    field = _FIELD_ZH.get(names[0], names[0]) if names else "请求"
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind in ("greater_than_equal", "greater_than"):
        return f"{field}：不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{field}：不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "json_invalid":
        return "请求内容不是有效的 JSON"
    return f"{field}：{_ERROR_ZH.get(kind, '取值有误')}"


def _install_error_handlers(app: FastAPI) -> None:
    """Every error a user or program sees is a Chinese sentence in ``detail``."""

    @app.exception_handler(RequestValidationError)
    async def on_validation(_request, exc: RequestValidationError) -> JSONResponse:
        parts = list(dict.fromkeys(_validation_message(e) for e in exc.errors()))
        return JSONResponse({"detail": "；".join(parts) + "。"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": _http_detail(exc)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(UploadError)
    async def on_upload(_request, exc: UploadError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(WengaoError)
    async def on_wengao(_request, exc: WengaoError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=500 if isinstance(exc, CorpusError) else 422)

    @app.exception_handler(Exception)
    async def on_crash(_request, exc: Exception) -> JSONResponse:
        log.exception("未处理的错误", exc_info=exc)
        return JSONResponse(
            {"detail": "服务器内部出错，请重试；如果反复出现，请把启动窗口中的错误信息发给维护人员。"},
            status_code=500,
        )


_HTTP_ZH = {
    400: "请求格式有误。",
    404: NOT_FOUND,
    405: "不支持这种请求方式。",
    413: "上传的内容太大。",
    415: "不支持的文件类型。",
    429: "请求太多，请稍后再试。",
}


def _http_detail(exc: StarletteHTTPException) -> str:
    """Our own details are Chinese already; Starlette's English defaults are replaced."""
    detail = exc.detail if isinstance(exc.detail, str) else ""
    if detail and not detail.isascii():
        return detail
    return _HTTP_ZH.get(exc.status_code, "请求未能完成。")


# ---------------------------------------------------------------- middleware


class SecurityMiddleware:
    """Limits a request body's size and sets headers that keep the page self-contained."""

    HEADERS = [
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        """Refuse a declared oversize body at once; count the rest as it arrives."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._declared_length(scope) > self.max_body:
            return await self._too_large(send)
        await self.app(scope, self._limited(receive), self._with_headers(send, scope))

    def _declared_length(self, scope) -> int:
        """The Content-Length header, or 0 when absent or unreadable."""
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                return int(value) if value.isdigit() else 0
        return 0

    def _limited(self, receive):
        """Count body bytes as they arrive; stop a chunked upload that passes the limit."""
        seen = 0

        async def wrapped():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise HTTPException(413, self._message())
            return message

        return wrapped

    def _with_headers(self, send, scope):
        """Add the security headers; API answers are never cached."""
        extra = self.HEADERS + (
            [(b"cache-control", b"no-store")] if scope["path"].startswith("/api/") else []
        )

        async def wrapped(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return wrapped

    def _message(self) -> str:
        return (
            f"上传的内容太大（一次最多 {uploads.size_text(self.max_body)}），请减少文件数量或拆分后再上传。"
        )

    async def _too_large(self, send) -> None:
        """A 413 answered before the app reads anything."""
        body = JSONResponse({"detail": self._message()}, status_code=413)
        await send({"type": "http.response.start", "status": 413, "headers": body.raw_headers + self.HEADERS})
        await send({"type": "http.response.body", "body": body.body})


# ---------------------------------------------------------------- the app


def create_app(
    corpus_dir: Path = CORPUS_DIR,
    templates_dir: Path | None = None,
    *,
    limits: Limits | None = None,
    work_dir: Path | None = None,
) -> FastAPI:
    """One self-contained app: corpus loaded once, its own temporary folder and stores."""
    limits = limits or Limits()
    folder = Path(tempfile.mkdtemp(prefix="wengao-web-", dir=work_dir))
    state = make_state(Path(corpus_dir), templates_dir, folder, _load_corpus(Path(corpus_dir)), limits)
    app = FastAPI(
        title="文稿（wengao）网页版接口",
        description="学校公文写作工具的 JSON 接口：生成文稿、换一段、批量生成、素材库检索与导入。所有提示均为中文。",
        version="1",
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(state),
    )
    _chinese_openapi(app)
    app.state.wengao = state
    app.state.limits = limits
    weakref.finalize(app, shutil.rmtree, folder, True)
    app.add_middleware(SecurityMiddleware, max_body=limits.body_bytes)
    _install_error_handlers(app)
    _page_routes(app)
    _document_routes(app, state)
    _batch_routes(app, state, limits)
    _corpus_routes(app, state, limits)
    return app


_RESPONSES_ZH = {"200": "成功", "422": "参数有误（detail 中有中文说明）"}
_ERROR_SCHEMA = {"type": "object", "properties": {"detail": {"type": "string", "description": "中文说明"}}}


def _chinese_openapi(app: FastAPI) -> None:
    """/openapi.json with Chinese response descriptions and the real error shape."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for operations in schema.get("paths", {}).values():
            for op in operations.values():
                _translate_responses(op.get("responses", {}))
        schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
        schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
        return schema

    app.openapi = openapi


def _translate_responses(responses: dict) -> None:
    """FastAPI writes “Successful Response”; the docs page shows Chinese."""
    for code, response in responses.items():
        response["description"] = _RESPONSES_ZH.get(code, response.get("description", ""))
        if code == "422":
            response["content"] = {"application/json": {"schema": _ERROR_SCHEMA}}


def _load_corpus(corpus_dir: Path):
    """The stored corpus, or an empty one (the page then says how to add material)."""
    return pipeline.load_corpus(corpus_dir) if store.exists(corpus_dir) else _empty_corpus(corpus_dir)


def _empty_corpus(corpus_dir: Path):
    """An empty corpus that still knows the topics, so the page can list them."""
    from ..model import Corpus

    return Corpus(topics=store.load_topics(corpus_dir))


def _lifespan(state: AppState):
    """On shutdown: stop running batch jobs and remove the app's temporary folder."""

    @asynccontextmanager
    async def lifespan(_app):
        yield
        for job in state.jobs.values():
            job.cancel.set()
        shutil.rmtree(state.work_dir, ignore_errors=True)

    return lifespan


def _page_routes(app: FastAPI) -> None:
    """The page and its own API documentation, both served from static/."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


# ---------------------------------------------------------------- 写稿


def _split_topics(topics: list[str] | str) -> list[str]:
    """Topics as a list or as typed: 食堂,安全 / 食堂，安全 / 食堂、安全 / 食堂 安全."""
    items = topics if isinstance(topics, list) else [topics]
    return [t for item in items for t in re.split(r"[,，、;；\s]+", str(item)) if t]


def _kinds(state: AppState) -> dict[str, tuple[str, str]]:
    """kind → (Chinese name, description), from the template folders."""
    return {k: (name, desc) for k, name, desc in pipeline.list_kinds(state.templates_dir)}


def build_request(state: AppState, body: GenerateBody) -> Request:
    """Validate the form into a pipeline Request; every refusal names the field in Chinese."""
    kinds = _kinds(state)
    if body.kind not in kinds:
        choices = "、".join(f"{k}（{v[0]}）" for k, v in kinds.items())
        raise HTTPException(422, f"未知文种“{body.kind}”，可选：{choices}。")
    if body.chars is not None and body.minutes is not None:
        raise HTTPException(422, "字数和讲话时长只能填一个。")
    _check_sizes(body)
    profile = make_profile({k: "" if v is None else str(v) for k, v in body.profile.items()})
    if not profile.get("学校名称"):
        raise HTTPException(422, "请填写学校名称。")
    topics = _split_topics(body.topics)
    _check_topics(state, topics)
    return Request(body.kind, profile, topics, body.chars, body.minutes, body.seed)


MAX_FIELDS, MAX_VALUE, MAX_TOPICS = 40, 200, 30


def _check_sizes(body: GenerateBody) -> None:
    """A profile is a few short fields; anything far larger is refused before any work."""
    if len(body.profile) > MAX_FIELDS:
        raise HTTPException(422, f"学校信息的字段太多（最多 {MAX_FIELDS} 个）。")
    for key, value in body.profile.items():
        if len(str(key)) > MAX_VALUE or len(str(value or "")) > MAX_VALUE:
            raise HTTPException(422, f"学校信息“{str(key)[:20]}”太长（每项最多 {MAX_VALUE} 字）。")
    if len(_split_topics(body.topics)) > MAX_TOPICS:
        raise HTTPException(422, f"主题太多（最多 {MAX_TOPICS} 个）。")


def _check_topics(state: AppState, topics: list[str]) -> None:
    """Every topic must be one the generator understands (a name, an alias, a keyword)."""
    from .. import selection

    unknown = []
    for word in topics:
        try:
            selection.resolve_topics([word], state.corpus.topics)
        except UsageError:
            unknown.append(word)
    if unknown:
        names = "、".join(t.name for t in state.corpus.topics)
        raise HTTPException(422, f"未知主题：{'、'.join(unknown)}。可选主题：{names}。")


def _store_document(state: AppState, outline) -> dict:
    """Render an outline, keep it under a new id and return the page's payload."""
    doc = pipeline.render_outline(outline, state.templates_dir)
    doc_id = new_id()
    entry = DocEntry(outline, doc, state.folder("documents", doc_id))
    state.documents.add(doc_id, entry)
    return views.document_payload(doc_id, outline, doc, state.corpus)


def _document(state: AppState, doc_id: str) -> DocEntry:
    """A stored document by its id; anything else (a path, an old id) is 404."""
    entry = state.documents.get(doc_id)
    if entry is None:
        raise HTTPException(404, NOT_FOUND)
    return entry


def _document_routes(app: FastAPI, state: AppState) -> None:
    """写稿: kinds, generate, swap, download."""

    @app.get("/api/kinds", tags=["写稿"], summary="列出可用文种")
    def kinds() -> list[dict]:
        """每个文种的代号、中文名称和一句话说明。"""
        return [{"kind": k, "name": v[0], "description": v[1]} for k, v in _kinds(state).items()]

    @app.post("/api/generate", tags=["写稿"], summary="生成文稿")
    def generate(body: GenerateBody) -> dict:
        """按文种、学校信息、主题和字数（或讲话时长）生成文稿，返回文稿编号、标题、提纲（每段的来源）、预览 HTML 和下载地址。"""
        request = build_request(state, body)
        return _store_document(state, pipeline.plan(request, state.corpus, state.templates_dir))

    @app.get("/api/documents/{doc_id}", tags=["写稿"], summary="查看已生成的文稿")
    def document(doc_id: str) -> dict:
        """按编号返回已生成文稿的内容（与生成时的返回相同）。"""
        entry = _document(state, doc_id)
        return views.document_payload(doc_id, entry.outline, entry.doc, state.corpus)

    @app.post("/api/documents/{doc_id}/swap", tags=["写稿"], summary="换一段")
    def swap(doc_id: str, body: SwapBody) -> dict:
        """把文稿中的一段换成同一位置的下一个候选段落，其余各段不变；返回新文稿（新编号），并在 replaced 中给出新旧段落编号。"""
        return _swap(state, _document(state, doc_id), body.section_id)

    @app.get("/api/documents/{doc_id}/download", tags=["写稿"], summary="下载文稿")
    def download(
        doc_id: str, format: str = Query("docx", description="文件格式：docx、md 或 html。")
    ) -> FileResponse:  # noqa: A002
        """下载 Word（docx）、Markdown（md）或网页预览（html）文件。"""
        entry = _document(state, doc_id)
        if format not in views.FORMATS:
            raise HTTPException(422, f"不支持的格式“{format}”，可选：docx、md、html。")
        path = _written(entry, format)
        return FileResponse(
            path, media_type=views.FORMATS[format], filename=views.download_name(entry.doc, format)
        )


def _swap(state: AppState, entry: DocEntry, section_id: str) -> dict:
    """Replace one section; the old document stays available under its own id."""
    before = views.chosen_ids(entry.outline)
    if section_id not in before:
        raise HTTPException(422, f"这篇文稿中没有编号为“{section_id}”的段落。")
    try:
        outline = pipeline.swap(copy.deepcopy(entry.outline), section_id, state.corpus, state.templates_dir)
    except UsageError as err:
        raise HTTPException(409, str(err)) from err
    after = views.chosen_ids(outline)
    if after == before:
        raise HTTPException(409, "这一段已经没有其他合适的素材可换了。")
    payload = _store_document(state, outline)
    new = [s for s in after if s not in before]
    payload["replaced"] = {"old": section_id, "new": new[0] if new else None}
    return payload


def _written(entry: DocEntry, fmt: str) -> Path:
    """The document's file in ``fmt``, written once on first download."""
    path = entry.folder / f"document.{fmt}"
    with entry.lock:
        if not path.exists():
            doc = dataclasses.replace(entry.doc, file_stem="document")
            pipeline.write_outputs(doc, entry.folder, (fmt,))
    return path


# ---------------------------------------------------------------- 批量


ROSTER_TEMPLATE = (
    "学校名称,校长,分管后勤领导,学段,所在地,学生人数,教师人数,日期,主题,字数\r\n"
    "育才实验中学,王明,李强,初中,青山区,1200,96,2026年7月5日,食堂、安全,2000\r\n"
    "红星小学,张华,刘芳,小学,青山区,800,52,2026年7月5日,宿舍、维修,\r\n"
)


def _batch_routes(app: FastAPI, state: AppState, limits: Limits) -> None:
    """批量: upload a roster, poll progress, download the zip."""

    @app.get("/api/batch/template", tags=["批量"], summary="下载花名册模板")
    def roster_template() -> Response:
        """一个带表头和两行示例的 CSV 花名册（UTF-8，Excel 可直接打开）。"""
        data = "\ufeff" + ROSTER_TEMPLATE
        headers = {
            "content-disposition": "attachment; filename*=utf-8''%E8%8A%B1%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.csv"
        }
        return Response(data.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)

    @app.post("/api/batch", tags=["批量"], summary="上传花名册，开始批量生成")
    def batch_start(
        file: Annotated[UploadFile, File(description="花名册：.xlsx 或 .csv，每行一所学校。")],
        kind: Annotated[str, Form(description="文种代号，例如 summary。")] = "summary",
        seed: Annotated[int, Form(ge=0, le=2**31 - 1, description="随机种子。")] = 0,
        topics: Annotated[
            str,
            Form(
                max_length=200, description="默认主题（花名册没有“主题”列或该格为空时使用），例如 食堂,安全。"
            ),
        ] = "",
        chars: Annotated[
            int | None, Form(ge=200, le=50000, description="默认字数（花名册的“字数”列优先）。")
        ] = None,
    ) -> dict:
        """保存花名册、检查各行，然后在后台逐校生成；返回任务编号，用 GET /api/batch/{job} 查看进度。"""
        form = BatchForm(kind, seed, _split_topics(topics), chars)
        return _start_batch(state, limits, form, file)

    @app.get("/api/batch/{job_id}", tags=["批量"], summary="查看批量任务进度")
    def batch_status(job_id: str) -> dict:
        """已完成数、总数、成功和失败数、失败原因；完成后给出压缩包下载地址。"""
        return _job_payload(job_id, _job(state, job_id))

    @app.post("/api/batch/{job_id}/cancel", tags=["批量"], summary="停止批量任务")
    def batch_cancel(job_id: str) -> dict:
        """请求停止后台任务；已生成的文稿保留。"""
        job = _job(state, job_id)
        job.cancel.set()
        return _job_payload(job_id, job)

    @app.get("/api/batch/{job_id}/download", tags=["批量"], summary="下载批量结果压缩包")
    def batch_download(job_id: str) -> FileResponse:
        """全部文稿和报告（report.csv）打包的 zip 文件。"""
        job = _job(state, job_id)
        if job.running or job.zip_path is None or not job.zip_path.is_file():
            raise HTTPException(409, "批量任务还没有完成，请等进度到 100% 后再下载。")
        return FileResponse(
            job.zip_path, media_type="application/zip", filename=f"批量{KINDS.get(job.kind, '文稿')}.zip"
        )


def _job(state: AppState, job_id: str) -> JobEntry:
    """A batch job by its id, or 404."""
    job = state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, NOT_FOUND)
    return job


def _start_batch(state: AppState, limits: Limits, form: BatchForm, file: UploadFile) -> dict:
    """Check the upload and the roster, then run the batch in a background thread."""
    from .. import batch

    if form.kind not in _kinds(state):
        raise HTTPException(422, f"未知文种“{form.kind}”，可选：{'、'.join(_kinds(state))}。")
    _check_topics(state, form.topics)
    name = uploads.safe_name(file.filename, "花名册")
    data = uploads.read_limited(file.file, name, limits)
    uploads.check_roster_file(name, data)
    job_id = new_id()
    folder = state.folder("jobs", job_id)
    try:
        rows = _roster_rows(batch, folder, name, data, limits)
        job = JobEntry(folder=folder, kind=form.kind, total=len(rows), name=Path(name).stem)
        state.jobs.add(job_id, job)
    except StoreFull:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(429, "正在进行的批量任务太多，请等其中一个完成后再试。") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    threading.Thread(
        target=_run_job, args=(state, job, rows, form), daemon=True, name=f"batch-{job_id[:8]}"
    ).start()
    return _job_payload(job_id, job)


def _roster_rows(batch, folder: Path, name: str, data: bytes, limits: Limits) -> list:
    """The roster's rows; a roster that cannot be read or is too long is refused."""
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
            f"花名册“{name}”有 {len(rows)} 行，网页版一次最多 {limits.roster_rows} 行；更多请用命令行 batch。",
        )
    return rows


def _run_job(state: AppState, job: JobEntry, rows: list, form: BatchForm) -> None:
    """The background thread: run the batch, record progress, end with a status."""
    from .. import batch

    try:
        result = batch.run(
            rows,
            form.kind,
            job.folder / "out",
            batch.BatchOptions(
                jobs=_jobs_for(len(rows)),
                seed=form.seed,
                make_zip=True,
                corpus_dir=state.corpus_dir,
                templates_dir=state.templates_dir,
                topics=form.topics or None,
                chars=form.chars,
                progress=lambda done, total, row: _record_row(job, done, total, row),
                cancel=job.cancel,
                zip_name=f"{batch.safe_name(job.name)}_{KINDS[form.kind]}.zip",
                stage=lambda text: _record_stage(job, text),
            ),
        )
        _finish_job(batch, job, result)
    except WengaoError as err:
        _fail_job(job, str(err))
    except Exception as err:  # the thread must always end with a status the page can show
        log.exception("批量任务出错", exc_info=err)
        _fail_job(job, "批量生成时出错，请检查花名册后重试。")


def _jobs_for(rows: int) -> int | None:
    """Small rosters run in this thread (a process pool costs more than it saves)."""
    return 1 if rows <= 200 else None


def _record_row(job: JobEntry, done: int, total: int, row) -> None:
    """Progress callback: counts, and the reason of every row not done."""
    from ..batch import EXISTS, OK

    with job.lock:
        job.done, job.total = done, total
        job.message = ""  # rows are settling again: a stage line (see _record_stage) is over
        if row.status in (OK, EXISTS):
            job.ok += 1
        else:
            job.failed += 1
            job.failures.append(
                {"row": row.row, "school": row.school, "status": row.status, "reason": row.reason}
            )


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
            "message": job.message,
            "seconds": round(end - job.started, 1),
            "max_overlap": job.max_overlap,
            "download": None if job.running or not job.zip_path else f"/api/batch/{job_id}/download",
        }


# ---------------------------------------------------------------- 素材库


def _corpus_routes(app: FastAPI, state: AppState, limits: Limits) -> None:
    """素材库: search, topics, roles, stats, upload preview and commit."""

    @app.get("/api/corpus/sections", tags=["素材库"], summary="检索素材段落")
    def sections(
        q: str = Query("", max_length=100, description="关键词，多个词用空格分隔。"),
        role: str = Query("", max_length=40, description="作用代号，例如 measures（见 /api/corpus/roles）。"),
        topic: str = Query("", max_length=40, description="主题名称或简称，例如 食堂。"),
        offset: int = Query(0, ge=0, description="从第几条开始。"),
        limit: int = Query(50, ge=1, le=200, description="最多返回多少条。"),
    ) -> dict:
        """按关键词、作用、主题筛选素材段落，每段附来源（文件、文章标题、行号）。"""
        if role and role not in ROLES:
            raise HTTPException(422, f"未知作用“{role}”，可选：{'、'.join(ROLES)}。")
        hits = store.search(state.corpus, q, role=role, topic=topic)
        return {
            "total": len(hits),
            "offset": offset,
            "items": [views.section_payload(s) for s in hits[offset : offset + limit]],
        }

    @app.get("/api/corpus/sections/{section_id}", tags=["素材库"], summary="查看一个素材段落")
    def section(section_id: str) -> dict:
        """按段落编号返回全文、标签和来源。"""
        found = state.corpus.by_id().get(section_id)
        if found is None:
            raise HTTPException(404, f"素材库中没有编号为“{section_id}”的段落。")
        return views.section_payload(found)

    @app.get("/api/corpus/topics", tags=["素材库"], summary="列出主题")
    def topics() -> list[dict]:
        """素材库的主题（写稿页的主题勾选项），以及每个主题的段落数。"""
        counts = _topic_counts(state)
        return [
            {"name": t.name, "aliases": list(t.aliases), "count": counts.get(t.name, 0)}
            for t in state.corpus.topics
        ]

    @app.get("/api/corpus/roles", tags=["素材库"], summary="列出段落作用")
    def roles() -> list[dict]:
        """段落在文稿中的作用（开场、回顾、措施……）。"""
        return [{"role": k, "name": v} for k, v in ROLES.items()]

    @app.get("/api/corpus/stats", tags=["素材库"], summary="素材库统计")
    def stats() -> dict:
        """来源文件、文章、段落数等统计。"""
        return store.stats(state.corpus)

    @app.post("/api/corpus/preview", tags=["素材库"], summary="上传文档并预览清洗结果")
    def preview(
        files: Annotated[list[UploadFile], File(description="要加入素材库的文档：.docx、.txt 或 .md。")],
    ) -> dict:
        """清洗、分段并标注上传的文档，返回预览（每段的作用、主题、标题）；此时不保存任何内容，确认后再调用 commit。"""
        return _preview(state, limits, files)

    @app.post("/api/corpus/commit/{preview_id}", tags=["素材库"], summary="确认加入素材库")
    def commit(preview_id: str) -> dict:
        """把预览过的文档加入素材库（整体写入，不会写到一半）；每个预览只能确认一次。"""
        return _commit(state, preview_id)

    @app.delete("/api/corpus/preview/{preview_id}", tags=["素材库"], summary="放弃预览")
    def discard(preview_id: str) -> dict:
        """删除预览的上传文件，不加入素材库。"""
        entry = state.previews.pop(preview_id)
        if entry is None:
            raise HTTPException(404, NOT_FOUND)
        remove_folder(entry)
        return {"discarded": preview_id}


def _topic_counts(state: AppState) -> dict[str, int]:
    """Sections per topic, shown beside each topic checkbox."""
    counts: dict[str, int] = {}
    for s in state.corpus.sections:
        for t in s.topics:
            counts[t] = counts.get(t, 0) + 1
    return counts


def _preview(state: AppState, limits: Limits, files: list[UploadFile]) -> dict:
    """Check every upload, save the good ones privately and preview them (no storing)."""
    uploads.check_count(len(files), limits)
    checked = [_checked_upload(f, limits) for f in files]
    preview_id = new_id()
    folder = state.folder("previews", preview_id)
    saved = [_save_upload(folder, name, data) for name, data in checked]
    results = [_preview_one(state, path) for path in saved]
    good = [path for path, r in zip(saved, results, strict=True) if r["ok"]]
    if not good:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(422, "没有可以导入的内容：" + " ".join(r["error"] for r in results))
    state.previews.add(preview_id, PreviewEntry(folder, good))
    return {"preview_id": preview_id, "files": results, "sections": sum(r["sections"] for r in results)}


def _checked_upload(file: UploadFile, limits: Limits) -> tuple[str, bytes]:
    """Name, size and type checks for one corpus upload."""
    name = uploads.safe_name(file.filename)
    data = uploads.read_limited(file.file, name, limits)
    uploads.check_corpus_file(name, data)
    return name, data


def _save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Keep an upload in the preview's private folder until commit or discard."""
    path = uploads.unique_path(folder, name)
    path.write_bytes(data)
    return path


def _preview_one(state: AppState, path: Path) -> dict:
    """Clean and segment one file without storing it; a bad file gets its reason."""
    try:
        sections, articles = pipeline.preview(path, state.corpus_dir)
    except WengaoError as err:
        return views.preview_error_payload(path.name, str(err).replace(str(path), path.name))
    if not sections:
        return views.preview_error_payload(path.name, f"文件“{path.name}”中没有找到可用的正文段落。")
    return views.preview_file_payload(path.name, sections, articles)


def _commit(state: AppState, preview_id: str) -> dict:
    """Ingest a preview's files atomically, then reload the corpus for later requests."""
    entry = state.previews.pop(preview_id)
    if entry is None:
        raise HTTPException(404, "找不到这次预览（可能已确认过或已过期），请重新上传。")
    try:
        with state.corpus_lock:
            result = pipeline.ingest(entry.files, state.corpus_dir)
            state.corpus = pipeline.load_corpus(state.corpus_dir)
    finally:
        remove_folder(entry)
    return {
        "added": result.added,
        "unchanged": result.unchanged,
        "errors": [e.replace(str(entry.folder) + "/", "") for e in result.errors],
        "sections": result.sections,
    }


# ---------------------------------------------------------------- serve


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    corpus_dir: Path = CORPUS_DIR,
    templates_dir: Path | None = None,
) -> None:
    """Run the page under uvicorn and say where it is, in Chinese."""
    import uvicorn

    _check_port(host, port)
    app = create_app(corpus_dir, templates_dir)
    print(f"已启动：{_url(host, port)} ，按 Ctrl+C 停止", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("注意：已允许其他电脑访问本服务，请只在可信的内部网络中这样使用。", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    print("已停止。")


def _url(host: str, port: int) -> str:
    """The address a person types into the browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


_BIND_ERRORS = {
    errno.EADDRINUSE: "端口 {port} 已被占用（可能已经启动过一次），请换一个端口，例如 --port {next}。",
    errno.EACCES: "没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口，例如 --port 8000。",
    errno.EADDRNOTAVAIL: "本机没有地址 {host}，请用 --host 127.0.0.1。",
}


def _check_port(host: str, port: int) -> None:
    """Refuse early, in Chinese, when the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        _bind_failed(f"无法识别地址“{host}”，请用 --host 127.0.0.1。", err)
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as err:
            template = _BIND_ERRORS.get(
                err.errno, "无法在 {host}:{port} 启动，请换一个端口，例如 --port {next}。"
            )
            _bind_failed(template.format(host=host, port=port, next=port + 1), err)


def _bind_failed(message: str, err: Exception) -> None:
    """Say why in Chinese and stop with exit status 1."""
    print(f"错误：{message}", file=sys.stderr)
    raise SystemExit(1) from err
