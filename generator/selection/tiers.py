"""Which sections may fill a group, and how well each fits: tiers of candidates with their fits.

Tiers, strictest first: the slot's mood and (for a topic group) tagged with the topic; then a
neutral mood too; then, for a topic group still empty, text about the topic by BM25 although not
tagged so. A fit is the section's relevance to the topics (BM25 scaled to 0.3 … 1.3) weighed by
how well its role, mood, kind and focus suit the slot. Fits depend only on the kind, the slot, the
topic and the requested topics, so the index keeps each tier's table for the documents after.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..model import Section, Slot
from .index import SectionFacts, SelectionIndex, is_general
from .state import Document, Group


class Candidate(NamedTuple):
    """A section that may fill a group, with the part of its score fixed for this document."""

    index: int
    base: float
    facts: SectionFacts


@dataclass
class Tier:
    """A tier's candidates with their fits."""

    fits: dict[int, float]
    by_id: list[int]  # the candidates in id order: equal scores go by id

    facts: list[SectionFacts]  # of every section of the corpus

    @cached_property
    def fits_by_id(self) -> list[float]:
        """The fit of each candidate, in id order."""
        return [self.fits[i] for i in self.by_id]

    @cached_property
    def keys(self) -> list[str]:
        """The spread key of each candidate, in id order."""
        return [self.facts[i].key for i in self.by_id]

    @cached_property
    def ranked(self) -> list[Candidate]:
        """The candidates best fit first, equal fits in id order (a document alone reads this)."""
        candidates = [Candidate(i, self.fits[i], self.facts[i]) for i in self.by_id]
        return sorted(candidates, key=lambda c: c.base, reverse=True)


class StaticFit(NamedTuple):
    """The parts of a section's fit that stay the same for every document."""

    index: int
    role_weight: float
    mood_factor: float
    kind_factor: float  # text written for another kind of document counts half
    unrelated: float  # the fit's value for a section about none of the requested topics
    topics: tuple[str, ...]
    topic_divisor: float  # a section on many topics is about each of them less
    specific: tuple[str, ...]  # its topics, or none when one of them is a catch-all


def tier_count(group: Group) -> int:
    """How many tiers a group may draw from: text not tagged with the topic only to cover it."""
    return 3 if group.topic and not group.picks else 2


def tier(doc: Document, group: Group, level: int) -> Tier:
    """A tier's candidates and fits, computed once per kind, slot, topic and requested topics.

    A topic group's fits depend on the other requested topics as a set. When no candidate scores for more
    than two of the requested topics, their order cannot change a fit (a sum of two numbers is the
    same either way), so the tier is kept for the topics in any order as well."""
    shared = _requested(doc, group)
    key = (doc.recipe.kind, tuple(group.slot.roles), group.slot.mood, group.topic, shared, level)
    any_order = (*key[:4], tuple(sorted(shared)), level, "any order")
    tiers = doc.index.tiers
    found = tiers.get(key) or tiers.get(any_order)
    if found is None:
        fits, order_free = _fits(doc, group, _static_tier(doc, group, level))
        found = _table(doc.index, fits)
        if order_free and len(shared) > 1:
            doc.index.remember(tiers, any_order, found)
        doc.index.remember(tiers, key, found)
    return found


def merged(doc: Document, group: Group, count: int) -> Tier:
    """In a batch, tiers 1 … count-1 in one table, a looser tier's fits ``tier_factor`` lower per
    tier (tier 1 holds tier 0, its neutral text already scored lower by the mood factor)."""
    shared = _requested(doc, group)
    key = (doc.recipe.kind, tuple(group.slot.roles), group.slot.mood, group.topic, shared, -count)
    found = doc.index.tiers.get(key)
    if found is None:
        fits: dict[int, float] = {}
        for level in range(count - 1, 0, -1):  # the strictest tier last: its fit stands
            factor = doc.index.settings.tier_factor ** (level - 1)
            fits.update((i, fit * factor) for i, fit in tier(doc, group, level).fits.items())
        found = doc.index.remember(doc.index.tiers, key, _table(doc.index, fits))
    return found


def _requested(doc: Document, group: Group) -> tuple[str, ...]:
    """The requested topics as a tier's fits depend on them: in order for a shared slot (they are
    scored in turn); as a set for a topic's group (its fits leave out text mainly about another
    requested topic, so a tier kept for one set of topics is wrong for another)."""
    return tuple(sorted(doc.topics)) if group.topic else tuple(doc.topics)


def _table(index: SelectionIndex, fits: dict[int, float]) -> Tier:
    return Tier(fits, sorted(fits, key=index.id_rank.__getitem__), index.facts)


def _fits(doc: Document, group: Group, static: list[StaticFit]) -> tuple[dict[int, float], bool]:
    """Each candidate's fit, the factors applied always in one order (so a fit is the same number
    whichever document computes it); and whether the requested topics' order could
    change none. A shared slot completing a per-topic one takes no section of a requested topic."""
    named = [group.topic] if group.topic else doc.topics
    requested = set(doc.topics)
    if not group.topic and _completes(doc, group.slot):
        static = [f for f in static if requested.isdisjoint(f.topics)]
    relevance, order_free = _relevance(doc.index, named, {f.index for f in static})
    top = max(relevance.values(), default=0.0) or 1.0
    fits = {}
    floor = doc.index.settings.topic_floor
    for f in static:
        value = f.unrelated
        if f.index in relevance:
            value = (0.3 + relevance[f.index] / top) * f.role_weight * f.mood_factor * f.kind_factor
        if group.topic and relevance.get(f.index, 0.0) < floor * top:
            continue  # it names the topic in passing: a topic's part takes text about it
        if group.topic and f.specific and f.specific[0] != group.topic and f.specific[0] in requested:
            continue  # it is mainly about another requested topic, which has a part of its own
        if group.topic:
            fits[f.index] = value / f.topic_divisor
        else:  # a shared slot prefers the requested topics and general text to other topics
            fits[f.index] = value * (0.5 if f.specific and requested.isdisjoint(f.specific) else 1.0)
    return fits, order_free


def _relevance(index: SelectionIndex, topics: list[str], members: set[int]) -> tuple[dict[int, float], bool]:
    """The summed BM25 of the members that score for any of ``topics`` (added in topic order), and
    whether none scores for more than two of them."""
    relevance: dict[int, float] = {}
    hits: Counter[int] = Counter()
    for topic in topics:
        scores, found = index.topic_scores(topic), index.scoring(topic) & members
        for i in found:
            relevance[i] = relevance.get(i, 0) + scores[i]
        hits.update(found)
    return relevance, len(topics) <= 2 or max(hits.values(), default=0) <= 2


def _static_tier(doc: Document, group: Group, level: int) -> list[StaticFit]:
    """A tier's candidates before the document's topics count, in corpus order (kept on the index)."""
    slot, index = group.slot, doc.index
    key = ("static", doc.recipe.kind, tuple(slot.roles), slot.mood, group.topic, level)
    if key not in index.tiers:
        pool = index.pool(slot.roles, group.topic if level < 2 else "")
        static = [_static_fit(doc, group, i) for i in pool if _in_tier(doc, group, i, level)]
        index.remember(index.tiers, key, static)
    return index.tiers[key]


def _in_tier(doc: Document, group: Group, i: int, level: int) -> bool:
    """Whether section ``i`` belongs to tier ``level`` of the group (its pool aside)."""
    section = doc.index.sections[i]
    mood = mood_level(section, group.slot)
    if mood is None or not fits_kind(section, doc.recipe.kind, doc.index.settings.genre_roles):
        return False
    if not does_job(section, group.slot):
        return False
    if TELLING & set(group.slot.functions) and doc.index.facts[i].said < doc.index.settings.min_said:
        return False  # a title alone (改善教学环境。) reports nothing done, learnt or lacking
    if level < 2:
        return mood <= level
    return doc.index.topic_scores(group.topic)[i] > 0


def _static_fit(doc: Document, group: Group, i: int) -> StaticFit:
    s, weights = doc.index.sections[i], doc.index.settings.role_weights
    weight = weights[min(group.slot.roles.index(s.role), len(weights) - 1)]
    mood = 1.0 if mood_level(s, group.slot) == 0 else 0.7
    kind = 0.5 if s.kinds and doc.recipe.kind not in s.kinds else 1.0
    specific = () if any(is_general(t) for t in s.topics) else tuple(s.topics)
    divisor = 1 + 0.15 * max(len(s.topics) - 1, 0)
    return StaticFit(i, weight, mood, kind, 0.3 * weight * mood * kind, tuple(s.topics), divisor, specific)


OFF_DUTY = frozenset({"duty", "rule"})  # job descriptions and conduct rules: only a slot asking for them
TELLING = frozenset({"achievement", "experience", "problem"})  # jobs a bare heading cannot do


def does_job(section: Section, slot: Slot) -> bool:
    """The section does the job the slot is for (成效, 问题, 措施…), as tagged at ingest."""
    if slot.functions:
        return section.fit.function in slot.functions
    return section.fit.function not in OFF_DUTY


def mood_level(section: Section, slot: Slot) -> int | None:
    """0 when the mood fits the slot, 1 when neutral, None when it is the opposite mood."""
    if not slot.mood or section.mood == slot.mood:
        return 0
    return 1 if section.mood in ("", "neutral") else None


def fits_kind(section: Section, kind: str, genre_roles: frozenset[str]) -> bool:
    """An opening or closing fits only the kinds of document it was written for."""
    return not (section.role in genre_roles and section.kinds and kind not in section.kinds)


def _completes(doc: Document, slot: Slot) -> bool:
    """A shared slot with the roles and mood of a per-topic slot completes it ("其他工作"): it takes
    general text and other topics, never a requested topic (that has its own group)."""
    return any(
        o.per_topic and set(o.roles) == set(slot.roles) and o.mood == slot.mood for o in doc.recipe.slots
    )
