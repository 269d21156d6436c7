"""Format rules readable from the text: heading numbers in order, dates, the closing lines.

GB/T 9704-2012: headings numbered 一、 → （一） → 1. → （1）, each level restarting under its
parent; dates in Arabic numerals without zero padding (2026年3月5日); plans, summaries and
schemes end with the school's name and the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocPara
from .findings import Context, Finding, Para, finding
from .structure import heading_number

_CN = "一二三四五六七八九十"
_FORMS = {
    1: re.compile(r"^([一二三四五六七八九十]{1,3})、$"),
    2: re.compile(r"^（([一二三四五六七八九十]{1,3})）$"),
    3: re.compile(r"^(\d{1,2})\.$"),
    4: re.compile(r"^（(\d{1,2})）$"),
}
_EXAMPLE = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
_BAD_DATE = re.compile(
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}年0\d月|\d{4}年\d{1,2}月0\d日|二[〇○零][一二三四五六七八九〇○零]{2}年"
)
SIGNED_KINDS = frozenset({"plan", "summary", "scheme"})


def check(raw: list[DocPara], paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Yield the text-level format findings of a document."""
    yield from _numbers(raw, paras)
    for para in paras:
        m = _BAD_DATE.search(para.text)
        if m:
            yield finding(
                "format.date",
                "日期写法",
                para,
                para.text,
                "日期用阿拉伯数字写全年份，月、日不加“0”，如“2026年3月5日”。",
                m[0],
            )
    if ctx.kind in SIGNED_KINDS and not any(p.kind == "date" for p in paras[-3:]):
        yield finding(
            "format.signature",
            "缺少落款",
            paras[-1],
            paras[-1].text,
            "计划、总结、方案的末尾应有单位名称和成文日期（右对齐）。",
        )


def _numbers(raw: list[DocPara], paras: list[Para]) -> Iterator[Finding]:
    """Each heading's number: the right form for its level, one more than its elder sibling."""
    counters = [0, 0, 0, 0, 0]
    for para, line in zip(
        _heading_paras(paras), (p for p in raw if p.kind in ("h1", "h2", "h3", "h4")), strict=False
    ):
        level = para.level
        number = heading_number(line.text).strip()
        if not number:
            continue
        if counters[level - 1] == 0 and level > 1:
            yield finding(
                "format.level",
                "标题层级",
                para,
                line.text,
                "这一级标题没有上一级标题：标题依次为 一、（一）1.（1）。",
            )
        counters[level] += 1
        counters[level + 1 :] = [0] * (4 - level)
        m = _FORMS[level].match(number)
        if not m:
            yield finding(
                "format.number_form",
                "标题编号写法",
                para,
                line.text,
                f"第{_CN[level - 1]}级标题的编号应写作“{_EXAMPLE[level]}”这样的形式。",
            )
        elif _value(m[1]) != counters[level]:
            yield finding(
                "format.number_order",
                "标题编号不连续",
                para,
                line.text,
                f"编号应为第 {counters[level]} 个（按顺序排列，每个上级标题下重新从 1 开始）。",
            )
            counters[level] = _value(m[1])  # one slip is reported once, not at every later sibling


def _heading_paras(paras: list[Para]) -> list[Para]:
    """The heading paragraphs (a run-in heading's body line is left out)."""
    return [p for p in paras if p.level]


def _value(number: str) -> int:
    """一 → 1, 十二 → 12, 3 → 3."""
    if number.isdigit():
        return int(number)
    if number == "十":
        return 10
    tens, _, ones = number.rpartition("十")
    if "十" not in number:
        return _CN.index(number) + 1
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)
