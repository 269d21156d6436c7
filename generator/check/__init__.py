"""文稿体检: rules over a document's paragraphs — fit, whole sentences, repeats, wording, format.

Used three ways: on every generated document (its findings go into the manifest), by
``generate.py check`` on any .docx, .md or .txt, and by the web page. The rules read only the
paragraphs, their kinds and a ``Context`` (kind, school, period, date), so a hand-written
document is checked exactly as a generated one.
"""

from __future__ import annotations

from ..model import DocPara
from . import fit, jobs, layout, repeats, wholeness, wording
from .context import context_for
from .docx_format import check_docx
from .findings import Context, Finding, Para
from .report import report_text, summary_line
from .structure import annotate, from_lines, from_markdown

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
        *fit.check(paras, ctx),
        *wholeness.check(paras, ctx),
        *jobs.check(paras, ctx),
        *repeats.check(paras, ctx),
        *wording.check(paras, ctx),
        *layout.check(raw, paras, ctx),
    ]
    unique = {(f.rule, f.index, f.quote): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.index, f.rule))
