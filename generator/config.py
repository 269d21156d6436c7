"""Fixed vocabularies and default locations shared by the stages (standard library only)."""

from __future__ import annotations

import os
from pathlib import Path

VERSION = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("WENGAO_CORPUS", PROJECT_ROOT / "corpus"))
TEMPLATES_DIR = Path(os.environ.get("WENGAO_TEMPLATES", PROJECT_ROOT / "templates"))
OUTPUT_DIR = Path(os.environ.get("WENGAO_OUTPUT", PROJECT_ROOT / "output"))

# Roles of a section within a document (DESIGN.md, Corpus).
ROLES: dict[str, str] = {
    "salutation": "称呼",
    "opening": "开场",
    "significance": "形势与意义",
    "review": "成绩与回顾",
    "experience": "经验与体会",
    "problems": "问题与不足",
    "guiding-thought": "指导思想",
    "goals": "工作目标",
    "requirements": "要求与意见",
    "measures": "措施与重点工作",
    "safeguards": "保障措施",
    "closing": "结束语",
    "signature": "署名",
}

# Functions: the job a text does in a document (Fit.function), and a recipe slot's ``functions``.
FUNCTIONS: dict[str, str] = {
    "achievement": "成效",
    "problem": "问题",
    "experience": "经验",
    "task": "任务与措施",
    "requirement": "对人员的要求",
    "safeguard": "保障",
    "background": "形势与意义",
    "frame": "开场与结束",
    "duty": "岗位职责",
    "rule": "行为守则",
}

# Moods: whether a text looks back (past tense, achievements) or forward (directive).
MOODS: dict[str, str] = {"review": "回顾", "directive": "部署", "neutral": "中性"}

# Document kinds and their Chinese names.
KINDS: dict[str, str] = {
    "speech": "会议讲话稿",
    "plan": "工作计划",
    "summary": "工作总结",
    "scheme": "实施方案",
    "report": "工作汇报",
}

# Profile fields: Chinese key -> English aliases accepted in profiles and rosters.
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "学校名称": ("school", "name", "school_name", "学校", "单位名称", "单位"),
    "学校简称": ("short_name", "short", "简称"),
    "学段": ("stage", "level", "学校类型"),
    "城乡": ("setting", "城乡类型", "地域"),
    "寄宿": ("boarding", "是否寄宿", "寄宿制"),
    "期间": ("period", "文稿期间", "时段"),
    "所在地": ("location", "place", "county", "district", "县区", "区县", "地区"),
    "校长": ("principal", "headmaster"),
    "讲话人": ("speaker",),
    "职务": ("title", "position", "post", "讲话人职务"),
    "分管后勤领导": ("logistics_leader", "vice_principal", "分管领导", "后勤副校长"),
    "学年": ("school_year", "academic_year"),
    "学期": ("term", "semester"),
    "会议名称": ("meeting", "meeting_name", "会议"),
    "日期": ("date", "成文日期"),
    "学生人数": ("students", "student_count", "学生数"),
    "教师人数": ("teachers", "teacher_count", "教师数", "教职工人数"),
}

# Placeholders that corpus text may carry: {学校名称}, {校长}, ... plus derived ones.
# (学段, 城乡, 寄宿 and 期间 decide which text fits; no text is written with them.)
PLACEHOLDERS: tuple[str, ...] = tuple(f for f in PROFILE_FIELDS if f not in ("城乡", "寄宿", "期间")) + (
    "年份",
    "上一年份",
)

PLACEHOLDER_PATTERN = r"\{(" + "|".join(PLACEHOLDERS) + r")\}"

# Characters of a speech read per minute (issue: --minutes M × 220).
CHARS_PER_MINUTE = 220

# Texts each per-paragraph cache of a stage keeps (a batch's documents repeat most paragraphs: 1,000
# summaries hold 4,540 distinct ones); bounds the memory of a long-running web server.
TEXT_CACHE = 1 << 13


def field_for(key: str) -> str | None:
    """Map a Chinese or English profile key to its Chinese field name, or None."""
    k = key.strip().lower().replace(" ", "_")
    for name, aliases in PROFILE_FIELDS.items():
        if k == name or k in aliases:
            return name
    return None


SCHOOL_ITEM = "school:"  # section id prefix of the school's own items (工作要点): school:1, school:2 …
SCHOOL_FIGURES = SCHOOL_ITEM + "数据"  # section id of the sentence of the school's figures (主要数据)
STAGES_SLOT = "stages"  # the outline's slot of the items a scheme's timetable places by month
