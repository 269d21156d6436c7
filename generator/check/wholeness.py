"""Whole-sentence rules: cut headings, fragments, orphan connectors, lists that never come."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..sentences import (
    announced_count,
    announces_list,
    back_reference,
    is_fragment,
    leading_connector,
    recount,
    split_sentences,
    unfinished_enumeration,
)
from .findings import HEADINGS, Context, Finding, Para, finding
from .structure import closing_index

_OPEN_END = re.compile(r"(?:[，,、；;]|[的和与及对在把将为从以使让向等])$")
_ENTRY = re.compile(r"^[\u4e00-\u9fff　 ]{2,6}[：:]\S")  # 组　长：王明 — an entry of a list, no sentence


def is_entry(text: str) -> bool:
    """True for a list entry (组　长：王明（校长）), which needs no full stop."""
    return bool(_ENTRY.match(text)) and len(text) <= 60


_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|[（(]?\d{1,2}[）).．、]|[⑴-⒇①-⑳]|首先|其次)"
)


def check(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Yield the whole-sentence findings of a document."""
    closing = closing_index(paras)
    for i, para in enumerate(paras):
        before = paras[i - 1] if i else None
        if para.kind in HEADINGS:
            yield from _heading(para, paras[i + 1] if i + 1 < len(paras) else None)
        elif para.kind == "body":
            # the closing words (以上汇报…, 总之…) sum up the whole document: nothing dangles there
            opens = i < closing and (
                before is None or before.kind != "body" or before.section_id != para.section_id
            )
            yield from _body(para, opens, _next_text(paras, i))
            yield from _announcement(paras, i)


def _heading(para: Para, after: Para | None) -> Iterator[Finding]:
    """A heading that is the first half of a sentence (the body goes on with the second)."""
    if _OPEN_END.search(para.text) or (after and after.kind == "body" and after.text[:1] in "，,、；;"):
        yield finding(
            "whole.cut_heading",
            "标题截断句子",
            para,
            para.text,
            "标题只是一句话的前半截，正文接着后半句：把标题和正文合成一段，或改成完整的标题。",
        )


def _next_text(paras: list[Para], i: int) -> str:
    """The body paragraphs after paragraph ``i`` of the same source, which may continue its list."""
    texts = []
    for para in paras[i + 1 :]:
        if para.kind != "body" or para.section_id != paras[i].section_id:
            break
        texts.append(para.text)
    return "".join(texts)


def _body(para: Para, opens: bool, following: str) -> Iterator[Finding]:
    """Fragments, connectors and references without what they lean on (``opens``: the paragraph
    starts a part or a new source's text), unfinished lists."""
    if is_fragment(para.text) and not is_entry(para.text):
        yield finding("whole.fragment", "残句", para, para.text, "这一段不是完整的句子：补全或删去。")
    word = leading_connector(para.text) if opens else ""
    if word:
        yield finding(
            "whole.connector",
            "关联词没有前文",
            para,
            para.text,
            f"“{word}”承接的前文不在这里：删去“{word}”或补上前文。",
            word,
        )
    word = back_reference(para.text) if opens else ""
    if word:
        yield finding(
            "whole.reference",
            "指代没有前文",
            para,
            para.text,
            f"“{word}”指的内容前面没有写：改为明确的说法或删去。",
            word,
        )
    marker = unfinished_enumeration(para.text, following)
    if marker:
        yield finding(
            "whole.enumeration",
            "列举不完整",
            para,
            para.text,
            f"有“{marker}”而没有下一项：补上其余各项，或去掉“{marker}”改为一句话。",
            marker,
        )


def paragraph(para: Para, ctx: Context) -> Iterator[Finding]:
    """A count announced in a paragraph (抓好五个方面的管理) against the list it gives (four items)."""
    if para.kind != "body":
        return
    counted = recount(para.text)
    if counted != para.text:
        start = next(i for i, (a, b) in enumerate(zip(para.text, counted, strict=False)) if a != b)
        said, listed = para.text[start], counted[start]
        yield finding(
            "whole.count",
            "列举数目不符",
            para,
            para.text,
            f"这里说“{said}”项，后面列出的是“{listed}”项：核对数目，或补上缺的一项。",
            para.text[max(0, start - 2) : start + 4],
        )


def _announcement(paras: list[Para], i: int) -> Iterator[Finding]:
    """A count or list announced at the end of a paragraph must be followed by its items."""
    para = paras[i]
    sentences = split_sentences(para.text)
    if not sentences:
        return
    last = sentences[-1]
    count = announced_count(last)
    if not (count or announces_list(last)):
        return
    items = _following_items(paras, i)
    if items == 0:
        yield finding(
            "whole.announced",
            "预告的内容没有出现",
            para,
            last,
            "这句话预告了下文要讲的几点或几项，但后面没有：删去这句话或补上内容。",
        )
    elif count and items < count and _counts_headings(paras, i):
        yield finding(
            "whole.count",
            "预告的条数不符",
            para,
            last,
            f"预告了{count}点，后面只有{items}点：改正数目或补上内容。",
        )


def _following_items(paras: list[Para], i: int) -> int:
    """How many items follow paragraph ``i``: the headings one level down, or enumerated paragraphs."""
    level = _level_here(paras, i)
    count = 0
    for para in paras[i + 1 :]:
        if para.kind in HEADINGS and para.level <= level:
            break
        if para.kind in HEADINGS and para.level == level + 1:
            count += 1
        elif para.kind == "body" and (_ITEM_START.match(para.text) or is_entry(para.text)) and not count:
            return 1
        elif para.kind in ("signature", "date"):
            break
    return count


def _level_here(paras: list[Para], i: int) -> int:
    """The level of the heading a paragraph stands under (0 before any heading)."""
    return next((p.level for p in reversed(paras[:i]) if p.kind in HEADINGS), 0)


def _counts_headings(paras: list[Para], i: int) -> bool:
    """True when the items after paragraph ``i`` are headings (their count can be trusted)."""
    level = _level_here(paras, i)
    return any(p.kind in HEADINGS and p.level == level + 1 for p in paras[i + 1 :])
