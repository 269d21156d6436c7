"""Spreading a batch: which sections earlier documents used, and what a new one shares with them."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Section


class Spread:
    """Remembers which sections a batch's documents used, so later documents prefer others.

    Keys are section ids, or the near-duplicate group of a grouped section (two members of one
    group read alike), or a default topic (see ``TOPIC_KEY``). Documents are numbered 0, 1, 2 …
    in the order recorded; per key the spread keeps the numbers of the documents that used it, so
    a document being chosen can count what it shares with each earlier one. ``select`` records the
    keys of the sections it chose.
    """

    def __init__(self) -> None:
        self.docs = 0  # documents recorded, those taken out again by ``forget`` included
        self.holders: dict[str, set[int]] = {}  # key → the documents that used it

    def uses(self, key: str) -> int:
        """How many of the batch's documents used this key."""
        return len(self.holders.get(key, ()))

    def share(self, key: str) -> float:
        """The share of the batch's documents so far that used this key."""
        return self.uses(key) / self.docs if self.docs else 0.0

    def holding(self, key: str) -> set[int]:
        """The documents that used this key (do not change the set)."""
        return self.holders.get(key, _NONE)

    def record(self, keys: Iterable[str]) -> None:
        """Count one more document, using each of ``keys``."""
        doc = self.docs
        self.docs += 1
        for key in set(keys):
            self.holders.setdefault(key, set()).add(doc)

    def unrecord(self) -> list[str]:
        """Take back the last document recorded (a plan the batch did not keep); return its keys."""
        self.docs -= 1
        return self.forget(self.docs)

    def forget(self, doc: int) -> list[str]:
        """Take a document's uses out, its number staying used (the row is planned again);
        return its keys, for ``restore``."""
        keys = [key for key, docs in self.holders.items() if doc in docs]
        for key in keys:
            self.holders[key].discard(doc)
        return keys

    def restore(self, doc: int, keys: Iterable[str]) -> None:
        """Put back the uses ``forget`` took out."""
        for key in keys:
            self.holders.setdefault(key, set()).add(doc)


_NONE: set[int] = set()


def spread_key(section: Section) -> str:
    """The key a Spread counts for a section: its near-duplicate group when it has one."""
    return section.dup_group or section.id


class SharedCounts:
    """How many items (paragraphs, topics) one new document shares with each earlier document of a
    batch, counted as the document takes them, and asked for the most among some of them.

    Besides each document's count, the documents are kept by how much they share at least: the
    few that share most come first, so the most among a set of documents is found by testing it
    against a few small sets instead of reading the count of each of its documents.
    """

    def __init__(self, documents: int) -> None:
        self.counts = [0] * documents  # earlier document → items shared so far
        self.at_least: list[set[int]] = [set()]  # [k]: the documents sharing k items or more (k ≥ 1)

    def add(self, docs: Iterable[int], items: int = 1) -> None:
        """The new document takes ``items`` more items that each of ``docs`` holds."""
        for _ in range(items):  # one item at a time: a document moves up one level
            self._add_one(docs)

    def _add_one(self, docs: Iterable[int]) -> None:
        counts, at_least = self.counts, self.at_least
        for doc in docs:
            level = counts[doc] = counts[doc] + 1
            if level == len(at_least):
                at_least.append(set())
            at_least[level].add(doc)

    def most_among(self, docs: set[int]) -> int:
        """The largest count among ``docs`` (0 when none of them shares anything)."""
        k = len(self.at_least) - 1
        while k and self.at_least[k].isdisjoint(docs):
            k -= 1
        return k
