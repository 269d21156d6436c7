"""Heading numbers: the renderer writes 一、 （一） 1. （1） itself and never keeps the source's.

Corpus headings arrive with their numbering stripped at ingest; ``tidy_heading`` strips it
again here, so a heading typed into a template or a user's corpus is numbered only once.
"""

from __future__ import annotations

import re

from ..model import DocPara
from .text import clean_text

_CN_DIGITS = "零一二三四五六七八九"
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)][、.．]?|[一二三四五六七八九十]{1,3}[、.．]"
    r"|第[一二三四五六七八九十]{1,3}[，,、：:]|[（(]\d{1,2}[）)][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|\d{1,2}[）)]|[①-⑳])\s*"
)
HEADING_KINDS = ("h1", "h2", "h3", "h4")


def cn_number(n: int) -> str:
    """Return n in Chinese numerals: 1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (up to 99)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def count_word(n: int) -> str:
    """Return a count as said before a measure word: 两点, 三点, 十二点."""
    return "两" if n == 2 else cn_number(n)


def tidy_heading(text: str) -> str:
    """Return a heading without the source's numbering."""
    return _NUMBERING.sub("", text.strip(), count=1).strip()


def number_headings(paras: list[DocPara]) -> list[DocPara]:
    """Write 一、 （一） 1. （1） in front of headings; numbering restarts under each parent."""
    counters = [0, 0, 0, 0]
    for para in paras:
        if para.kind in HEADING_KINDS:
            level = int(para.kind[1]) - 1
            counters[level] += 1
            counters[level + 1 :] = [0] * (3 - level)
            para.text = _number(level, counters[level]) + _heading_text(para.text)
    return paras


def _number(level: int, n: int) -> str:
    """The number of the n-th heading of a level (0 is the top level)."""
    if level == 0:
        return f"{cn_number(n)}、"
    if level == 1:
        return f"（{cn_number(n)}）"
    return f"{n}." if level == 2 else f"（{n}）"


def _heading_text(text: str) -> str:
    """Heading text without source numbering; a bare heading loses its closing punctuation."""
    text = tidy_heading(clean_text(text))
    if "。" in text.rstrip("。"):
        return text  # a lead sentence followed by text: keep as written
    return text.rstrip("。；;，,：: ")
