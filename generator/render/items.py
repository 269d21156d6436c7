"""Items of a line the template writes itself (a month of a plan's schedule): each said once.

Two items repeat each other when they read alike, or when they do the same thing (an
inspection, a training…) to the same subject (the canteen, the dormitories…): 加强夏季食品卫生检查
and 开展食堂专项检查 are two canteen inspections in one month.
"""

from __future__ import annotations

from ..sentences import bigrams, overlap

ALIKE = 0.5  # two items sharing this much of the shorter one's character pairs say the same
SUBJECTS = {
    "饮食": ("食堂", "食品", "饮食", "伙食", "就餐"),
    "住宿": ("宿舍", "寝室", "住宿"),
    "水电": ("水电", "用电", "供水", "线路"),
    "消防": ("消防", "防火"),
    "绿化": ("绿化", "花木", "植树"),
    "卫生": ("卫生", "保洁", "清扫"),
    "财务": ("财务", "账", "经费"),
    "校舍": ("校舍", "门窗", "设施"),
    "安全": ("安全",),
}
ACTIONS = ("检查", "排查", "整治", "培训", "宣传", "演练", "检修", "盘点", "总结")


def distinct(items: list[str]) -> list[str]:
    """The items in order, each dropped that repeats an earlier one."""
    kept: list[str] = []
    for item in items:
        if not any(_repeats(item, earlier) for earlier in kept):
            kept.append(item)
    return kept


def _repeats(a: str, b: str) -> bool:
    """True when two items read alike or do the same thing to the same subject."""
    if overlap(bigrams(a), bigrams(b)) >= ALIKE:
        return True
    return bool(_subjects(a) & _subjects(b)) and bool(_actions(a) & _actions(b))


def _subjects(text: str) -> set[str]:
    return {name for name, words in SUBJECTS.items() if any(w in text for w in words) and name != "安全"}


def _actions(text: str) -> set[str]:
    return {a for a in ACTIONS if a in text}
