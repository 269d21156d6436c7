"""What kind of school a document is for: its stage (学段), setting (城乡) and boarding (寄宿).

Selection takes only text that fits the school, and the check reports text that does not; both
need the same facts, taken from the profile or, when a field is empty, inferred from the school's
name, location and topics (and said so, so the user can correct it). Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Profile

STAGES: dict[str, frozenset[str]] = {
    "幼儿园": frozenset({"幼儿园"}),
    "小学": frozenset({"小学"}),
    "初中": frozenset({"初中"}),
    "高中": frozenset({"高中"}),
    "完全中学": frozenset({"初中", "高中"}),
    "九年一贯制": frozenset({"小学", "初中"}),
    "十二年一贯制": frozenset({"小学", "初中", "高中"}),
    "中职": frozenset({"中职"}),
}
# The stage a school's name tells, first match wins (…九年一贯制学校 before …学校, 初级中学 before 中学).
_NAME_STAGES = (
    (r"幼儿园|幼稚园", "幼儿园"),
    (r"十二年一贯|十二年制", "十二年一贯制"),
    (r"九年一贯|九年制", "九年一贯制"),
    (r"完全中学|完中", "完全中学"),
    (r"职业|职校|中专|技工|中等专业", "中职"),
    (r"初级中学|初中|中学初中部", "初中"),
    (r"高级中学|高中", "高中"),
    (r"中学$|中学校$|一中$|二中$|三中$", "完全中学"),
    (r"小学|完小|中心校|村小|教学点", "小学"),
)
_STAGE_WORDS = {"九年一贯制学校": "九年一贯制", "完中": "完全中学", "中职学校": "中职", "职高": "中职"}
_RURAL = re.compile(r"[乡镇村]|农村|山区")
_COUNTY = re.compile(r"县")
_CITY = re.compile(r"[市区]")


@dataclass(frozen=True)
class School:
    """The facts about a school that decide which text fits it."""

    stage: str  # a key of STAGES, or "" when unknown
    setting: str  # 城市 | 县城 | 农村 | "" when unknown
    boarding: bool
    notes: tuple[str, ...] = ()  # Chinese: which facts were inferred, and from what

    @property
    def levels(self) -> frozenset[str]:
        """The levels the school teaches (a 九年一贯制 school: 小学 and 初中); empty when unknown."""
        return STAGES.get(self.stage, frozenset())


def normalise_stage(text: str) -> str:
    """Map what users write (九年一贯制学校, 完中, 初级中学) to a key of STAGES, or ""."""
    text = text.strip()
    if text in STAGES:
        return text
    return _STAGE_WORDS.get(text) or stage_from_name(text)


def stage_from_name(name: str) -> str:
    """Infer the stage from a school's name (…小学, …初级中学, …九年一贯制学校), or ""."""
    name = name.strip()
    return next((stage for pattern, stage in _NAME_STAGES if re.search(pattern, name)), "")


def setting_from_place(*places: str) -> str:
    """Infer 农村 / 县城 / 城市 from a location and the school's name, or ""."""
    text = "".join(places)
    if "城关" in text:  # 城关镇 is a county's seat, not a village
        return "县城"
    if _RURAL.search(text):
        return "农村"
    if _COUNTY.search(text):
        return "县城"
    return "城市" if _CITY.search(text) else ""


def school_of(profile: Profile, topics: list[str]) -> School:
    """The school's facts from its profile, inferring the empty fields (and noting so)."""
    notes: list[str] = []
    stage = normalise_stage(profile.get("学段"))
    if not stage:
        stage = stage_from_name(profile.get("学校名称"))
        notes.append(_stage_note(stage))
    setting = profile.get("城乡").strip()
    if setting not in ("城市", "县城", "农村"):
        setting = setting_from_place(profile.get("所在地"), profile.get("学校名称"))
        notes.append(
            f"城乡为{setting}（按所在地和校名推断）" if setting else "城乡不明（未选用只适合农村学校的内容）"
        )
    boarding = _boarding(profile.get("寄宿"), topics, notes)
    return School(stage, setting, boarding, tuple(notes))


def _stage_note(stage: str) -> str:
    if stage:
        return f"学段为{stage}（按校名推断）"
    return "学段不明（未选用只适合某一学段的内容）"


_YES = ("是", "有", "寄宿", "寄宿制", "true", "yes", "1")
_NO = ("否", "无", "不寄宿", "走读", "false", "no", "0")


def says_no_boarders(profile: Profile) -> bool:
    """True when the school said it has no boarders (寄宿: 否), not merely left it empty."""
    return profile.get("寄宿").strip() in _NO


def _boarding(value: str, topics: list[str], notes: list[str]) -> bool:
    """是/否 as given; when empty, boarding only if the topics include dormitories."""
    value = value.strip()
    if value in _YES:
        return True
    if value in _NO:
        return False
    boarding = any("宿舍" in t for t in topics)
    notes.append("有寄宿生（按所选主题推断）" if boarding else "无寄宿生（未填写“寄宿”）")
    return boarding
