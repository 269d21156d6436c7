"""Choosing a document's outline: ``select`` fills every slot of a recipe, ``replace`` swaps one section."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace as with_fields

from ..config import STAGES_SLOT
from ..errors import UsageError
from ..lexicon import fit_words
from ..model import Chosen, Corpus, Outline, Recipe, Request, chinese_chars
from ..period import fill_period
from ..profile import parse_date
from ..school import says_no_boarders, school_of
from .budget import check_room, overhead, plan_groups, target_chars
from .filling import balance, choose, fill, take
from .fit import Reader, reader_of
from .index import SelectionIndex
from .items import (
    SchoolItem,
    as_of,
    figures_chosen,
    item_chosen,
    placed,
    school_items,
    split_staged,
    staged_chosen,
    subject_marks,
    takes,
)
from .settings import TOPIC_KEY
from .spread import Spread
from .state import Document, Group, Pick
from .text import paragraph_key, trimmed
from .topics import default_topics, resolve_topics


def select(
    request: Request, recipe: Recipe, corpus: Corpus | SelectionIndex, spread: Spread | None = None
) -> Outline:
    """Choose and fill corpus sections for every slot of ``recipe``; same request and seed → same outline.

    ``corpus`` is best given as the SelectionIndex built once for it (a plain Corpus is indexed
    anew). With a ``spread`` the document steers away from the batch's earlier documents, and is
    recorded in it.
    """
    index = corpus if isinstance(corpus, SelectionIndex) else SelectionIndex(corpus)
    topics, unboarded = _for_the_school(resolve_topics(request.topics, index.topics), request.profile)
    items = school_items(request.profile.items, index.topics, topics)
    values, reader = _reading(request, _with_item_topics(topics, items))
    items = as_of(items, reader)
    staged, items = split_staged(items, reader.period) if recipe.staged else ([], items)
    topical = [i for i in items if any(s.per_topic and takes(s, i) for s in recipe.slots)]
    doc = Document(index, request, recipe, _with_item_topics(topics, topical), values, reader, spread)
    target = target_chars(request, recipe)
    doc.topics = doc.topics if topics else _topics_with_defaults(doc, items, target)
    doc.marks = subject_marks(items, index.common_pairs(items))
    groups = plan_groups(doc, target)
    unplaced = _lead(doc, groups, items)
    check_room(doc, groups, target)
    for group in groups:
        fill(doc, group)
    if not topics:
        groups = _drop_unfilled_defaults(doc, groups)
    notes = [
        *request.profile.notes,
        *_inferred(reader, unboarded),
        *_require(doc, groups),
        *unplaced,
        *_own_stage(doc, groups),
    ]
    balance(doc, groups, target - overhead(recipe, len(doc.topics)))
    if spread is not None:
        topic_keys = [TOPIC_KEY + t for t in doc.topics] if not topics else []
        spread.record([*(index.facts[p.index].key for g in groups for p in g.picks), *topic_keys])
    slots = _slots(doc, groups) | ({STAGES_SLOT: [staged_chosen(i) for i in staged]} if staged else {})
    return Outline(request, recipe, slots, topics=list(doc.topics), notes=notes, batched=spread is not None)


def _for_the_school(topics: list[str], profile) -> tuple[list[str], list[str]]:
    """The requested topics a school can have (kept) and those it cannot: a school that said it
    has no boarders (寄宿: 否) gets no dormitory part, whatever the topics asked."""
    if not says_no_boarders(profile):
        return topics, []
    boarding = set(fit_words().boarding)
    return [t for t in topics if t not in boarding], [t for t in topics if t in boarding]


def _inferred(reader: Reader, unboarded: list[str]) -> list[str]:
    """What was inferred of the school and the period, for the user to correct when wrong, and the
    topics left out because the school said it has no boarders."""
    notes = [f"学校信息写明没有寄宿生，未写“{'、'.join(unboarded)}”部分。"] if unboarded else []
    facts = list(reader.school.notes)
    if reader.period.inferred:
        facts.append(f"期间为{reader.period.label}（按文种和日期推断）")
    if facts:
        notes.append(f"以下学校信息未填写，已推断：{'；'.join(facts)}。如有不符，请在学校信息中填写。")
    return notes


OWN_STAGE_SHARE = 0.2  # below this share of sections written for its stage, a school is told


def _own_stage(doc: Document, groups: list[Group]) -> list[str]:
    """A kindergarten or a vocational school whose document is mostly other schools' text (学生,
    教学) is told so: the wording is theirs to adapt, or their own documents to ingest."""
    stage = doc.reader.school.stage
    if stage not in ("幼儿园", "中职"):
        return []
    picks = [doc.index.sections[p.index] for g in groups for p in g.picks]
    own = sum(1 for s in picks if stage in s.fit.stages)
    if not picks or own >= OWN_STAGE_SHARE * len(picks):
        return []
    adapt = (
        "“学生”“师生”等已改为“幼儿”“师幼”，请再按本园习惯调整“教学”“学校”等说法（如保教、园所）"
        if stage == "幼儿园"
        else "请按本校实际补充专业、实训等方面的内容"
    )
    return [
        f"素材库中写给{stage}的素材很少，本文多数段落来自中小学的文稿：{adapt}，"
        "或导入本校和同类学校的文稿（python generate.py ingest 文件…）。"
    ]


def _with_item_topics(topics: list[str], items: list[SchoolItem]) -> list[str]:
    """The requested topics, and after them those of the school's items (an item adds its topic).
    The document's topics take only the items a topic's part holds (a summary's plans go to its
    next steps, and would leave their topic's part among the achievements empty)."""
    return list(dict.fromkeys([*topics, *(i.topic for i in items if i.topic)]))


def _topics_with_defaults(doc: Document, items: list[SchoolItem], target: int) -> list[str]:
    """No topics asked: the items' topics first, then the draw's, as many as the draw would take."""
    drawn = default_topics(doc, target)
    own = list(doc.topics)
    return own + [t for t in drawn if t not in own][: max(len(drawn) - len(own), 0)]


def _lead(doc: Document, groups: list[Group], items: list[SchoolItem]) -> list[str]:
    """Put the school's figures and items at the head of the groups whose slots take them; their
    length comes off the group's budget. Return a note for each item no slot takes."""
    places = placed(doc.recipe.slots, items, doc.topics)
    for group in groups:
        figures = figures_chosen(doc.request.profile.figures, doc.reader) if group.slot.figures else None
        mine = places.pop((group.slot.name, group.topic if group.slot.per_topic else ""), [])
        group.leads = [item_chosen(mine, group.slot, doc.reader, group.topic)] if mine else []
        group.figures = [figures] if figures else []
        group.budget = max(group.budget - group.lead_chars, 0.0)
    where = doc.recipe.name
    return [
        f"工作要点“{i.text[:20]}”在{where}中没有合适的位置，未写入。"
        for rest in places.values()
        for i in rest
    ]


def _reading(request: Request, topics: list[str]) -> tuple[dict[str, str], Reader]:
    """Placeholder values (the profile's fields, the years of its date, the period's 学年, 学期 and
    会议名称) and the reader: the school, kind, speaker and period the text must fit."""
    values = _values(request)
    period = fill_period(values, request.kind, values.get("期间", ""))
    day = parse_date(values["日期"]) if values.get("日期") else dt.date.today()
    return values, reader_of(request, school_of(request.profile, topics), period, period.phase(day))


def _values(request: Request) -> dict[str, str]:
    """Placeholder values: the profile's non-empty fields plus the years derived from its date."""
    values = {k: str(v).strip() for k, v in request.profile.fields.items() if v and str(v).strip()}
    year = re.match(r"\s*(\d{4})", values.get("日期", ""))
    if year and "年份" not in values:
        values["年份"] = year[1]
    if "年份" in values and "上一年份" not in values and values["年份"].isdigit():
        values["上一年份"] = str(int(values["年份"]) - 1)
    return values


def _drop_unfilled_defaults(doc: Document, groups: list[Group]) -> list[Group]:
    """A topic the program chose itself whose material the document cannot use (taken by another
    topic, or needing a profile field not given) is left out rather than reported as an error:
    only a topic the user asked for must be covered. One topic at least stays, filled or not."""
    empty = {g.topic for g in groups if g.topic and not g.picks and not g.leads and g.slot.count[0] > 0}
    if not empty or empty >= set(doc.topics):
        return groups
    doc.topics = [t for t in doc.topics if t not in empty]
    return [g for g in groups if g.topic not in empty]


def _require(doc: Document, groups: list[Group]) -> list[str]:
    """Every required slot filled, else the user told why: a requested topic without text that fits
    this school, or text that needs a figure the school did not give (学生人数), is no error: the
    template writes the part in general words, and the note says what would fill it."""
    notes = []
    for group in groups:
        if group.picks or group.leads or group.figures or group.slot.count[0] == 0:
            continue
        if group.missing:
            notes.append(_missing_message(group))
        elif group.topic:
            notes.append(
                f"素材不足：素材库中没有适合本校{doc.recipe.name}“{group.slot.heading or group.slot.name}”"
                f"的“{group.topic}”段落，这一部分只写了通用的要求，请据实补充"
                "（可在学校信息的“工作要点”中写明本校的具体做法，或导入更多同类文稿）。"
            )
    return notes


def _missing_message(group: Group) -> str:
    """The note for a part whose only texts need fields the school did not give."""
    names = "”“".join(sorted(group.missing))
    part = f"“{group.topic}”" if group.topic else f"“{group.slot.heading or group.slot.name}”"
    return (
        f"素材不足：{part}部分可用的素材要用到学校信息中的“{names}”，没有提供，这一部分只写了通用的要求。"
        f"在学校信息中填写“{names}”（批量生成时在花名册中加入同名列）后重新生成，可以写得更具体。"
    )


def _slots(doc: Document, groups: list[Group]) -> dict[str, list[Chosen]]:
    """The outline's slots in recipe order, topic groups in the order the topics were asked."""
    slots: dict[str, list[Chosen]] = {s.name: [] for s in doc.recipe.slots}
    for group in groups:
        picks = [_chosen(doc, group, pick) for pick in group.picks]
        slots[group.slot.name] += [*group.leads, *picks, *group.figures]
    return slots


def _chosen(doc: Document, group: Group, pick: Pick) -> Chosen:
    section_id = doc.index.sections[pick.index].id
    return Chosen(section_id, pick.heading, list(pick.paragraphs), group.topic, round(pick.score, 4))


# ---------------------------------------------------------------- 换一段


def replace(outline: Outline, section_id: str, corpus: Corpus | SelectionIndex) -> Outline:
    """The outline with one section swapped for the next-best free one of the same slot and topic.

    Everything else stays; the replaced section joins ``request.exclude`` so it does not
    come back on the next swap. No alternative left → a Chinese usage error.
    """
    index = corpus if isinstance(corpus, SelectionIndex) else SelectionIndex(corpus)
    slot_name, position, old = _find(outline, section_id)
    request = with_fields(outline.request, exclude=[*outline.request.exclude, section_id])
    topics = _outline_topics(outline)
    values, reader = _reading(request, topics)
    doc = Document(index, request, outline.recipe, topics, values, reader)
    _take_kept(doc, outline, section_id)
    slot = next(s for s in outline.recipe.slots if s.name == slot_name)
    min_part = index.settings.min_part
    group = Group(slot, old.topic, max(_chosen_chars(old), min_part), "")  # no draw: the next best
    pick = choose(doc, group, group.budget, seeded=False)
    if pick is None:
        raise UsageError("这一段已没有其他可替换的素材了。可以换一个主题，或导入更多文稿后再试。")
    if pick.chars > group.budget * 1.3:
        pick.set_paragraphs(trimmed(pick, group.budget * 1.1, min_part))
    slots = {name: list(items) for name, items in outline.slots.items()}
    slots[slot_name][position] = _chosen(doc, group, pick)
    return Outline(request, outline.recipe, slots)


def _find(outline: Outline, section_id: str) -> tuple[str, int, Chosen]:
    for name, items in outline.slots.items():
        for position, chosen in enumerate(items):
            if chosen.section_id == section_id:
                return name, position, chosen
    raise UsageError(f"文稿中没有来自素材“{section_id}”的段落，无法替换。")


def _outline_topics(outline: Outline) -> list[str]:
    return list(dict.fromkeys(c.topic for items in outline.slots.values() for c in items if c.topic))


def _take_kept(doc: Document, outline: Outline, skip: str) -> None:
    """Everything the outline keeps counts as taken, so the replacement repeats none of it."""
    for items in outline.slots.values():
        for chosen in items:
            i = doc.index.positions.get(chosen.section_id)
            if chosen.section_id == skip or i is None:
                continue
            keys = [paragraph_key(t) for t in [chosen.heading, *chosen.paragraphs] if t]
            take(doc, Pick(i, chosen.heading, list(chosen.paragraphs), keys, chosen.score))


def _chosen_chars(chosen: Chosen) -> int:
    return chinese_chars(chosen.heading) + sum(chinese_chars(p) for p in chosen.paragraphs)
