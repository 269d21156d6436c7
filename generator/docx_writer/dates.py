"""Dates as GB/T 9704 7.3.5.4 writes them: Arabic numerals, the year in full, no zero padding."""

from __future__ import annotations

import re

_CN_DATE_RE = re.compile(
    r"([一二][〇零○一二三四五六七八九]{3})年"
    r"(?:([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?)?"
)
_FW_DATE_RE = re.compile(r"(?<![0-9０-９])([0-9０-９]{4})年([0-9０-９]{1,2})月(?:([0-9０-９]{1,2})日)?")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def arabic_dates(text: str) -> str:
    """Return the text with its dates written 2026年3月5日."""
    return _FW_DATE_RE.sub(_fix_arabic, _CN_DATE_RE.sub(_fix_chinese, text))


def _fix_arabic(m: re.Match) -> str:
    """2026年03月05日 / full-width digits → 2026年3月5日."""
    year, month, day = (int(g.translate(_FULLWIDTH)) if g else None for g in m.groups())
    return f"{year}年{month}月" + (f"{day}日" if day else "")


def _fix_chinese(m: re.Match) -> str:
    """二〇二六年三月五日 → 2026年3月5日."""
    year = "".join(str(_CN_DIGIT[c]) for c in m.group(1))
    out = f"{year}年"
    if m.group(2):
        out += f"{_cn_number(m.group(2))}月"
    if m.group(3):
        out += f"{_cn_number(m.group(3))}日"
    return out


def _cn_number(text: str) -> int:
    """一 … 三十一 as an int (months and days only)."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
