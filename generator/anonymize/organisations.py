"""Companies and other organisations named by their suffix (绿源餐饮管理有限公司, 城关镇卫生院).

A school's documents name its caterer, supplier, builder or clinic; no profile field stands
for them, so their sentence goes.  Walking left from the suffix, words of trade (餐饮, 管理,
配送) may stand between the name and the suffix; a name needs at least one proper or rare word
(绿源), so "保险公司" or "专业公司" name no one.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, Span, Token
from .words import FUNCTION_CHARS, ORG_SUFFIXES, TRADE_WORDS

PROPER_FREQ = 50  # a word rarer than this in jieba's dictionary may be a company's own name


def find_organisations(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Organisations ending in a suffix, with a proper word somewhere in their name."""
    spans = []
    for i, (word, _, end) in enumerate(tokens):
        if word.endswith(ORG_SUFFIXES) and i:
            start = _name_start(tokens, i, lex)
            if start is not None:
                spans.append(Span(start, end, "org"))
    return spans


def _name_start(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Where the name before the suffix at token i starts, or None when no proper word is in it."""
    start, proper, j = None, False, i - 1
    while j >= 0 and j > i - 7:
        word, first, _ = tokens[j]
        if len(word) == 1:
            word, first, j = _char_run(tokens, j)
            if len(word) < 2 or word in lex.freq:
                break
        elif word in TRADE_WORDS:
            start, j = first, j - 1
            continue
        elif not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in lex.function or _common(word, lex):
            break
        start, proper, j = first, True, j - 1
    return start if proper else None


def _char_run(tokens: list[Token], j: int) -> tuple[str, int, int]:
    """Single characters leftwards from token j (an unknown word jieba cut up): text, start, next j."""
    chars: list[str] = []
    while j >= 0 and len(tokens[j][0]) == 1 and tokens[j][0] not in FUNCTION_CHARS and len(chars) < 3:
        if not "\u4e00" <= tokens[j][0] <= "\u9fff":
            break
        chars.insert(0, tokens[j][0])
        j -= 1
    return "".join(chars), tokens[j + 1][1], j


def _common(word: str, lex: Lexicon) -> bool:
    return lex.freq.get(word, 0) >= PROPER_FREQ and word not in lex.proper
