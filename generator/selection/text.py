"""A chosen section's text: placeholders filled, source numbering stripped, repeats dropped, trimmed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..model import chinese_chars
from ..sentences import demands, split_units, unfinished_enumeration, unkept_announcements
from .fit import Reader, fitted_paragraphs, stage_words, time_words
from .index import PLACEHOLDER
from .state import Document, Pick, Said

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


def build_pick(doc: Document, i: int, score: float, topic: str = "") -> Pick | None:
    """Section ``i`` as a pick: filled, numbering stripped, paragraphs the document holds left out,
    properly closed; in a topic's part, paragraphs about another requested topic left out too (a
    safety section's paragraph on the canteen belongs to the canteen's part). None when nothing is left."""
    text = section_text(doc, i)
    body = _unsaid(_on_topic(doc, text.body(doc.keys), topic), doc.said)
    if not body.paragraphs:
        return None
    said = text.heading_key in doc.keys or (text.heading and doc.said.holds(text.heading + "。"))
    heading = "" if said else text.heading  # a heading may become the lead: 实行民主理财 after 坚持民主理财
    keys = [text.heading_key, *body.keys] if heading else body.keys
    uncut = doc.index.sections[i].role in doc.index.settings.uncut_roles
    chars = chinese_chars(heading) + body.chars
    return Pick(i, heading, list(body.paragraphs), keys, score, uncut, full_chars=chars)


def _unsaid(body: Body, said: Said) -> Body:
    """The body without the sentences the document already says: two sections of one source can
    share one (对学校来说，后勤保障具有牵一发而动全身的功能。), and the reader sees it twice."""
    texts = [_without_said(p, said) for p in body.paragraphs]
    if texts == body.paragraphs:
        return body
    kept = [
        (t, k if t == p else paragraph_key(t))
        for t, p, k in zip(texts, body.paragraphs, body.keys, strict=True)
        if t
    ]
    return Body([t for t, _ in kept], [k for _, k in kept], sum(chinese_chars(t) for t, _ in kept))


def _without_said(paragraph: str, said: Said) -> str:
    """The paragraph without sentences said already; "" when too little of it is left."""
    parts = sentences(paragraph)
    kept = [s for s in parts if not said.holds(s)]
    if len(kept) == len(parts):
        return paragraph
    text = "".join(kept)
    return text if chinese_chars(text) >= 12 else ""


def _on_topic(doc: Document, body: Body, topic: str) -> Body:
    """The body without its later paragraphs that are mainly about another requested topic."""
    others = [t for t in doc.topics if t != topic]
    if not topic or not others or len(body.paragraphs) < 2:
        return body
    kept = [0] + [n for n, p in enumerate(body.paragraphs) if n and not doc.index.elsewhere(p, topic, others)]
    if len(kept) == len(body.paragraphs):
        return body
    paragraphs = [body.paragraphs[n] for n in kept]
    return Body(paragraphs, [body.keys[n] for n in kept], sum(chinese_chars(p) for p in paragraphs))


def section_text(doc: Document, i: int) -> SectionText:
    """Section ``i`` fitted to the reader, filled with the document's values and tidied. A section
    without placeholders reads the same for every school of one kind: it is kept on the index."""
    spoken = doc.recipe.kind in doc.index.settings.spoken_kinds
    section = doc.index.sections[i]
    if doc.index.facts[i].needs:
        return _tidied(section, doc.values, spoken, doc.reader)
    key = (i, spoken, doc.reader.key)
    text = doc.index.texts.get(key)
    if text is None:
        text = doc.index.remember(doc.index.texts, key, _tidied(section, {}, spoken, doc.reader))
    return text


def _tidied(section, values: dict[str, str], spoken: bool, reader: Reader) -> SectionText:
    tense = section.fit.tense
    paragraphs = [_reworded(p, reader, tense) for p in fitted_paragraphs(section, reader)]
    heading, paragraphs = split_heading(_reworded(section.heading, reader, tense), paragraphs)
    texts = [tidy_paragraph(fill(p, values), spoken) for p in paragraphs]
    return SectionText(
        tidy_heading(fill(heading, values)),
        [Paragraph(t, chinese_chars(t) >= 4, paragraph_key(t)) for t in texts],
    )


def _reworded(text: str, reader: Reader, tense: str) -> str:
    """A text in the document's time words and the school's stage's words."""
    return stage_words(time_words(text, reader, tense), reader)


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
    """Whole paragraphs, then whole sentences, up to ``limit`` characters; never mid-sentence, and
    never ending on the announcement of points it cuts off (抓好五个方面… without the five) or on
    the first points of a list whose others it cuts off (做好以下工作：⑴… without ⑵)."""
    out = _trim(paragraphs, limit)
    cut = bool(out) and out[-1] != paragraphs[len(out) - 1]
    return _without_cut_list(out, whole=paragraphs[len(out) - 1] if cut else "")


def _without_cut_list(paragraphs: list[str], whole: str) -> list[str]:
    """The last paragraph loses a closing announcement whose points were cut and, when it was cut
    from ``whole``, the list it began and ``whole`` finishes. A paragraph that would be left with
    nothing stays whole: too long reads better than a list broken off."""
    if not paragraphs:
        return paragraphs
    units = list(split_units(paragraphs[-1]))
    finished = whole and not unfinished_enumeration(whole)
    while units and (
        units[-1] in unkept_announcements(units) or (finished and unfinished_enumeration("".join(units)))
    ):
        units.pop()
    last = "".join(units)
    if chinese_chars(last) >= 4:
        return paragraphs[:-1] + [last]
    return paragraphs[:-1] or [whole or paragraphs[-1]]  # nothing else to keep: whole, though long


def _trim(paragraphs: list[str], limit: float) -> list[str]:
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
    limit = max(limit - chinese_chars(pick.heading), min_part)
    limit = max(limit, _preamble(pick.full, limit))
    out = trim(pick.full, limit)
    while sum(map(chinese_chars, out)) < min_part and out != pick.full:
        limit *= 2  # a heading over one short sentence (…方方面面。) says nothing: keep a part that does
        out = trim(pick.full, limit)
    return out


def _preamble(paragraphs: list[str], limit: float) -> int:
    """The characters up to the end of the first sentence that says what to do, when it lies past
    ``limit`` but within twice it: a measure cut to its reasons (学生食堂是…的重要部位。…令人担忧。)
    says nothing of the measure. 0 when the limit keeps it, or the section demands nothing."""
    total = 0
    for sentence in (s for p in paragraphs for s in sentences(p)):
        total += chinese_chars(sentence)
        if demands(sentence):
            return total if limit < total <= 2 * limit else 0
    return 0
