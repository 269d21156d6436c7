"""The chosen sections as a template sees them: marked items, grouped under headings.

Every text of an item carries the trace marker of its section, so each paragraph of the
output can be traced back to the corpus. Grouping decides which heading a part gets and
whether its sections keep their own sub-headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..config import SCHOOL_FIGURES, SCHOOL_ITEM
from ..model import Chosen, chinese_chars
from ..sentences import is_fragment, starts_with_verb
from .numbering import tidy_heading
from .text import clean_text, mark, strip_marks

MAX_HEADING = 32  # a longer "heading" is a lead sentence and goes into the text
PART_HEADING = 24  # a section's heading longer than this does not head a topic's part


@dataclass(frozen=True)
class Item:
    """One chosen section as a template sees it: marked heading and paragraphs."""

    id: str
    heading: str  # "" when none
    paras: tuple[str, ...]
    topic: str


@dataclass(frozen=True)
class Group:
    """A heading with the items under it (a slot, or one topic of a per-topic slot)."""

    heading: str
    items: tuple[Item, ...]
    topic: str = ""

    @property
    def label(self) -> str:
        """The group's topic as it reads in a sentence (食堂与饮食安全, 校园安全…)."""
        return topic_label(self.topic)


# A body that goes on from its heading (依据食堂管理制度，加强… / 并根据实际情况…; 抓好固定资产管理
# 和使用工作 / 尤其要发挥图书室…的功能): one sentence.
_GOES_ON = re.compile(r"^(?:并(?!且)|并且|而且|从而|进而|以便|以确保|以保证|尤其要|尤其是|特别要|特别是)")
# A heading that is a statement about someone (总务处对校舍的管理，负有直接责任), not a point.
_SENTENCE_HEAD = re.compile(r"^(?:总务处|后勤处|学校|我们|各部门|全体[^，]{0,6})[^，]{0,12}，")


def item_of(chosen: Chosen) -> Item:
    """Mark a chosen section's text; a heading too long to be one becomes its lead sentence."""
    heading = tidy_heading(clean_text(chosen.heading))
    paras = [text for text in map(clean_text, chosen.paragraphs) if text]
    if heading and paras and _GOES_ON.match(paras[0]):  # one sentence cut in two: made whole again
        paras[0], heading = f"{heading}，{paras[0]}", ""
    if heading and _SENTENCE_HEAD.match(heading):  # 总务处对校舍的管理，负有直接责任: a statement
        paras[:1], heading = [_lead(heading, paras[0] if paras else "")], ""
    if heading and ("。" in heading or (len(heading) > MAX_HEADING and chinese_chars(heading) > MAX_HEADING)):
        paras[:1] = [_lead(heading, paras[0] if paras else "")]
        heading = ""
    sid = chosen.section_id
    return Item(sid, mark(sid, heading), tuple(mark(sid, text) for text in paras), chosen.topic)


def _lead(heading: str, text: str) -> str:
    """A heading put in front of its paragraph as the lead sentence."""
    plain = strip_marks(heading).rstrip("。；;，,：: ")
    stop = "" if plain.endswith(("？", "！", "?", "!")) else "。"
    return f"{plain}{stop}{strip_marks(text)}"


# A heading that only names a kind of thing (安全管理要求, 保障性功能): as a lead sentence it says nothing
_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:要求|情况|措施|目标|思想|体会|方面|功能)$")


def merge_lead(item: Item) -> Item:
    """Return the item with its heading made the lead sentence of its first paragraph; a heading
    that only labels its text (学校后勤工作的主导思想) is dropped instead: as a sentence it says nothing."""
    if not item.heading:
        return item
    plain = strip_marks(item.heading)
    if is_fragment(plain + "。") or (_LABEL.match(plain) and (not starts_with_verb(plain) or "性" in plain)):
        return replace(item, heading="")
    first = item.paras[0] if item.paras else ""
    return replace(item, heading="", paras=(mark(item.id, _lead(item.heading, first)), *item.paras[1:]))


def group(
    items: list[Item], heading: str, fallback: str, topic: str = "", own: bool | str = True, others=()
) -> Group:
    """Return the items under a fixed heading, else (when ``own``) the main item's own heading, else
    the fallback. With ``own="topic"`` the main heading is kept only when it names the topic and
    none of the ``others`` (the other requested topics, whose parts follow): a topic's part reads
    as its topic (加强食堂管理，确保饮食安全 or 切实做好食堂工作), never as one of its tasks or as
    another topic's part; a part of other work (``own=False``) always reads as such.

    Sub-headings appear only when at least two items have one: a lone （一） reads badly,
    so a lone sub-heading becomes its paragraph's lead sentence instead.
    """
    items = [_drop_echo(it, heading or ("" if own is True else fallback)) for it in items]
    main = None  # the item whose heading becomes the part's
    if not heading and own and any(it.heading for it in items):
        lifted, rest = _lift_main_heading(items, topic)
        if _heads_part(lifted, topic, own, others):
            heading, items, main = lifted, rest, rest[0]
    items = [merge_lead(it) if _thin(it) or _not_a_title(it.heading) else it for it in items]
    headed = [it for it in items if it.heading]
    if len(headed) == 1:
        items = [merge_lead(it) for it in items]
        headed = []
    own = [it for it in items if it.id.startswith(SCHOOL_ITEM) and it.id != SCHOOL_FIGURES]  # they lead
    own += [it for it in items if it.id == SCHOOL_FIGURES and own]  # the figures follow the items
    plain = _in_reading_order([it for it in items if not it.heading and it not in own], main, bool(headed))
    ordered = own + plain + headed
    return Group(heading or fallback, tuple(ordered), topic)


def _heads_part(lifted: str, topic: str, own: bool | str, others) -> bool:
    """True when an item's heading may head the part (see group): never a label (安全管理要求 names
    a kind of text, not the part) nor a long sentence; for a topic's part, one naming the topic
    and no other."""
    plain = strip_marks(lifted)
    if _LABEL.match(plain) or _run_on(plain) or chinese_chars(plain) > PART_HEADING:
        return False
    if own != "topic":
        return True
    named = any(w in lifted for w in topic_words(topic))
    return named and not any(w in lifted for o in others for w in topic_words(o, broad=False))


def _run_on(heading: str) -> bool:
    """A sentence of three clauses or more (完善财务制度，经费的领取，支付等工作，应按程序进行…):
    a lead sentence, not a title."""
    return len(re.findall(r"[，,]", heading)) > 1


def _not_a_title(heading: str) -> bool:
    """A heading that goes into its text: a label (安全管理要求) or a run-on sentence."""
    plain = strip_marks(heading)
    return bool(plain) and (bool(_LABEL.match(plain)) or _run_on(plain))


def _in_reading_order(plain: list[Item], main: Item | None, points: bool) -> list[Item]:
    """A part's unheaded items: the one whose heading heads the part first, then openers, the
    others, and summing-ups last, which go when sub-headed points follow (before them a 综上…
    reads backwards, after them as the last point's)."""
    rest = sorted((it for it in plain if it is not main), key=_place_in_part)
    if points:
        rest = [it for it in rest if _place_in_part(it) != 2]
    return [main, *rest] if main in plain else rest


def _thin(item: Item) -> bool:
    """A long heading over a shorter body (严肃财经纪律，…接受监督 / 收费有公示…。) reads as one
    paragraph cut in two: the heading becomes the body's lead sentence."""
    size = chinese_chars(item.heading)
    return size >= 20 and sum(chinese_chars(strip_marks(p)) for p in item.paras) < size


_OPENER = re.compile(  # …, and a statement of the part's weight (安全工作是学校工作的第一要务)
    r"^(?:在肯定成绩的同时|在看到成绩的同时|成绩面前|回顾(?:过去|本学期|一学期|一年)|总结(?:过去|本学期)"
    r"|[^。，]{2,10}是[^。]{0,10}(?:第一要务|重中之重))"
)
_CLOSER = re.compile(r"^(?:综上|总之|总而言之|总的来说|以上)")


def _place_in_part(item: Item) -> int:
    """Where a paragraph goes among a part's unheaded ones: one that opens a part (在肯定成绩的
    同时…) first, one that sums it up (综上工作，得益于…) last (sub-headed points follow them all:
    after those it would read as the last point's), the others as chosen."""
    first = strip_marks(item.paras[0]) if item.paras else ""
    return 0 if _OPENER.match(first) else 2 if _CLOSER.match(first) else 1


def _lift_main_heading(items: list[Item], topic: str) -> tuple[str, list[Item]]:
    """The main item's heading for the group, and the items with the main one first, unheaded.

    The main item is the one whose heading names the topic, else the longest.
    """
    words = topic_words(topic)
    headed = [n for n, it in enumerate(items) if it.heading]
    first = max(
        headed,
        key=lambda n: (any(w in items[n].heading for w in words), sum(len(t) for t in items[n].paras)),
    )
    rest = items[:first] + items[first + 1 :]
    return items[first].heading, [replace(items[first], heading=""), *rest]


def _drop_echo(item: Item, heading: str) -> Item:
    """An item's heading that only repeats the part's heading (指导思想 under 指导思想) is dropped."""
    own = strip_marks(item.heading)
    plain = strip_marks(heading)
    if own and plain and (own in plain or plain in own):
        return replace(item, heading="")
    return item


def topic_words(topic: str, broad: bool = True) -> list[str]:
    """Return the words that show a heading is about a topic: 食堂与饮食安全 → 食堂, 饮食安全;
    安全总体 → 校园安全 and (``broad``) 安全."""
    if not topic:
        return []
    words = [w for w in re.split(r"[与和及、]", topic_label(topic)) if len(w) >= 2]
    return words + [topic[:-2]] if broad and topic.endswith("总体") else words


def topic_label(name: str) -> str:
    """Return a topic as it reads in a sentence: 安全总体 → 校园安全, 后勤综合 → 后勤."""
    if name.endswith("总体") and len(name) > 2:
        return "校园" + name[:-2]
    if name.endswith("综合") and len(name) > 2:
        return name[:-2]
    return name
