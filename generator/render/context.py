"""Everything a template may read: the profile, the term, the slots and helper functions.

Templates receive plain data (text, numbers, frozen data classes) and bound methods of
``SlotAccess``; nothing in the context can reach the program's internals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..config import PLACEHOLDERS, STAGES_SLOT
from ..errors import ProfileError, UsageError
from ..model import Outline, Profile, Slot
from ..period import Period, fill_period, month_named
from ..profile import fill_defaults, parse_date
from .items import distinct
from .numbering import cn_number, count_word
from .phrasing import picker, rotator
from .sections import Group, Item, group, item_of, merge_lead, topic_label
from .text import clean_text

DEFAULT_DOMAIN = "后勤"  # the 工作领域 a document is about when the profile names none


@dataclass(frozen=True)
class Term:
    """The period a document is about, as templates write it: title label, time words, the months
    of a plan's schedule and the three phases of a scheme (from the document's date on)."""

    label: str  # 2025—2026学年第二学期 | 2025—2026学年 | 2026年度
    unit: str  # 学期 | 学年 | 年度
    season: str  # 春季 | 秋季 | "" (a year)
    this: str  # 本学期 | 本学年 | 今年
    since: str  # 一学期来 | 一学年来 | 一年来
    new: str  # 新学期 | 新学年 | 新的一年
    next: str  # 下学期 | 下学年 | 明年
    span: str  # 一个学期 | 一个学年 | 一年
    phase: str  # start | middle | end: where the document's date falls (a speech deploys or reviews)
    schedule: tuple[tuple[str, int], ...]  # (label, first month) of each line of a plan's schedule
    months: tuple[int, ...]  # the months of the schedule
    phases: tuple[str, str, str]  # 2026年3月 / 2026年4月至6月 / 2026年7月
    stage_of: tuple[tuple[int, int], ...]  # (month, 0|1|2): the phase each month of the period falls in


@dataclass(frozen=True)
class TopicInfo:
    """A requested topic: its name and how it reads in a sentence."""

    name: str
    label: str  # as it reads in a sentence: 安全总体 → 校园安全, 后勤综合 → 后勤


class SlotAccess:
    """The slots of an outline as templates use them (plain data and bound methods only)."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.recipe = outline.recipe
        self.items = {name: [item_of(c) for c in chosen] for name, chosen in outline.slots.items()}
        self.slots = {s.name: s for s in outline.recipe.slots}

    def has(self, slot: str) -> bool:
        """True when the slot got at least one section."""
        return bool(self._items(slot))

    def group(self, slot: str, fallback: str = "") -> Group:
        """The slot's sections under one heading (the recipe's fixed heading, their own, or the fallback)."""
        return group(self._items(slot), self._slot(slot).heading, fallback)

    def by_topic(self, slot: str, fallback: str | list[str] = "{主题}") -> list[Group]:
        """A per-topic slot as one group per topic, in the order the topics were asked; a topic
        without a section still has its group (no items: the template writes it in general words).

        A part keeps its main section's heading when that heading names the topic (加强食堂管理，
        确保饮食安全); otherwise it reads as its topic, the n-th topic with the n-th of the
        fallbacks, so that three parts do not all end in the same words."""
        forms = [fallback] if isinstance(fallback, str) else list(fallback) or ["{主题}"]
        groups: dict[str, list[Item]] = dict.fromkeys(self.outline.topics, [])
        for item in self._items(slot):
            groups[item.topic] = [*groups.get(item.topic, []), item]
        return [
            group(
                items,
                "",
                forms[n % len(forms)].replace("{主题}", topic_label(topic)),
                topic,
                own="topic",
                others=[t for t in groups if t != topic],
            )
            for n, (topic, items) in enumerate(groups.items())
        ]

    def loose(self, slot: str, fallback: str) -> list[Group]:
        """A slot of other work under the fallback heading (its sections' own headings, two or more,
        become sub-headings): a section's heading names one task, not a part of the document."""
        items = self._items(slot)
        return [group(items, "", fallback, own=False)] if items else []

    def heading(self, slot: str, fallback: str) -> str:
        """The recipe's fixed heading for a slot, else the template's fallback."""
        return self._slot(slot).heading or fallback

    def staged(self, phase: int, stage_of: tuple[tuple[int, int], ...]) -> list[str]:
        """The school's items that name a month of this phase (0, 1 or 2), each a marked paragraph."""
        phases = dict(stage_of)
        chosen = self.outline.slots.get(STAGES_SLOT, [])
        return [item_of(c).paras[0] for c in chosen if phases.get(month_named(c.paragraphs[0])) == phase]

    def flat(self, slot: str) -> list[str]:
        """The slot's paragraphs without headings (a heading becomes its paragraph's lead)."""
        return [p for item in self._items(slot) for p in merge_lead(item).paras]

    def topics(self) -> list[TopicInfo]:
        """The requested topics (resolved names), in the order of the per-topic slots."""
        names = dict.fromkeys(c.topic for chosen in self.outline.slots.values() for c in chosen if c.topic)
        return [TopicInfo(n, topic_label(n)) for n in names]

    def _items(self, slot: str) -> list[Item]:
        """The slot's items; an unknown slot is a template error."""
        self._slot(slot)
        return self.items.get(slot, [])

    def _slot(self, slot: str) -> Slot:
        """The recipe's slot of this name, or a usage error naming the template folder."""
        if slot not in self.slots:
            raise UsageError(f"模板“{self.recipe.folder}”用到了栏目“{slot}”，但 recipe.yaml 中没有这个栏目。")
        return self.slots[slot]


def template_context(outline: Outline) -> dict:
    """Return everything a template may read: the profile, the term, the slots and helper functions."""
    fields, extra = _profile_values(outline)
    period = fill_period(fields, outline.recipe.kind, fields.get("期间", ""))
    term = _term(period, parse_date(fields["日期"]))
    slots = SlotAccess(outline)
    pick = picker(outline)
    return {
        "p": fields,
        "extra": extra,
        "domain": extra.get("工作领域") or extra.get("领域") or DEFAULT_DOMAIN,
        "term": term,
        "period": term,
        "kind": outline.recipe.kind,
        "kind_name": outline.recipe.name,
        "topics": slots.topics(),
        "has": slots.has,
        "group": slots.group,
        "by_topic": slots.by_topic,
        "loose": slots.loose,
        "heading": slots.heading,
        "flat": slots.flat,
        "staged": lambda phase: slots.staged(phase, term.stage_of),
        "cn": cn_number,
        "count_word": count_word,
        "distinct": distinct,
        "pick": pick,
        "rotate": rotator(pick),
    }


def _profile_values(outline: Outline) -> tuple[dict[str, str], dict[str, str]]:
    """The profile's fields with defaults filled in (as the profile loader does), cleaned."""
    source = outline.request.profile
    if not source.get("学校名称"):
        raise ProfileError("缺少学校名称：请用 --school 指定，或在 --profile 文件中填写“学校名称”。")
    profile = Profile(dict(source.fields), dict(source.extra))
    fill_defaults(profile, dt.date.today())
    fields = dict.fromkeys(PLACEHOLDERS, "") | {k: clean_text(v) for k, v in profile.fields.items()}
    return fields, {k: clean_text(v) for k, v in profile.extra.items()}


def _term(period: Period, day: dt.date) -> Term:
    """The template's view of the period, from the document's date on."""
    months = [m for m in period.months() if (m.year, m.month) >= (day.year, day.month)]
    months = months if len(months) >= 3 else period.months()  # written late: the whole period
    words = (period.this, period.since, period.new, period.next, period.span)
    return Term(
        period.label,
        period.unit,
        period.season,
        *words,
        period.phase(day),
        _schedule(months, period),
        tuple(m.month for m in months),
        _phases(months),
        _stage_of(period, months),
    )


def _schedule(months: list[dt.date], period: Period) -> tuple[tuple[str, int], ...]:
    """A term's schedule by month; a longer period's by quarter of its remaining months."""
    if period.unit == "学期":
        return tuple((f"{m.month}月", m.month) for m in months)
    quarters = [months[i : i + 3] for i in range(0, len(months), 3)]
    return tuple(
        (f"{q[0].month}—{q[-1].month}月" if len(q) > 1 else f"{q[0].month}月", q[0].month) for q in quarters
    )


def _stage_of(period: Period, months: list[dt.date]) -> tuple[tuple[int, int], ...]:
    """Each month of the period and its phase: up to the first phase's month 0, from the last
    phase's on 2, between them 1 (a month before the date counts as the first phase)."""
    order = [m.month for m in period.months()]
    first, last = order.index(months[0].month), order.index(months[-1].month)
    return tuple((m, 0 if n <= first else 2 if n >= last else 1) for n, m in enumerate(order))


def _phases(months: list[dt.date]) -> tuple[str, str, str]:
    """Mobilise, carry out, review: the first month, the ones between, the last."""
    months = months if len(months) >= 3 else (months * 3)[:3]
    labels = [f"{m.year}年{m.month}月" for m in months]
    first, last = months[1], months[-2]
    middle = (
        labels[1]
        if first == last
        else f"{labels[1]}至{last.month}月"
        if first.year == last.year
        else f"{labels[1]}至{labels[-2]}"
    )
    return labels[0], middle, labels[-1]
