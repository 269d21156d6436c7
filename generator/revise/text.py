"""Small edits of a section's text that every revision uses: sentences out, notes in."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Section, count_chinese
from ..sentences import split_sentences, split_units, starts_with_action

MIN_BODY = 12  # Chinese characters a section's body needs to say something of its own
NOTE_EXCERPT = 24
HEADING_CHARS = 30  # a first sentence this short can stand as a heading


def excerpt(text: str) -> str:
    """The start of a text, for a note."""
    text = text.strip()
    return text if len(text) <= NOTE_EXCERPT else text[:NOTE_EXCERPT] + "…"


def body_paragraphs(section: Section) -> list[tuple[int, str]]:
    """(index, text) of the paragraphs after the heading's echo (a run-in heading's first sentence)."""
    out = []
    for i, para in enumerate(section.paragraphs):
        if i == 0 and section.heading:
            para = strip_echo(para, section.heading)
        out.append((i, para))
    return out


def strip_echo(para: str, heading: str) -> str:
    """A paragraph without its opening sentence when that sentence is the heading itself."""
    first = split_sentences(para)[:1]
    if first and first[0].rstrip("。！？；：:").strip() == heading.strip():
        return para[len(first[0]) :].lstrip()
    return para


def echo_of(para: str, heading: str) -> str:
    """The heading's echo at the start of a paragraph ("" when none)."""
    return para[: len(para) - len(strip_echo(para, heading))]


def filter_sentences(section: Section, why_drop: Callable[[str], str]) -> None:
    """Drop every unit (a sentence, or an item of a ；-list) for which ``why_drop`` gives a reason
    (noted), and the paragraphs left empty."""
    kept_paras, dropped = [], False
    for para in section.paragraphs:
        kept = []
        for sentence in split_units(para):
            reason = why_drop(sentence)
            if reason:
                section.notes.append(f"{reason}：{excerpt(sentence)}")
                dropped = True
            else:
                kept.append(sentence)
        text = "".join(kept).strip()
        if count_chinese(text):
            kept_paras.append(close(text))
    section.paragraphs = kept_paras
    if dropped and kept_paras and not any(count_chinese(t) for _, t in body_paragraphs(section)):
        retire(section, "删除后只剩标题，不再复用")  # 建立责任追究制。 without what it was to be


def drop_bare_echo(section: Section) -> None:
    """A first paragraph holding only the heading's echo goes when other paragraphs follow. When
    they no longer say what the heading says (一是要加强领导。 whose point, spoken by a superior,
    went; what is left is on training), their first sentence, if short, becomes the heading."""
    paras = section.paragraphs
    if len(paras) < 2 or not section.heading or strip_echo(paras[0], section.heading).strip():
        return
    section.notes.append(f"删除只重复标题、下文已不再展开的句子：{excerpt(paras[0])}")
    section.paragraphs = paras[1:]
    first = split_sentences(paras[1])[0]
    if section.heading.lstrip("要") not in paras[1] and len(first) <= HEADING_CHARS:
        section.notes.append(f"原标题“{section.heading}”与正文不符，改用正文首句作标题")
        section.heading = first.rstrip("。；;！")


def close(text: str) -> str:
    """A paragraph that ends on a comma or semicolon after a drop ends with a full stop."""
    return text[:-1] + "。" if text and text[-1] in "，,；;、" else text


def retire(section: Section, note: str) -> None:
    """Keep a section for tracing but never reuse it, saying why."""
    if section.reusable:
        section.reusable = False
        section.notes.append(note)


def retire_if_empty(section: Section) -> None:
    """A section left with nothing whole to say is kept for tracing, never reused: no paragraph at
    all, or a run-in heading alone that is no task (机构建设是保障。 with its support gone; a
    one-line measure such as 坚持民主理财。 stays)."""
    body = sum(count_chinese(text) for _, text in body_paragraphs(section))
    if not section.paragraphs:
        retire(section, "修改后没有正文，不再复用")
    elif body < MIN_BODY and (not section.heading or not starts_with_action(section.heading)):
        retire(section, "修改后正文不足以独立成段，不再复用")
