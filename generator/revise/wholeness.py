"""Each section reads whole away from its neighbours.

Away from the sentence before it, a section must not open with 同时 or 因此, nor with 上述 or
这些; it must not announce points it does not hold (有三点感受。 with the points in other
sections), keep the first item of a list whose others are gone (一是… with no 二是), or keep a
paragraph that is no sentence; its heading must be about its body.
"""

from __future__ import annotations

import re

from ..model import Section
from ..sentences import (
    back_reference,
    bigrams,
    drop_leading_connector,
    ends_properly,
    is_fragment,
    is_fragment_unit,
    leading_connector,
    repeated_clauses,
    split_sentences,
    split_units,
    unkept_announcements,
)
from .text import body_paragraphs, close, drop_bare_echo, echo_of, excerpt, filter_sentences, retire_if_empty

# Item markers of one list: a family is kept only when it counts 1, 2, 3… without a gap.
_FAMILIES = (
    (re.compile(r"[（(](\d{1,2})[）)][、.．]?"), int),
    (re.compile(r"([⑴-⒇])"), lambda m: ord(m) - ord("⑴") + 1),
    (re.compile(r"([①-⑳])"), lambda m: ord(m) - ord("①") + 1),
)
_FIRST_IS = re.compile(r"(^|[，,：:；;。])一是[，,：:]?")
# Words of a heading too common to show it is about its body.
_STOP = frozenset(
    {"工作", "学校", "后勤", "管理", "加强", "做好", "一步", "进一", "切实", "全面", "各项", "我们"}
)


def make_whole(section: Section) -> None:
    """Apply every wholeness repair to one section, then retire it if nothing whole is left.

    A heading without paragraphs of its own (the title of a group of points) is left as it is."""
    if not section.paragraphs:
        return
    section.paragraphs = [
        close(p) if ends_properly(p) or not p.strip() else p.rstrip() + "。" for p in section.paragraphs
    ]
    drop_bare_echo(section)
    _drop_opening_connector(section)
    _drop_back_reference(section)
    _drop_unkept_announcements(section)
    _drop_opening_label(section)
    _mend_lists(section)
    _drop_fragments(section)
    _drop_repeated_clauses(section)
    _drop_foreign_heading(section)
    retire_if_empty(section)


# A label the source set before its text (后勤管理措施：学校后勤工作是…): it names a part of the
# source, and away from it says nothing.
_LABEL = re.compile(
    r"^([\u4e00-\u9fff]{2,8}(?:措施|情况|做法|目标|要求|思想|体会|经验|成绩))[：:]\s*(?=\S{10})"
)


def _drop_opening_label(section: Section) -> None:
    """A first paragraph opening with a label and a colon loses the label (noted)."""
    m = _LABEL.match(section.paragraphs[0]) if section.paragraphs else None
    if m and not section.paragraphs[0].rstrip().endswith(("：", ":")):
        section.paragraphs[0] = section.paragraphs[0][m.end() :]
        section.notes.append(f"删去开头的标签“{m[1]}：”")


def _drop_opening_connector(section: Section) -> None:
    """同时，要… / 因此要… at the start of the body loses its connector."""
    for i, text in body_paragraphs(section)[:1]:
        word = leading_connector(text)
        if word:
            echo = echo_of(section.paragraphs[i], section.heading)
            section.paragraphs[i] = echo + drop_leading_connector(text)
            section.notes.append(f"删去开头的“{word}”：它承接的前文不在本节")


def _drop_back_reference(section: Section) -> None:
    """A first body sentence pointing back (上述…, 好政策…) at what is not there leaves."""
    body = body_paragraphs(section)[:1]
    if not body:
        return
    first = split_sentences(body[0][1])[:1]
    if first and back_reference(first[0]):
        target = first[0]
        filter_sentences(section, lambda s: "删除指代前文而前文不在本节的句子" if s == target else "")


def _drop_unkept_announcements(section: Section) -> None:
    """A sentence announcing points or a list (有三点感受。/ 提几点要求：) that the section does not
    go on to give leaves; a list that follows in the section keeps it."""
    units = [u for _, text in body_paragraphs(section) for u in split_units(text)]
    doomed = unkept_announcements(units)
    if doomed:
        filter_sentences(section, lambda s: "删除预告下文而下文不在本节的句子" if s in doomed else "")


def _mend_lists(section: Section) -> None:
    """A list left with one item (一是… alone) or with a gap ((2)(3) without (1)) loses its markers."""
    text = "\n".join(section.paragraphs)
    for pattern, value in _FAMILIES:
        found = [value(m[1]) for m in pattern.finditer(text)]
        if found and found != list(range(1, len(found) + 1)) or len(found) == 1:
            section.paragraphs = [pattern.sub("", p) for p in section.paragraphs]
            section.notes.append(
                "去掉不完整的列举编号（" + "、".join(m[0] for m in pattern.finditer(text)) + "）"
            )
            text = "\n".join(section.paragraphs)
    if "一是" in text and "二是" not in text:
        section.paragraphs = [_FIRST_IS.sub(_only_item, p) for p in section.paragraphs]
        section.notes.append("去掉只有一项的列举标记“一是”")
    _even_point_stops(section)


_POINT_AFTER_STOP = re.compile(r"。[二三四五六七八九]是")
_POINT_AFTER_COMMA = re.compile(r"[，,]([二三四五六七八九]是)")


def _even_point_stops(section: Section) -> None:
    """Points that end with 。 in one place (。三是…) end with 。 everywhere in their paragraph
    (…做好防范工作，二是… → …做好防范工作。二是…); points all joined by commas stay as they are."""
    for i, para in enumerate(section.paragraphs):
        if _POINT_AFTER_STOP.search(para) and _POINT_AFTER_COMMA.search(para):
            section.paragraphs[i] = _POINT_AFTER_COMMA.sub(r"。\1", para)
            section.notes.append("分项之间统一用句号")


def _only_item(m: re.Match) -> str:
    """造成的原因，一是… → 造成的原因主要是…; 一是… at a sentence start → …"""
    return "主要是" if m[1] in "，,：:" else m[1]


def _drop_fragments(section: Section) -> None:
    """Paragraphs that are no sentence (a noun phrase, a clause without an end) leave."""
    kept = []
    for i, para in enumerate(section.paragraphs):
        echo = echo_of(para, section.heading) if i == 0 and section.heading else ""
        body = para[len(echo) :]
        if body.strip() and is_fragment(body):
            section.notes.append(f"删除不成句的段落：{excerpt(body)}")
            body = ""
        body = _without_fragment_units(section, body)
        if (echo + body).strip():
            kept.append(echo + body)
    section.paragraphs = kept


def _without_fragment_units(section: Section, body: str) -> str:
    """A sentence that is no sentence inside a paragraph (…发生了新的变化。依法执教、依法治校的全面
    推进。) leaves; the paragraph's other sentences stay."""
    units = list(split_units(body))
    if len(units) < 2:
        return body
    kept = [u for u in units if not is_fragment_unit(u)]
    for unit in units:
        if unit not in kept:
            section.notes.append(f"删除不成句的句子：{excerpt(unit)}")
    return "".join(kept)


def _drop_repeated_clauses(section: Section) -> None:
    """A clause that says again what its paragraph already said (…当好家理好财，…同时要当好家理好财。)."""
    for i, para in enumerate(section.paragraphs):
        for clause in repeated_clauses(para):
            section.paragraphs[i] = close(section.paragraphs[i].replace(clause, "", 1).replace("，。", "。"))
            section.notes.append(f"删去同一段中重复的话：{excerpt(clause)}")


def _drop_foreign_heading(section: Section) -> None:
    """A heading whose words appear nowhere in its body is no heading of it (the body stays)."""
    if not section.heading or "，" in section.heading or len(section.heading) < 8 or not section.paragraphs:
        return
    if echo_of(section.paragraphs[0], section.heading):
        return  # a run-in heading is the paragraph's first sentence: the body argues for it
    body = "".join(section.paragraphs)
    if not (bigrams(section.heading) & bigrams(body)) - _STOP:
        section.notes.append(f"删去与正文不符的标题：{excerpt(section.heading)}")
        section.heading = ""
