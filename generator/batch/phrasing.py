"""Template phrasing apart: documents that share passages do not also share the template's sentences.

A template sentence with several phrasings shows option ``value % len(options)`` of its slot's
value (render.pick). Two documents clash on a slot when their values are equal modulo one of the
option counts templates use; a new document takes, per slot, the value its partners clash with
least, the partners sharing most passages with it weighing most.
"""

from __future__ import annotations

from collections import Counter

from .overlap import Shared
from .settings import BATCH

SLOTS, MODULI = BATCH.phrase_slots, BATCH.phrase_moduli
_BY_RESIDUES = {tuple(v % n for n in MODULI): v for v in range(BATCH.phrase_values)}


def phrasing_apart(shared: Shared, phrasings: dict[int, tuple[int, ...]], salt: int) -> tuple[int, ...]:
    """A phrasing apart from the indexed documents sharing most passages with a new one: those
    sharing more weigh more, the most recent ``phrase_partners`` of each kind."""
    weights: dict[int, int] = {}
    for near, weight in BATCH.phrase_near:
        for doc in sorted(shared.over(near), reverse=True)[: BATCH.phrase_partners]:
            weights.setdefault(doc, weight)
    return choose_phrasing([(phrasings[d], w) for d, w in weights.items() if d in phrasings], salt)


def choose_phrasing(partners: list[tuple[tuple[int, ...], int]], salt: int) -> tuple[int, ...]:
    """A value per slot that the partners' values clash with least; among equals the first after
    a salted start, so documents without partners vary too."""
    phrasing = []
    for slot in range(SLOTS):
        values: Counter[int] = Counter()  # the slot's value → the weight of the partners holding it
        for other, weight in partners:
            values[other[slot]] += weight
        phrasing.append(_least_clash(_residues(values), salt * 7 + slot * 13))
    return tuple(phrasing)


def _residues(values: Counter[int]) -> dict[int, list[int]]:
    """Option count → the weight of the values with each residue."""
    taken = {n: [0] * n for n in MODULI}
    for value, weight in values.items():
        for n, counts in taken.items():
            counts[value % n] += weight
    return taken


def _least_clash(taken: dict[int, list[int]], start: int) -> int:
    """The value whose residues are the least taken. Residues modulo 4 and 6 share their parity,
    so they are chosen together: the first least in the order a = 0…3, b = 0…2 (residues start+a
    and start+a+2b); then modulo 5, the first least in the order start+k, k = 0…4."""
    pairs = [((start + a) % 4, (start + a + 2 * b) % 6) for a in range(4) for b in range(3)]
    r4, r6 = min(pairs, key=lambda pair: taken[4][pair[0]] + taken[6][pair[1]])
    r5 = min(((start + k) % 5 for k in range(5)), key=lambda r: taken[5][r])
    return _BY_RESIDUES[(r4, r5, r6)]
