"""素材库: search and browse the corpus, upload documents, preview them and add them on confirmation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, UploadFile

from .. import pipeline, store
from ..config import ROLES
from ..errors import WengaoError
from . import uploads, views
from .state import NOT_FOUND, AppState, PreviewEntry, State, new_id, remove_folder
from .uploads import Limits

router = APIRouter(tags=["素材库"])


@router.get("/api/corpus/sections", summary="检索素材段落")
def sections(
    state: State,
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
    items = [views.section_payload(s) for s in hits[offset : offset + limit]]
    return {"total": len(hits), "offset": offset, "items": items}


@router.get("/api/corpus/sections/{section_id}", summary="查看一个素材段落")
def section(state: State, section_id: str) -> dict:
    """按段落编号返回全文、标签和来源。"""
    found = state.corpus.by_id().get(section_id)
    if found is None:
        raise HTTPException(404, f"素材库中没有编号为“{section_id}”的段落。")
    return views.section_payload(found)


@router.get("/api/corpus/topics", summary="列出主题")
def topics(state: State) -> list[dict]:
    """素材库的主题（写稿页的主题勾选项），以及每个主题的段落数。"""
    counts = _topic_counts(state)
    return [
        {"name": t.name, "aliases": list(t.aliases), "count": counts.get(t.name, 0)}
        for t in state.corpus.topics
    ]


@router.get("/api/corpus/roles", summary="列出段落作用")
def roles() -> list[dict]:
    """段落在文稿中的作用（开场、回顾、措施……）。"""
    return [{"role": k, "name": v} for k, v in ROLES.items()]


@router.get("/api/corpus/stats", summary="素材库统计")
def stats(state: State) -> dict:
    """来源文件、文章、段落数等统计。"""
    return store.stats(state.corpus)


@router.post(
    "/api/corpus/preview",
    summary="上传文档并预览清洗结果",
    description=(
        "清洗、分段并标注上传的文档，返回预览（每段的作用、主题、标题）；"
        "此时不保存任何内容，确认后再调用 commit。"
    ),
)
def preview(
    state: State,
    files: Annotated[list[UploadFile], File(description="要加入素材库的文档：.docx、.txt 或 .md。")],
) -> dict:
    """Preview uploads without storing them: the user confirms with commit."""
    return _preview(state, files)


@router.post("/api/corpus/commit/{preview_id}", summary="确认加入素材库")
def commit(state: State, preview_id: str) -> dict:
    """把预览过的文档加入素材库（整体写入，不会写到一半）；每个预览只能确认一次。"""
    return _commit(state, preview_id)


@router.delete("/api/corpus/preview/{preview_id}", summary="放弃预览")
def discard(state: State, preview_id: str) -> dict:
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


def _preview(state: AppState, files: list[UploadFile]) -> dict:
    """Check every upload, save the good ones privately and preview them (no storing)."""
    uploads.check_count(len(files), state.limits)
    checked = [_checked_upload(f, state.limits) for f in files]
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
