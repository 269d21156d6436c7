"""What the page sends, checked: the generate form into a pipeline Request, and the checks the
batch form shares with it. Every refusal is an HTTP 422 naming the field in Chinese."""

from __future__ import annotations

import re

from fastapi import HTTPException
from pydantic import BaseModel, Field

from .. import pipeline
from ..errors import UsageError
from ..model import Profile, Request
from ..profile import FIGURE_KEYS, ITEM_KEYS, make_profile
from .state import AppState

MAX_FIELDS, MAX_VALUE, MAX_TOPICS = 40, 200, 30  # a profile is a few short fields and topics
# 工作要点 and 主要数据 are lists, one item a line: a few dozen lines of a few dozen characters each.
MAX_LIST_VALUE = 4000
ProfileValue = str | int | float | list[str] | dict[str, str] | None


class GenerateBody(BaseModel):
    """生成文稿的请求。"""

    kind: str = Field(
        ...,
        description=(
            "文种：speech 会议讲话稿、plan 工作计划、summary 工作总结、scheme 实施方案、report 工作汇报。"
        ),
        examples=["summary"],
    )
    profile: dict[str, ProfileValue] = Field(
        default_factory=dict,
        description=(
            "学校信息，使用中文字段名（也接受英文别名），至少要有“学校名称”。"
            "学段、城乡、寄宿、期间只能填规定的值；工作要点每行一条（或用分号隔开），"
            "主要数据每行一项，写成“名称：值”。"
        ),
        examples=[
            {
                "学校名称": "育才实验中学",
                "校长": "王明",
                "学段": "初中",
                "城乡": "县城",
                "寄宿": "是",
                "期间": "学期",
                "工作要点": "食堂：完成后厨改造，通过食品安全等级评定\n投入资金维修教学楼屋面防水",
                "主要数据": "投入资金：35万元\n受益学生：1200人",
            }
        ],
    )
    topics: list[str] | str = Field(
        default_factory=list, description='主题，例如 ["食堂", "安全"]，也可写成“食堂,安全”。'
    )
    chars: int | None = Field(None, ge=200, le=50000, description="目标字数（200～50000）。")
    minutes: float | None = Field(
        None, ge=1, le=180, description="讲话时长（分钟，每分钟约 220 字），主要用于讲话稿。"
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="随机种子：相同请求和种子得到相同文稿。")


def split_topics(topics: list[str] | str) -> list[str]:
    """Return topics as a list, given as a list or as typed: 食堂,安全 / 食堂，安全 / 食堂、安全 / 食堂 安全.

    Every separator a person may type counts: commas and 顿号 of either width, semicolons, spaces.
    """
    items = topics if isinstance(topics, list) else [topics]
    return [t for item in items for t in re.split(r"[,，、;；\s]+", str(item)) if t]


def known_kinds(state: AppState) -> dict[str, tuple[str, str]]:
    """Return kind → (Chinese name, description), from the template folders."""
    return {k: (name, desc) for k, name, desc in pipeline.list_kinds(state.templates_dir)}


def build_request(state: AppState, body: GenerateBody) -> Request:
    """Return the form as a pipeline Request; every refusal names the field in Chinese."""
    kinds = known_kinds(state)
    if body.kind not in kinds:
        choices = "、".join(f"{k}（{v[0]}）" for k, v in kinds.items())
        raise HTTPException(422, f"未知文种“{body.kind}”，可选：{choices}。")
    if body.chars is not None and body.minutes is not None:
        raise HTTPException(422, "字数和讲话时长只能填一个。")
    profile = parse_profile(body.profile)
    if not profile.get("学校名称"):
        raise HTTPException(422, "请填写学校名称。")
    topics = split_topics(body.topics)
    if len(topics) > MAX_TOPICS:
        raise HTTPException(422, f"主题太多（最多 {MAX_TOPICS} 个）。")
    check_topics(state, topics)
    return Request(body.kind, profile, topics, body.chars, body.minutes, body.seed)


def parse_profile(values: dict[str, ProfileValue]) -> Profile:
    """The school's details as a YAML profile would give them: plain fields as text, 工作要点 and
    主要数据 as a text of lines (or a list, a mapping). A wrong value is a ProfileError naming the
    field (学段 not one of its values, 学生人数 not a number), which the app answers with a 422."""
    _check_sizes(values)
    return make_profile({k: _plain(v) for k, v in values.items()})


def _plain(value: ProfileValue) -> str | list[str] | dict[str, str]:
    """A value as make_profile takes it: lists and mappings as they are, the rest as text."""
    if value is None:
        return ""
    return value if isinstance(value, list | dict) else str(value)


def _check_sizes(values: dict[str, ProfileValue]) -> None:
    """A profile is a few short fields and two lists; anything far larger is refused before any work."""
    if len(values) > MAX_FIELDS:
        raise HTTPException(422, f"学校信息的字段太多（最多 {MAX_FIELDS} 个）。")
    for key, value in values.items():
        limit = MAX_LIST_VALUE if str(key).strip() in (*ITEM_KEYS, *FIGURE_KEYS) else MAX_VALUE
        if len(str(key)) > MAX_VALUE or len(_length_text(value)) > limit:
            raise HTTPException(422, f"学校信息“{str(key)[:20]}”太长（每项最多 {limit} 字）。")


def _length_text(value: ProfileValue) -> str:
    """The text a value's length is measured on (a mapping: its names and values)."""
    if isinstance(value, dict):
        return "".join(f"{k}{v}" for k, v in value.items())
    if isinstance(value, list):
        return "".join(map(str, value))
    return "" if value is None else str(value)


def check_topics(state: AppState, topics: list[str]) -> None:
    """Refuse a topic the generator does not understand (not a name, an alias or a keyword)."""
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
