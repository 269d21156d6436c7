"""How much the documents of a batch share: paragraph keys, and an index that counts, for a new
document, the paragraphs it shares with every indexed one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from hashlib import blake2b

from ..model import Document, Outline, Request


def body_keys(doc: Document) -> list[int]:
    """Stable keys of a document's body paragraphs, the school's own details masked so the
    same corpus paragraph filled for two schools counts as the same paragraph."""
    values = _mask_values(doc.request)
    return [_masked_key(p.text, values) for p in doc.paras if p.kind == "body"]


def outline_keys(outline: Outline) -> list[tuple[int, str]]:
    """(paragraph key, section id) for every paragraph an outline brings from the corpus."""
    values = _mask_values(outline.request)
    return [
        (_masked_key(p, values), c.section_id)
        for items in outline.slots.values()
        for c in items
        for p in c.paragraphs
    ]


def _mask_values(request: Request) -> list[str]:
    """The profile's values, longest first (a school name before its short name)."""
    return sorted({v for v in request.profile.fields.values() if len(v) >= 2}, key=len, reverse=True)


def _masked_key(text: str, values: list[str]) -> int:
    """A 64-bit key of a paragraph with whitespace dropped and profile values masked (stable across
    runs: a resumed batch measures with the keys its journal kept)."""
    text = "".join(text.split())
    for value in values:
        text = text.replace(value, "\x00")
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class Shared:
    """What one document's distinct paragraphs share with each document of an index."""

    counts: Counter[int]  # indexed document → paragraphs in common (those sharing any)
    size: int  # the document's distinct paragraphs
    sizes: dict[int, int]  # indexed document → its distinct paragraphs
    _over: dict[float, set[int]] = field(default_factory=dict)

    def largest(self) -> tuple[float, int, int]:
        """(largest share, that document, paragraphs in common), (0.0, -1, 0) when none shares.
        Of documents with an equal share, the shorter one, then the one indexed last. The share is
        of the shorter document's paragraphs."""
        if not self.counts:
            return 0.0, -1, 0
        shorter = {size: min(self.size, size) for size in set(self.sizes.values())}
        share = max(count / shorter[self.sizes[doc]] for doc, count in self.counts.items())
        reaching = [doc for doc, count in self.counts.items() if count / shorter[self.sizes[doc]] == share]
        doc = max(reaching, key=lambda d: (-self.sizes[d], d))
        return share, doc, self.counts[doc]

    def over(self, limit: float) -> set[int]:
        """The documents that share more than ``limit`` of the shorter one's paragraphs."""
        if limit not in self._over:
            # the fewest paragraphs over the limit, by the indexed document's size
            need = {size: int(limit * min(self.size, size)) + 1 for size in set(self.sizes.values())}
            self._over[limit] = {d for d, c in self.counts.items() if c >= need[self.sizes[d]]}
        return self._over[limit]


_NONE: set[int] = set()


class OverlapIndex:
    """Documents' distinct paragraph keys, added one by one and numbered 0, 1, 2 … in that order.
    A document is measured against all of them at once: per paragraph, the documents holding it."""

    def __init__(self) -> None:
        self.holders: dict[int, set[int]] = {}  # paragraph key → documents holding it
        self.sizes: dict[int, int] = {}  # document in the index → its distinct paragraphs
        self.count = 0  # documents numbered so far
        self.removed = 0  # documents taken out again (planned anew under another number)

    def holding(self, key: int) -> set[int]:
        """The documents holding a paragraph (do not change the set)."""
        return self.holders.get(key, _NONE)

    def measure(self, keys: set[int], skip: int = -1) -> Shared:
        """What ``keys`` share with every indexed document but ``skip`` (the one they belong to)."""
        counts: Counter[int] = Counter()
        for key in keys:
            counts.update(self.holders.get(key, ()))
        counts.pop(skip, None)
        return Shared(counts, len(keys), self.sizes)

    def add(self, keys: set[int]) -> int:
        """Index a document; return its number."""
        doc = self.count
        self.count += 1
        self._put(doc, keys)
        return doc

    def remove(self, doc: int, keys: set[int]) -> None:
        """Take a document out (its number is not reused)."""
        for key in keys:
            self.holders[key].discard(doc)
        self.sizes.pop(doc, None)
        self.removed += 1

    def restore(self, doc: int, keys: set[int]) -> None:
        """Put a removed document back under its number."""
        self._put(doc, keys)
        self.removed -= 1

    def _put(self, doc: int, keys: set[int]) -> None:
        for key in keys:
            self.holders.setdefault(key, set()).add(doc)
        if keys:
            self.sizes[doc] = len(keys)


def overlaps(key_lists: list[list[int]]) -> list[tuple[float, int, int]]:
    """Per document: (largest share with another one, that one, paragraphs shared); (0.0, -1, 0)
    when it shares none. Every document is indexed first, then measured against all the others."""
    index, sets = OverlapIndex(), [set(keys) for keys in key_lists]
    for unique in sets:
        index.add(unique)
    return [
        index.measure(unique, skip=d).largest() if unique else (0.0, -1, 0) for d, unique in enumerate(sets)
    ]


def worst_pair(per_doc: list[tuple[float, int, int]]) -> tuple[float, int, int, int]:
    """The pair of the largest share (the first document reaching it, with its partner), lower
    number first."""
    best = (0.0, -1, -1, 0)
    for d, (share, other, shared) in enumerate(per_doc):
        if share > best[0]:
            best = (share, min(d, other), max(d, other), shared)
    return best
