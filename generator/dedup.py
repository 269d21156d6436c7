"""Ingest, step 6: group near-duplicate sections, within and across source files.

Collections copy each other: one file may hold two work plans sharing most of their text,
and a sentence block travels between schools' documents. Selection takes at most one
section of a group, so a document never says the same thing twice.

Two sections are near-duplicates when most of the smaller one's character 4-grams occur
in the other (containment ≥ 0.6; ≥ 0.8 for short texts). Candidates come from an
inverted index over the 4-grams, so the cost grows with shared text, not with the
square of the corpus. Groups are the connected components, numbered g001, g002, … in
the order of their first member, so the same corpus always gets the same ids.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .model import Section

SHINGLE = 4  # characters per shingle
THRESHOLD = 0.6  # containment of the smaller section's shingles in the larger one
SHORT = 15  # fewer shingles than this: a short text, judged more strictly
SHORT_THRESHOLD = 0.8
MIN_SHINGLES = 5  # fewer than this (under ~8 characters): too little text to judge
COMMON = 0.2  # shingles in more than this share of sections (and 64) do not propose candidates

_PLACEHOLDER = re.compile(r"\{[^{}\s]{1,12}\}")
_NOT_TEXT = re.compile(r"[^\w\u3400-\u9fff]+")


def group_duplicates(sections: list[Section]) -> None:
    """Set ``dup_group`` on every section: "gNNN" for members of a group, None for singletons."""
    shingles = [shingle_set(s) for s in sections]
    roots = _components(len(sections), similar_pairs(shingles))
    _assign_ids(sections, roots)


def shingle_set(section: Section) -> frozenset[str]:
    """The section's character 4-grams over its heading and text, punctuation and placeholders removed."""
    text = _normalize(section.heading + "\n" + "\n".join(section.paragraphs))
    return frozenset(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


def _normalize(text: str) -> str:
    """Only the characters that carry meaning: placeholders, punctuation and spaces go."""
    return _NOT_TEXT.sub("", _PLACEHOLDER.sub("", text)).lower()


def similar_pairs(shingles: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Index pairs (j < i) whose shingle sets are near-duplicates, found through an inverted index."""
    index: dict[str, list[int]] = defaultdict(list)
    cap = max(64, int(COMMON * len(shingles)))
    pairs: list[tuple[int, int]] = []
    for i, grams in enumerate(shingles):
        if len(grams) >= MIN_SHINGLES:
            pairs.extend((j, i) for j in _candidates(grams, index, cap) if near_duplicate(grams, shingles[j]))
            for g in grams:
                index[g].append(i)
    return pairs


def _candidates(grams: frozenset[str], index: dict[str, list[int]], cap: int) -> list[int]:
    """Earlier sections sharing at least two of the rarer shingles, in index order."""
    hits: dict[int, int] = defaultdict(int)
    for g in grams:
        posting = index.get(g)
        if posting and len(posting) <= cap:
            for j in posting:
                hits[j] += 1
    need = min(2, len(grams))
    return sorted(j for j, n in hits.items() if n >= need)


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when most of the smaller set lies in the larger (stricter for short texts)."""
    small = min(len(a), len(b))
    if small < MIN_SHINGLES:
        return False
    limit = SHORT_THRESHOLD if small < SHORT else THRESHOLD
    return len(a & b) >= limit * small


def _components(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Union-find over the pairs; each index's root is the smallest index of its component."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def _assign_ids(sections: list[Section], roots: list[int]) -> None:
    """Number groups of two or more in order of their first member; singletons get None."""
    sizes: dict[int, int] = defaultdict(int)
    for r in roots:
        sizes[r] += 1
    names: dict[int, str] = {}
    for section, root in zip(sections, roots, strict=True):
        if sizes[root] < 2:
            section.dup_group = None
            continue
        if root not in names:
            names[root] = f"g{len(names) + 1:03d}"
        section.dup_group = names[root]
