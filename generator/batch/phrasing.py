"""Template phrasing apart: documents that share passages do not also share the template's sentences.

A template sentence with several phrasings shows option ``value % len(options)`` of its slot's
value (render.pick). Two documents clash on a slot when their values are equal modulo one of the
option counts templates use (4, 5 and 6); a new document takes, per slot, the value its partners
clash with least, the partners sharing most passages with it weighing most.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from .overlap import Shared
from .settings import BATCH

SLOTS, MODULI = BATCH.phrase_slots, BATCH.phrase_moduli
_BINS = sum(MODULI)  # residues per slot: 4 + 5 + 6
_OFFSET = {n: sum(MODULI[:k]) for k, n in enumerate(MODULI)}  # option count → first of its residues
_BY_RESIDUES = {tuple(v % n for n in MODULI): v for v in range(BATCH.phrase_values)}


def clash_bins(phrasing: tuple[int, ...]) -> tuple[int, ...]:
    """The residues a phrasing takes: per slot and option count, the place of ``value % count`` in a
    table of SLOTS × (4 + 5 + 6) counts. Two phrasings clash where they take the same place."""
    return tuple(slot * _BINS + _OFFSET[n] + value % n for slot, value in enumerate(phrasing) for n in MODULI)


def phrasing_apart(shared: Shared, bins: dict[int, tuple[int, ...]], salt: int) -> tuple[int, ...]:
    """A phrasing apart from the indexed documents sharing most passages with a new one (``bins``:
    each document's clash bins): those sharing more weigh more, the most recent
    ``phrase_partners`` of each kind."""
    weights: dict[int, int] = {}
    for near, weight in BATCH.phrase_near:
        for doc in sorted(shared.over(near), reverse=True)[: BATCH.phrase_partners]:
            weights.setdefault(doc, weight)
    return choose_phrasing([(bins[d], w) for d, w in weights.items() if d in bins], salt)


def choose_phrasing(partners: list[tuple[tuple[int, ...], int]], salt: int) -> tuple[int, ...]:
    """A value per slot that the partners (their clash bins, their weight) clash with least; among
    equals the first after a salted start, so documents without partners vary too."""
    taken = [0] * (SLOTS * _BINS)  # the partners' weight on each residue of each slot
    for weight in {w for _, w in partners}:
        counts = Counter(chain.from_iterable(b for b, w in partners if w == weight))
        for place, count in counts.items():
            taken[place] += weight * count
    return tuple(
        _least_clash(taken[slot * _BINS : (slot + 1) * _BINS], salt * 7 + slot * 13) for slot in range(SLOTS)
    )


def _least_clash(taken: list[int], start: int) -> int:
    """The value whose residues are the least taken. Residues modulo 4 and 6 share their parity,
    so they are chosen together: the first least in the order a = 0…3, b = 0…2 (residues start+a
    and start+a+2b); then modulo 5, the first least in the order start+k, k = 0…4."""
    c4, c5, c6 = taken[0:4], taken[4:9], taken[9:15]
    pairs, fives = _ORDERS[start % 60]
    r4, r6 = min(pairs, key=lambda pair: c4[pair[0]] + c6[pair[1]])
    r5 = min(fives, key=c5.__getitem__)
    return _BY_RESIDUES[(r4, r5, r6)]


_ORDERS = {
    start: (
        [((start + a) % 4, (start + a + 2 * b) % 6) for a in range(4) for b in range(3)],
        [(start + k) % 5 for k in range(5)],
    )
    for start in range(60)
}  # the orders of _least_clash by start % 60 (60 is a multiple of 4, 5 and 6)
