"""Tag a file's sections, article by article, with jieba and the domain dictionary loaded once."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from ..lexicon import FitWords, fit_words
from ..model import Section, Topic
from .fit import tag_fit
from .kinds import article_kind, kinds_for
from .mood import heading_mood, mood_of
from .roles import Place, is_greeting, role_of
from .tokens import search_tokens
from .topics import TopicMatcher

_PLACEHOLDER = re.compile(r"\{[^{}\s]{1,12}\}")

_loaded_dicts: set[str] = set()  # user dictionaries already added to jieba in this process


def tag(
    sections: list[Section], topics: list[Topic], userdict: Path | None = None, words: FitWords | None = None
) -> None:
    """Set role, topics, kinds, mood, tokens and fit on every section, in place (``words``: the
    cue words of the corpus's fit.yaml, the shipped ones when not given)."""
    jieba = _jieba(userdict)
    cut = _cutter(str(userdict) if userdict else "")
    matcher = _matcher(tuple((t.name, tuple(t.aliases), tuple(t.keywords)) for t in topics))
    roles: dict[str, str] = {}
    for article in _articles(sections):
        kind = article_kind(article[0].article_title)
        first_heading = next((k for k, x in enumerate(article) if x.level > 0 or x.heading), len(article))
        for i, section in enumerate(article):
            place = _place(article, i, first_heading, kind, roles)
            _tag_one(section, place, matcher, jieba, cut)
            roles[section.id] = section.role
    tag_fit(sections, words or fit_words())


@lru_cache(maxsize=4)
def _matcher(topics: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> TopicMatcher:
    """One matcher per list of topics (name, aliases, keywords): ingest tags a file's documents a
    group at a time, and building a matcher compiles an alternation of every keyword."""
    return TopicMatcher([Topic(name, list(aliases), list(keywords)) for name, aliases, keywords in topics])


def _tag_one(section: Section, place: Place, matcher: TopicMatcher, jieba, cut) -> None:
    """Tag one section; an existing role (salutation, signature from segment) is kept."""
    heading, body = _plain(section.heading), _plain("\n".join(section.paragraphs))
    words = [w for w in cut(heading + "\n" + body) if w.strip()]
    section.mood = heading_mood(heading, place.kind) or mood_of(words, place.kind, heading + "\n" + body)
    raw = section.heading + "\n" + section.text
    section.role = section.role or role_of(heading, body, section.level, place, section.mood, raw)
    section.topics = matcher.match(heading, body)
    section.kinds = kinds_for(section.role, section.mood, place.kind)
    section.tokens = search_tokens(words, jieba.dt.FREQ)


def _jieba(userdict: Path | None):
    """Import jieba quietly and add the domain dictionary once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    if userdict is not None and Path(userdict).is_file():
        key = str(Path(userdict).resolve())
        if key not in _loaded_dicts:
            for word, freq, pos in read_userdict(Path(userdict)):
                jieba.add_word(word, freq, pos)
            _loaded_dicts.add(key)
    return jieba


@lru_cache(maxsize=4)
def _cutter(userdict: str):
    """jieba's segmentation (with HMM) and the domain words of ``userdict``, run by jieba_fast_dat.

    It is jieba's algorithm over jieba's own dictionary in C++: the same words on the seeds and
    the test pages, about ten times faster (segmenting was a fifth of an ingest's time).  jieba
    itself stays loaded for its word frequencies.
    """
    import jieba
    import jieba_fast_dat

    dictionary = jieba.dt.dictionary or str(Path(jieba.__file__).with_name("dict.txt"))
    fast = jieba_fast_dat.Tokenizer(dictionary=dictionary)
    fast.initialize()
    if userdict and Path(userdict).is_file():
        for word, freq, pos in read_userdict(Path(userdict)):
            fast.add_word(word, freq, pos)
    return fast.lcut


def read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba user dictionary: ``word [freq] [pos]`` a line, ``#`` comments allowed."""
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        pos = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, pos))
    return entries


def _articles(sections: list[Section]) -> list[list[Section]]:
    """Sections grouped by (source, article), in their original order."""
    groups: dict[tuple[str, str], list[Section]] = defaultdict(list)
    for s in sections:
        groups[(s.source, s.article)].append(s)
    return list(groups.values())


def _place(article: list[Section], i: int, first_heading: int, kind: str, roles: dict[str, str]) -> Place:
    """Position facts for section ``i`` of ``article``."""
    s = article[i]
    greeting_only = all(x.role == "salutation" or is_greeting(x) for x in article[:i])
    return Place(
        kind,
        i,
        len(article),
        s.level == 0 and i < first_heading,
        greeting_only,
        roles.get(s.parent or "", ""),
        first_heading < len(article),
    )


def _plain(text: str) -> str:
    """Text without placeholders, so ``{学校名称}`` is neither a cue nor a token."""
    return _PLACEHOLDER.sub(" ", text)
