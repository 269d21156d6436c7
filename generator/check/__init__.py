"""文稿体检: rules over a document's paragraphs — fit, whole sentences, repeats, wording, format.

Used three ways: on every generated document (its findings go into the manifest), by
``generate.py check`` on any .docx, .md or .txt, and by the web page. The rules read only the
paragraphs, their kinds and a ``Context`` (kind, school, period, date), so a hand-written
document is checked exactly as a generated one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..model import DocPara
from . import fit, jobs, layout, repeats, wholeness, wording
from .context import context_for
from .docx_format import check_docx
from .findings import Context, Finding, Para
from .report import report_text, summary_line
from .structure import annotate, from_lines, from_markdown

PARAGRAPH_CACHE = 20_000  # paragraphs remembered with their findings (a few MB)

__all__ = [
    "Context",
    "Finding",
    "Para",
    "check_docx",
    "check_paragraphs",
    "context_for",
    "from_lines",
    "from_markdown",
    "report_text",
    "summary_line",
]


def check_paragraphs(raw: list[DocPara], ctx: Context) -> list[Finding]:
    """Return every finding of a document, in reading order, each reported once."""
    paras = annotate(raw)
    found = [
        *_each_paragraph(paras, ctx),
        *fit.check(paras, ctx),
        *wholeness.check(paras, ctx),
        *jobs.check(paras, ctx),
        *repeats.check(paras, ctx),
        *layout.check(raw, paras, ctx),
    ]
    unique = {(f.rule, f.index, f.quote): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.index, f.rule))


def _each_paragraph(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """The findings of the rules that read one paragraph on its own, placed at each paragraph."""
    alone = ctx.for_paragraphs()
    for para in paras:
        for rule, name, quote, fix in _alone(para.kind, para.text, alone):
            yield Finding(rule, name, para.index, para.heading or para.part, quote, fix)


@functools.lru_cache(maxsize=PARAGRAPH_CACHE)
def _alone(kind: str, text: str, ctx: Context) -> tuple[tuple[str, str, str, str], ...]:
    """(rule, name, quote, fix) of each finding of one paragraph on its own. Remembered: the
    documents of a batch share most of their paragraphs (this takes half the check's time away)."""
    para = Para(0, kind, text)
    found = (
        *fit.paragraph(para, ctx),
        *wording.paragraph(para, ctx),
        *repeats.paragraph(para, ctx),
        *wholeness.paragraph(para, ctx),
    )
    return tuple((f.rule, f.name, f.quote, f.fix) for f in found)
