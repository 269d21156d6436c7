"""Wording rules: typos, superseded names and dated formulas of copyedit.yaml, 帐 and 〔〕."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import TITLE_COMMA, apply_edits
from ..sentences import split_sentences
from .findings import Context, Finding, Para, finding

_ZHANG = re.compile(r"[^帐]{0,3}帐(?![篷幕子幔])")
_HEXAGON = re.compile(r"〔(?!\d{4}〕)[^〔〕]{0,20}〕")


def paragraph(para: Para, ctx: Context) -> Iterator[Finding]:
    """Yield the wording findings of one paragraph (all wording rules read one paragraph)."""
    if para.kind in ("title", "subtitle", "speaker", "salutation", "signature", "date"):
        return
    yield from _edits(para, ctx)
    yield from _dated(para, ctx)


def _edits(para: Para, ctx: Context) -> Iterator[Finding]:
    """Each typo or superseded name of the copy-edit list, and 帐 / 〔〕 used wrongly."""
    for edit in ctx.edits.edits:
        if edit.old in para.text and edit.old != edit.new:
            name = "错别字" if edit.note == "错别字" else "过时的名称"
            yield finding(
                "word.typo" if name == "错别字" else "word.superseded",
                name,
                para,
                para.text,
                f"“{edit.old}”应为“{edit.new}”。",
                edit.old,
            )
    m = _ZHANG.search(para.text)
    if m and "蚊帐" not in m[0] and "营帐" not in m[0]:
        yield finding("word.zhang", "帐/账", para, para.text, "账目、记账等应写作“账”。", "帐")
    m = _HEXAGON.search(para.text)
    if m:
        yield finding(
            "word.bracket", "括号误用", para, para.text, "“〔〕”只用于发文字号，这里应为“（）”。", m[0]
        )
    m = TITLE_COMMA.search(para.text)
    if m:
        yield finding(
            "word.title_comma", "书名号间的顿号", para, para.text, "并列的书名号之间不用顿号。", "》、《"
        )


def _dated(para: Para, ctx: Context) -> Iterator[Finding]:
    """Sentences holding a dated formula (新农村建设, 科学发展观…)."""
    for sentence in split_sentences(para.text):
        barred = next((b for b in ctx.edits.barred if b.word in sentence), None)
        if barred:
            yield finding(
                "word.dated",
                "过时的提法",
                para,
                sentence,
                f"“{barred.word}”{barred.reason}：删去这句话或改用现行的提法。",
                barred.word,
            )


def fixed(text: str, ctx: Context) -> str:
    """The text with the copy-edits applied (a suggestion the report may show)."""
    return apply_edits(text, ctx.edits)[0]
