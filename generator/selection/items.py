"""The school's own items (工作要点) and figures (主要数据): what they are about, where they go and
how they read there.

An item is a line a person wrote about this school (食堂：完成后厨改造). Its topic is its prefix
(食堂：…) or the topic whose words it uses; it is work done, or a plan when it says so (计划…,
将…, 下学期…). The recipe says which slot takes which items (``Slot.items``: done, planned or
all); a per-topic slot takes the items of its topics, another slot the rest of its tense. There
an item leads, phrased for its place (本学期，我校… in a summary, 本学期，我校将… in a plan,
下学期，我们将… in next steps, 我们要… in a speech's tasks) with the user's words kept as
written. Figures are written once, as written, in the slot marked ``figures``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from ..config import SCHOOL_FIGURES, SCHOOL_ITEM
from ..model import Chosen, Slot, Topic, chinese_chars
from ..period import Period, month_named
from ..sentences import bigrams, starts_with_verb
from .fit import Reader

_PREFIX = re.compile(r"^([^：:，,。]{1,10})[：:]\s*(.+)$")
_PLANNED = re.compile(
    r"^(?:计划|拟|将|准备|争取|力争|预计|下学期|下学年|明年|下一步|新学期|我校将|学校将|我们将)"
)
# 本学期要建成…, 今年计划…: an intention after a time word is a plan too
_INTENT = re.compile(r"^.{0,6}?(?<![需主重只])(?:要|将|计划|拟|准备|争取|力争)")
# Work of this period, in a document written at its start (a speech opening the term): still ahead
_THIS_PERIOD = re.compile(r"^(?:本学期|本学年|今年|新学期|新学年)")
_TIMED = re.compile(
    r"^(?:本学期|本学年|今年|上学期|去年|一学期来|一学年来|一年来|开学以来|学期初|学期末"
    r"|\d+月|[一二三四五六七八九十]+月)"
)
_OWN_TIME = re.compile(  # 计划暑假更换…: the item says when itself, a 下学期 before it would clash
    r"^.{0,4}(?:暑假|寒假|暑期|假期|年底|年内|年初|国庆|春节|\d+月|[一二三四五六七八九十]+月"
    r"|本学期|下学期|本学年|下学年|新学期|新学年|今年|明年)"
)
_SUBJECT = re.compile(r"^(?:我校|学校|我们|本校|全校|总务处|后勤处|后勤)")
_ACTION = re.compile(  # what school items open with, which the tagger misreads (新建 as a place)
    r"^(?:新建|新增|新购|更新|更换|安装|加装|购置|添置|改造|修缮|维修|翻新|硬化|铺设|粉刷|举办|召开|"
    r"组织|投入|争创|通过|获得|荣获|被评为|创建|配备|增设|建成|完成)"
)
_FUTURE_HEAD = re.compile(r"^(?:将|计划|拟|准备|争取|力争|预计)")
PREVIOUS = {"学期": "上学期", "学年": "上学年", "年度": "去年"}


@dataclass(frozen=True)
class SchoolItem:
    """One of the school's items, as the user wrote it (closing punctuation dropped)."""

    number: int  # its place in the profile, 1-based: the manifest's section id is school:number
    text: str  # without its topic prefix
    topic: str  # the resolved topic, "" when none
    planned: bool  # a plan rather than work done
    label: str = ""  # the topic as the user named it (食堂 of 食堂：…), "" when none


def school_items(items: list[str], topics: list[Topic], requested: list[str]) -> list[SchoolItem]:
    """The profile's items with their topics and tense; topics the user asked for win ties."""
    return [_item(n, text, topics, requested) for n, text in enumerate(items, 1)]


def _item(number: int, text: str, topics: list[Topic], requested: list[str]) -> SchoolItem:
    match = _PREFIX.match(text)
    named = _named_topic(match[1], topics) if match else None
    body = match[2].strip() if named else text
    topic = named or _topic_by_words(body, topics, requested)
    planned = bool(_PLANNED.match(body) or _INTENT.match(body))
    return SchoolItem(number, body, topic, planned, match[1].strip() if named else "")


def _named_topic(word: str, topics: list[Topic]) -> str | None:
    """The topic a prefix names (食堂 → 食堂与饮食安全), or None when it names none."""
    word = word.strip()
    for topic in topics:
        if word == topic.name or word in topic.aliases or word in topic.keywords:
            return topic.name
    hits = [t for t in topics if word in t.name or any(word in a for a in t.aliases)]
    return hits[0].name if hits else None


def _topic_by_words(text: str, topics: list[Topic], requested: list[str]) -> str:
    """The topic whose name, aliases and keywords the text uses most ("" when none)."""
    scores = {t.name: sum(w in text for w in {t.name, *t.aliases, *t.keywords} if len(w) > 1) for t in topics}
    best = max(scores.values(), default=0)
    if not best:
        return ""
    tied = [name for name, score in scores.items() if score == best]
    return next((t for t in requested if t in tied), tied[0])


def as_of(items: list[SchoolItem], reader: Reader) -> list[SchoolItem]:
    """The items as the document's date sees them: at the start of a period, what the school
    says of this period (本学期实行宿舍楼封闭式管理) is work ahead, not work done."""
    if reader.phase != "start" or reader.kind in ("summary", "report"):
        return items
    return [replace(i, planned=True) if _THIS_PERIOD.match(i.text) else i for i in items]


def takes(slot: Slot, item: SchoolItem) -> bool:
    """Whether the slot takes items of this tense."""
    return slot.items == "all" or slot.items == ("planned" if item.planned else "done")


def placed(slots: list[Slot], items: list[SchoolItem], topics: list[str]) -> dict[tuple[str, str], list]:
    """Each item's place: (slot name, topic) for a per-topic slot, (slot name, "") for another.
    A per-topic slot takes the items of the document's topics first; the rest of a tense go to the
    first other slot that takes them. Items no slot takes are left out (the caller says so)."""
    places: dict[tuple[str, str], list[SchoolItem]] = {}
    left = list(items)
    for slot in sorted(slots, key=lambda s: not s.per_topic):
        mine = [i for i in left if takes(slot, i) and (not slot.per_topic or i.topic in topics)]
        for item in mine:
            places.setdefault((slot.name, item.topic if slot.per_topic else ""), []).append(item)
        left = [i for i in left if i not in mine]
    return places


def split_staged(items: list[SchoolItem], period: Period) -> tuple[list[SchoolItem], list[SchoolItem]]:
    """(items naming a month of the period, the others): a scheme puts the first in the stages of
    its timetable (3月底前完成后厨改造 in the stage that holds March), the others in its tasks."""
    months = {m.month for m in period.months()}
    staged = [i for i in items if month_named(i.text) in months]
    return staged, [i for i in items if i not in staged]


def staged_chosen(item: SchoolItem) -> Chosen:
    """A staged item as the user wrote it: it says its own time."""
    return Chosen(f"{SCHOOL_ITEM}{item.number}", "", [_closed(item.text)], "", 1.0)


def item_chosen(items: list[SchoolItem], slot: Slot, reader: Reader, topic: str = "") -> Chosen:
    """The items of one place as one paragraph that leads it, phrased for the slot's tense."""
    if not slot.per_topic and len({i.topic for i in items}) > 1:
        items = [_labelled(i) for i in items]  # items of several topics: each says which
    first, *rest = items
    text = phrase(first, slot, reader) + "".join("；" + i.text for i in rest)
    numbers = "+".join(str(i.number) for i in items)
    return Chosen(f"{SCHOOL_ITEM}{numbers}", "", [_closed(text)], topic, 1.0)


def _labelled(item: SchoolItem) -> SchoolItem:
    """The item with the topic the user named before it (食堂推行明厨亮灶), unless it says it."""
    if not item.label or item.label in item.text or _TIMED.match(item.text) or _OWN_TIME.match(item.text):
        return item
    return replace(item, text=item.label + item.text)


def phrase(item: SchoolItem, slot: Slot, reader: Reader) -> str:
    """The item with the time and subject its place needs; its own words unchanged."""
    text = item.text
    if _TIMED.match(text):
        return text
    time, subject, future = _frame(slot, item, reader)
    time = "" if _OWN_TIME.match(text) else time + "，"
    if (item.label and text.startswith(item.label)) or not _needs_subject(text):  # 食堂推行…: said
        return time + text
    return f"{time}{subject}{'' if _FUTURE_HEAD.match(text) else future}{text}"


def _needs_subject(text: str) -> bool:
    """True when the item opens with what the school did (投入…, 为宿舍楼加装…), not with who or what
    (食堂后厨改造完成…, 我校…)."""
    if _SUBJECT.match(text):
        return False
    if starts_with_verb(text) or _FUTURE_HEAD.match(text) or _ACTION.match(text):
        return True
    import jieba  # only for items the word lists cannot decide: its dictionary costs ~1 s
    from jieba import posseg

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on a batch's stderr

    first = next(iter(posseg.cut(text)), None)
    return first is not None and first.flag[:1] in ("v", "p", "d")


def _frame(slot: Slot, item: SchoolItem, reader: Reader) -> tuple[str, str, str]:
    """(time word, subject, future word) of an item's place in this kind of document."""
    period, speech = reader.period, reader.kind == "speech"
    if slot.items == "all":  # a plan or scheme: every item is work ahead in its period
        return period.this, "我校", "将"
    if item.planned:
        ahead = period.next if reader.kind in ("summary", "report") or reader.phase == "end" else period.this
        return ahead, "我们", "要" if speech else "将"
    return _looking_back(period, reader), "我们" if speech else "我校", ""


def _looking_back(period: Period, reader: Reader) -> str:
    """How the time of work done reads: 本学期 in a summary, at a speech's start the period before."""
    if reader.kind != "speech" or reader.phase == "end":
        return period.this
    return PREVIOUS[period.unit] if reader.phase == "start" else "开学以来"


def _closed(text: str) -> str:
    return text if text.endswith(("。", "！", "？")) else text + "。"


def figures_chosen(figures: dict[str, str], reader: Reader) -> Chosen | None:
    """The school's figures as one sentence, each once and as written (投入资金35万元)."""
    if not figures:
        return None
    ahead = reader.kind in ("plan", "scheme")
    back = (
        reader.period.since
        if reader.kind != "speech" or reader.phase == "end"
        else _looking_back(reader.period, reader)
    )
    time = f"{reader.period.this}，我校计划" if ahead else f"{back}，我校"  # 一年来，我校投入…
    text = "，".join(_figure(name, value) for name, value in figures.items())
    return Chosen(SCHOOL_FIGURES, "", [f"{time}{text}。"], "", 1.0)


def _figure(name: str, value: str) -> str:
    """名称 and 值 as one phrase, the unit said once: 培训人次 46人次 → 培训46人次."""
    unit = value.lstrip("0123456789.,，约近余多万千百十")
    if unit and name.endswith(unit) and len(name) > len(unit):
        name = name[: -len(unit)]
    return f"{name}{value}"


def item_chars(chosen: Chosen) -> int:
    return sum(chinese_chars(p) for p in chosen.paragraphs)


def subject_marks(items: list[SchoolItem], common: set[str]) -> list[frozenset[str]]:
    """Each item's distinctive character pairs (those few corpus sections use): what shows a
    corpus text is about the same thing (a generic sentence about the same renovation)."""
    return [frozenset(bigrams(i.text) - common) for i in items]


def same_subject(text: str, marks: list[frozenset[str]], least: int = 3) -> bool:
    """True when the text shares ``least`` distinctive pairs with one of the items."""
    pairs = bigrams(text)
    return any(len(pairs & m) >= least for m in marks)
