"""A chosen section's text: placeholders filled, source numbering stripped, repeats dropped, trimmed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..model import chinese_chars
from .index import PLACEHOLDER
from .state import Document, Pick

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)][、.．]?|[一二三四五六七八九十]{1,3}[、.．]"
    r"|第[一二三四五六七八九十]{1,3}[，,、：:]|[（(]\d{1,2}[）)][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|\d{1,2}[）)]|[①-⑳])\s*"
)
_VOCATIVE = re.compile(
    r"^(?:同志们|老师们|同学们|朋友们|各位(?:领导|老师|同事|同仁|员工|同志)[^，,！!：:]{0,8})[，,！!：:]\s*"
)
_FIRST_IS = re.compile(r"^\s*一是[，,：:]?")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_NOT_WORD = re.compile(r"[^\w]")


class Paragraph(NamedTuple):
    """A section's paragraph filled and tidied, with what choosing it checks."""

    text: str
    long_enough: bool  # at least four Chinese characters: shorter is a fragment
    key: str  # see paragraph_key


class Body(NamedTuple):
    """The paragraphs a section brings to a document, properly closed, with their keys and length."""

    paragraphs: list[str]
    keys: list[str]
    chars: int


@dataclass
class SectionText:
    """A section's heading and paragraphs filled from the profile and tidied."""

    heading: str
    paragraphs: list[Paragraph]

    @cached_property
    def heading_key(self) -> str:
        return paragraph_key(self.heading)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The keys of its paragraphs."""
        return frozenset(p.key for p in self.paragraphs)

    @cached_property
    def whole(self) -> Body:
        """Its body in a document that holds none of its paragraphs yet (the usual case: worked
        out once for a section without placeholders, whichever school it goes to)."""
        return self._body(frozenset())

    def body(self, taken: set[str]) -> Body:
        """Its body in a document holding the paragraphs ``taken``: those left out, the fragments
        too, each paragraph once, properly closed."""
        return self.whole if self.keys.isdisjoint(taken) else self._body(taken)

    def _body(self, taken: set[str] | frozenset[str]) -> Body:
        kept: dict[str, str] = {}  # key → paragraph, in order, each key once
        for paragraph in self.paragraphs:
            if paragraph.long_enough and paragraph.key not in taken:
                kept.setdefault(paragraph.key, paragraph.text)
        texts = list(kept.values())
        full = close(texts)  # changes the last paragraphs at most
        keys = [key if a == b else paragraph_key(a) for a, b, key in zip(full, texts, kept, strict=False)]
        return Body(full, keys, sum(chinese_chars(p) for p in full))


def build_pick(doc: Document, i: int, score: float) -> Pick | None:
    """Section ``i`` as a pick: filled, numbering stripped, paragraphs the document holds left out,
    properly closed; None when nothing is left."""
    text = section_text(doc, i)
    body = text.body(doc.keys)
    if not body.paragraphs:
        return None
    heading = "" if text.heading_key in doc.keys else text.heading
    keys = [text.heading_key, *body.keys] if heading else body.keys
    uncut = doc.index.sections[i].role in doc.index.settings.uncut_roles
    chars = chinese_chars(heading) + body.chars
    return Pick(i, heading, list(body.paragraphs), keys, score, uncut, full_chars=chars)


def section_text(doc: Document, i: int) -> SectionText:
    """Section ``i`` filled with the document's values and tidied. A section without placeholders
    reads the same for every school: its text is kept on the index."""
    spoken = doc.recipe.kind in doc.index.settings.spoken_kinds
    if doc.index.facts[i].needs:
        return _tidied(doc.index.sections[i], doc.values, spoken)
    text = doc.index.texts.get((i, spoken))
    if text is None:
        text = doc.index.remember(doc.index.texts, (i, spoken), _tidied(doc.index.sections[i], {}, spoken))
    return text


def _tidied(section, values: dict[str, str], spoken: bool) -> SectionText:
    heading, paragraphs = split_heading(section.heading, section.paragraphs)
    texts = [tidy_paragraph(fill(p, values), spoken) for p in paragraphs]
    return SectionText(
        tidy_heading(fill(heading, values)),
        [Paragraph(t, chinese_chars(t) >= 4, paragraph_key(t)) for t in texts],
    )


def split_heading(heading: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    """Show a heading once: a first paragraph opening with it loses that opening.

    A section whose whole text is its heading keeps the text and drops the heading.
    """
    if not heading or not paragraphs:
        return heading, paragraphs
    first = _NUMBERING.sub("", paragraphs[0].lstrip(), count=1)
    bare = tidy_heading(heading)
    if not bare or not first.startswith(bare):
        return heading, paragraphs
    rest = first[len(bare) :].lstrip("。；;，,：:！!？? ")
    kept = ([rest] if rest else []) + paragraphs[1:]
    return (heading, kept) if any(chinese_chars(p) >= 4 for p in kept) else ("", paragraphs)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{字段}`` placeholders with profile values (missing ones stay, and are caught)."""
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def tidy_heading(text: str) -> str:
    """A heading without the source's numbering or closing punctuation."""
    return _NUMBERING.sub("", text.strip(), count=1).strip().rstrip("。；;，,：:")


def tidy_paragraph(text: str, spoken: bool = True) -> str:
    """One line of text without leading source numbering; a lone 一是 is dropped too.

    A written document also drops a speech's address to its audience (同志们，…).
    """
    text = " ".join(text.split())
    text = _NUMBERING.sub("", text, count=1)
    if not spoken:
        text = _VOCATIVE.sub("", text, count=1)
    if "二是" not in text:
        text = _FIRST_IS.sub("", text, count=1)
    return text.strip()


def paragraph_key(text: str) -> str:
    """A paragraph reduced to its words, to notice a repeat whatever its punctuation."""
    return _NOT_WORD.sub("", text)


def close(paragraphs: list[str]) -> list[str]:
    """End a section properly: no dangling 如下： introduction, no trailing comma or semicolon."""
    out = list(paragraphs)
    while out and out[-1].endswith(("：", ":")):
        kept = "".join(sentences(out[-1])[:-1])
        out[-1:] = [kept] if chinese_chars(kept) >= 4 else []
    if out and out[-1][-1] in "；;，,、":
        out[-1] = out[-1][:-1] + "。"
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, closing quotes and brackets kept with their sentence."""
    return [s for s in _SENTENCE.findall(text) if s]


def trim(paragraphs: list[str], limit: float) -> list[str]:
    """Whole paragraphs, then whole sentences, up to ``limit`` characters; never mid-sentence."""
    out: list[str] = []
    total = 0
    for para in paragraphs:
        size = chinese_chars(para)
        if total + size <= limit:
            out.append(para)
            total += size
            continue
        part = _sentence_prefix(para, limit - total)
        if chinese_chars(part) >= 12 or not out:
            out.append(part or sentences(para)[0])
        break
    return close(out) or out


def _sentence_prefix(text: str, limit: float) -> str:
    """The longest run of whole leading sentences of ``text`` within ``limit`` characters."""
    part, size = "", 0
    for sentence in sentences(text):
        size += chinese_chars(sentence)  # counts add up: each counted character stands alone
        if size > limit:
            break
        part += sentence
    return part


def trimmed(pick: Pick, limit: float, min_part: int) -> list[str]:
    """A pick's paragraphs shortened to about ``limit`` characters, its heading counted; an uncut
    role's as they are."""
    if pick.uncut:
        return pick.paragraphs
    return trim(pick.full, max(limit - chinese_chars(pick.heading), min_part))
