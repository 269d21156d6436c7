"""All the names in a text: what the detectors find, plus the names learned from its file.

Detection is general, not a list of known names: schools from their suffix, places from
jieba's dictionary and administrative suffixes, people from titles, bylines and verbs of
speech.  Names found anywhere in the file are then searched everywhere, so a given name
used alone (云明要…) or a school's short form (丽景人) is caught too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .contexts import find_listed_people
from .lexicon import Lexicon, Span, Token
from .organisations import find_organisations
from .people import find_bylines, find_persons
from .places import find_places
from .schools import find_abbreviations, find_schools


@dataclass
class FileContext:
    """Names learned from the whole source file, searched in every section."""

    own_schools: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    years: dict[str, int] = field(default_factory=dict)  # article id -> the article's current year
    learned: re.Pattern | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # learned name -> span kind


def find_names(text: str, ctx: FileContext, lex: Lexicon) -> list[Span]:
    """All names in a text: the detectors' finds plus the file's learned names."""
    spans = list(base_names(text, lex))
    if ctx.learned:
        for m in ctx.learned.finditer(text):
            spans.append(Span(m.start(), m.end(), ctx.kinds[m.group()]))
    return resolve(spans)


@lru_cache(maxsize=4096)
def base_names(text: str, lex: Lexicon) -> tuple[Span, ...]:
    """Names found by the general detectors (no file context); cached per text."""
    tokens = _real_tokens(text, lex)
    places = find_places(tokens, lex)
    spans = [
        *find_schools(text, tokens, lex, places),
        *places,
        *find_persons(text, tokens, lex),
        *find_organisations(tokens, lex),
        *find_abbreviations(tokens, lex),
        *find_bylines(text, lex),
    ]
    spans += find_listed_people(text, tokens, lex, spans)
    return tuple(resolve(spans))


def _real_tokens(text: str, lex: Lexicon) -> list[Token]:
    """jieba tokens with placeholders ({学校名称}) kept whole, so they are never re-detected."""
    tokens: list[Token] = []
    pos = 0
    for m in re.finditer(r"\{[^{}]{1,8}\}", text):
        tokens += [(w, s + pos, e + pos) for w, s, e in lex.tokenize(text[pos : m.start()])]
        tokens.append((m.group(), m.start(), m.end()))
        pos = m.end()
    tokens += [(w, s + pos, e + pos) for w, s, e in lex.tokenize(text[pos:])]
    return tokens


def resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans, preferring schools, then the longest."""
    rank = {"school": 0, "other_school": 0, "person": 1, "org": 2, "place_org": 2, "place": 3, "stem": 4}
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (rank[s.kind], -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
