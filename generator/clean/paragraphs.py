"""Lines become paragraphs: a line holding several is split, a sentence broken by a page is joined."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .boilerplate import Line
from .punctuation import drop_lost, normalize_marker, normalize_punctuation, remove_page_numbers, tidy_spaces
from .shapes import (
    ARABIC,
    CLOSERS,
    CN_NUM,
    FINAL,
    HAN,
    HAN_RE,
    HEAD_MARKER,
    MARKER,
    SALUTE,
    SIGNATURE,
    is_title_like,
)

_OPENER = re.compile(
    r"^(?:以上|下面|同志们|同学们|老师们|各位|总之|最后|首先|其次|再次|另外|此外|今天|当前|目前|"
    r"近年来|回顾|为此|在此|借此|综上|希望|相信|让我们|谢谢|大家)"
)


# A paragraph lead that starts a point (第一，/ 首先， / 一是): a short line so marked is a heading.
_LEAD = re.compile(rf"^(?:第[{CN_NUM}]{{1,3}}[，、,:：]|首先|其次|再次|最后|[{CN_NUM}]{{1,2}}是)")
# A line ending in one of these stops mid-sentence (…做好安全工作的 / 极端重要性).
_UNFINISHED = "的地得和与及或并在对把将向从被为以之"
# The end of a heading broken across lines: a few characters of words, no punctuation at all.
_HEADING_TAIL = re.compile(rf"^[{HAN}]{{2,8}}$")


@dataclass
class Item:
    """A paragraph being built: cleaned text and the source lines it spans."""

    text: str
    start: int
    end: int
    kind: str = "text"  # text | label | collection | tail
    cut: bool = False


def paragraphs_of(lines: list[Line]) -> list[Item]:
    """Text lines cleaned, split where one line holds several paragraphs, and joined where a page broke."""
    items: list[Item] = []
    for line in lines:
        if line.kind in ("blank", "boiler"):
            continue
        if line.kind == "cut":
            if items and items[-1].kind == "text":
                items[-1].cut = True
            continue
        if line.kind != "text":
            items.append(Item(line.text, line.no, line.no, line.kind))
            continue
        pieces = [p for p in _pieces(line.text) if p]
        for k, piece in enumerate(pieces):
            item = Item(piece, line.no, line.no, cut=line.cut and k == len(pieces) - 1)
            if items and items[-1].kind == "text" and should_join(items[-1].text, piece):
                _join(items[-1], item)
            else:
                items.append(item)
    return [i for i in items if i.kind != "text" or i.text]


def _pieces(text: str) -> list[str]:
    """One line as its paragraphs, each with punctuation, markers and spacing normalized."""
    text = normalize_punctuation(normalize_marker(text.strip()))
    pieces = []
    for part in _split_trailing_heading(text):
        for item in _split_items(part):
            pieces.extend(_split_glued_heading(item))
    return [_finish_piece(p) for p in pieces]


def _finish_piece(text: str) -> str:
    """Marker, page numbers, spaces and lost characters of one paragraph piece."""
    text = normalize_marker(text.strip())
    text = tidy_spaces(remove_page_numbers(text))
    return drop_lost(text).strip()


def _split_trailing_heading(text: str) -> list[str]:
    """ "…如下。二、明确责任目标" : a level-1 heading run onto the end of a paragraph gets its own."""
    m = re.search(rf"(?<=[。！？])\s*([{CN_NUM}]{{1,3}}[、，,.．][^。！？；]{{2,40}})$", text)
    return [text[: m.start()], m.group(1)] if m and m.start() > 0 else [text]


def _split_items(text: str) -> list[str]:
    """ "2．…。3．…" : consecutive numbered items written on one line become one paragraph each."""
    m = ARABIC.match(text)
    if not m:
        return [text]
    pieces, n = [], int(m.group(1))
    rest = text
    while True:
        nxt = re.search(rf"(?<=[。！？；])\s*(?={n + 1}(?:、|\.(?!\d)))", rest)
        if not nxt:
            return pieces + [rest]
        pieces.append(rest[: nxt.start()])
        rest, n = rest[nxt.end() :], n + 1


def _split_glued_heading(text: str) -> list[str]:
    """ "二、提升效益 无论是…" : a heading and its text run together with a space get split."""
    m = re.match(r"^(\S{3,40}?)\s+(\S.{9,})$", text)
    if not m or not MARKER.match(text) or len(HAN_RE.findall(m.group(1))) < 2:
        return [text]
    if not re.search("[。！？；]", m.group(1)) and HAN_RE.search(m.group(2)[:1]):
        return [m.group(1), m.group(2)]
    return [text]


def _join(prev: Item, item: Item) -> None:
    """Continue ``prev`` with the next piece of its broken sentence."""
    prev.text += item.text
    prev.end = item.end
    prev.cut = item.cut


def should_join(prev: str, cur: str) -> bool:
    """Whether ``cur`` continues the sentence ``prev`` left unfinished at a line or page break."""
    if not prev or not cur or prev[-1] in FINAL + CLOSERS + "!?":
        return False
    if MARKER.match(cur) or _OPENER.match(cur) or _whole_line(cur):
        return False
    if prev[-1] in "，、" + _UNFINISHED:
        return True
    return not _standalone(prev) or _heading_tail(prev, cur)


def _heading_tail(prev: str, cur: str) -> bool:
    """ "三、加强自身建设，努力提高" + "业务水平": a numbered heading's last words on a line of their own."""
    return bool((MARKER.match(prev) or _LEAD.match(prev)) and _HEADING_TAIL.match(cur))


def _whole_line(text: str) -> bool:
    """A heading, title, signature or salutation: never the continuation of a broken sentence."""
    return bool(HEAD_MARKER.match(text) or is_title_like(text) or SIGNATURE.match(text) or SALUTE.match(text))


def _standalone(text: str) -> bool:
    """A line that is complete on its own: heading, title, signature, salutation, a short label."""
    if _whole_line(text):
        return True
    if MARKER.match(text) or _LEAD.match(text):
        return len(text) < 25 or "，" not in text
    return len(text) < 12 and "，" not in text
