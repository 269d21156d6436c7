"""Copy-editing from corpus/copyedit.yaml: typos and superseded names corrected, dated formulas out."""

from __future__ import annotations

from ..lexicon import Barred, CopyEdits, apply_edits, barred_in
from ..model import Section
from .text import filter_sentences, retire


def copy_edit(section: Section, edits: CopyEdits) -> None:
    """Correct the heading and paragraphs, noting each change; drop sentences with a dated formula."""
    section.heading, notes = apply_edits(section.heading, edits)
    for i, para in enumerate(section.paragraphs):
        section.paragraphs[i], more = apply_edits(para, edits)
        notes.extend(more)
    section.notes.extend(dict.fromkeys(notes))
    _drop_dated(section, edits)


def _drop_dated(section: Section, edits: CopyEdits) -> None:
    """Sentences holding a dated formula (新农村建设, 教育规划纲要…) leave the section; a heading
    holding one takes the section out of use."""
    barred = barred_in(section.heading, edits)
    if barred:
        retire(section, f"标题含过时提法“{barred.word}”（{barred.reason}），不再复用")
        return
    filter_sentences(section, lambda s: _reason(barred_in(s, edits)))


def _reason(barred: Barred | None) -> str:
    return f"删除含过时提法“{barred.word}”（{barred.reason}）的句子" if barred else ""
