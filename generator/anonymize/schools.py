"""School names: walking left from a school suffix (学校/中学/小学/幼儿园…) over jieba tokens.

The specific suffixes (中学, 幼儿园) name one institution after any word; the general ones
(学校) need a clearly proper word before them.  Two short names in a row (一小、二小) are
other schools.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import Lexicon, Span, Token
from .words import (
    ADMIN_SUFFIXES,
    FUNCTION_CHARS,
    GENERIC_MODIFIERS,
    NUMBERED_SCHOOL,
    OTHER_SCHOOL_BEFORE,
    PROVINCES,
    SCHOOL_SUFFIXES,
    SCOPE_MODIFIERS,
    SPECIFIC_SUFFIXES,
    SUFFIX_ENDS,
    TYPE_MODIFIERS,
)


@dataclass
class _Unit:
    """One step of the walk left from a school suffix: a token, a run of single characters or a place."""

    start: int
    text: str
    kind: str  # type | scope | place | broad | strong | weak | run | weakrun | stop


def find_schools(text: str, tokens: list[Token], lex: Lexicon, places: list[Span]) -> list[Span]:
    """School names ending in a school suffix, the source's own school or another one."""
    spans = []
    for i, (word, _, end) in enumerate(tokens):
        if not _is_school_suffix(word):
            continue
        start = _school_start(text, tokens, i, lex, places)
        if start is not None:
            kind = "other_school" if OTHER_SCHOOL_BEFORE.search(text[max(0, start - 4) : start]) else "school"
            spans.append(Span(start, end, kind))
    return spans


def _is_school_suffix(word: str) -> bool:
    """A token that ends a school name: 小学, 高级中学 (kind of school + suffix), 一中 …"""
    if not word or word[-1] not in SUFFIX_ENDS:
        return False
    if re.fullmatch(NUMBERED_SCHOOL, word):
        return True
    for suffix in SCHOOL_SUFFIXES:
        if word.endswith(suffix):
            rest = word[: -len(suffix)]
            return not rest or rest in GENERIC_MODIFIERS
    return False


def _school_start(text: str, tokens: list[Token], i: int, lex: Lexicon, places: list[Span]) -> int | None:
    """Where the name before the school suffix at token i starts, or None if there is no name."""
    word = tokens[i][0]
    specific = (
        word.endswith(SPECIFIC_SUFFIXES)
        and not word.endswith("中小学")
        or bool(re.fullmatch(NUMBERED_SCHOOL, word))
    )
    picked: list[_Unit] = []
    for unit in _units_left(text, tokens, i, lex, places):
        if not _accepts(unit, picked, specific):
            break
        picked.append(unit)
    while picked and picked[-1].kind in ("scope", "type"):
        picked.pop()
    return picked[-1].start if picked and _is_name(picked) else None


def _accepts(unit: _Unit, picked: list[_Unit], specific: bool) -> bool:
    """Whether the walk takes this unit into the name (common words only right at the suffix)."""
    if unit.kind == "stop":
        return False
    if unit.kind in ("weak", "weakrun"):
        near = all(u.kind == "type" for u in picked)
        return near and (specific or bool(picked)) and (unit.kind == "weak" or specific)
    return True


def _is_name(picked: list[_Unit]) -> bool:
    """A proper part makes a name; a place alone only a local one without a generic word."""
    kinds = {u.kind for u in picked}
    if "scope" in kinds:  # 创市一级学校, 陕西省农村寄宿制学校: a kind of school, not one school
        return False
    return bool(kinds & {"strong", "run", "place", "weak", "weakrun"})


def _units_left(text: str, tokens: list[Token], i: int, lex: Lexicon, places: list[Span]) -> Iterator[_Unit]:
    """The units left of token i, nearest first: places whole, single characters as runs."""
    j = i - 1
    while j >= 0:
        word, start, end = tokens[j]
        place = next((p for p in places if p.start <= start and end <= p.end), None)
        if place:
            yield _Unit(
                place.start, text[place.start : place.end], "broad" if _broad(text, place) else "place"
            )
            while j >= 0 and tokens[j][1] >= place.start:
                j -= 1
            continue
        if len(word) == 1 and _single_kind(word, lex) != "stop":
            run, j = _run_left(tokens, j, lex)
            yield run
            continue
        yield _Unit(start, word, _word_kind(word, lex))
        j -= 1


def _run_left(tokens: list[Token], j: int, lex: Lexicon) -> tuple[_Unit, int]:
    """A run of single characters (jieba's unknown words) ending at token j, plus a glued one."""
    chars: list[str] = []
    start = tokens[j][1]
    while j >= 0 and len(tokens[j][0]) == 1 and _single_kind(tokens[j][0], lex) != "stop" and len(chars) < 6:
        chars.insert(0, tokens[j][0])
        start = tokens[j][1]
        j -= 1
    if j >= 0 and len(chars) < 3 and _glued(tokens[j][0]):  # 为官|挡 → 为 | 官挡
        chars.insert(0, tokens[j][0][1])
        start = tokens[j][1] + 1
        j = -1
    strong = any(_single_kind(c, lex) == "strong" for c in chars)
    return _Unit(start, "".join(chars), "run" if strong else "weakrun"), j


def _glued(word: str) -> bool:
    """A two-character word made of a function word and a name's first character (为官)."""
    return len(word) == 2 and word[0] in FUNCTION_CHARS and word[1] not in FUNCTION_CHARS


def _single_kind(char: str, lex: Lexicon) -> str:
    """A single-character token: stop (function word), weak (common verb…) or strong (name-like)."""
    if char in FUNCTION_CHARS or not "\u4e00" <= char <= "\u9fff":
        return "stop"
    return "weak" if char in lex.function or char in ADMIN_SUFFIXES else "strong"


def _word_kind(word: str, lex: Lexicon) -> str:
    """A multi-character token left of a school suffix."""
    if word in TYPE_MODIFIERS or re.fullmatch(r"第[一二三四五六七八九十]+", word):
        return "type"
    if word in SCOPE_MODIFIERS or _is_school_suffix(word):
        return "scope"  # 中小学幼儿园: a list of kinds of school
    if re.fullmatch(r"[A-Za-zＸｘ×]+|某+", word):
        return "strong"  # Xx小学, 某某学校: a template name is still a name
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in lex.function:
        return "stop"
    if word in lex.proper or (len(word) == 2 and lex.freq.get(word, 0) < 100):
        return "strong"
    return "weak"


def _broad(text: str, place: Span) -> bool:
    """A province names no single school (陕西省农村寄宿制学校)."""
    name = text[place.start : place.end]
    return name.endswith("省") or name in PROVINCES or name.rstrip("省市") in PROVINCES


# ---------------------------------------------------------------- abbreviated names of other schools


def find_abbreviations(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Two short school names in a row (X小Y小交流, 一小、二小): other schools, dropped."""
    spans = []
    for i in range(len(tokens)):
        first = _abbreviation(tokens, i, lex)
        if first is None:
            continue
        j = first + (1 if first < len(tokens) and tokens[first][0] in ("、", "和", "与") else 0)
        second = _abbreviation(tokens, j, lex)
        if second is not None:
            spans.append(Span(tokens[i][1], tokens[second - 1][2], "other_school"))
    return spans


def _abbreviation(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """X小 / X中 at token i (one token or two characters) that is no ordinary word; the next index."""
    if i >= len(tokens):
        return None
    word = tokens[i][0]
    if (
        len(word) == 2
        and word[1] in "小中"
        and (re.fullmatch(NUMBERED_SCHOOL, word) or not lex.freq.get(word))
    ):
        return i + 1
    if i + 1 >= len(tokens) or len(word) != 1 or tokens[i + 1][0] not in ("小", "中"):
        return None
    if word in FUNCTION_CHARS or not "\u4e00" <= word <= "\u9fff" or lex.freq.get(word + tokens[i + 1][0]):
        return None
    return i + 2
