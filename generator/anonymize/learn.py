"""Learning from the whole file: its names (schools, short forms, people, places) and each
article's current year, so every section of the file is checked against all of them.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Article, Section
from .lexicon import Lexicon
from .names import FileContext, base_names
from .placeholders import YEAR_RE, year_value
from .words import ADMIN_SUFFIXES, GENERIC_MODIFIERS, GENERIC_PLACES, SCHOOL_SUFFIXES, TITLES


def learn(sections: list[Section], articles: list[Article], lex: Lexicon) -> FileContext:
    """Collect the file's names (schools, stems, people, places) and each article's year from the
    articles' titles and the sections, which hold every other line of the articles."""
    ctx = FileContext()
    texts_by_article: dict[str, list[str]] = {article.id: [article.title] for article in articles}
    for section in sections:  # the article's text as the sections hold it, each piece read once
        texts_by_article.setdefault(section.article, []).extend([section.heading, *section.paragraphs])
    for article_id, texts in texts_by_article.items():
        for text in texts:
            _learn_text(text, ctx, lex)
        ctx.years[article_id] = _current_year(texts)
    _compile_learned(ctx)
    return ctx


def _learn_text(text: str, ctx: FileContext, lex: Lexicon) -> None:
    """Add the names found in one text to the file context."""
    for span in base_names(text, lex):
        name = text[span.start : span.end]
        if span.kind == "school":
            ctx.own_schools.add(name)
            ctx.stems.update(_school_stems(name, lex))
        elif span.kind == "person":
            ctx.persons.update(_person_forms(name))
        elif span.kind in ("place", "place_org"):
            ctx.places.update(_place_forms(name, lex))


def _school_stems(name: str, lex: Lexicon) -> list[str]:
    """Short forms of a school name used alone (丽景学校 → 丽景), when not an ordinary word."""
    stem = name
    for suffix in SCHOOL_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    words = [w for w, _, _ in lex.tokenize(stem)]
    while words and (words[-1] in GENERIC_MODIFIERS or words[-1] in ADMIN_SUFFIXES):
        words.pop()
    while words and (words[0] in lex.places or words[0] in lex.place_stems or words[0] in ADMIN_SUFFIXES):
        words.pop(0)
    stem = "".join(words)
    if len(stem) < 2 or re.search(r"[A-Za-zＸｘ×某]", stem) or lex.freq.get(stem, 0) > 1000:
        return []
    return [stem]


def _person_forms(name: str) -> list[str]:
    """A person's name as it may appear alone (云明同志 → 云明, 校长陈建国 → 陈建国); 马校长 stays whole."""
    bare = name
    for title in sorted(TITLES, key=len, reverse=True):
        if bare.endswith(title) and len(bare) - len(title) >= 2:
            bare = bare[: -len(title)]
        if bare.startswith(title) and len(bare) - len(title) >= 2:
            bare = bare[len(title) :]
    return [name, bare] if bare != name else [name]


def _place_forms(name: str, lex: Lexicon) -> list[str]:
    """A place as it may appear again: the full name and its stem (吴起县 → 吴起)."""
    forms = [name]
    stem = name[:-1]
    if (
        name[-1] in ADMIN_SUFFIXES
        and len(stem) >= 2
        and stem not in GENERIC_PLACES
        and not lex.freq.get(stem, 0) > 2000
    ):
        forms.append(stem)
    return forms


def _compile_learned(ctx: FileContext) -> None:
    """One regex over all learned names, longest first, remembering each name's kind."""
    kinds = {n: "place" for n in ctx.places}
    kinds.update({n: "stem" for n in ctx.stems})
    kinds.update({n: "school" for n in ctx.own_schools})
    kinds.update({n: "person" for n in ctx.persons})
    ctx.kinds = {n: k for n, k in kinds.items() if len(n) >= 2}
    names = sorted(ctx.kinds, key=len, reverse=True)
    ctx.learned = re.compile("|".join(map(re.escape, names))) if names else None


def _current_year(texts: list[str]) -> int | None:
    """The year an article is written in: its most frequent year (ties: the latest)."""
    years = Counter(year_value(m.group(1)) for t in texts for m in YEAR_RE.finditer(t))
    years.pop(None, None)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))
