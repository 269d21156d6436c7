"""Punctuation, quotes, numbering markers and spacing of one paragraph written one way."""

from __future__ import annotations

import re

from .shapes import CLOSERS, CN_NUM, CTX, CTX_RE, FW_PUNCT, HAN, HAN_RE, LOST

_ASCII_MARKS = ((",", "，"), (";", "；"), (":", "："), ("!", "！"), ("?", "？"))


def normalize_punctuation(s: str) -> str:
    """Half-width marks in Chinese context to full width; "1." / 2024-2025 / 1.8 stay as they are."""
    s = re.sub(r"\.{3,}|。{3,}|…+|(?:\.\s){3,}", "……", s)
    s = re.sub(rf"(?<=[{HAN}])\s*and\s*(?=[{HAN}])", "和", s)
    s = re.sub(rf"^第([{CN_NUM}]{{1,3}})\s*[.．](?=\S)", r"第\1，", s)
    s = _fix_parens(s)
    for ascii_mark, wide in _ASCII_MARKS:
        mark = re.escape(ascii_mark)
        s = re.sub(rf"(?<=[{CTX}])\s*{mark}\s*|\s*{mark}\s*(?=[{HAN}“‘（《])", wide, s)
    s = re.sub(rf"(?<=[{HAN}{CLOSERS}])\s*[.．](?![\d.a-zA-Z])\s*", "。", s)
    s = fix_quotes(s)
    s = re.sub(rf"\s+(?=[{FW_PUNCT}])|(?<=[{FW_PUNCT}])\s+", "", s)
    return _INLINE_NUMBER.sub("", s)


# A point's number run into the text after a semicolon (…进行维护；4工作中服从安排): the list's
# other numbers went at the start of their lines, this one is left mid-line. A number before a
# unit (；3月份…, ；2名…) is a quantity and stays.
_INLINE_NUMBER = re.compile(
    r"(?<=[；;])\s*\d{1,2}(?![\d.．%％])(?=[\u4e00-\u9fff])(?![月日年号个人名次天周时万千百元项套台间所米条处份批篇届级期])"
)


def _fix_parens(s: str) -> str:
    """ASCII brackets around or next to Chinese become （）: (试行) → （试行）, (1)做好 → （1）做好."""

    def wide(m: re.Match) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        chinese = HAN_RE.search(m.group(1)) or CTX_RE.match(before) or CTX_RE.match(after)
        return f"（{m.group(1)}）" if chinese else m.group(0)

    s = re.sub(r"\(([^()]{0,80})\)", wide, s)
    s = re.sub(rf"(?<=[{CTX}])\(|\((?=[{HAN}])", "（", s)
    return re.sub(rf"(?<=[{HAN}])\)|\)(?=[{HAN}])", "）", s)


def fix_quotes(s: str) -> str:
    """ASCII quotes in Chinese text to “…” and ‘…’; a lone stray apostrophe is removed."""
    if not HAN_RE.search(s):
        return s
    if '"' in s:
        parts = s.split('"')
        s = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in enumerate(parts[1:], start=1))
    s = re.sub(
        r"'([^'\n]{1,40})'", lambda m: f"‘{m.group(1)}’" if HAN_RE.search(m.group(1)) else m.group(0), s
    )
    return re.sub(rf"(?<=[{CTX}])'|'(?=[{HAN}])", "", s)


_MEASURE = set(
    "个台万千百元名位所次年月日天人项条件张本间米平亩吨辆套份篇期届小分余多倍周岁节课门种类批家层栋幢块把支箱包斤公场处点号级%％"
)


def remove_page_numbers(s: str) -> str:
    """A page number left inside a sentence ("亲自 1 下厨房") goes; "购置 20 台" keeps its number."""

    def repl(m: re.Match) -> str:
        return (m.group(1) if m.group(2) in _MEASURE else "") + m.group(2)

    return re.sub(rf"(?<=[{HAN}])\s+(\d{{1,3}})\s+([{HAN}])", repl, s)


def tidy_spaces(s: str) -> str:
    """Spaces between Chinese characters are copy errors in prose; elsewhere runs become one space."""
    if re.search("[，。；！？]", s):
        s = re.sub(rf"(?<=[{CTX}])\s+(?=[{CTX}])", "", s)
    return re.sub(r"\s{2,}", " ", s)


def normalize_marker(s: str) -> str:
    """Numbering at a paragraph's start in one form: 一, / 一. → 一、; （一）、 → （一）; 1， → 1、."""
    s = re.sub(rf"^([{CN_NUM}]{{1,3}})\s*[,，.．:：]\s*(?=\S)", r"\1、", s)
    s = re.sub(rf"^([（(][{CN_NUM}\d]{{1,3}}[)）])\s*[、，,.．]\s*", r"\1", s)
    s = re.sub(r"^(\d{1,2}[.、])\s+(?=\S)", r"\1", s)
    return re.sub(rf"^(\d{{1,2}})\s*[，,]\s*(?=[{HAN}])", r"\1、", s)


def drop_lost(s: str) -> str:
    """Cut the text a LOST character damaged: a guessed character would be wrong text.

    The sentence ends before the damaged clause ("…本职工作，把我们?作…" → "…本职工作。"); a damaged
    connector at a sentence's start ("总?，在全体…") goes alone and the rest of the sentence stays.
    """
    if LOST not in s:
        return s
    sentences = re.findall(r"[^。！？；]*[。！？；]*", s)
    return "".join(_cut_sentence(x) if LOST in x else x for x in sentences)


def _cut_sentence(sentence: str) -> str:
    """One sentence without its damaged part (see drop_lost)."""
    clauses = sentence.rstrip("。！？；").split("，")
    k = next(i for i, c in enumerate(clauses) if LOST in c)
    rest = clauses[k + 1 :]
    if k == 0 and len(clauses[0].replace(LOST, "")) <= 2 and rest and LOST not in "".join(rest):
        return "，".join(rest) + sentence[len(sentence.rstrip("。！？；")) :]
    return "，".join(clauses[:k]) + "。" if k else ""
