"""写稿: list the kinds, generate a document, 换一段, download it as Word, Markdown or HTML."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from .. import pipeline
from ..config import SCHOOL_FIGURES
from ..errors import UsageError
from . import views
from .forms import GenerateBody, build_request, known_kinds
from .state import NOT_FOUND, AppState, DocEntry, State, new_id

router = APIRouter(tags=["写稿"])
SCHOOL_KEPT = "这一段是学校自己提供的{field}，不能换成素材库中的段落。要改它，请在“{field}”中修改后重新生成。"


class SwapBody(BaseModel):
    """换一段的请求。"""

    section_id: str = Field(
        ..., max_length=200, description="要替换的段落编号（见生成结果 outline 中的 section_id）。"
    )


@router.get("/api/kinds", summary="列出可用文种")
def kinds(state: State) -> list[dict]:
    """每个文种的代号、中文名称和一句话说明。"""
    return [{"kind": k, "name": v[0], "description": v[1]} for k, v in known_kinds(state).items()]


@router.post(
    "/api/generate",
    summary="生成文稿",
    description=(
        "按文种、学校信息、主题和字数（或讲话时长）生成文稿，"
        "返回文稿编号、标题、提纲（每段的来源）、预览 HTML 和下载地址。"
    ),
)
def generate(state: State, body: GenerateBody) -> dict:
    """Plan and render a document, keep it under a new id and return the page's payload."""
    request = build_request(state, body)
    return _store_document(state, pipeline.plan(request, state.corpus, state.templates_dir))


@router.get("/api/documents/{doc_id}", summary="查看已生成的文稿")
def document(state: State, doc_id: str) -> dict:
    """按编号返回已生成文稿的内容（与生成时的返回相同）。"""
    entry = _document(state, doc_id)
    return views.document_payload(doc_id, entry.outline, entry.doc, state.corpus)


@router.post(
    "/api/documents/{doc_id}/swap",
    summary="换一段",
    description=(
        "把文稿中的一段换成同一位置的下一个候选段落，其余各段不变；"
        "返回新文稿（新编号），并在 replaced 中给出新旧段落编号。"
        "学校自己提供的工作要点和主要数据（编号以 school: 开头，"
        "如 school:1、school:1+2、school:数据）不能换。"
    ),
)
def swap(state: State, doc_id: str, body: SwapBody) -> dict:
    """换一段: a new document with one section replaced, under a new id."""
    return _swap(state, _document(state, doc_id), body.section_id)


@router.get("/api/documents/{doc_id}/download", summary="下载文稿")
def download(
    state: State, doc_id: str, format: str = Query("docx", description="文件格式：docx、md 或 html。")
) -> FileResponse:  # noqa: A002
    """下载 Word（docx）、Markdown（md）或网页预览（html）文件。"""
    entry = _document(state, doc_id)
    if format not in views.FORMATS:
        raise HTTPException(422, f"不支持的格式“{format}”，可选：docx、md、html。")
    path = _written(entry, format)
    return FileResponse(
        path, media_type=views.FORMATS[format], filename=views.download_name(entry.doc, format)
    )


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


def _swap(state: AppState, entry: DocEntry, section_id: str) -> dict:
    """Replace one section; the old document stays available under its own id. The school's own
    items (工作要点) are its words, never replaced by material."""
    if pipeline.origin_of(section_id) == "school":
        field = "主要数据" if section_id == SCHOOL_FIGURES else "工作要点"
        raise HTTPException(400, SCHOOL_KEPT.format(field=field))
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
