"""Place names: jieba's dictionary places and stems, an unknown word before 县/镇/区…, and the
towns of a place-name table (``gazetteer``) where a phrase names their people or land (高酿人民).

A county-level place right before a local organisation (吴起县教育局) can become the profile's
``{所在地}``; any other place drops its sentence.
"""

from __future__ import annotations

import re

from .gazetteer import gazetteer
from .lexicon import Lexicon, Span, Token, is_place_word
from .words import (
    ADMIN_SUFFIXES,
    COUNTY_SUFFIXES,
    FUNCTION_CHARS,
    GENERIC_MODIFIERS,
    GENERIC_PLACES,
    ORG_WORDS,
    PLACE_AFTER,
    PLACE_BEFORE,
    REGION_RE,
)

# A table town used alone must not be an ordinary word (振兴, 新华): rarer than this in jieba.
TOWN_WORD_FREQ = 50


def find_places(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Place names: dictionary places and stems, and unknown words before 县/镇/区…"""
    spans = []
    for i, (word, start, end) in enumerate(tokens):
        if (
            word in lex.places
            or word in lex.place_stems
            or REGION_RE.fullmatch(word)
            or _rare_place(word, lex)
        ):
            spans.append(Span(start, end, _place_kind(word, tokens, i)))
        elif (word in ADMIN_SUFFIXES or _is_local_org(word)) and i:
            first = _place_start(tokens, i, lex)
            if first is not None:
                kind = _place_kind(word, tokens, i) if word in ADMIN_SUFFIXES else "place"
                spans.append(Span(first, end if word in ADMIN_SUFFIXES else start, kind))
    return spans + _table_towns(tokens, lex)


def _table_towns(tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Towns of the place-name table named by a phrase: 高酿人民, 在茶庵岭, 茶庵岭一带.

    The phrase's word (人民, 一带, 地处 …) is looked for first; only the tokens next to one can
    be a town, so the table is consulted a few times a text, not at every token.
    """
    spans = []
    for i, (word, _, _) in enumerate(tokens):
        if word in PLACE_AFTER:
            spans += _town_ending_at(tokens, i, lex)
        elif word in PLACE_BEFORE:
            spans += _town_starting_at(tokens, i + 1, lex)
    return spans


def _town_ending_at(tokens: list[Token], end: int, lex: Lexicon) -> list[Span]:
    """The longest table town made of the one to three tokens before token ``end``."""
    for k in (3, 2, 1):
        if end - k >= 0 and _is_town(tokens[end - k : end], lex):
            return [Span(tokens[end - k][1], tokens[end - 1][2], "place")]
    return []


def _town_starting_at(tokens: list[Token], start: int, lex: Lexicon) -> list[Span]:
    """The longest table town made of the one to three tokens from token ``start``."""
    for k in (3, 2, 1):
        if start + k <= len(tokens) and _is_town(tokens[start : start + k], lex):
            return [Span(tokens[start][1], tokens[start + k - 1][2], "place")]
    return []


def _is_town(words: list[Token], lex: Lexicon) -> bool:
    """Tokens that together name a town of the table and are no ordinary word."""
    name = "".join(w for w, _, _ in words)
    return 2 <= len(name) <= 4 and gazetteer().is_place(name) and _town_word(name, lex)


def _town_word(name: str, lex: Lexicon) -> bool:
    """A town's name, not an ordinary word that is also one (振兴, 东方)."""
    return lex.freq.get(name, 0) < TOWN_WORD_FREQ and not re.search(r"[^\u4e00-\u9fff]", name)


def _rare_place(word: str, lex: Lexicon) -> bool:
    """王庄村: a dictionary name (not 随行就市) with a rare stem and an administrative suffix."""
    if len(word) < 3 or word[-1] not in ADMIN_SUFFIXES or not is_place_word(word):
        return False
    stem = word[:-1]
    rare_stem = stem in lex.proper or lex.freq.get(stem, 0) < 50
    return word not in lex.function and rare_stem and word in lex.proper


def _is_local_org(word: str) -> bool:
    """县委, 县政府, 市教育局: an organisation word that starts with the place's suffix."""
    return (
        len(word) >= 2 and word[0] in COUNTY_SUFFIXES + "镇乡" and (word[1:] in ORG_WORDS or word[1:] == "委")
    )


def _place_kind(word: str, tokens: list[Token], i: int) -> str:
    """A county-level place right before a local organisation becomes {所在地}; others drop."""
    following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    return "place_org" if word[-1] in COUNTY_SUFFIXES and following in ORG_WORDS else "place"


def _place_start(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Start of an unknown place name before an administrative suffix (吴起|县, 闫|良|区)."""
    chars, first = 0, None
    for j in range(i - 1, max(-1, i - 4), -1):
        word, start, _ = tokens[j]
        if not _place_part(word, lex, town=tokens[i][0] in "镇乡村" and _town_part(word)):
            break
        chars, first = chars + len(word), start
    return first if chars >= 2 else None


def _place_part(word: str, lex: Lexicon, town: bool = False) -> bool:
    """A token that can be part of an unknown place name: rare, unknown or a proper noun."""
    if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", word) or len(word) > 1 and word in GENERIC_MODIFIERS:
        return False
    if len(word) == 1:
        return word not in FUNCTION_CHARS and word not in ADMIN_SUFFIXES
    if word in lex.function:
        return False
    return word in lex.proper or word in lex.place_stems or lex.freq.get(word, 0) < 50 or town


def _town_part(word: str) -> bool:
    """Before 镇/乡/村 even an ordinary word names a place (桃源镇, 光明村)."""
    return len(word) == 2 and word not in GENERIC_MODIFIERS and word not in GENERIC_PLACES
