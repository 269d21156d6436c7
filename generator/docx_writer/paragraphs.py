"""The renderer's Markdown read back into the Word file's paragraphs, and the page's layout.

Every non-empty line is one paragraph (the renderer writes each paragraph on one line); a
``{: .class }`` line styles the line above it; ``#`` is the title and ``##`` to ``#####``
headings of levels 1-4. ``layout`` then adds what a 公文 page has besides the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .dates import arabic_dates

# Markdown classes → paragraph kinds (the renderer's attr_list classes; unknown ones are body text)
CLASSES = {
    "speaker": "speaker",
    "subtitle": "subtitle",
    "salutation": "salutation",
    "signature": "signature",
    "date": "signature",
}
HEADER_KINDS = ("title", "subtitle", "speaker")
MD_ESCAPABLE = "\\`*_{}[]()>#+-.!"  # Python-Markdown's backslash escapes
_ATTR = r"(?:[.#][\w-]+|[\w-]+=\S+)"  # one item of an attribute list: .class, #id or key=value
_ATTR_RE = re.compile(rf"^\{{:?\s*({_ATTR}(?:\s+{_ATTR})*)\s*\}}$")
_TRAIL_ATTR_RE = re.compile(rf"\s*\{{:?\s*{_ATTR}(?:\s+{_ATTR})*\s*\}}\s*$")
_HEAD_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ESCAPE_RE = re.compile(r"\\([" + re.escape(MD_ESCAPABLE) + "])")
INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SALUTATION_RE = re.compile(r"^[^，。；！？,.;]{1,20}[：:]$")
# what parse could read otherwise than as plain text: escapes, #, braces, the line breaks of str.splitlines
_UNUSUAL = re.compile(r"[\\#{}\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_KNOWN_KINDS = {k: k for k in ("title", "h1", "h2", "h3", "h4", "body", *CLASSES.values())} | {
    "date": "signature"
}


@dataclass(frozen=True)
class Para:
    """One paragraph of the Word file: its kind (title, h1…h4, body, speaker, …) and text."""

    kind: str
    text: str
    keep: bool = False  # keep with the next paragraph (the signature never stands alone on a page)


def parse(markdown: str) -> list[Para]:
    """Return the renderer's Markdown as paragraphs: one a line, a class line styling the one above."""
    paras: list[Para] = []
    styleable = False  # the previous line was a paragraph that a class line may still style
    for raw in markdown.splitlines():
        line = raw.strip()
        attr = _ATTR_RE.match(line)
        head = _HEAD_RE.match(line)
        if attr and styleable:
            paras[-1] = Para(_kind_of_classes(attr.group(1)), paras[-1].text)
        elif head:
            paras.append(_heading(len(head.group(1)), head.group(2)))
        elif line and not attr:
            paras.append(Para("body", _clean(line)))
        styleable = bool(line) and not attr and not head
    return [p for p in paras if p.text]


def from_known(known: Iterable[tuple[str, str]]) -> list[Para] | None:
    """Return what ``parse`` reads from the renderer's Markdown of these (kind, text) paragraphs.

    This spares parsing the Markdown again for every document of a batch. None
    when a text holds anything ``parse`` could read otherwise than as plain text (a Markdown
    escape, ``#``, braces, a line break, outer spaces); then the Markdown is parsed.
    """
    paras = []
    for kind, text in known:
        if _UNUSUAL.search(text) or text != text.strip():
            return None
        clean = _clean(text)
        if clean:
            paras.append(Para(_KNOWN_KINDS.get(kind, "body"), clean))
    return paras


def _kind_of_classes(attrs: str) -> str:
    """The paragraph kind named by an attribute list such as ``.speaker``; unknown classes are body."""
    for token in attrs.split():
        if token.startswith(".") and token[1:] in CLASSES:
            return CLASSES[token[1:]]
    return "body"


def _heading(hashes: int, text: str) -> Para:
    """``#`` is the title, ``##``…``#####`` headings of levels 1-4 (deeper ones stay level 4)."""
    text = _clean(_TRAIL_ATTR_RE.sub("", text))
    return Para("title", text) if hashes == 1 else Para(f"h{min(hashes - 1, 4)}", text)


def _clean(text: str) -> str:
    """Undo Markdown escapes, drop characters XML forbids, trim spaces (an indent is w:ind, not spaces)."""
    text = _ESCAPE_RE.sub(r"\1", text)
    return arabic_dates(INVALID_XML_RE.sub("", text).strip(" \t\u3000\xa0"))


def layout(paras: list[Para]) -> list[Para]:
    """Add a blank line under the title block and before the signature, as a 公文 page has them."""
    paras = _find_salutation(paras)
    out: list[Para] = []
    title = next((i for i, p in enumerate(paras) if p.kind == "title"), len(paras))
    for i, para in enumerate(paras):
        if out and _needs_blank_before(paras, i, title < i):
            keep = para.kind == "signature"  # body text, blank line and signature stay on one page
            if keep:
                out[-1] = replace(out[-1], keep=True)
            out.append(Para("blank", "", keep=keep))
        out.append(para)
    return out


def _needs_blank_before(paras: list[Para], i: int, has_title: bool) -> bool:
    """One empty line after the title block (std 7.3.2) and before a signature block (std 7.3.5).
    ``has_title``: a title comes before paragraph ``i``."""
    prev, cur = paras[i - 1], paras[i]
    header_ends = prev.kind in HEADER_KINDS and cur.kind not in HEADER_KINDS
    signature_starts = cur.kind == "signature" and prev.kind not in ("signature", "blank")
    return (header_ends and has_title) or signature_starts


def _find_salutation(paras: list[Para]) -> list[Para]:
    """A short “同志们：” line right after the title block is a salutation even without its class."""
    first = next((i for i, p in enumerate(paras) if p.kind not in HEADER_KINDS), None)
    if first is None or paras[first].kind != "body" or not _SALUTATION_RE.match(paras[first].text):
        return paras
    return [*paras[:first], Para("salutation", paras[first].text), *paras[first + 1 :]]
