"""A file's sections anonymized: each paragraph cut into sentences and "；" clauses, each
kept, rewritten with placeholders or dropped with a short Chinese note saying why.
"""

from __future__ import annotations

import re

from ..config import PLACEHOLDER_PATTERN
from ..model import Article, Section, count_chinese
from .learn import learn
from .lexicon import Lexicon, Span, lexicon
from .names import FileContext, find_names
from .sentences import DROP_KINDS, process_unit

# A section whose remaining body is shorter than this (Chinese characters) is not reusable.
MIN_REUSABLE_CHARS = 20
# Where a sentence or "；" clause ends, closing quotes and brackets included.
UNIT_END_RE = re.compile(r"(?:[。！？!?；;]|(?<=[\u4e00-\u9fff）)”])\.(?!\d))+[”’\"」』）)]*")
SENTENCE_END = "。！？!?."

# Why a sentence was dropped, as its note says it.
REASONS = {
    "person": "含人名",
    "place": "含地名",
    "other_school": "含其他学校名称",
    "org": "含单位名称",
    "doc": "含文号",
    "figure": "含具体金额或统计数字",
    "year": "含无法替换的年份",
    "filler": "含未填写的模板占位符",
    "occasion": "与原会议场合相关",
    "scope": "面向地区或多所学校",
    "dated": "含过时的提法",
}
# How a name shows in a note, so the note itself identifies no one.
MASKS = {
    "person": "〔人名〕",
    "place": "〔地名〕",
    "place_org": "〔地名〕",
    "school": "〔校名〕",
    "stem": "〔校名〕",
    "other_school": "〔校名〕",
    "org": "〔单位名称〕",
}


def anonymize(sections: list[Section], articles: list[Article]) -> None:
    """Replace or drop the names in the sections of one source file, in place.

    ``articles`` are that file's articles (titles and cleaned paragraphs); names found anywhere
    in them are searched in every section, so a name is caught even where it stands alone.
    """
    lex = lexicon()
    ctx = learn(sections, articles, lex)
    for section in sections:
        anonymize_section(section, ctx, lex)


def anonymize_section(section: Section, ctx: FileContext, lex: Lexicon) -> None:
    """Rewrite one section's heading and paragraphs; record placeholders, notes, reusability."""
    year = ctx.years.get(section.article)
    had_body = any(p.strip() for p in section.paragraphs)
    heading, notes = process_text(section.heading, ctx, lex, year)
    paragraphs: list[str] = []
    for para in section.paragraphs:
        text, dropped = process_text(para, ctx, lex, year)
        notes.extend(dropped)
        if count_chinese(text) or text.strip() and not dropped:
            paragraphs.append(text)
    section.heading, section.paragraphs = heading, paragraphs
    section.notes.extend(notes)
    section.placeholders = sorted(set(section.placeholders) | used_placeholders(section))
    _mark_reusable(section, notes, had_body)


def used_placeholders(section: Section) -> set[str]:
    """Every placeholder name written in the section's heading and paragraphs."""
    return set(re.findall(PLACEHOLDER_PATTERN, "\n".join([section.heading, *section.paragraphs])))


def process_text(text: str, ctx: FileContext, lex: Lexicon, year: int | None = None) -> tuple[str, list[str]]:
    """Anonymize one paragraph: returns the kept text and a note for each dropped sentence."""
    if not text.strip():
        return text, []
    spans = find_names(text, ctx, lex)
    kept: list[str] = []
    notes: list[str] = []
    for start, end in _units(text):
        unit = text[start:end]
        local = [
            Span(s.start - start, s.end - start, s.kind) for s in spans if s.start >= start and s.end <= end
        ]
        result, reason = process_unit(unit, local, year)
        if reason:
            notes.append(_note(reason, unit, local))
            _close_sentence(kept, unit)
        else:
            kept.append(result)
    return _tidy("".join(kept)), notes


def _units(text: str) -> list[tuple[int, int]]:
    """Sentences and "；" clauses of a paragraph, as (start, end) offsets covering it all."""
    units, start = [], 0
    for m in UNIT_END_RE.finditer(text):
        units.append((start, m.end()))
        start = m.end()
    if start < len(text):
        units.append((start, len(text)))
    return units


def _close_sentence(kept: list[str], dropped: str) -> None:
    """When a sentence's last clause is dropped, the clause before it ends the sentence."""
    end = dropped.rstrip('”’"」』）) ')[-1:]
    if kept and end in SENTENCE_END and kept[-1].rstrip()[-1:] in "；;，,":
        kept[-1] = kept[-1].rstrip()[:-1] + "。"


def _tidy(text: str) -> str:
    """Clean the seams left by dropped sentences."""
    text = text.strip()
    if text and text[-1] in "；;，,、":
        text = text[:-1] + "。"
    return text


def _note(reason: str, unit: str, spans: list[Span]) -> str:
    """A short Chinese note for a dropped sentence, with the names in it masked."""
    masked = unit
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        masked = masked[: span.start] + MASKS.get(span.kind, "〔名称〕") + masked[span.end :]
    masked = masked.strip()
    excerpt = masked if len(masked) <= 30 else masked[:30] + "…"
    return f"删除{REASONS[reason]}的句子：{excerpt}"


def _mark_reusable(section: Section, notes: list[str], had_body: bool) -> None:
    """A section left too short by the drops is kept for tracing but never reused."""
    if not notes:
        return
    body = sum(count_chinese(p) for p in section.paragraphs)
    if had_body and body < MIN_REUSABLE_CHARS or not had_body and not count_chinese(section.heading):
        section.reusable = False
        section.notes.append(f"删除后正文不足{MIN_REUSABLE_CHARS}字，不再复用")


assert set(REASONS) >= set(DROP_KINDS)
