"""Ingest, after anonymizing: revise each section so it reads whole on its own and correct.

A section is reused far from its neighbours, in another school's document, so it must not open
with 同时 or 上述, announce a list it does not hold, keep half a list, carry a typo of its source
or a sentence in a superior office's or one person's voice. Each change is noted on the section,
and a section left with nothing whole to say is kept for tracing but not reused.
"""

from __future__ import annotations

from pathlib import Path

from .. import lexicon
from ..model import Section
from .copyedit import copy_edit
from .text import retire
from .voice import drop_foreign_voices, personal_articles, pupils_articles, retire_personal
from .wholeness import make_whole

__all__ = ["revise"]


def revise(sections: list[Section], corpus_dir: Path | None = None) -> None:
    """Copy-edit the sections of one file, then make each read whole on its own, in place."""
    edits, words = lexicon.copy_edits(corpus_dir), lexicon.fit_words(corpus_dir)
    personal, pupils = personal_articles(sections, words), pupils_articles(sections, words)
    for section in sections:
        if f"{section.source}#{section.article}" in personal:
            retire_personal(section, words)
        if f"{section.source}#{section.article}" in pupils and section.reusable:
            retire(section, "出自对学生的讲话，不作学校文稿的素材")
        if not section.reusable or section.role in ("salutation", "signature"):
            continue
        copy_edit(section, edits)
        drop_foreign_voices(section, words)
        make_whole(section)
