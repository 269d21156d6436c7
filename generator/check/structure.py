"""A document's paragraphs with their kinds, from a generated document, Markdown or plain lines.

Generated documents carry their kinds; a .md file is read by its marks (# title, ## headings,
{: .signature }); plain text (.txt, or the text of a .docx) by the numbering of its headings
(一、 （一） 1. （1）), its first line (the title) and its closing lines (school and date).
"""

from __future__ import annotations

import re

from ..model import DocPara
from .findings import HEADINGS, Para

_MD_HEADING = re.compile(r"^(#{1,5})\s+(.*)$")
_MD_CLASS = re.compile(r"^\{:\s*\.(\w+)\s*\}$")
_LEVEL_MARKERS = (
    (re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．，,]"), "h1"),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]"), "h2"),
    (re.compile(r"^\d{1,2}\s*[.．、](?!\d)"), "h3"),
    (re.compile(r"^[（(]\d{1,2}[）)]"), "h4"),
)
_DATE_LINE = re.compile(r"^[（(]?\s*(?:\d{4}|二[〇○零]\S{2})\s*年\S{1,3}月\S{1,3}日\s*[）)]?$")
_HEADING_MAX = 60  # a numbered line longer than this with no full stop is body text


def from_markdown(text: str) -> list[DocPara]:
    """Paragraphs of a wengao Markdown document (or any Markdown using # headings)."""
    paras: list[DocPara] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        cls = _MD_CLASS.match(line)
        if cls and paras:
            paras[-1] = DocPara(_class_kind(cls[1], paras[-1].text), paras[-1].text)
            continue
        m = _MD_HEADING.match(line)
        kind = ("title", *HEADINGS)[len(m[1]) - 1] if m else "body"
        paras.append(DocPara(kind, m[2].strip() if m else line))
    return paras


def _class_kind(cls: str, text: str) -> str:
    """The kind a Markdown class names; a signature line holding a date is the date."""
    if cls == "signature" and _DATE_LINE.match(text):
        return "date"
    return cls if cls in ("subtitle", "speaker", "salutation", "signature") else "body"


def from_lines(lines: list[str]) -> list[DocPara]:
    """Paragraphs of plain text: title first, numbered headings, salutation, closing lines."""
    texts = [" ".join(line.split()) for line in lines if line.strip()]
    paras = [DocPara(_line_kind(i, t, texts), t) for i, t in enumerate(texts)]
    return _mark_closing(paras)


def _line_kind(i: int, text: str, texts: list[str]) -> str:
    """The kind of one line of plain text."""
    if i == 0 and len(text) <= _HEADING_MAX and not text.endswith("。"):
        return "title"
    if i <= 3 and _DATE_LINE.match(text):
        return "speaker"
    if i <= 4 and text.endswith(("：", ":")) and len(text) <= 30 and not _LEVEL_MARKERS[0][0].match(text):
        return "salutation"
    for pattern, kind in _LEVEL_MARKERS:
        if pattern.match(text) and (len(text) <= _HEADING_MAX or "。" in text[:_HEADING_MAX]):
            return kind
    return "body"


def _mark_closing(paras: list[DocPara]) -> list[DocPara]:
    """The last one or two short lines — the school and the date — are the signature."""
    out = list(paras)
    for i in range(len(out) - 1, max(len(out) - 3, 0), -1):
        text = out[i].text
        if _DATE_LINE.match(text):
            out[i] = DocPara("date", text)
        elif len(text) <= 30 and not text.endswith(("。", "！", "：")) and out[i].kind == "body":
            out[i] = DocPara("signature", text)
        else:
            break
    return out


def annotate(paras: list[DocPara]) -> list[Para]:
    """Number the paragraphs, note the heading each stands under, split run-in headings."""
    out: list[Para] = []
    heading = part = ""
    for index, p in enumerate(paras, 1):
        text = strip_number(p.text) if p.kind in HEADINGS else p.text
        head, body = run_in(text) if p.kind in HEADINGS else (text, "")
        if p.kind in HEADINGS:
            heading = head
            part = head if p.kind == "h1" else part
        out.append(Para(index, p.kind, head, heading, part, p.section_id))
        if body:
            out.append(Para(index, "body", body, heading, part, p.section_id))
    return out


def strip_number(text: str) -> str:
    """A heading's text without its number (一、 （一） 1. （1））."""
    for pattern, _ in _LEVEL_MARKERS:
        m = pattern.match(text)
        if m:
            return text[m.end() :].strip()
    return text.strip()


def heading_number(text: str) -> str:
    """The number a heading line starts with (一、 / （一） / 1. / （1）), or ""."""
    for pattern, _ in _LEVEL_MARKERS:
        m = pattern.match(text)
        if m:
            return m.group(0)
    return ""


def run_in(text: str) -> tuple[str, str]:
    """A run-in heading's heading sentence and the body that follows it on the same line."""
    m = re.match(r"^([^。！？]{2,40}[。！？])(.+)$", text)
    return (m[1].rstrip("。"), m[2].strip()) if m else (text, "")


_CLOSING = re.compile(r"^(?:同志们|各位|老师们|让我们|最后|总之|谢谢|以上)")


def closing_index(paras: list[Para]) -> int:
    """Where a document's closing words start: the last body paragraphs after its last heading
    that begin as a closing does (同志们，… / 以上汇报… / 谢谢大家！); they belong to no part."""
    end = len(paras)
    while end > 0 and paras[end - 1].kind in ("signature", "date"):
        end -= 1
    start = end
    while start > 0 and paras[start - 1].kind == "body" and _CLOSING.match(paras[start - 1].text):
        start -= 1
    return start
