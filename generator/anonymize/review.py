"""Possible names left in reusable text, for a person to review (``corpus check``).

No detector is perfect, so after ingest a user can look at what might still be a name: the
words of reusable sections that jieba's part-of-speech tagger marks as a person (nr), a place
(ns) or an organisation (nt) and that also look like one — a surname and a given name that
are no ordinary word, a place of the place-name table or with an administrative suffix, an
organisation's suffix.  jieba's dictionary tags many ordinary words nr (师生, 杜绝), so the
tag alone would bury the few real finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Section
from .contexts import name_shaped, tagged_people
from .gazetteer import gazetteer
from .lexicon import Lexicon, lexicon
from .places import TOWN_WORD_FREQ
from .words import ADMIN_SUFFIXES, GENERIC_PLACES, ORG_SUFFIXES

_PLACEHOLDER = re.compile(r"\{[^{}]{1,12}\}")
KINDS = {"nr": "人名", "nrfg": "人名", "nrt": "人名", "ns": "地名", "nt": "机构名"}


@dataclass(frozen=True)
class PossibleName:
    """A word of a reusable section that may still be a name."""

    section: str  # section id
    word: str
    kind: str  # 人名 | 地名 | 机构名


def possible_names(sections: list[Section]) -> list[PossibleName]:
    """Tagged words of the reusable sections that look like names, in section order, each once a section."""
    lex = lexicon()
    found: list[PossibleName] = []
    for section in sections:
        if section.reusable:
            text = _PLACEHOLDER.sub("，", "\n".join([section.heading, *section.paragraphs]))
            words = dict.fromkeys(_tagged(text, lex))
            found += [PossibleName(section.id, word, kind) for word, kind in words]
    return found


def _tagged(text: str, lex: Lexicon) -> Iterator[tuple[str, str]]:
    """(word, kind) for each word the tagger marks nr/ns/nt that also has the shape of one."""
    import jieba.posseg  # imported here: only this review needs the tagger over whole texts

    for pair in jieba.posseg.cut(text, HMM=False):  # dictionary tags; unknown names come next
        kind = KINDS.get(pair.flag)
        if kind and _looks_like(pair.word, kind, lex):
            yield pair.word, kind
    for span in tagged_people(text, lex.tokenize(text), lex):
        yield text[span.start : span.end], "人名"


def _looks_like(word: str, kind: str, lex: Lexicon) -> bool:
    """A person's, place's or organisation's name by its shape, not only by its tag."""
    if kind == "人名":
        return name_shaped(word, lex)
    if kind == "地名":
        table = gazetteer().is_place(word) and lex.freq.get(word, 0) < TOWN_WORD_FREQ
        place = table or word in lex.places or word[-1:] in ADMIN_SUFFIXES
        return len(word) >= 2 and word not in GENERIC_PLACES and place
    return word.endswith(ORG_SUFFIXES) and len(word) > 3
