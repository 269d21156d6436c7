"""The local web page: a FastAPI app over the same pipeline the command line uses.

``create_app`` builds one independent app (its own corpus copy in memory, its own
temporary folder and bounded stores); ``serve`` runs it under uvicorn on 127.0.0.1.
This module holds what every request passes: the security middleware and the error
handlers that answer in Chinese. The API's routes live in one router per page of the
site: ``write`` (写稿), ``checkup`` (文稿体检 of an uploaded document), ``batch`` (批量) and
``corpus`` (素材库); ``forms`` checks what they receive, ``views`` shapes what they answer,
``state`` is what the app remembers.
Generation endpoints are plain ``def`` functions, so FastAPI runs them in its
threadpool and the event loop stays free. The page itself (HTML, CSS, JS) is served
from ``static/``; nothing is fetched from the internet.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import shutil
import socket
import sys
import tempfile
import time
import weakref
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import pipeline, store
from ..config import CORPUS_DIR
from ..errors import CorpusError, WengaoError
from . import batch, checkup, corpus, origin, uploads, write
from .state import NOT_FOUND, AppState, make_state
from .uploads import Limits, UploadError

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("wengao.web")

TAGS = [
    {"name": "写稿", "description": "生成文稿、换一段、下载 Word 或 Markdown 文件。"},
    {
        "name": "文稿体检",
        "description": "上传已经写好的文稿，检查学段是否相符、句子是否完整、有无重复、用词和格式。",
    },
    {"name": "批量", "description": "上传花名册，为每所学校生成一份文稿，查看进度并下载压缩包。"},
    {"name": "素材库", "description": "浏览、检索素材库中的段落，上传自己的文档并在确认后加入素材库。"},
]


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
    hosts: tuple[str, ...] = origin.LOOPBACK,
) -> FastAPI:
    """One self-contained app: corpus loaded once, its own temporary folder and stores; it answers
    to the Host names ``hosts`` (origin.allowed_hosts) and to its own page only."""
    limits = limits or Limits()
    folder = Path(tempfile.mkdtemp(prefix="wengao-web-", dir=work_dir))
    state = make_state(Path(corpus_dir), templates_dir, folder, _load_corpus(Path(corpus_dir)), limits)
    app = FastAPI(
        title="文稿（wengao）网页版接口",
        description=(
            "学校公文写作工具的 JSON 接口：生成文稿、换一段、批量生成、素材库检索与导入。所有提示均为中文。"
        ),
        version="1",
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(state),
    )
    _chinese_openapi(app)
    app.state.wengao = state
    weakref.finalize(app, shutil.rmtree, folder, True)
    app.add_middleware(origin.OriginGuard, hosts=hosts)
    app.add_middleware(SecurityMiddleware, max_body=limits.body_bytes)
    _install_error_handlers(app)
    _page_routes(app)
    for module in (write, checkup, batch, corpus):
        app.include_router(module.router)
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


SHUTDOWN_WAIT = 30.0  # seconds a stopping server waits for batch jobs to finish the rows in hand


def _lifespan(state: AppState):
    """On shutdown: stop running batch jobs, let them finish the rows in hand (their files and
    folders are still there), then remove the app's temporary folder."""

    @asynccontextmanager
    async def lifespan(_app):
        yield
        jobs = state.jobs.values()
        for job in jobs:
            job.cancel.set()
        await asyncio.to_thread(_wait_for_jobs, jobs, SHUTDOWN_WAIT)
        shutil.rmtree(state.work_dir, ignore_errors=True)

    return lifespan


def _wait_for_jobs(jobs: list, seconds: float) -> None:
    """Wait until every job's thread has ended, ``seconds`` at most in all."""
    end = time.monotonic() + seconds
    for job in jobs:
        job.ended.wait(max(0.0, end - time.monotonic()))


def _page_routes(app: FastAPI) -> None:
    """The page and its own API documentation, both served from static/."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


# ---------------------------------------------------------------- serve


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    corpus_dir: Path = CORPUS_DIR,
    templates_dir: Path | None = None,
) -> None:
    """Run the page under uvicorn and say where it is, in Chinese."""
    import uvicorn

    _check_corpus(corpus_dir)
    _check_port(host, port)
    app = create_app(corpus_dir, templates_dir, hosts=origin.allowed_hosts(host))
    print(f"已启动：{_url(host, port)} ，按 Ctrl+C 停止", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("注意：已允许其他电脑访问本服务，请只在可信的内部网络中这样使用。", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    print("已停止。")


def _check_corpus(corpus_dir: Path) -> None:
    """A --corpus folder that does not exist is a mistyped path; an empty one is said to be empty."""
    if not corpus_dir.is_dir():
        _bind_failed(
            f"素材库目录“{corpus_dir}”不存在，请检查 --corpus 的路径；要从空素材库开始，请先建好这个文件夹。",
            FileNotFoundError(corpus_dir),
        )
    if not store.exists(corpus_dir):
        print(f"注意：“{corpus_dir}”中还没有素材，网页以空素材库启动；可在“素材库”页上传文稿。", flush=True)


def _url(host: str, port: int) -> str:
    """The address a person types into the browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


_BIND_ERRORS = {
    errno.EADDRINUSE: "端口 {port} 已被占用（可能已经启动过一次），请换一个端口，例如 --port {next}。",
    errno.EACCES: (
        "没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口，例如 --port 8000。"
    ),
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
