"""Filling a document's groups with sections, then bringing the total inside the length band."""

from __future__ import annotations

import math
from collections.abc import Callable

from .items import same_subject
from .ranking import best_candidates, worn_out, worn_tenths
from .state import Document, Group, Pick
from .text import build_pick, sentences, trimmed
from .tiers import tier_count


def fill(doc: Document, group: Group) -> None:
    """Choose sections for one group until its budget is met or its count is reached."""
    s = doc.index.settings
    low, high = 0 if group.leads else group.slot.count[0], most_sections(group, s.section_size)
    if low == 0 and worn_out(doc, group):
        return  # optional, and the batch's documents already share its few passages
    while len(group.picks) < high:
        if len(group.picks) >= low and group.chars >= group.budget * 0.8:
            return
        pick = choose(doc, group, group.budget - group.chars)
        if pick is None:
            return
        room = max(group.budget - group.chars, s.min_part)
        if pick.chars > room * 1.3:
            pick.set_paragraphs(trimmed(pick, room * 1.1, s.min_part))
        group.add(pick)


def most_sections(group: Group, section_size: int) -> int:
    """The recipe's maximum count, raised for a large budget (one topic, a long document).

    A slot meant for a single section (an overview, a guiding thought) keeps to one.
    """
    if group.slot.count[1] <= 1:
        return group.slot.count[1]
    return max(group.slot.count[1], group.most, math.ceil(group.budget / section_size))


def choose(doc: Document, group: Group, room: float, seeded: bool = True) -> Pick | None:
    """The next section for a group, one of the best few, or the best when not ``seeded``; filled,
    and taken by the document.

    Alone, which of the best few turns with the seed (seed 2 takes the one after seed 1's), so
    the documents of two seeds differ wherever there is a choice; where the turn starts depends on
    the school and the group."""
    while True:
        best = best_candidates(doc, group, room)
        if not best:
            return None
        chosen = _pick_one(doc, group, best) if seeded else best[0]
        pick = build_pick(doc, chosen.index, chosen.score, group.topic)
        if pick is not None and doc.marks and same_subject("".join(pick.paragraphs), doc.marks):
            pick = None  # it tells of what the school's own item tells: the school's words stand
        if pick is not None:
            take(doc, pick)
            return pick
        doc.blocked.add(chosen.index)  # nothing left of it for this document


def _pick_one(doc: Document, group: Group, best: list) -> object:
    """Alone, the seed's turn through the best few; in a batch, a draw weighted by score (the
    batch's scores already favour text the other schools used least)."""
    if doc.batched:
        return group.random().choices(best, [r.score**2 for r in best])[0]
    return best[(group.turn + doc.request.seed + len(group.picks)) % len(best)]


def take(doc: Document, pick: Pick) -> None:
    """Mark a pick's section, its near-duplicates and its paragraphs as taken by the document, and
    count the paragraphs it shares with the batch's earlier documents."""
    index = doc.index
    facts = index.facts[pick.index]
    doc.blocked.add(pick.index)
    group_name = index.sections[pick.index].dup_group
    doc.blocked.update(index.members.get(group_name, ()) if group_name else ())
    if doc.spread is not None and facts.paragraphs:
        doc.shared.add(doc.spread.holding(facts.key), facts.paragraphs)
    doc.keys.update(pick.keys)
    for sentence in (s for p in [pick.heading, *pick.paragraphs] for s in sentences(p)):
        doc.said.add(sentence)  # a heading may become its text's lead sentence (实行民主理财。…)
    doc.covered.update(facts.specific)


def balance(doc: Document, groups: list[Group], body: int) -> None:
    """Bring the sections' total inside the target's band, the parts in proportion to the main one."""
    _balance_length(doc, groups, body)
    if keep_proportions(doc, groups):
        _balance_length(doc, groups, body)


def _balance_length(doc: Document, groups: list[Group], body: int) -> None:
    """Bring the sections' total inside the target's band: add, extend, trim or drop."""
    s = doc.index.settings
    for _ in range(60):
        total = sum(g.chars + g.lead_chars for g in groups)
        if total > body * s.length_high:
            changed = _shrink(doc, groups, total - body)
        elif total < body * s.length_low:
            changed = _grow(doc, groups, body - total)
        else:
            return
        if not changed:
            return


def _shrink(doc: Document, groups: list[Group], excess: float) -> bool:
    """Drop a surplus section that fits the excess, else trim the longest one.

    A group keeps at least one section: an empty slot would bring in the template's
    fallback text, which the length estimate does not count on.
    """
    for group in sorted(groups, key=lambda g: g.chars - g.budget, reverse=True):
        last = group.picks[-1] if group.picks else None
        if last and len(group.picks) > max(group.slot.count[0], 1) and last.chars <= excess * 1.5:
            group.pop()
            return True
    min_part = doc.index.settings.min_part
    picks = sorted(((g, p) for g in groups for p in g.picks), key=lambda gp: gp[1].chars, reverse=True)
    for group, pick in picks:
        before = pick.chars
        group.set_paragraphs(pick, trimmed(pick, max(before - excess, min_part), min_part))
        if pick.chars < before:
            return True
    return False


def _grow(doc: Document, groups: list[Group], deficit: float) -> bool:
    """Give back trimmed text in a group below budget first, then add a section where most is missing.

    In a batch a slot first keeps to its budget, and an optional slot with worn passages stays as
    it is (its pool's share is what documents share); a slot grows less there (see _add_one): a
    short document beats a lopsided one.
    """
    if _restore_trimmed(doc, groups, deficit):
        return True
    order = sorted(groups, key=lambda g: (worn_tenths(doc, g), g.chars / max(g.budget, 1)))
    ceiling = _ceiling(doc, groups)
    order = [g for g in order if g.chars < ceiling(g)]
    if not doc.batched:
        return _add_one(doc, order, deficit)
    fresh = [g for g in order if g.slot.count[0] > 0 or not worn_out(doc, g)]
    return _add_one(doc, [g for g in fresh if g.chars < g.budget], deficit) or _add_one(doc, fresh, deficit)


def keep_proportions(doc: Document, groups: list[Group]) -> bool:
    """A group of another job than the main part's gives back its last sections while it holds more
    than ``main_lead`` times the main part (a batch's summary whose achievements were worn had its
    下一步 budget raised before they ran short), down to its least count. True if any did."""
    ceiling, popped = _ceiling(doc, groups), False
    for group in groups:
        while len(group.picks) > max(group.slot.count[0], 1) and group.chars > ceiling(group):
            group.pop()
            popped = True
    return popped


def _ceiling(doc: Document, groups: list[Group]) -> Callable[[Group], float]:
    """The most a group may hold beside the kind's main part: ``main_lead`` times what the slots
    doing the job of the one with the largest share hold (a summary's achievements, its general
    achievements included); no limit for those slots themselves. See ``SelectionSettings.main_lead``."""
    job = max((g.slot for g in groups), key=lambda slot: slot.share).functions
    held = doc.index.settings.main_lead * sum(
        g.chars + g.lead_chars for g in groups if g.slot.functions == job
    )
    return lambda group: math.inf if group.slot.functions == job else held


def _restore_trimmed(doc: Document, groups: list[Group], deficit: float) -> bool:
    """Give back text trimmed from a pick of a group below its budget, the emptiest group first."""
    min_part = doc.index.settings.min_part
    below = [g for g in groups if g.chars < g.budget and any(p.full_chars > p.chars for p in g.picks)]
    for group in sorted(below, key=lambda g: g.chars / max(g.budget, 1)):
        for pick in (p for p in group.picks if p.full_chars > p.chars and group.chars < group.budget):
            before = pick.chars
            limit = before + min(deficit, group.budget - group.chars)
            group.set_paragraphs(pick, trimmed(pick, limit, min_part))
            if pick.chars > before:
                return True
    return False


def _add_one(doc: Document, groups: list[Group], deficit: float) -> bool:
    """Add a section to the first group (in the given order) that can take one, no longer than the
    room the group has left under its cap (``grow_max`` times its share of the document, in a batch
    ``batch_grow``), however much the document lacks."""
    s = doc.index.settings
    extra = math.ceil(deficit / s.section_size)  # a short document lets a slot of several take more
    for group in groups:
        room = min(deficit, group.cap - group.chars)
        if group.empty == tier_count(group) or room < s.min_part:
            continue  # nothing left to choose from, or it has grown as far as its kind allows
        several = group.slot.count[1] > 1
        most = most_sections(group, s.section_size) + (extra if several else 0)
        if len(group.picks) < most:
            pick = choose(doc, group, room)
            if pick is not None:
                if pick.chars > room * s.length_high:
                    pick.set_paragraphs(trimmed(pick, room, s.min_part))
                group.add(pick)
                return True
    return False
