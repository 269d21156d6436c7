"""Ranking a group's candidates: the best few for its next section, best first.

A candidate's score is its fixed score for this document (its fit; in a batch, lowered by how
much the earlier documents used it) times three factors that change as the document fills: how
well its length suits the room left, topic variety in a slot shared by all topics, and in a batch
how many paragraphs it would make this document share with one earlier document.

Alone, the candidates are the free ones of the strictest tier that has any. In a batch every tier
counts at once (looser tiers scored lower), and a choice looks at the first ``max_scan`` free
candidates by fixed score, so the least worn text comes first.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from .state import Document, Group
from .tiers import Candidate, Tier, merged, tier, tier_count


class Ranked(NamedTuple):
    """A candidate scored for this choice; tuples sort best first, equal scores by section id."""

    minus_score: float
    section_id: str
    index: int

    @property
    def score(self) -> float:
        return -self.minus_score


@dataclass(slots=True)
class Scan:
    """A group's candidates in a batch for one tier count: the merged tiers, ranked by fixed score
    when a choice first needs them, and the window a choice looks at."""

    tier: Tier
    uses: list[int]  # the batch's uses of each candidate, in the tier's id order
    bases: list[float] = field(default_factory=list)  # each candidate's fixed score, in id order
    order: list[int] | None = None  # places in id order, best fixed score first
    taken: int = 0  # candidates of ``order`` the window has passed
    window: list[Candidate] = field(default_factory=list)


def best_candidates(doc: Document, group: Group, room: float) -> list[Ranked]:
    """The best few candidates for the group's next section, best first. A group found empty
    stays so until its tiers change: blocked sections are never freed."""
    count = tier_count(group)
    if group.empty == count:
        return []
    candidates = _window(doc, group) if doc.batched else _free_of_first_tier(doc, group)
    best = _best_few(doc, group, candidates, room)
    if not best:
        group.empty = count
    return best


def _best_few(doc: Document, group: Group, candidates: list[Candidate], room: float) -> list[Ranked]:
    """The ``top_k`` best candidates by score.

    No factor but topic variety lifts a fixed score, and a pair factor only falls while a document
    is chosen (the counts it depends on only grow), so a candidate's fixed score times that lift
    times its last pair factor bounds its score. Candidates come highest bound first, and the scan
    ends at the first bound below the best few; a candidate whose score with its last pair factor
    stays below them needs no new pair factor.
    """
    top_k, min_part = doc.index.settings.top_k, doc.index.settings.min_part
    variety = None if group.topic else (set(doc.topics) - doc.covered, doc.covered)
    lift = 1.0 if variety is None else doc.index.settings.dynamic_max
    last = doc.pair_factors
    bounds = sorted(
        ((c.base * lift * last.get(c.index, 1.0), c) for c in candidates), key=_bound, reverse=True
    )
    best: list[Ranked] = []
    to_beat = 0.0  # once the best few are found: the score of the last of them
    for bound, candidate in bounds:
        if bound < to_beat:
            break
        score = candidate.base * length_fit(candidate.facts.chars, room, min_part)
        if variety is not None:
            score *= variety_factor(candidate.facts.topics, *variety)
        if score * last.get(candidate.index, 1.0) < to_beat:
            continue  # its pair factor can only be lower: it stays out of the best few
        ranked = Ranked(-score * pair_factor(doc, candidate), candidate.facts.section_id, candidate.index)
        if len(best) < top_k or ranked < best[-1]:
            bisect.insort(best, ranked)
            del best[top_k:]
            if len(best) == top_k:
                to_beat = -best[-1].minus_score
    return best


def _bound(item: tuple[float, Candidate]) -> float:
    return item[0]


def length_fit(chars: int, room: float, min_part: int) -> float:
    """Prefer sections about the size of the room left; longer ones are trimmed, tiny ones thin."""
    room = max(room, min_part)
    if chars > 1.3 * room:
        return max(0.35, math.sqrt(1.3 * room / chars))
    if chars < 0.25 * room:
        return 0.75
    return 1.0


def variety_factor(topics: list[str], wanted: set[str], covered: set[str]) -> float:
    """In a slot shared by all topics, a section on a requested topic the document still lacks is
    favoured and one on a topic it already treats thinned, so the slot brings general text."""
    if not wanted.isdisjoint(topics):
        return 1.3
    return 0.6 if not covered.isdisjoint(topics) else 1.0


def pair_factor(doc: Document, candidate: Candidate) -> float:
    """In a batch, lower a section by how far it would take this document's overlap with the
    earlier document it already shares most with (the batch bounds every pair's share):
    ``pair_mild`` per paragraph, ``pair_decay`` more per paragraph past ``pair_soft``."""
    holders = doc.spread.holders.get(candidate.facts.key) if doc.spread is not None else None
    if not holders:
        return 1.0
    s = doc.index.settings
    after = candidate.facts.paragraphs + doc.shared.most_among(holders)
    factor = doc.pair_factors[candidate.index] = s.pair_mild**after * s.pair_decay ** max(
        0, after - s.pair_soft
    )
    return factor


# ---------------------------------------------------------------- alone


def _free_of_first_tier(doc: Document, group: Group) -> list[Candidate]:
    """The free candidates of the strictest tier that has any the profile can fill (the fields
    the others lack are noted), best fit first."""
    for level in range(tier_count(group)):
        ranked = tier(doc, group, level).ranked
        unblocked = [c for c in ranked if c.index not in doc.blocked and c.index not in doc.unfit]
        ready = [c for c in unblocked if c.index not in doc.unready]
        if ready:
            return ready
        doc.note_missing(group, [c.index for c in unblocked])
    return []


# ---------------------------------------------------------------- in a batch


def scan(doc: Document, group: Group) -> Scan:
    """The group's scan for its tier count, made on first need."""
    count = tier_count(group)
    if count not in group.scans:
        table = merged(doc, group, count)
        holders = doc.spread.holders
        group.scans[count] = Scan(table, [len(holders.get(key, ())) for key in table.keys])
    return group.scans[count]


def _window(doc: Document, group: Group) -> list[Candidate]:
    """The first ``max_scan`` free candidates of the scan by fixed score. Blocked sections stay
    blocked while a document is chosen, so the window only loses candidates and takes the next."""
    found = scan(doc, group)
    found.window = [c for c in found.window if c.index not in doc.blocked]
    order, by_id, facts = _order(doc, found), found.tier.by_id, doc.index.facts
    while len(found.window) < doc.index.settings.max_scan and found.taken < len(order):
        place = order[found.taken]
        found.taken += 1
        if doc.is_free(by_id[place]):
            found.window.append(Candidate(by_id[place], found.bases[place], facts[by_id[place]]))
    if not found.window:
        doc.note_missing(group, by_id)
    return found.window


def _order(doc: Document, found: Scan) -> list[int]:
    """The scan's candidates best fixed score first: each fit lowered by ``spread_decay`` per
    document that used it beyond the least used candidate (equal scores in id order)."""
    if found.order is None:
        least = min(found.uses, default=0)
        decay = doc.index.settings.spread_decay
        factors = {uses: decay ** min(uses - least, 50) for uses in set(found.uses)}
        found.bases = [
            fit * factors[uses] for fit, uses in zip(found.tier.fits_by_id, found.uses, strict=True)
        ]
        found.order = sorted(range(len(found.bases)), key=found.bases.__getitem__, reverse=True)
    return found.order


def worn(doc: Document, group: Group) -> float:
    """The least share of a batch's documents that used one of the group's free candidates
    (0 alone); known once asked, as the spread does not change while a document is chosen."""
    if group.worn is None:
        if not doc.batched:
            return 0.0
        group.worn = _least_use(doc, group) / doc.spread.docs
    return group.worn


def worn_out(doc: Document, group: Group) -> bool:
    """True when an optional group's few passages are worn out in the batch: every one of them
    used by ``worn_out`` of its documents, and by ``worn_docs`` of them at least (in a batch of
    five, one school's use is a fifth: its neighbours still get a full document)."""
    s = doc.index.settings
    share = worn(doc, group)
    return share > s.worn_out and share * (doc.spread.docs if doc.batched else 0) >= s.worn_docs


def worn_tenths(doc: Document, group: Group) -> float:
    """``worn`` rounded to tenths (how groups are ranked for growing), known once asked."""
    if group.worn_tenths is None:
        group.worn_tenths = round(worn(doc, group), 1)
    return group.worn_tenths


def _least_use(doc: Document, group: Group) -> int:
    """The fewest earlier documents that used one of the group's free candidates (0 if none is
    free: then the fields the others lack are noted)."""
    found, unavailable = scan(doc, group), doc.unavailable()
    free = [uses for i, uses in zip(found.tier.by_id, found.uses, strict=True) if i not in unavailable]
    if not free:
        doc.note_missing(group, found.tier.by_id)
    return min(free, default=0)
