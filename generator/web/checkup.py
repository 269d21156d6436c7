"""文稿体检: check a document the user wrote (.docx, .md or .txt) and answer with its findings.

The upload passes the same checks as every other (size, name, type by suffix and by content); it
is kept in a private folder only while the check reads it. The school's details of the 写稿 form
may come with it, so the check knows the school as it does for a generated document.
"""

from __future__ import annotations

import json
import shutil
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile

from .. import pipeline
from ..check import summary_line
from ..errors import WengaoError
from ..model import Profile
from . import uploads
from .forms import MAX_FIELDS, MAX_LIST_VALUE, known_kinds, parse_profile
from .state import AppState, State, new_id

router = APIRouter(tags=["文稿体检"])

MAX_PROFILE_TEXT = MAX_FIELDS * 200 + 2 * MAX_LIST_VALUE  # the profile's JSON: fields and two lists


@router.post(
    "/api/check",
    summary="检查已有文稿",
    description=(
        "上传一份已经写好的文稿（.docx、.md 或 .txt），按文稿体检的规则检查："
        "学段是否相符、句子是否完整、有无重复、用词和格式（.docx 还检查版式）。"
        "返回每处问题的规则名称、段落序号、原文摘录和修改建议。"
    ),
)
def check_upload(
    state: State,
    file: Annotated[UploadFile, File(description="要检查的文稿：.docx、.md 或 .txt。")],
    kind: Annotated[
        str, Form(max_length=20, description="文种代号，例如 summary；不填则按文稿标题判断。")
    ] = "",
    profile: Annotated[
        str,
        Form(
            max_length=MAX_PROFILE_TEXT,
            description="学校信息（JSON 对象，字段同生成文稿）；不填则按文稿中的校名判断。",
        ),
    ] = "",
) -> dict:
    """Check one uploaded document; nothing of it is kept."""
    if kind and kind not in known_kinds(state):
        raise HTTPException(422, f"未知文种“{kind}”，可选：{'、'.join(known_kinds(state))}，或不填。")
    school = _school_profile(profile)
    name = uploads.safe_name(file.filename, "文稿")
    data = uploads.read_limited(file.file, name, state.limits)
    uploads.check_checkable_file(name, data)
    return _check(state, name, data, school, kind)


def _school_profile(text: str) -> Profile | None:
    """The form's school details, or None when none were filled in."""
    if not text.strip():
        return None
    try:
        values = json.loads(text)
    except json.JSONDecodeError as err:
        raise HTTPException(422, '学校信息应为 JSON 对象，例如 {"学校名称": "育才实验中学"}。') from err
    if not isinstance(values, dict):
        raise HTTPException(422, '学校信息应为 JSON 对象，例如 {"学校名称": "育才实验中学"}。')
    if not any(str(v or "").strip() for v in values.values()):
        return None
    return parse_profile(values)


def _check(state: AppState, name: str, data: bytes, school: Profile | None, kind: str) -> dict:
    """Run the check on the upload in a private folder, removed afterwards."""
    folder = state.folder("checks", new_id())
    path = folder / name
    try:
        path.write_bytes(data)
        checked = pipeline.check_file(path, school, kind, state.corpus_dir)
    except WengaoError as err:
        raise HTTPException(422, str(err).replace(str(path), name)) from err
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "name": name,
        "chars": checked.chars,
        "summary": summary_line(checked.findings, checked.chars),
        "findings": [f.as_dict() for f in checked.findings],
    }
