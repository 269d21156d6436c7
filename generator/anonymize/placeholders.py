"""What a profile field can stand for becomes its placeholder; what none fits drops the sentence.

The source's own school and town, the meeting being opened, school years, dates, the
article's year and the year before, one school's numbers of teachers and students become
``{学校名称}``, ``{所在地}``, ``{会议名称}``, ``{学年}``… .  A document number, any other year
and money or statistics belong to one place: their sentence goes.
"""

from __future__ import annotations

import re

from ..config import PLACEHOLDERS
from .lexicon import Span

_YEAR = r"(?:19|20)\d{2}"
_CN_YEAR = r"[〇○零0Ｏ一二三四五六七八九]{4}"
_CN_NUM = r"[〇○零一二三四五六七八九十]"
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"

SCHOOL_YEAR_RE = re.compile(
    rf"(?:(?:{_YEAR}|20[xX×]{{2}}|{_CN_YEAR})\s*年?\s*(?:[-—–~～至到－]\s*)+)?(?:{_YEAR}|20[xX×]{{2}}|{_CN_YEAR})"
    r"\s*学年(?:度)?(?:\s*(?P<term>第[一二]学期|[上下]学期|[春秋]季学期|[春秋]季))?"
)
TERM_YEAR_RE = re.compile(rf"{_YEAR}\s*年\s*(?:[春秋]季(?:学期)?|[春秋]学期|[上下]学期|第[一二]学期)")
DATE_RE = re.compile(
    rf"(?:{_YEAR}|{_CN_YEAR})\s*年\s*(?:\d{{1,2}}|{_CN_NUM}{{1,3}})\s*月"
    rf"(?:\s*(?:\d{{1,2}}|{_CN_NUM}{{1,3}})\s*[日号])?"
)
ISO_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}(?!\d)")
YEAR_RE = re.compile(rf"(?<![\d\-—－])({_YEAR}|{_CN_YEAR})(?=\s*年)")
MEETING_RE = re.compile(r"召开(?:了)?(?P<m>[^，。；：！？、“”,;:!?]{2,40}?(?:会议|大会|会(?!议)))")
MEETING_NOW_RE = re.compile(r"今天|今日|本次|这次|此次|我们召开")
TEACHERS_RE = re.compile(
    rf"(?:近|约)?(?P<n>{_NUM})\s*(?:多|余)?\s*(?:位|名|个)?\s*(?P<w>专任教师|教职员工|教职工|教师|老师)"
)
TEACHERS_AFTER_RE = re.compile(
    rf"(?P<w>专任教师|教职员工|教职工|教师)\s*(?P<n>{_NUM})\s*(?:多|余)?\s*(?:人|名)"
)
STUDENTS_RE = re.compile(
    rf"(?:近|约)?(?P<n>{_NUM})\s*(?:多|余)?\s*(?:位|名|个)?\s*(?P<w>在校学生|在校生|学生|幼儿|学子|孩子)"
)
STUDENTS_AFTER_RE = re.compile(rf"(?P<w>在校学生|在校生|学生|幼儿)\s*(?P<n>{_NUM})\s*(?:多|余)?\s*(?:人|名)")
MONEY_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:多|余)?\s*(?:万|亿|千万)?\s*元|\d+(?:\.\d+)?\s*(?:多|余)?\s*[万亿]"
    r"|[一二两三四五六七八九十百千]+(?:多|余)?[万亿]?元"
)
_MEASURE = (
    r"(?:人次|平方米|平米|公斤|所|个|张|间|台|套|辆|人|名|位|㎡|亩|座|栋|项|次|户|家|处|件|册|棵|株"
    r"|支|米|只|块|根|条|盏|把|吨|斤|本|份|批|场|篇)"
)
COUNT_RE = re.compile(  # 30个, 二十余处, 三百余支, 85%: one school's figures; 十余项 is a manner of speaking
    r"\d{2,}\s*(?:多|余)?\s*"
    + _MEASURE
    + r"|(?:[一二两三四五六七八九]?[百千万]|[二两三四五六七八九]十)[一二三四五六七八九十百千]*(?:多|余)?"
    + _MEASURE
    + r"|\d+(?:\.\d+)?\s*[%％]|百分之[一二三四五六七八九十百]+"
)
DOC_NO_RE = re.compile(
    r"[\u4e00-\u9fff]{1,10}\s*[〔［\[【(（]\s*(?:19|20)[0-9xX×]{2}\s*[〕］\]】)）]\s*第?\s*\d+\s*号"
)
DOC_NO_PAREN_RE = re.compile(r"[（(]\s*" + DOC_NO_RE.pattern + r"\s*[）)]")
DOC_REF_RE = re.compile(r"\d+\s*号文(?:件)?")


def fill_placeholders(unit: str, spans: list[Span], year: int | None) -> tuple[str, str | None]:
    """The sentence with its placeholders, or the reason no placeholder fits (doc, year, figure)."""
    text = _replace_spans(unit, spans)
    for step in (_documents, _meeting, _school_years, _dates, lambda t: _years(t, year), _counts, _figures):
        text, reason = step(text)
        if reason:
            return text, reason
    return text, None


def _replace_spans(unit: str, spans: list[Span]) -> str:
    """Put placeholders where the source's own school or town stood."""
    out = unit
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        if span.kind == "place_org":
            new = "{所在地}"
        elif span.kind in ("school", "stem"):
            new = "{学校名称}" if span.kind == "school" else "{学校简称}"
        else:
            continue
        out = out[: span.start] + new + out[span.end :]
    return out


def _documents(text: str) -> tuple[str, str | None]:
    """A document number in brackets after a title goes; anywhere else its sentence goes."""
    text = DOC_NO_PAREN_RE.sub("", text)
    if DOC_NO_RE.search(text) or DOC_REF_RE.search(text):
        return text, "doc"
    return text, None


def _meeting(text: str) -> tuple[str, str | None]:
    """今天召开后勤工作会议 → 今天召开{会议名称}: the opening stays reusable."""
    if not MEETING_NOW_RE.search(text):
        return text, None
    m = MEETING_RE.search(text)
    if (
        not m
        or m.group("m") in ("会议", "大会", "会")
        or re.match(r"[的了这此本那]|.*(?:这次|本次|此次|一次)", m.group("m"))
    ):
        return text, None
    return text[: m.start("m")] + "{会议名称}" + text[m.end("m") :], None


def _school_years(text: str) -> tuple[str, str | None]:
    """2023-2024学年度第二学期 → {学年}{学期}; 2026年春季学期 → {学年}{学期}."""
    text = SCHOOL_YEAR_RE.sub(lambda m: "{学年}" + ("{学期}" if m.group("term") else ""), text)
    return TERM_YEAR_RE.sub("{学年}{学期}", text), None


def _dates(text: str) -> tuple[str, str | None]:
    """A full or partial date (2024年3月, 二0一四年九月, 2026-03-05) → {日期}."""
    return ISO_DATE_RE.sub("{日期}", DATE_RE.sub("{日期}", text)), None


def _years(text: str, current: int | None) -> tuple[str, str | None]:
    """The article's year → {年份}, the year before → {上一年份}; any other year drops the sentence."""
    bad = False

    def repl(m: re.Match) -> str:
        nonlocal bad
        value = year_value(m.group(1))
        if current is not None and value == current:
            return "{年份}"
        if current is not None and value == current - 1:
            return "{上一年份}"
        bad = True
        return m.group(0)

    text = YEAR_RE.sub(repl, text)
    return text, "year" if bad else None


def _counts(text: str) -> tuple[str, str | None]:
    """One school's numbers of teachers and students → {教师人数} / {学生人数}."""
    text = _sub_large(TEACHERS_RE, text, "{教师人数}名{w}")
    text = _sub_large(TEACHERS_AFTER_RE, text, "{w}{教师人数}人")
    text = _sub_large(STUDENTS_RE, text, "{学生人数}名{w}")
    return _sub_large(STUDENTS_AFTER_RE, text, "{w}{学生人数}人"), None


def _sub_large(pattern: re.Pattern, text: str, template: str) -> str:
    """Replace counts of ten or more (a school's figure), keep small ones (三位教师)."""

    def repl(m: re.Match) -> str:
        n = m.group("n")
        large = (n[0].isdigit() and float(n) >= 10) or bool(re.search("[十百千]", n))
        if not large:
            return m.group(0)
        return template.replace("{w}", m.group("w"))

    return pattern.sub(repl, text)


def _figures(text: str) -> tuple[str, str | None]:
    """Money and statistics (投资20多万元, 69所学校) belong to one place: no profile field fits."""
    return text, "figure" if MONEY_RE.search(text) or COUNT_RE.search(text) else None


def year_value(text: str) -> int | None:
    """A year written in Arabic or Chinese digits (二0一四) as an int."""
    digits = text.translate(str.maketrans("〇○零Ｏ一二三四五六七八九", "0000123456789"))
    return int(digits) if digits.isdigit() else None


assert {
    "学校名称",
    "学校简称",
    "所在地",
    "会议名称",
    "学年",
    "学期",
    "日期",
    "年份",
    "上一年份",
    "教师人数",
    "学生人数",
} <= set(PLACEHOLDERS)
