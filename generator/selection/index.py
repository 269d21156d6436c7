"""What selection reads of a corpus, computed once per loaded corpus: BM25 statistics, each
section's facts, and the tables later documents of the same corpus reuse."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple

from ..config import PLACEHOLDER_PATTERN
from ..model import Corpus, Section, Topic, chinese_chars
from ..sentences import bigrams
from .fit import Reader, fits
from .settings import SETTINGS, SelectionSettings
from .spread import spread_key

PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)

# Markers of text that was never meant to be printed as it is (a year 20XX, a name 某某, template markup).
LEFTOVER = re.compile(
    r"20[xX×ｘＸ]{2}|(?<![A-Za-z])[xX×ｘＸ]{2,}(?![A-Za-z])|某某|○○|\{\{|\}\}|\{%|%\}|\{[^{}]{0,20}\}"
)

TABLE_LIMIT = 20000
"""Entries a table of the index keeps before it starts afresh: a long-running web server meets many
topic combinations and lengths."""


class SectionFacts(NamedTuple):
    """What selection reads of one section again and again."""

    section_id: str
    topics: list[str]
    chars: int  # Chinese characters of heading and paragraphs
    paragraphs: int
    needs: frozenset[str]  # profile fields its placeholders ask for
    usable: bool  # reusable, with something to say and no marker that could never be filled
    key: str  # the key a Spread counts for it
    specific: list[str]  # its topics that are not catch-alls: what choosing it adds to the document
    said: int  # Chinese characters it says beyond its heading (a run-in heading's echo left out)


class SelectionIndex:
    """A corpus as selection reads it. Built once per loaded corpus (``pipeline`` does) and passed
    to every selection from it; the tables below fill as documents are chosen and are reused by the
    documents after them (a batch's rows of one kind compute each table once)."""

    def __init__(self, corpus: Corpus, settings: SelectionSettings = SETTINGS) -> None:
        self.corpus = corpus
        self.sections = corpus.sections
        self.settings = settings
        self.topics = corpus.topics or _topics_from_sections(corpus.sections)
        self.facts = [_facts(s) for s in corpus.sections]
        self.positions = {s.id: i for i, s in enumerate(corpus.sections)}
        by_id = sorted(range(len(self.sections)), key=lambda i: self.sections[i].id)
        self.id_rank = [0] * len(by_id)  # section → its place in id order (equal scores go by id)
        for rank, i in enumerate(by_id):
            self.id_rank[i] = rank
        self.members = _members(corpus.sections)
        self.with_placeholders = [i for i, facts in enumerate(self.facts) if facts.needs]
        self._bm25 = _Bm25(corpus.sections, settings)
        self._topic_scores: dict[str, list[float]] = {}
        self._scoring: dict[str, frozenset[int]] = {}
        self._pools: dict[tuple, list[int]] = {}
        self._topic_words: dict[str, re.Pattern[str]] = {}
        # Tables of the modules that compute them (see each for its key and value).
        self.tiers: dict[tuple, object] = {}  # ranking: a tier's candidates and fits
        self.texts: dict[tuple[int, bool], object] = {}  # text: a section's tidied text
        self.material: dict[tuple, object] = {}  # topics and budget: a slot's material

    def topic_scores(self, topic: str) -> list[float]:
        """BM25 of every section for one topic's query words."""
        if topic not in self._topic_scores:
            self._topic_scores[topic] = self._bm25.scores(query_terms(topic_named(self.topics, topic)))
        return self._topic_scores[topic]

    def scoring(self, topic: str) -> frozenset[int]:
        """The sections whose BM25 for a topic is above 0."""
        if topic not in self._scoring:
            self._scoring[topic] = frozenset(i for i, s in enumerate(self.topic_scores(topic)) if s != 0.0)
        return self._scoring[topic]

    def pool(self, roles: list[str], topic: str = "") -> list[int]:
        """The usable sections of one of ``roles`` (tagged with ``topic`` if given), in corpus order."""
        key = (*roles, "#", topic)
        if key not in self._pools:
            wanted = set(roles)
            self._pools[key] = [
                i
                for i, s in enumerate(self.sections)
                if self.facts[i].usable and s.role in wanted and (not topic or topic in s.topics)
            ]
        return self._pools[key]

    def elsewhere(self, text: str, topic: str, others: list[str]) -> bool:
        """True when a text is mainly about one of ``others`` rather than ``topic``: at least three
        of that topic's words, and twice as many as of its own."""
        own = self.topic_hits(text, topic)
        return any((n := self.topic_hits(text, other)) >= 3 and n >= 2 * own for other in others)

    def topic_hits(self, text: str, topic: str) -> int:
        """How many of a topic's words (name parts, aliases, keywords) a text holds."""
        pattern = self._topic_words.get(topic)
        if pattern is None:
            words = sorted(query_terms(topic_named(self.topics, topic)), key=len, reverse=True)
            pattern = self._topic_words[topic] = re.compile("|".join(map(re.escape, words)))
        return len(pattern.findall(text))

    def common_pairs(self, items: list) -> set[str]:
        """The character pairs of the school's items that many sections use (工作, 管理…): they
        do not show that a text is about the same thing as an item (see items.same_subject)."""
        pairs = set().union(*(bigrams(i.text) for i in items)) if items else set()
        many = max(3, len(self.sections) // 100)
        return {p for p in pairs if self._pair_count(p) > many}

    def _pair_count(self, pair: str) -> int:
        """How many sections hold a character pair (counted once per pair)."""
        key = ("pair", pair)
        if key not in self.material:
            self.remember(self.material, key, sum(pair in s.text for s in self.sections))
        return self.material[key]

    def unfit_for(self, reader: Reader) -> frozenset[int]:
        """The sections whose own fit excludes the reader's school or speaker (kept per reader)."""
        key = ("unfit", *reader.key)
        found = self.material.get(key)
        if found is None:
            found = frozenset(i for i, s in enumerate(self.sections) if not fits(s.fit, reader))
            self.remember(self.material, key, found)
        return found

    def remember(self, table: dict, key: tuple, value: object) -> object:
        """Keep ``value`` in one of the tables above, which starts afresh when it grows too large."""
        if len(table) >= TABLE_LIMIT:
            table.clear()
        table[key] = value
        return value


class _Bm25:
    """Okapi BM25 over the section tokens computed at ingest (jieba stays off this path)."""

    def __init__(self, sections: list[Section], settings: SelectionSettings) -> None:
        self.settings = settings
        self.tf = [Counter(s.tokens) for s in sections]
        self.df: Counter = Counter()
        for counts in self.tf:
            self.df.update(counts.keys())
        self.lengths = [max(len(s.tokens), 1) for s in sections]
        self.avgdl = sum(self.lengths) / max(len(self.lengths), 1)

    def scores(self, terms: list[str]) -> list[float]:
        """Each section's score for a query of ``terms``."""
        k1, b = self.settings.bm25_k1, self.settings.bm25_b
        n = len(self.tf)
        scores = [0.0] * n
        for term in terms:
            df = self.df.get(term, 0)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, counts in enumerate(self.tf):
                f = counts.get(term)
                if f:
                    norm = k1 * (1 - b + b * self.lengths[i] / self.avgdl)
                    scores[i] += idf * f * (k1 + 1) / (f + norm)
        return scores


def _facts(section: Section) -> SectionFacts:
    text = section.heading + "\n" + section.text
    chars = chinese_chars(section.heading) + sum(chinese_chars(p) for p in section.paragraphs)
    specific = [t for t in section.topics if not is_general(t)]
    return SectionFacts(
        section.id,
        section.topics,
        chars, len(section.paragraphs), frozenset(PLACEHOLDER.findall(text)), _usable(section),
        spread_key(section), specific, _said(section),
    )  # fmt: skip


def _said(section: Section) -> int:
    """What a section says beyond its heading: a heading's run-in echo does not count."""
    paragraphs = list(section.paragraphs)
    if section.heading and paragraphs and paragraphs[0].startswith(section.heading):
        paragraphs[0] = paragraphs[0][len(section.heading) :]
    return sum(chinese_chars(p) for p in paragraphs)


def _usable(section: Section) -> bool:
    """Reusable text with something to say and no marker that could never be filled."""
    if not section.reusable or not any(chinese_chars(p) >= 4 for p in section.paragraphs):
        return False
    return not LEFTOVER.search(PLACEHOLDER.sub("", section.heading + "\n" + section.text))


def _members(sections: list[Section]) -> dict[str, list[int]]:
    """Near-duplicate group → the indexes of its sections."""
    members: dict[str, list[int]] = {}
    for i, s in enumerate(sections):
        if s.dup_group:
            members.setdefault(s.dup_group, []).append(i)
    return members


def _topics_from_sections(sections: list[Section]) -> list[Topic]:
    """A topic list for a corpus that ships none: the topics its sections are tagged with."""
    names = dict.fromkeys(t for s in sections for t in s.topics)
    return [Topic(name) for name in names]


def topic_named(topics: list[Topic], name: str) -> Topic:
    """The topic of this name, or a bare one (a name the topic list does not know)."""
    return next((t for t in topics if t.name == name), Topic(name))


def query_terms(topic: Topic) -> list[str]:
    """A topic's query: its name, the parts of a name like 食堂与饮食安全, aliases, keywords."""
    parts = re.split(r"[与和及、]", topic.name)
    return list(dict.fromkeys([topic.name, *parts, *topic.aliases, *topic.keywords]))


def is_general(topic: str) -> bool:
    """A catch-all topic such as 后勤综合: never a default topic, and no topic a shared slot repeats."""
    return topic.endswith("综合")
