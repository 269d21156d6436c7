"""Length budgets: how long the document is, and how that length is split over its slots."""

from __future__ import annotations

import math

from ..config import CHARS_PER_MINUTE
from ..errors import UsageError
from ..model import Recipe, Request, Slot
from .state import Document, Group
from .tiers import fits_kind, mood_level


def target_chars(request: Request, recipe: Recipe) -> int:
    """The length asked for: --chars, else --minutes × 220, else the kind's default."""
    if request.chars:
        return int(request.chars)
    if request.minutes:
        return round(float(request.minutes) * CHARS_PER_MINUTE)
    return recipe.default_chars


def overhead(recipe: Recipe, topics: int) -> int:
    """Characters the template writes itself, which the corpus sections need not fill."""
    return recipe.overhead + recipe.overhead_per_topic * topics


def check_room(doc: Document, groups: list[Group], target: int) -> None:
    """A length too short for the template's own text and one passage per part is a usage error."""
    minimum = overhead(doc.recipe, len(doc.topics)) + doc.index.settings.min_group * len(groups)
    if target < minimum:
        raise UsageError(
            f"字数太少：按所选的 {len(doc.topics)} 个主题，一篇{doc.recipe.name}至少需要约 {minimum} 字，"
            f"现在是 {target} 字。请增加字数（或讲话时长），或减少主题。"
        )


def plan_groups(doc: Document, target: int) -> list[Group]:
    """The document's groups: a slot each, a per-topic slot one per topic, with their budgets (the
    length left after the template's own text, split over the slots and a slot's topics)."""
    topics = len(doc.topics)
    body = max(target - overhead(doc.recipe, topics), 100)
    budgets, total = _budgets(doc, body), sum(s.share for s in doc.recipe.slots) or 1.0
    settings = doc.index.settings
    prefix = doc.seed_text() + "|"
    groups: list[Group] = []
    for slot in doc.recipe.slots:
        parts = max(topics, 1) if slot.per_topic else 1
        budget = budgets[slot.name] / parts
        cap = body * slot.share / total / parts * (settings.batch_grow if doc.batched else settings.grow_max)
        most = math.ceil(budget / _typical_size(doc, slot)) if doc.batched else 0
        names = doc.topics if slot.per_topic else [""]
        groups += [Group(slot, t, budget, f"{prefix}{slot.name}|{t}".rstrip("|"), most, cap) for t in names]
    return groups


def _budgets(doc: Document, body: float) -> dict[str, float]:
    """Each slot's share of the body; in a batch, no slot takes more than ``batch_cap`` of the
    material it can draw on, the rest going to slots with material to spare.

    Two documents drawing a share x of one pool share about x of that part: a summary's few
    past-tense passages cannot fill two thirds of every school's summary, so in a batch its next
    steps, drawn from a large pool, grow instead.
    """
    slots = doc.recipe.slots
    total = sum(s.share for s in slots) or 1.0
    budgets = {s.name: body * s.share / total for s in slots}
    if not doc.batched:
        return budgets
    pools: dict[tuple, list[Slot]] = {}
    for slot in slots:
        pools.setdefault((tuple(sorted(slot.roles)), slot.mood), []).append(slot)
    freed, spare, capped = 0.0, {}, []
    for key, members in pools.items():
        cap = doc.index.settings.batch_cap * _material(doc, members[0])[0]
        used = sum(budgets[s.name] for s in members)
        if used > cap:
            freed += used - cap
            capped += members
            budgets.update((s.name, budgets[s.name] * cap / used) for s in members)
        else:
            spare[key] = cap - used
    given = _give(doc, budgets, pools, spare, freed)
    back = sum(budgets[s.name] for s in capped)
    for slot in capped if freed > given and back else []:  # what is left goes back (length first)
        budgets[slot.name] += (freed - given) * budgets[slot.name] / back
    return budgets


def _give(doc: Document, budgets: dict, pools: dict, spare: dict, freed: float) -> float:
    """Hand the freed length to the pools with room, in proportion to their room (to their required
    slots when they have any), a slot growing to at most ``batch_grow`` times its share, so the
    document keeps the proportions of its kind; return how much was given."""
    room, given = sum(spare.values()), 0.0
    for key, free in spare.items():
        slots = [s for s in pools[key] if s.count[0]] or pools[key]
        share = sum(s.share for s in slots) or 1.0
        for s in slots:
            extra = min(freed, room) * free / room * s.share / share
            extra = min(extra, budgets[s.name] * (doc.index.settings.batch_grow - 1))
            budgets[s.name] += extra
            given += extra
    return given


def _typical_size(doc: Document, slot: Slot) -> float:
    """The mean length of a slot's sections: short passages let a slot take more of them."""
    chars, count = _material(doc, slot)
    return max(chars / max(count, 1), 40.0)


def _material(doc: Document, slot: Slot) -> tuple[int, int]:
    """Characters and number of the usable sections of a slot's roles and mood (a batch's pool for
    it), kept on the index."""
    index, kind = doc.index, doc.recipe.kind
    key = ("capacity", kind, tuple(slot.roles), slot.mood)
    if key not in index.material:
        sizes = [
            index.facts[i].chars
            for i in index.pool(slot.roles)
            if mood_level(index.sections[i], slot) is not None
            and fits_kind(index.sections[i], kind, index.settings.genre_roles)
        ]
        index.remember(index.material, key, (sum(sizes), len(sizes)))
    return index.material[key]
