"""The period a document covers: a term (学期), a school year (学年) or a calendar year (年度).

A plan is written before its period, a summary after it, a speech at its start or its end; the
title, the date line and every time word of the body (本学期, 一年来…) must agree. This module
decides the period from the kind and the date when the user does not say, and knows the time
words of each period. Standard library only: profile, selection, render and check all use it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

UNITS = ("学期", "学年", "年度")
LOOK_BACK_DAYS = 28  # a summary written this soon after a term starts covers the previous term
FIRST_TERM = ((9, 1), (1, 20))  # 秋季学期: September to the winter break (month, day)
SECOND_TERM = ((2, 20), (7, 10))  # 春季学期: after the Spring Festival to the summer break
START_DAYS = 49  # a speech in a period's first seven weeks opens it
END_DAYS = 28  # a speech in its last four weeks closes it
WRITES_BEFORE = frozenset({"plan", "scheme"})
WRITES_AFTER = frozenset({"summary", "report"})


@dataclass(frozen=True)
class Period:
    """One period: its unit, its title label and its first and last days."""

    unit: str  # 学期 | 学年 | 年度
    label: str  # 2025—2026学年第二学期 | 2025—2026学年 | 2026年度
    start: dt.date
    end: dt.date
    school_year: str = ""  # 2025—2026学年 (empty for 年度)
    term: str = ""  # 第一学期 | 第二学期 (empty unless unit is 学期)
    inferred: bool = True  # decided from kind and date, not given by the user

    @property
    def season(self) -> str:
        """秋季 or 春季 for a term, else ""."""
        return {"第一学期": "秋季", "第二学期": "春季"}.get(self.term, "")

    @property
    def this(self) -> str:
        """本学期 / 本学年 / 今年: the period as the body names it."""
        return {"学期": "本学期", "学年": "本学年", "年度": "今年"}[self.unit]

    @property
    def since(self) -> str:
        """一学期来 / 一学年来 / 一年来."""
        return {"学期": "一学期来", "学年": "一学年来", "年度": "一年来"}[self.unit]

    @property
    def new(self) -> str:
        """新学期 / 新学年 / 新的一年: the period after this one, as a new start."""
        return {"学期": "新学期", "学年": "新学年", "年度": "新的一年"}[self.unit]

    @property
    def next(self) -> str:
        """下学期 / 下学年 / 明年."""
        return {"学期": "下学期", "学年": "下学年", "年度": "明年"}[self.unit]

    @property
    def span(self) -> str:
        """一个学期 / 一个学年 / 一年: how long the period lasts."""
        return {"学期": "一个学期", "学年": "一个学年", "年度": "一年"}[self.unit]

    def phase(self, day: dt.date) -> str:
        """start, middle or end: where a day falls in the period (a speech deploys at the start,
        reviews at the end)."""
        if day < self.start + dt.timedelta(days=START_DAYS):
            return "start"
        return "end" if day > self.end - dt.timedelta(days=END_DAYS) else "middle"

    def months(self) -> list[dt.date]:
        """Return the first day of each month of the period, in order."""
        day, out = self.start.replace(day=1), []
        while day <= self.end:
            out.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return out


def term(start_year: int, first: bool) -> Period:
    """Return a term of the school year that starts in ``start_year``."""
    (m1, d1), (m2, d2) = FIRST_TERM if first else SECOND_TERM
    year = start_year if first else start_year + 1
    start, end = dt.date(year, m1, d1), dt.date(start_year + 1, m2, d2)
    school_year = f"{start_year}—{start_year + 1}学年"
    name = "第一学期" if first else "第二学期"
    return Period("学期", school_year + name, start, end, school_year, name)


def school_year(start_year: int) -> Period:
    """Return the school year that starts in September of ``start_year``."""
    label = f"{start_year}—{start_year + 1}学年"
    return Period("学年", label, dt.date(start_year, 9, 1), dt.date(start_year + 1, 7, 10), label)


def year(number: int) -> Period:
    """Return the calendar year ``number`` as a 年度."""
    return Period("年度", f"{number}年度", dt.date(number, 1, 1), dt.date(number, 12, 31))


def term_of(day: dt.date) -> Period:
    """Return the term a day falls in, or the term that follows the holiday it falls in."""
    start_year = day.year if day.month >= 8 else day.year - 1
    for candidate in (term(start_year - 1, False), term(start_year, True), term(start_year, False)):
        if day <= candidate.end:
            return candidate
    return term(start_year + 1, True)


def neighbour(period: Period, step: int) -> Period:
    """Return the period before (step -1) or after (step 1) a period of the same unit."""
    if period.unit == "年度":
        return year(period.start.year + step)
    if period.unit == "学年":
        return school_year(period.start.year + step)
    first = period.term == "第一学期"
    start_year = int(period.school_year[:4])
    if step > 0:
        return term(start_year, False) if first else term(start_year + 1, True)
    return term(start_year - 1, False) if first else term(start_year, True)


def default_period(kind: str, day: dt.date, unit: str = "学期") -> Period:
    """The period a document of ``kind`` written on ``day`` covers.

    Plans and schemes look ahead (written after the middle of a period or in a holiday: the next one);
    summaries and reports look back (written in a period's first weeks or a holiday: the
    previous one); a speech belongs to the term it is given in.
    """
    current = _containing(unit, day)
    if kind in WRITES_BEFORE and day > current.start + (current.end - current.start) / 2:
        return neighbour(current, 1)  # past the middle of a period, a plan is for the next one
    if kind in WRITES_AFTER and day < current.start + dt.timedelta(days=LOOK_BACK_DAYS):
        return neighbour(current, -1)
    return current


def _containing(unit: str, day: dt.date) -> Period:
    """Return the period of ``unit`` that a day belongs to (a holiday belongs to the next term)."""
    if unit == "年度":
        return year(day.year)
    if unit == "学年":
        return school_year(day.year if day.month >= 8 else day.year - 1)
    return term_of(day)


def period_for(kind: str, fields: dict[str, str], unit: str = "", today: dt.date | None = None) -> Period:
    """The period of a document: the 学年 and 学期 the profile names, else the default for its kind
    and date (日期, else today). ``unit`` (学期, 学年, 年度) comes from --period or the 期间 field."""
    unit = unit or fields.get("期间") or "学期"
    named = from_fields(fields.get("学年", ""), fields.get("学期", "") if unit == "学期" else "")
    if named is not None and unit != "年度":
        return named
    return default_period(kind, _day(fields.get("日期", ""), today), unit)


def fill_period(fields: dict[str, str], kind: str, unit: str = "", today: dt.date | None = None) -> Period:
    """The document's period; its 学年, 学期 and 会议名称 filled into ``fields`` where empty."""
    found = period_for(kind, fields, unit, today)
    fields["学年"] = fields.get("学年") or (found.school_year or found.label)
    fields["学期"] = fields.get("学期") or found.term
    fields["会议名称"] = fields.get("会议名称") or meeting_name(found)
    return found


def meeting_name(period: Period) -> str:
    """2026年春季学期后勤工作会议 / 2025—2026学年后勤工作会议 / 2026年度后勤工作会议."""
    if period.unit == "学期":
        return f"{period.start.year}年{period.season}学期后勤工作会议"
    return f"{period.label}后勤工作会议"


def _day(text: str, today: dt.date | None) -> dt.date:
    """A 2026年3月5日 date, else today."""
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else today or dt.date.today()


def from_fields(school_year_text: str, term_text: str) -> Period | None:
    """Return the period a user named with 学年 and 学期 fields (2025—2026学年, 第二学期), or None."""
    years = re.findall(r"\d{4}", school_year_text)
    if not years:
        return None
    first = not any(mark in term_text for mark in ("二", "春", "下"))
    found = term(int(years[0]), first) if term_text else school_year(int(years[0]))
    return Period(**{**found.__dict__, "inferred": False})


def from_title(title: str) -> Period | None:
    """Return the period a document's title names (…2026年度… / …2025—2026学年第二学期…), or None."""
    m = re.search(r"(\d{4})\s*[—－\-~至]+\s*\d{4}\s*学年\s*(第[一二]学期|[上下]学期)?", title)
    if m:
        return term(int(m[1]), "一" in m[2] or "上" in m[2]) if m[2] else school_year(int(m[1]))
    m = re.search(r"(\d{4})\s*年\s*(?:度|(春季|秋季)学期)", title)
    if not m:
        return None
    if not m[2]:
        return year(int(m[1]))
    return term(int(m[1]) - 1, False) if m[2] == "春季" else term(int(m[1]), True)


# Time words written for one unit, and what they become in a document of another unit.
_RETIME: dict[str, dict[str, str]] = {
    "学期": {
        "过去的一年": "过去的一学期",
        "一年来": "一学期来",
        "今年以来": "本学期以来",
        "本年度": "本学期",
        "本学年": "本学期",
        "一学年来": "一学期来",
        "过去的一学年": "过去的一学期",
        "全年": "本学期",
        "今年": "本学期",
        "年初": "开学初",
        "年底": "学期末",
        "明年": "下学期",
        "去年": "上学期",
    },
    "学年": {
        "过去的一年": "过去的一学年",
        "一年来": "一学年来",
        "今年以来": "本学年以来",
        "本年度": "本学年",
        "一学期来": "一学年来",
        "过去的一学期": "过去的一学年",
        "本学期": "本学年",
        "全年": "全学年",
        "今年": "本学年",
        "年初": "学年初",
        "年底": "学年末",
        "明年": "下学年",
        "去年": "上学年",
    },
    "年度": {
        "过去的一学期": "过去的一年",
        "一学期来": "一年来",
        "本学期以来": "今年以来",
        "本学期": "今年",
        "过去的一学年": "过去的一年",
        "一学年来": "一年来",
        "本学年": "本年度",
        "开学初": "年初",
        "学期末": "年底",
        "下学期": "明年",
    },
}
# Words of another unit that a body must not use (the document check reports them).
FOREIGN_WORDS: dict[str, tuple[str, ...]] = {unit: tuple(words) for unit, words in _RETIME.items()}
_WORD_END = "(?![中级])"  # 年初 in 今年初中… is no time word


_PATTERNS = {
    unit: re.compile(f"(?:{'|'.join(map(re.escape, table))}){_WORD_END}") for unit, table in _RETIME.items()
}


def retime(text: str, unit: str) -> str:
    """Rewrite the time words of another unit into those of ``unit`` (一年来 → 一学期来)."""
    return _PATTERNS[unit].sub(lambda m: _RETIME[unit][m[0]], text)


def foreign_time_words(text: str, unit: str) -> list[str]:
    """Return the time words of another unit in a text written for ``unit``."""
    return _PATTERNS[unit].findall(text)


_MONTH_NAMED = re.compile(r"(?<![\d年])(1[0-2]|[1-9])月|(十[一二]|[一二三四五六七八九十])月")
_CN_MONTHS = {c: n for n, c in enumerate("一二三四五六七八九十", 1)} | {"十一": 11, "十二": 12}


def month_named(text: str) -> int | None:
    """The month a short item says it happens in (3月底前完成…, 计划九月…), or None."""
    m = _MONTH_NAMED.search(text)
    if not m:
        return None
    return int(m[1]) if m[1] else _CN_MONTHS[m[2]]
