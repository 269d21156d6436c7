"""Selection: choose corpus sections for the slots of a document kind's recipe.

DESIGN.md, "Templates and selection": relevance to the requested topics by BM25 over the
tokens tagged at ingest (jieba stays off this path), every requested topic covered, role
and mood that fit each slot, one section per near-duplicate group, a length budget per
slot, seeded sampling among the best candidates so other seeds give other documents, and
an optional ``Spread`` that steers the documents of a batch away from one another.
The chosen text is filled from the school profile here, so the renderer only lays it out.
"""

from __future__ import annotations

import bisect
import math
import operator
import random
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from itertools import accumulate, combinations, compress, repeat

from .config import CHARS_PER_MINUTE, PLACEHOLDER_PATTERN, ROLES
from .errors import ProfileError, UsageError
from .model import Chosen, Corpus, Outline, Recipe, Request, Section, Slot, Topic, chinese_chars

BM25_K1 = 1.5
BM25_B = 0.75
TOP_K = 4  # seeded sampling among this many best candidates
LOW, HIGH = 0.96, 1.04  # aim inside ±4 % so the template estimate keeps the result inside ±10 %
MIN_PART = 30  # a trimmed section keeps at least this many characters
SECTION_SIZE = 200  # a typical section's length, to scale how many sections a large budget takes
MIN_GROUP = 45  # the least text worth giving a part of the outline, for the shortest length allowed
ROLE_WEIGHTS = (1.0, 0.85, 0.72, 0.6)
DYNAMIC_MAX = 1.3  # the largest factor length fit × topic variety can give a score
SPREAD_DECAY = 0.3  # score factor per use by a batch's earlier documents beyond the least used candidate
BATCH_CAP = 0.2  # in a batch, a slot takes at most this share of the text it can draw on
GROW_MAX = 3.0  # ... and a slot with text to spare grows to at most this many times its own share
TOPIC_KEY = "#"  # a Spread key for a default topic: "#" + its name (section ids never start so)
TOPIC_DECAY = 0.3  # topic draw weight factor per drawn topic an earlier document shares with a candidate
TIER_FACTOR = 0.6  # in a batch, score factor per tier below the strictest (see _merged)
MAX_SCAN = 32  # in a batch, candidates scanned per choice (in order of fixed score, the least worn first)
PAIR_MILD = 0.85  # score factor per paragraph a candidate would share with an earlier document of the batch
PAIR_SOFT = 4  # paragraphs two documents may share before sharing more costs PAIR_DECAY each
PAIR_DECAY = 0.2
WORN_OUT = 0.15  # an optional slot whose every candidate this share of a batch already used stays empty (varied template text instead)
UNCUT_ROLES = frozenset({"closing", "salutation", "signature"})
SPOKEN_KINDS = frozenset({"speech", "report"})  # delivered aloud: an address to the audience fits
GENRE_ROLES = frozenset(
    {"opening", "closing"}
)  # bound to their kind of document: a speech's opening fits no summary

_PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)
# Markers of text that was never meant to be printed as it is (issue 3, Rendering).
LEFTOVER = re.compile(
    r"20[xX×ｘＸ]{2}|(?<![A-Za-z])[xX×ｘＸ]{2,}(?![A-Za-z])|某某|○○|\{\{|\}\}|\{%|%\}|\{[^{}]{0,20}\}"
)
_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)][、.．]?|[一二三四五六七八九十]{1,3}[、.．]"
    r"|第[一二三四五六七八九十]{1,3}[，,、：:]|[（(]\d{1,2}[）)][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|\d{1,2}[）)]|[①-⑳])\s*"
)
_VOCATIVE = re.compile(
    r"^(?:同志们|老师们|同学们|朋友们|各位(?:领导|老师|同事|同仁|员工|同志)[^，,！!：:]{0,8})[，,！!：:]\s*"
)
_FIRST_IS = re.compile(r"^\s*一是[，,：:]?")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_KEY_DROP = re.compile(r"[^\w]")


# ---------------------------------------------------------------- spreading a batch


class Spread:
    """Remembers which sections a batch's documents used, so later documents prefer others.

    Keys are section ids, or the near-duplicate group of a grouped section (two members
    of one group read alike). Per key: how many documents used it, and which ones (a bit set,
    so a document being chosen can count what it shares with each earlier one: issue 4 bounds
    every pair). Plain dicts of numbers, cheap to pickle, copy and merge between workers.
    ``select`` calls ``record`` itself with the keys of the sections it chose.
    """

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight
        self.uses: dict[str, int] = {}
        self.docs = 0  # documents recorded
        self.holders: dict[str, int] = {}  # key → bit set of the documents (0, 1, 2 …) that used it

    def share(self, key: str) -> float:
        """The share of the batch's documents so far that used this key."""
        return self.uses.get(key, 0) / self.docs if self.docs else 0.0

    def penalty(self, key: str) -> float:
        """How much to lower a section's score: grows with the documents that used it."""
        return self.weight * self.uses.get(key, 0)

    def record(self, keys) -> None:
        """Count one more document, and one more use of each of its keys (its sections)."""
        bit = 1 << self.docs
        self.docs += 1
        for key in set(keys):
            self.uses[key] = self.uses.get(key, 0) + 1
            self.holders[key] = self.holders.get(key, 0) | bit

    def merge(self, other: Spread) -> None:
        """Add another worker's counts, so processes of a pool can share what they used."""
        for key, docs in getattr(other, "holders", {}).items():
            self.holders[key] = self.holders.get(key, 0) | docs << self.docs
        self.docs += other.docs
        for key, n in other.uses.items():
            self.uses[key] = self.uses.get(key, 0) + n


def spread_key(section: Section) -> str:
    """The key a Spread counts for a section: its near-duplicate group when it has one."""
    return section.dup_group or section.id


# ---------------------------------------------------------------- corpus index


@dataclass
class _Index:
    """What selection needs of a corpus, computed once per corpus object."""

    sections: list[Section]
    tf: list[Counter]
    lengths: list[int]
    avgdl: float
    df: Counter
    usable: list[bool]  # reusable, free of leftover markers, has text
    chars: list[int]
    needs: list[frozenset[str]]  # profile fields the section's placeholders need
    topics: list[Topic]
    positions: dict[str, int]  # section id → index
    members: dict[str, list[int]]  # near-duplicate group → indexes of its sections
    pools: dict[tuple, list[int]] = field(default_factory=dict)
    scores: dict[str, list[float]] = field(default_factory=dict)
    tiers: dict[tuple, dict[int, float]] = field(default_factory=dict)  # see selection._tier
    keys: list[str] = field(default_factory=list)  # spread_key of each section
    ids: list[str] = field(default_factory=list)  # id of each section
    npara: list[int] = field(default_factory=list)  # paragraphs of each section
    splits: dict[tuple[int, bool], tuple] = field(default_factory=dict)  # see _tidied
    cleans: dict[tuple[int, bool], tuple | None] = field(default_factory=dict)  # see _clean
    statics: dict[tuple, list[tuple]] = field(default_factory=dict)  # see _static_tier
    shares: dict[tuple, tuple] = field(default_factory=dict)  # see _shares
    needing: list[int] | None = None  # sections with placeholders, see needy
    orders: dict[int, tuple] = field(default_factory=dict)  # see _id_ordered
    columns: dict[int, tuple] = field(default_factory=dict)  # see _columns
    scorers: dict[str, frozenset[int]] = field(default_factory=dict)  # see scoring
    infos: list[tuple] | None = None  # see info
    merged: dict[tuple, tuple] = field(default_factory=dict)  # see _merge
    specifics: list[list[str]] | None = None  # see specific

    def specific(self) -> list[list[str]]:
        """Each section's topics that are not general (what a chosen one adds to ctx.covered)."""
        if self.specifics is None:
            self.specifics = [[t for t in s.topics if not is_general(t)] for s in self.sections]
        return self.specifics

    def info(self) -> list[tuple[int, list[str], str, str]]:
        """(characters, topics, spread key, id) of every section: what a batch's scan reads of each."""
        if self.infos is None:
            self.infos = [(self.chars[i], s.topics, self.keys[i], s.id) for i, s in enumerate(self.sections)]
        return self.infos

    def needy(self) -> list[int]:
        """Indexes of the sections with placeholders: the only ones a profile can leave unfillable."""
        if self.needing is None:
            self.needing = [i for i, fields in enumerate(self.needs) if fields]
        return self.needing

    def pool(self, roles: list[str], topic: str = "") -> list[int]:
        """Indexes of the usable sections of one of ``roles`` (tagged with ``topic`` if given), cached."""
        key = (*roles, "#", topic)
        if key not in self.pools:
            wanted = set(roles)
            self.pools[key] = [
                i
                for i, s in enumerate(self.sections)
                if self.usable[i] and s.role in wanted and (not topic or topic in s.topics)
            ]
        return self.pools[key]

    def topic_scores(self, topic: str) -> list[float]:
        """BM25 of every section for one topic's query words (cached)."""
        if topic not in self.scores:
            self.scores[topic] = self._bm25(query_terms(_topic(self.topics, topic)))
        return self.scores[topic]

    def scoring(self, topic: str) -> frozenset[int]:
        """The sections whose BM25 for a topic is not 0 (cached)."""
        if topic not in self.scorers:
            self.scorers[topic] = frozenset(
                i for i, score in enumerate(self.topic_scores(topic)) if score != 0.0
            )
        return self.scorers[topic]

    def _bm25(self, terms: list[str]) -> list[float]:
        """Okapi BM25 over the section tokens precomputed at ingest."""
        n = len(self.sections)
        scores = [0.0] * n
        for term in terms:
            df = self.df.get(term, 0)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, counts in enumerate(self.tf):
                f = counts.get(term)
                if f:
                    norm = BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[i] / self.avgdl)
                    scores[i] += idf * f * (BM25_K1 + 1) / (f + norm)
        return scores


def _index(corpus: Corpus) -> _Index:
    """The corpus's index, built on first use and kept on the corpus object."""
    cached = corpus.__dict__.get("_selection_index")
    if cached is not None and cached.sections is corpus.sections and len(cached.tf) == len(corpus.sections):
        return cached
    tf = [Counter(s.tokens) for s in corpus.sections]
    df: Counter = Counter()
    for counts in tf:
        df.update(counts.keys())
    lengths = [max(len(s.tokens), 1) for s in corpus.sections]
    idx = _Index(
        sections=corpus.sections,
        tf=tf,
        lengths=lengths,
        avgdl=sum(lengths) / max(len(lengths), 1),
        df=df,
        usable=[_usable(s) for s in corpus.sections],
        chars=[_section_chars(s) for s in corpus.sections],
        needs=[_needs(s) for s in corpus.sections],
        topics=corpus.topics or _topics_from_sections(corpus.sections),
        positions={s.id: i for i, s in enumerate(corpus.sections)},
        members=_members(corpus.sections),
        keys=[spread_key(s) for s in corpus.sections],
        ids=[s.id for s in corpus.sections],
        npara=[len(s.paragraphs) for s in corpus.sections],
    )
    corpus.__dict__["_selection_index"] = idx
    return idx


def _members(sections: list[Section]) -> dict[str, list[int]]:
    members: dict[str, list[int]] = {}
    for i, s in enumerate(sections):
        if s.dup_group:
            members.setdefault(s.dup_group, []).append(i)
    return members


def _usable(section: Section) -> bool:
    """Reusable text with something to say and no marker that could never be filled."""
    if not section.reusable or not any(chinese_chars(p) >= 4 for p in section.paragraphs):
        return False
    return not LEFTOVER.search(_PLACEHOLDER.sub("", section.heading + "\n" + section.text))


def _section_chars(section: Section) -> int:
    """Section.chars, counted the fast way."""
    return chinese_chars(section.heading) + sum(chinese_chars(p) for p in section.paragraphs)


def _needs(section: Section) -> frozenset[str]:
    """The profile fields a section's placeholders ask for."""
    return frozenset(_PLACEHOLDER.findall(section.heading + "\n" + section.text))


def _topics_from_sections(sections: list[Section]) -> list[Topic]:
    """A topic list for a corpus that ships none: the topics its sections are tagged with."""
    names = dict.fromkeys(t for s in sections for t in s.topics)
    return [Topic(name) for name in names]


def _topic(topics: list[Topic], name: str) -> Topic:
    return next((t for t in topics if t.name == name), Topic(name))


def query_terms(topic: Topic) -> list[str]:
    """A topic's query: its name, the parts of a name like 食堂与饮食安全, aliases, keywords."""
    parts = re.split(r"[与和及、]", topic.name)
    return list(dict.fromkeys([topic.name, *parts, *topic.aliases, *topic.keywords]))


# ---------------------------------------------------------------- topics


def resolve_topics(words: list[str], topics: list[Topic]) -> list[str]:
    """Map what users type (食堂, 安全, 维修) to topic names; unknown words are a usage error."""
    names: list[str] = []
    for word in (w for item in words for w in re.split(r"[,，、;；\s]+", item) if w):
        name = _resolve_one(word, topics)
        if name is None:
            raise UsageError(
                f"未知的主题“{word}”。可用的主题有：{topic_help(topics)}。请用 --topics 指定，多个主题用逗号分隔。"
            )
        if name not in names:
            names.append(name)
    return names


def _resolve_one(word: str, topics: list[Topic]) -> str | None:
    """Exact name, exact alias or keyword, then the closest name or alias containing the word."""
    for test in (lambda t: word == t.name, lambda t: word in t.aliases, lambda t: word in t.keywords):
        hits = [t for t in topics if test(t)]
        if hits:
            return hits[0].name
    hits = [t for t in topics if word in t.name or any(word in a for a in t.aliases)]
    hits = hits or [t for t in topics if any(len(a) > 1 and a in word for a in [t.name, *t.aliases])]
    if not hits:
        return None
    return min(hits, key=lambda t: (not t.name.startswith(word), len(t.name))).name


def topic_help(topics: list[Topic]) -> str:
    """The valid topics with a few of the short words users may type, for error messages."""
    return "；".join(f"{t.name}（{'、'.join(t.aliases[:3])}）" if t.aliases else t.name for t in topics)


def is_general(topic: str) -> bool:
    """A catch-all topic such as 后勤综合: never a default topic, and no topic a shared slot repeats."""
    return topic.endswith("综合")


# ---------------------------------------------------------------- selection


@dataclass(slots=True)  # many are made per document: slots make them cheaper
class _Pick:
    index: int
    heading: str
    full: list[str]  # the filled paragraphs before any trimming
    paragraphs: list[str]
    score: float
    uncut: bool = False  # a closing call is never cut short: its last sentence is its point
    chars: int = 0  # Chinese characters of heading and paragraphs as they stand
    full_chars: int = 0
    full_keys: tuple[str, ...] | None = None  # the keys (see _key) of ``full`` when known beforehand

    def __post_init__(self) -> None:
        if not self.full_chars:  # given by _build when known beforehand
            self.full_chars = chinese_chars(self.heading) + sum(map(chinese_chars, self.full))
        if self.paragraphs == self.full:
            self.chars = self.full_chars
        else:
            self.set_paragraphs(self.paragraphs)

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        """Replace the (trimmed) text and keep the character count in step."""
        self.paragraphs = paragraphs
        self.chars = chinese_chars(self.heading) + sum(chinese_chars(p) for p in paragraphs)


@dataclass(slots=True)
class _Scan:
    """A batch group's candidates for one tier count (see _tiers): the merged fits, the candidates
    by fixed score, and a window of the first free ones (see _window)."""

    fits: dict[int, float]
    loose: float  # the largest factor length and topic variety can give a score, and a hair more for rounding
    uses: list[
        int
    ]  # the batch's uses of each candidate's spread key, candidates in id order (see _id_ordered)
    order: list[int] | None = None  # None until a window needs it (see _rank): _least_use reads only uses
    base: list[float] = field(
        default_factory=list
    )  # the fixed score of each candidate of order (see _by_base):
    # a scan's own, as a group uses one scan at a time (that of three tiers only while it has no section, then that of two)
    pos: int = 0  # next place in order to take a candidate from
    items: list[list] = field(default_factory=list)  # the window: free candidates only (see _block)


@dataclass(slots=True)
class _Group:
    """One unit of selection: a slot, or one requested topic's share of a per-topic slot."""

    slot: Slot
    topic: str
    budget: float
    seed: str  # of the group's random generator (see random): seeding costs, some groups never draw
    rng: random.Random | None = None
    picks: list[_Pick] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # profile fields that kept a candidate out
    base: dict[int, float] = field(
        default_factory=dict
    )  # the part of each score fixed for this document (alone)
    tiers: dict[int, list[int]] = field(default_factory=dict)  # candidate tiers, best base first
    worn: float | None = None  # see _worn
    tenths: float | None = None  # see _worn_tenths
    most: int = 0  # in a batch: the most sections the group may take, from its pool's typical size
    empty: int = 0  # the tier count (see _tiers) with which _ranked found nothing, 0 if none
    scans: dict[int, _Scan] = field(default_factory=dict)  # in a batch: tier count → see _merged
    chars: int = 0  # Chinese characters of the picks as they stand, kept by add, pop and trim (read often)

    def random(self) -> random.Random:
        if self.rng is None:
            self.rng = random.Random(self.seed)
        return self.rng

    def add(self, pick: _Pick) -> None:
        self.picks.append(pick)
        self.chars += pick.chars

    def pop(self) -> None:
        self.chars -= self.picks.pop().chars

    def trim(self, pick: _Pick, limit: float) -> None:
        """_trim_pick for one of the group's picks, its count kept in step."""
        before = pick.chars
        _trim_pick(pick, limit)
        self.chars += pick.chars - before


@dataclass(slots=True)
class _Pairs:
    """Beside ctx.planes, what a batch's scans read of them: the documents sharing anything with
    this one, and a version that changes with the counts (a window's candidate keeps its last pair
    factor with the version it was computed for, see _window: the counts only grow while a document
    is chosen, so an old factor bounds the new)."""

    any: int = 0
    version: int = 0


@dataclass(slots=True)
class _Ctx:
    """Everything one selection run reads and the choices it has made so far."""

    idx: _Index
    request: Request
    recipe: Recipe
    topics: list[str]
    values: dict[str, str]
    spread: Spread | None = None
    exclude: set[str] = field(default_factory=set)
    blocked: set[int] = field(
        default_factory=set
    )  # chosen, excluded, rejected, or a chosen one's near-duplicate
    windows: dict[int, list[tuple[list, list]]] = field(
        default_factory=dict
    )  # section → (window, item) holding it
    keys: set[str] = field(default_factory=set)  # normalised paragraphs already in the document
    covered: set[str] = field(default_factory=set)  # specific topics the document already treats
    planes: list[int] = field(default_factory=list)  # bit planes: sections shared with each earlier document
    pairs: _Pairs = field(default_factory=lambda: _Pairs())
    unready: set[int] = field(default_factory=set)  # sections whose placeholders the profile cannot fill

    def __post_init__(self) -> None:
        self.blocked.update(self.idx.positions[x] for x in self.exclude if x in self.idx.positions)
        known, needs = self.values.keys(), self.idx.needs
        self.unready = {i for i in self.idx.needy() if not needs[i] <= known}


def select(request: Request, recipe: Recipe, corpus: Corpus, spread: Spread | None = None) -> Outline:
    """Choose and fill corpus sections for every slot of ``recipe``; same request and seed → same outline."""
    idx = _index(corpus)
    ctx = _Ctx(
        idx,
        request,
        recipe,
        resolve_topics(request.topics, idx.topics),
        _values(request),
        spread,
        set(request.exclude),
    )
    target = target_chars(request, recipe)
    ctx.topics = ctx.topics or _default_topics(ctx, target)
    groups = _plan(ctx, target)
    _check_room(ctx, groups, target)
    for group in groups:
        _fill(ctx, group)
    if not request.topics:
        groups = _drop_unfilled_defaults(ctx, groups)
    _require(ctx, groups)
    _balance(ctx, groups, target - overhead(recipe, len(ctx.topics)))
    outline = Outline(request, recipe, _slots(ctx, groups))
    if spread is not None:
        topics = [TOPIC_KEY + t for t in ctx.topics] if not request.topics else []
        spread.record(
            [*(idx.keys[p.index] for g in groups for p in g.picks), *topics]
        )  # idx.keys: spread_key
    return outline


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


def _check_room(ctx: _Ctx, groups: list[_Group], target: int) -> None:
    """A length too short for the template's own text and one passage per part is a usage error."""
    minimum = overhead(ctx.recipe, len(ctx.topics)) + MIN_GROUP * len(groups)
    if target < minimum:
        raise UsageError(
            f"字数太少：按所选的 {len(ctx.topics)} 个主题，一篇{ctx.recipe.name}至少需要约 {minimum} 字，"
            f"现在是 {target} 字。请调大 --chars（或 --minutes），或减少主题。"
        )


def _values(request: Request) -> dict[str, str]:
    """Placeholder values: the profile's non-empty fields plus the years derived from its date."""
    values = {k: str(v).strip() for k, v in request.profile.fields.items() if v and str(v).strip()}
    year = re.match(r"\s*(\d{4})", values.get("日期", ""))
    if year and "年份" not in values:
        values["年份"] = year[1]
    if "年份" in values and "上一年份" not in values and values["年份"].isdigit():
        values["上一年份"] = str(int(values["年份"]) - 1)
    return values


def _seed(ctx: _Ctx, *parts: str) -> random.Random:
    """A private random generator for one decision, derived from the request and its seed."""
    return random.Random(_seed_text(ctx, *parts))


def _seed_text(ctx: _Ctx, *parts: str) -> str:
    req = ctx.request
    return "|".join([req.kind, str(req.seed), req.profile.get("学校名称"), ",".join(ctx.topics), *parts])


def _default_topics(ctx: _Ctx, target: int) -> list[str]:
    """No --topics: a seeded draw among the topics with most material for the topic slots.

    In a batch, material the earlier documents used counts for less, so schools differ.
    """
    slot = next((s for s in ctx.recipe.slots if s.per_topic), None)
    if slot is None:
        return []
    counts = _topic_counts(ctx, slot)
    share = slot.share / sum(s.share for s in ctx.recipe.slots)
    want = max(2, min(4, round((target - overhead(ctx.recipe, 3)) * share / 450)))
    weighted = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return _draw(_seed(ctx, "topics"), weighted, want, _topic_pairs(ctx) if _batched(ctx) else None)


def _topic_counts(ctx: _Ctx, slot: Slot) -> dict[str, float]:
    """Each topic's material for the slot, a section weighing less the more of the batch used it.

    A topic's weights are added in the order of the material, as one loop over it would."""
    material = _topic_material(ctx, slot)
    uses, docs = (ctx.spread.uses, ctx.spread.docs) if ctx.spread else ({}, 0)
    if ctx.unready and not ctx.unready.isdisjoint(i for i, _, _ in material):  # text the profile cannot fill
        counts: dict[str, float] = {}
        for i, key, topics in material:
            if i not in ctx.unready:
                fresh = (
                    1.0 - (uses.get(key, 0) / docs if docs else 0.0) if ctx.spread else 1.0
                )  # Spread.share
                weight = fresh**2 + 0.01
                for t in topics:
                    counts[t] = weight + counts.get(t, 0)  # as Counter.update adds
        return counts
    used = list(map(uses.get, _material_keys(ctx, slot), repeat(0)))
    weight = {n: (1.0 - (n / docs if docs else 0.0) if ctx.spread else 1.0) ** 2 + 0.01 for n in set(used)}
    weights = list(map(weight.__getitem__, used))
    return {t: sum(map(weights.__getitem__, places)) for t, places in _material_topics(ctx, slot).items()}


def _material_keys(ctx: _Ctx, slot: Slot) -> list[str]:
    """The spread keys of the slot's topic material, in its order (cached)."""
    key = ("material keys", tuple(slot.roles), slot.mood)
    if key not in ctx.idx.statics:
        ctx.idx.statics[key] = [k for _, k, _ in _topic_material(ctx, slot)]
    return ctx.idx.statics[key]


def _material_topics(ctx: _Ctx, slot: Slot) -> dict[str, list[int]]:
    """Topic → the places in the slot's topic material of the sections tagged with it (cached)."""
    key = ("material topics", tuple(slot.roles), slot.mood)
    if key not in ctx.idx.statics:
        places: dict[str, list[int]] = {}
        for n, (_, _, topics) in enumerate(_topic_material(ctx, slot)):
            for t in topics:
                places.setdefault(t, []).append(n)
        ctx.idx.statics[key] = places
    return ctx.idx.statics[key]


def _topic_material(ctx: _Ctx, slot: Slot) -> list[tuple[int, str, list[str]]]:
    """(index, spread key, specific topics) of the sections of the slot's roles in its mood, cached."""
    key = ("topic material", tuple(slot.roles), slot.mood)
    if key not in ctx.idx.statics:
        idx = ctx.idx
        ctx.idx.statics[key] = [
            (i, idx.keys[i], list(dict.fromkeys(t for t in idx.sections[i].topics if not is_general(t))))
            for i in idx.pool(slot.roles)
            if _mood_level(idx.sections[i], slot) == 0
        ]
    return ctx.idx.statics[key]


def _topic_pairs(ctx: _Ctx):
    """A weight factor for a batch's topic draw: a topic is drawn less the more of the topics
    already drawn some earlier document shares with it (two schools on the same topics would
    tell of the same few achievements)."""
    holders = ctx.spread.holders
    planes: list[int] = []
    counted: list[str] = []  # the drawn topics the planes count, in the order drawn

    def factors(chosen: list[str], names: list[str]) -> list[float]:
        """The factor of each of ``names`` once ``chosen`` are drawn (a draw only adds topics:
        the planes count the new ones, in the same order as counting them all again)."""
        if chosen[: len(counted)] != counted:
            planes.clear()
            counted.clear()
        for topic in chosen[len(counted) :]:
            add_count(planes, holders.get(TOPIC_KEY + topic, 0))
            counted.append(topic)
        out = []
        for docs in map(holders.get, [TOPIC_KEY + name for name in names], repeat(0)):
            out.append(TOPIC_DECAY ** (_max_count(planes, docs) + 1) if docs else 1.0)
        return out

    return factors


def _drop_unfilled_defaults(ctx: _Ctx, groups: list[_Group]) -> list[_Group]:
    """A topic the program chose itself whose material the document cannot use (taken by another
    topic, or needing a profile field not given) is left out rather than reported as an error:
    only a topic the user asked for must be covered. One topic at least stays, filled or not."""
    empty = {g.topic for g in groups if g.topic and not g.picks and g.slot.count[0] > 0}
    if not empty or empty >= set(ctx.topics):
        return groups
    ctx.topics = [t for t in ctx.topics if t not in empty]
    return [g for g in groups if g.topic not in empty]


def _draw(rng: random.Random, weighted: list[tuple[str, float]], want: int, adjust=None) -> list[str]:
    """Draw ``want`` distinct names, each with probability proportional to its weight
    (times its factor in ``adjust(chosen, names)`` when given)."""
    names, weights = (
        list(map(_FIRST, weighted)),
        list(map(_SECOND, weighted)),
    )  # the pool left, as two columns
    chosen: list[str] = []
    while names and len(chosen) < want:
        drawn = list(map(operator.mul, weights, adjust(chosen, names))) if adjust else weights
        name = _choice(rng, names, drawn)
        chosen.append(name)
        k = names.index(name)  # names are distinct: the drawn one leaves the pool
        del names[k], weights[k]
    return chosen


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def _plan(ctx: _Ctx, target: int) -> list[_Group]:
    """Split the length left after the template's own text over the slots, and per topic."""
    prefix = _seed_text(ctx) + "|"  # _seed_text(ctx, *parts), the common part once
    groups: list[_Group] = []
    for slot, (budget, most) in zip(ctx.recipe.slots, _shares(ctx, target), strict=True):
        if slot.per_topic:
            groups += [_Group(slot, t, budget, f"{prefix}{slot.name}|{t}", most=most) for t in ctx.topics]
        else:
            groups.append(_Group(slot, "", budget, prefix + slot.name, most=most))
    return groups


def _shares(ctx: _Ctx, target: int) -> list[tuple[float, int]]:
    """Each slot's budget for one of its groups (a per-topic slot's split between the topics) and,
    in a batch, the most sections a group may take (counts follow the text at hand, as a batch's
    budgets move between slots; 0 alone). The same for every document of a batch with as many
    topics: cached on the corpus index with the recipe."""
    batched, topics = _batched(ctx), len(ctx.topics)
    key = (id(ctx.recipe), target, topics, batched)
    entry = ctx.idx.shares.get(key)
    if (
        entry is None or entry[0] is not ctx.recipe
    ):  # the entry holds the recipe: its id is not reused meanwhile
        if len(ctx.idx.shares) > 20000:  # many lengths asked in a long-running web server
            ctx.idx.shares.clear()
        budgets = _budgets(ctx, max(target - overhead(ctx.recipe, topics), 100))
        shares = []
        for slot in ctx.recipe.slots:
            budget = budgets[slot.name] / max(topics, 1) if slot.per_topic else budgets[slot.name]
            shares.append((budget, math.ceil(budget / _typical_size(ctx, slot)) if batched else 0))
        entry = ctx.idx.shares[key] = (ctx.recipe, shares)
    return entry[1]


def _budgets(ctx: _Ctx, body: float) -> dict[str, float]:
    """Each slot's share of the body; in a batch, no slot takes more than BATCH_CAP of the material
    it can draw on, the rest going to slots with material to spare.

    Two documents drawing a share x of one pool share about x of that part (issue 4 bounds
    the pair's share at 30 %): a summary's few past-tense passages cannot fill two thirds of
    every school's summary, so in a batch its next steps, drawn from a large pool, grow instead.
    """
    total = sum(s.share for s in ctx.recipe.slots) or 1.0
    budgets = {s.name: body * s.share / total for s in ctx.recipe.slots}
    if not _batched(ctx):
        return budgets
    pools: dict[tuple, list[Slot]] = {}
    for slot in ctx.recipe.slots:
        pools.setdefault((tuple(sorted(slot.roles)), slot.mood), []).append(slot)
    freed, spare, capped = 0.0, {}, []
    for key, slots in pools.items():
        cap, used = BATCH_CAP * _capacity(ctx, slots[0]), sum(budgets[s.name] for s in slots)
        if used > cap:
            freed += used - cap
            capped += slots
            budgets.update((s.name, budgets[s.name] * cap / used) for s in slots)
        else:
            spare[key] = cap - used
    _give(budgets, pools, spare, freed, capped)
    return budgets


def _batched(ctx: _Ctx) -> bool:
    """A batch's second document onwards: alone, and first in a batch, a document is chosen the same way."""
    return ctx.spread is not None and ctx.spread.docs > 0


def _give(
    budgets: dict[str, float],
    pools: dict[tuple, list[Slot]],
    spare: dict[tuple, float],
    freed: float,
    capped: list[Slot],
) -> None:
    """Hand the freed length to the pools with room, in proportion to their room (to their required
    slots when they have any), a slot growing to at most GROW_MAX times its share, so the document
    keeps the proportions of its kind; what is left goes back where it came from (length first)."""
    room = sum(spare.values())
    given = 0.0
    for key, free in spare.items():
        slots = [s for s in pools[key] if s.count[0]] or pools[key]
        share = sum(s.share for s in slots) or 1.0
        for s in slots:
            extra = min(freed, room) * free / room * s.share / share
            extra = min(extra, budgets[s.name] * (GROW_MAX - 1))
            budgets[s.name] += extra
            given += extra
    back = sum(budgets[s.name] for s in capped)
    for s in capped if freed > given and back else []:
        budgets[s.name] += (freed - given) * budgets[s.name] / back


def _capacity(ctx: _Ctx, slot: Slot) -> int:
    """Characters of usable text of a slot's roles and mood (the batch's pool for it), cached."""
    key = ("capacity", ctx.recipe.kind, tuple(slot.roles), slot.mood)
    if key not in ctx.idx.pools:
        idx, kind = ctx.idx, ctx.recipe.kind
        sizes = [
            idx.chars[i]
            for i in idx.pool(slot.roles)
            if _mood_level(idx.sections[i], slot) is not None
            and not (
                idx.sections[i].role in GENRE_ROLES
                and idx.sections[i].kinds
                and kind not in idx.sections[i].kinds
            )
        ]
        ctx.idx.pools[key] = [sum(sizes), len(sizes)]
    return ctx.idx.pools[key][0]


def _typical_size(ctx: _Ctx, slot: Slot) -> float:
    """The mean length of a slot's sections: short passages let a slot take more of them."""
    _capacity(ctx, slot)
    chars, count = ctx.idx.pools[("capacity", ctx.recipe.kind, tuple(slot.roles), slot.mood)]
    return max(chars / max(count, 1), 40.0)


def _fill(ctx: _Ctx, group: _Group) -> None:
    """Choose sections for one group until its budget is met or its count is reached."""
    low, high = group.slot.count[0], _most(group)
    if low == 0 and _worn(ctx, group) > WORN_OUT:
        return  # optional, and the batch's documents already share its few passages
    while len(group.picks) < high:
        if len(group.picks) >= low and group.chars >= group.budget * 0.8:
            return
        pick = _choose(ctx, group, group.budget - group.chars)
        if pick is None:
            return
        room = max(group.budget - group.chars, MIN_PART)
        if pick.chars > room * 1.3:
            _trim_pick(pick, room * 1.1)
        group.add(pick)


def _worn(ctx: _Ctx, group: _Group) -> float:
    """The least share of a batch's documents that used one of the group's free candidates (0 alone)."""
    if group.worn is not None:  # known: the spread does not change while one document is chosen
        return group.worn
    if not _batched(ctx):
        return 0.0
    group.worn = _least_use(ctx, group) / ctx.spread.docs  # Spread.share, inlined
    return group.worn


def _worn_tenths(ctx: _Ctx, group: _Group) -> float:
    """_worn rounded to tenths (how _grow ranks the groups), remembered like _worn."""
    if group.tenths is None:
        group.tenths = round(_worn(ctx, group), 1)
    return group.tenths


def _least_use(ctx: _Ctx, group: _Group) -> int:
    """The fewest earlier documents that used one of the group's free candidates the profile can
    fill (0 if none: their missing fields noted). The least over all candidates first, at C speed;
    usually one that reaches it is free."""
    scan = _merged(ctx, group)
    cands = _id_ordered(ctx.idx, scan.fits)[0]
    blocked, unready, uses = ctx.blocked, ctx.unready, scan.uses
    least = min(uses, default=0)
    k = -1
    with suppress(ValueError):  # list.index raises it when no other candidate reaches the least
        while True:
            k = uses.index(least, k + 1)
            if cands[k] not in blocked and cands[k] not in unready:
                return least
    free = [n for n, i in zip(uses, cands, strict=True) if i not in blocked and i not in unready]
    if not free:
        _note_missing(ctx, group, cands)  # the same fields noted as for the candidates in scan order
    return min(free, default=0)


def _most(group: _Group) -> int:
    """The recipe's maximum count, raised for a large budget (one topic, a long document).

    A slot meant for a single section (an overview, a guiding thought) keeps to one.
    """
    if group.slot.count[1] <= 1:
        return group.slot.count[1]
    return max(group.slot.count[1], group.most, math.ceil(group.budget / SECTION_SIZE))


def _choose(ctx: _Ctx, group: _Group, room: float, seeded: bool = True) -> _Pick | None:
    """The next section for a group: sampled among the best candidates, filled and checked."""
    while True:
        best = _ranked(ctx, group, room)
        if not best:
            return None
        negative, _, i = _choice(group.random(), best, [s * s for s, _, _ in best]) if seeded else best[0]
        pick = _build(ctx, i, -negative)
        if pick is not None:
            _use(ctx, pick)
            return pick
        _block(ctx, i)


def _choice(rng: random.Random, population: list, weights: list[float]):
    """What ``rng.choices(population, weights)[0]`` returns, by the same single draw, without its
    overhead (a batch draws often). Weights (-s)² are s² to the last bit."""
    cum = list(accumulate(weights))
    total = cum[-1] + 0.0
    if not 0.0 < total < math.inf:
        return rng.choices(population, weights)[0]  # raises as it always did
    return population[bisect.bisect(cum, rng.random() * total, 0, len(cum) - 1)]


def _ranked(ctx: _Ctx, group: _Group, room: float) -> list[tuple[float, str, int]]:
    """The best few candidates of the best tier that has any, as (-score, id, index), best first
    (ties broken by id).

    Candidates come in the order of their fixed score; the scan stops once no later one
    could reach the best few whatever its length and topic (those factors are at most
    DYNAMIC_MAX). In a batch the scan reads only the first MAX_SCAN free candidates.
    A group found empty stays so until its tiers change: blocked sections are never freed.
    """
    state = 3 if group.topic and not group.picks else 2  # _tiers, inlined
    if group.empty == state:
        return []
    spread = ctx.spread
    best = _best_batched(ctx, group, room) if spread is not None and spread.docs else _best(ctx, group, room)
    if not best:
        group.empty = state
    return best


def _best(ctx: _Ctx, group: _Group, room: float) -> list[tuple[float, str, int]]:
    """_ranked alone or first in a batch: every candidate of the best tier that has any."""
    cands = _candidates(ctx, group)
    base, chars, ids, sections, keys = group.base, ctx.idx.chars, ctx.idx.ids, ctx.idx.sections, ctx.idx.keys
    holders = ctx.spread.holders if ctx.spread is not None else {}
    variety = _variety(ctx, group)
    wanted, covered = variety or (set(), set())
    bound = 1.0 if variety is None else DYNAMIC_MAX  # without topic variety every factor is at most 1
    fits: dict[int, float] = {}
    best: list[tuple[float, str, int]] = []  # (-score, id, index): best first in natural order
    for i in cands:
        full = len(best) == TOP_K
        if full and base[i] * bound < -best[-1][0]:
            break
        size = chars[i]
        fit = fits.get(size)
        if fit is None:
            fit = fits[size] = _length_fit(size, room)
        score = base[i] * fit
        if variety is not None:
            score *= _variety_factor(sections[i].topics, wanted, covered)
        if full and score < -best[-1][0]:
            continue  # the pair factor is at most 1: it cannot lift this one into the best few
        if docs := holders.get(keys[i], 0):
            score *= _paired(ctx, ctx.idx.npara[i], docs)
        if not full or (-score, ids[i]) < best[-1][:2]:
            bisect.insort(best, (-score, ids[i], i))
            del best[TOP_K:]
    return best


def _best_batched(ctx: _Ctx, group: _Group, room: float) -> list[tuple[float, str, int]]:
    """_best in a batch: the best few of the first MAX_SCAN free candidates of the merged tiers.

    The same scores as _best, computed with less. The best few are a set (ties go by id), so the
    window's candidates may come in any order: by a bound on their score, highest first, and the
    scan stops at the first bound below the best few. The bound is the fixed score times every
    factor's largest value, the candidate's last pair factor and topic variety standing for theirs
    (counts only grow while a document is chosen and the topics it covers only add up, so pair
    factors and topic varieties only fall). The length fit is inlined.
    """
    scan = _merged(ctx, group)
    items = _window(ctx, scan)
    if not items:
        _note_missing(ctx, group, scan.order)
        return []
    pairs, planes = ctx.pairs, ctx.planes
    version = pairs.version
    downs = [(planes[j], 1 << j) for j in range(len(planes) - 1, -1, -1)]  # see _paired
    variety = _variety(ctx, group)
    wanted, covered = variety or (set(), set())
    state = len(ctx.topics) << 16 | len(
        covered
    )  # the topics only shrink and the covered only grow: new state, new sets
    room = max(room, MIN_PART)
    high, low = 1.3 * room, 0.25 * room  # _length_fit, inlined
    best: list[tuple[float, str, int]] = []  # (-score, id, index): best first in natural order
    full, kth, kth_id = False, 0.0, ""  # once full: the score and id of the last of the best few
    sqrt, known_factor, hair, insort = (
        math.sqrt,
        _PAIR_FACTORS.get,
        _HAIR,
        bisect.insort,
    )  # read in the loop: locals
    items.sort(key=_BOUND, reverse=True)
    for item in items:
        if full and item[0] < kth:
            break  # no later one can reach the best few
        _, i, base, size, topics, docs, after, ident, _, _, known, vary = item
        # a fit of 1.0 leaves the score as it is (x * 1.0 is x to the last bit)
        score = base if low <= size <= high else base * (0.75 if size < low else max(0.35, sqrt(high / size)))
        if variety is not None:  # kept on the item while the topic sets stay
            if known != state:
                vary = _variety_factor(topics, wanted, covered)
                item[10], item[11] = state, vary
            score *= vary
        if full and score < kth:
            continue  # the pair factor is at most 1: it cannot lift this one into the best few
        if docs:
            if item[8] != version:  # its pair factor is out of date (or not known yet: 0.0)
                factor = item[9]
                if factor and full and score * factor < kth:
                    item[0] = base * vary * factor * hair
                    continue  # its factor only fell since: it stays out of the best few
                for plane, count in downs:  # _paired, inlined (``after`` starts as the section's paragraphs)
                    if narrowed := docs & plane:
                        docs, after = narrowed, after + count
                item[8], item[9] = version, (factor := known_factor(after) or _pair_factor(after))
            else:
                factor = item[9]
            item[0] = base * vary * factor * hair
            score *= factor
        else:
            item[0] = base * vary * hair
        if not full:
            insort(best, (-score, ident, i))
            if len(best) == TOP_K:
                full, kth, kth_id = True, -best[-1][0], best[-1][1]
        elif score > kth or (score == kth and ident < kth_id):
            insort(best, (-score, ident, i))
            best.pop()  # the one it displaces
            kth, kth_id = -best[-1][0], best[-1][1]
    return best


_BOUND = operator.itemgetter(0)
_HAIR = 1 + 1e-9  # a bound a hair above the largest score, whatever the rounding


def _window(ctx: _Ctx, scan: _Scan) -> list[list]:
    """The first MAX_SCAN free candidates of the scan's order the profile can fill, as [bound (see
    _best_batched), index, fixed score, characters, topics, holders, paragraphs, id, version of
    the pair factor, pair factor (0.0 until computed), state of the topic sets (see _best_batched)
    and topic variety for it]: a blocked
    section stays blocked while a document is chosen, so the window only loses candidates (_block
    takes them out, ctx.windows saying where they are) and takes the next ones in order."""
    items, order, blocked, unready = scan.items, _rank(ctx, scan), ctx.blocked, ctx.unready
    if len(items) < MAX_SCAN and scan.pos < len(order):
        base, info, npara, holders, loose = (
            scan.base,
            ctx.idx.info(),
            ctx.idx.npara,
            ctx.spread.holders,
            scan.loose,
        )
        windows = ctx.windows
        pos, end, wanted = scan.pos, len(order), MAX_SCAN - len(items)
        while pos < end and wanted:
            i = order[pos]
            if i not in blocked and i not in unready:
                size, topics, key, ident = info[i]
                fixed = base[pos]
                item = [
                    fixed * loose,
                    i,
                    fixed,
                    size,
                    topics,
                    holders.get(key, 0),
                    npara[i],
                    ident,
                    -1,
                    0.0,
                    -1,
                    1.0,
                ]
                items.append(item)
                windows.setdefault(i, []).append((items, item))
                wanted -= 1
            pos += 1
        scan.pos = pos
    return items


def _note_missing(ctx: _Ctx, group: _Group, order: list[int]) -> None:
    """No free candidate can be filled: note the profile fields the free ones lack (see _require)."""
    needs, known, blocked = ctx.idx.needs, ctx.values.keys(), ctx.blocked
    for i in order:
        if i not in blocked:
            group.missing.update(needs[i] - known)


def _paired(ctx: _Ctx, after: int, docs: int) -> float:
    """The pair factor of section ``i``, which the batch's earlier documents ``docs`` hold: lower it
    by how far it would take this document's overlap with the one of them it already shares most
    with (issue 4 bounds every pair): mildly per paragraph, steeply past PAIR_SOFT paragraphs in common."""
    planes = ctx.planes  # ``after`` starts as the section's paragraphs
    if docs & ctx.pairs.any:  # _max_count, inlined
        for j in range(len(planes) - 1, -1, -1):
            if narrowed := docs & planes[j]:
                docs, after = narrowed, after + (1 << j)
    return _pair_factor(after)


_PAIR_FACTORS: dict[int, float] = {}


def _pair_factor(after: int) -> float:
    """PAIR_MILD per paragraph shared with one earlier document, PAIR_DECAY more past PAIR_SOFT; remembered."""
    factor = _PAIR_FACTORS.get(after)
    if factor is None:
        factor = _PAIR_FACTORS[after] = PAIR_MILD**after * PAIR_DECAY ** max(0, after - PAIR_SOFT)
    return factor


def _candidates(ctx: _Ctx, group: _Group) -> list[int]:
    """Free sections of the slot's roles, from the strictest tier that has any.

    Tiers: the slot's mood and (for a topic group) tagged with the topic; then a neutral
    mood; then, for a topic group still empty, text about the topic by BM25 although not
    tagged so.
    A section whose placeholders the profile cannot fill is kept out (its field noted).
    """
    idx, known = ctx.idx, ctx.values.keys()
    for level in range(_tiers(group)):
        if level not in group.tiers:
            group.tiers[level] = _by_base(ctx, group, _tier(ctx, group, level))
        blocked = ctx.blocked
        tier = [i for i in group.tiers[level] if i not in blocked]
        ready = [i for i in tier if idx.needs[i] <= known]
        if ready:
            return ready
        for i in tier:
            group.missing.update(idx.needs[i] - known)
    return []


def _merged(ctx: _Ctx, group: _Group) -> _Scan:
    """In a batch, every tier at once, text not tagged with the topic scored TIER_FACTOR lower:
    a weaker but fresh section beats a strong one the batch has worn. Best fixed score first
    (see _by_base), ranked when a window first needs it (_rank)."""
    n = _tiers(group)
    scan = group.scans.get(n)
    if scan is None:
        fits = _merged_fits(ctx, group, n)
        keys = _id_ordered(ctx.idx, fits)[2]
        bound = (
            1.0 if group.topic else DYNAMIC_MAX
        )  # without topic variety (see _variety) every factor is at most 1
        scan = group.scans[n] = _Scan(fits, bound * _HAIR, list(map(ctx.spread.uses.get, keys, repeat(0))))
    return scan


def _rank(ctx: _Ctx, scan: _Scan) -> list[int]:
    """A scan's candidates by fixed score, best first, with those scores (as _by_base), on first
    need: many groups are only asked how worn they are (_least_use), which reads no order."""
    if scan.order is None:
        cands, fit_list, keys = _id_ordered(ctx.idx, scan.fits)
        values = _spread_values(ctx, fit_list, keys, scan.uses) if cands else []
        ranks = sorted(range(len(cands)), key=values.__getitem__, reverse=True)  # as _by_base
        scan.order, scan.base = list(map(cands.__getitem__, ranks)), list(map(values.__getitem__, ranks))
    return scan.order


def _spread_values(ctx: _Ctx, fit_list: list[float], keys: list[str], uses: list[int]) -> list[float]:
    """Each fit times its _spread_factors factor: with the usual weight 1, in one pass at C speed
    (the same products, one list built instead of four)."""
    if ctx.spread.weight != 1.0:
        return list(map(operator.mul, fit_list, _spread_factors(ctx, keys, uses)))
    least = min(uses)
    if max(uses) - least >= len(_DECAYS):
        _DECAYS.extend(SPREAD_DECAY ** min(k, 50) for k in range(len(_DECAYS), max(uses) - least + 1))
    return list(map(operator.mul, fit_list, map(_DECAYS.__getitem__, map(operator.sub, uses, repeat(least)))))


def _merged_fits(ctx: _Ctx, group: _Group, n: int) -> dict[int, float]:
    """The fits of tiers 1 … n-1 in one table, lower tiers scaled down; cached beside the tiers."""
    slot = group.slot
    shared = () if group.topic else tuple(ctx.topics)
    key = (ctx.recipe.kind, tuple(slot.roles), slot.mood, group.topic, shared, -n)
    fits = ctx.idx.tiers.get(key)
    if fits is None:
        fits = ctx.idx.tiers[key] = _merge(ctx.idx, [_tier(ctx, group, level) for level in range(1, n)])
    return fits


def _merge(idx: _Index, levels: list[dict[int, float]]) -> dict[int, float]:
    """Tiers 1 … n-1 in one table (tier 1 holds tier 0, its neutral text already scored lower by
    _fit), lower tiers scaled down. Kept by the tables merged: the requested topics in another
    order mostly give the same tables (see _tier), and so the same merged one."""
    key = tuple(map(id, levels))
    entry = idx.merged.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], levels, strict=True)):
        if len(idx.merged) > 20000:
            idx.merged.clear()
        fits: dict[int, float] = {}
        for level in range(len(levels), 0, -1):  # at C speed, the strictest tier last: its fit stands
            table = levels[
                level - 1
            ]  # (the order of the keys differs, and nothing reads it: see _id_ordered)
            fits.update(
                zip(table, map(operator.mul, table.values(), repeat(TIER_FACTOR ** (level - 1))), strict=True)
            )
        entry = idx.merged[key] = (
            levels,
            fits,
        )  # the entry holds the tables: their ids are not reused meanwhile
    return entry[1]


def _tiers(group: _Group) -> int:
    """How many tiers a group may draw from: text not tagged with the topic only to cover it."""
    return 3 if group.topic and not group.picks else 2


def _in_static_tier(ctx: _Ctx, group: _Group, i: int, level: int) -> bool:
    """Whether section ``i`` belongs to tier ``level`` of the group (see _candidates), leaving out
    the one test that depends on the document's topics (see _tier)."""
    s = ctx.idx.sections[i]
    mood = _mood_level(s, group.slot)
    if mood is None or (s.role in GENRE_ROLES and s.kinds and ctx.recipe.kind not in s.kinds):
        return False
    if level < 2:
        return mood <= level
    return ctx.idx.topic_scores(group.topic)[i] > 0


def _complement(ctx: _Ctx, slot: Slot) -> bool:
    """A shared slot with the roles and mood of a per-topic slot completes it ("其他工作"):
    it takes general text and other topics, never a requested topic (that has its own group)."""
    return any(
        o.per_topic and set(o.roles) == set(slot.roles) and o.mood == slot.mood for o in ctx.recipe.slots
    )


def _mood_level(section: Section, slot: Slot) -> int | None:
    """0 when the mood fits the slot, 1 when neutral, None when it is the opposite mood."""
    if not slot.mood or section.mood == slot.mood:
        return 0
    return 1 if section.mood in ("", "neutral") else None


def _tier(ctx: _Ctx, group: _Group, level: int) -> dict[int, float]:
    """A tier's candidates with their fit (see _fit), kept on the corpus index for reuse.

    The fit depends only on the kind, slot, topic and requested topics, so a batch's
    documents of one kind compute each tier once; what does not depend on the requested
    topics is computed once per slot and topic (_static_tier).
    """
    slot = group.slot
    shared = () if group.topic else tuple(ctx.topics)  # a topic group's fit ignores the other topics
    key = (ctx.recipe.kind, tuple(slot.roles), slot.mood, group.topic, shared, level)
    tiers = ctx.idx.tiers
    if key not in tiers:
        if len(tiers) > 20000:  # many topic combinations in a long-running web server
            tiers.clear()
        same = (*key[:4], tuple(sorted(shared)), level, "any order") if len(shared) > 1 else None
        fits = tiers.get(same)
        if fits is None:
            fits, any_order = _fits(ctx, group, _static_tier(ctx, group, level))
            if same and any_order:
                tiers[same] = fits
        tiers[key] = fits
    return tiers[key]


def _fits(ctx: _Ctx, group: _Group, static: list[tuple]) -> tuple[dict[int, float], bool]:
    """Relevance (BM25 scaled to 0..1) weighed by how well role, mood, kind and focus fit,
    the factors applied always in one order, so every score is the same to the last bit;
    and whether the order of the requested topics could not change any (no section scores
    for more than two: a sum of two numbers is the same in either order).

    A shared slot completing a per-topic one takes no section of a requested topic.

    The work is done a column at a time at C speed (a batch meets many topic combinations);
    a factor of 1.0 where the formula applies none changes no bit.
    """
    topics = ctx.topics
    index, weights, moods, halves, tagged, divisors, specifics, members = _columns(ctx.idx, static)
    if not group.topic:
        requested = set(topics)
        if _complement(ctx, group.slot):
            keep = [requested.isdisjoint(t) for t in tagged]
            index, weights, moods, halves, specifics = (
                list(compress(column, keep)) for column in (index, weights, moods, halves, specifics)
            )
            members = frozenset(index)
        divisors = [0.5 if s and requested.isdisjoint(s) else 1.0 for s in specifics]  # as factors
    named = [group.topic] if group.topic else topics
    tables = [ctx.idx.topic_scores(t) for t in named]
    terms = [list(map(table.__getitem__, index)) for table in tables]  # a column per topic
    raw = (
        list(map(sum, zip(*terms, strict=True))) if terms else [0] * len(index)
    )  # sum(list): the same additions
    any_order = _two_at_most(ctx.idx, named, members)
    top = max(raw, default=0.0) or 1.0
    values = map(
        operator.mul, map(operator.add, repeat(0.3), map(operator.truediv, raw, repeat(top))), weights
    )
    values = map(operator.mul, map(operator.mul, values, moods), halves)
    # a shared slot prefers the requested topics and general text to other topics: its factors
    values = map(operator.truediv if group.topic else operator.mul, values, divisors)
    return dict(zip(index, values, strict=True)), any_order


def _columns(idx: _Index, static: list[tuple]) -> tuple:
    """A static tier (see _static_tier) a column per field, other kind as its factor (0.5 or 1.0),
    and the indexes as a set; cached beside it."""
    entry = idx.columns.get(id(static))
    if entry is None or entry[0] is not static:  # the entry holds the list: its id is not reused meanwhile
        if len(idx.columns) > 20000:
            idx.columns.clear()
        columns = list(map(list, zip(*static, strict=True))) if static else [[] for _ in range(7)]
        columns[3] = [0.5 if other else 1.0 for other in columns[3]]
        entry = idx.columns[id(static)] = (static, (*columns, frozenset(columns[0])))
    return entry[1]


def _two_at_most(idx: _Index, topics: list[str], members: frozenset[int]) -> bool:
    """Whether no section of ``members`` scores (BM25 above 0) for more than two of ``topics``."""
    if len(topics) <= 2:
        return True
    if len(set(topics)) < len(topics):  # a topic twice counts twice: one section at a time
        return max((sum(idx.topic_scores(t)[i] != 0.0 for t in topics) for i in members), default=0) <= 2
    scoring = [idx.scoring(t) for t in topics]
    return all(members.isdisjoint(a & b & c) for a, b, c in combinations(scoring, 3))


def _static_tier(ctx: _Ctx, group: _Group, level: int) -> list[tuple]:
    """A tier's candidates before the document's topics count: (index, role weight, mood factor,
    other kind, topics, topic divisor, topics if none is general) in pool order, cached on the index."""
    slot, idx = group.slot, ctx.idx
    key = (ctx.recipe.kind, tuple(slot.roles), slot.mood, group.topic, level)
    if key not in idx.statics:
        pool = idx.pool(slot.roles, group.topic if level < 2 else "")
        idx.statics[key] = [_static_fit(ctx, group, i) for i in pool if _in_static_tier(ctx, group, i, level)]
    return idx.statics[key]


def _static_fit(ctx: _Ctx, group: _Group, i: int) -> tuple:
    """The parts of section ``i``'s fit that stay the same for every document (see _fits)."""
    s = ctx.idx.sections[i]
    weight = ROLE_WEIGHTS[min(group.slot.roles.index(s.role), len(ROLE_WEIGHTS) - 1)]
    mood = 1.0 if _mood_level(s, group.slot) == 0 else 0.7
    other_kind = bool(s.kinds) and ctx.recipe.kind not in s.kinds
    specific = () if any(is_general(t) for t in s.topics) else tuple(s.topics)  # no general text among them
    return i, weight, mood, other_kind, tuple(s.topics), 1 + 0.15 * max(len(s.topics) - 1, 0), specific


def _by_base(ctx: _Ctx, group: _Group, fits: dict[int, float]) -> list[int]:
    """A tier's candidates best first by the part of their score fixed for this document:
    their fit, lowered by how much the batch's earlier documents used them. Ties of score go
    in id order (ids are unique): the candidates come in id order and the sort is stable."""
    cands, fit_list, key_list = _id_ordered(ctx.idx, fits)
    values = fit_list
    if ctx.spread is not None and cands:
        values = list(map(operator.mul, fit_list, _spread_factors(ctx, key_list)))
    group.base.update(zip(cands, values, strict=True))
    ranks = sorted(range(len(cands)), key=values.__getitem__, reverse=True)  # reverse keeps ties in order
    return list(map(cands.__getitem__, ranks))


def _id_ordered(idx: _Index, fits: dict[int, float]) -> tuple[list[int], list[float], list[str]]:
    """A fits table's candidates in id order, with their fits and spread keys (cached beside it)."""
    entry = idx.orders.get(id(fits))
    if entry is None or entry[0] is not fits:  # the entry holds the table: its id is not reused meanwhile
        if len(idx.orders) > 20000:
            idx.orders.clear()
        cands = sorted(fits, key=idx.ids.__getitem__)
        entry = idx.orders[id(fits)] = (
            fits,
            cands,
            list(map(fits.__getitem__, cands)),
            list(map(idx.keys.__getitem__, cands)),
        )
    return entry[1], entry[2], entry[3]


def _spread_factors(ctx: _Ctx, keys: list[str], uses: list[int] | None = None) -> list[float]:
    """How much a batch's earlier use lowers each candidate (by its spread key), relative to the
    least used one.

    Each unit of penalty beyond the least used candidate's multiplies the score by
    SPREAD_DECAY: the rotation stays as strong in the thousandth document as in the second.
    ``uses``: the keys' uses, when the caller already has them.
    """
    weight = ctx.spread.weight
    penalty = uses if uses is not None else list(map(ctx.spread.uses.get, keys, repeat(0)))  # Spread.penalty
    if weight == 1.0:  # (by 1, a count gives the same powers as its float: they are computed in floats)
        least = min(penalty)
        above = list(map(operator.sub, penalty, repeat(least))) if least else penalty
        if max(above) >= len(_DECAYS):
            _DECAYS.extend(SPREAD_DECAY ** min(k, 50) for k in range(len(_DECAYS), max(above) + 1))
        return list(map(_DECAYS.__getitem__, above))
    penalty = [weight * n for n in penalty]
    least = min(penalty)
    factors = {p: SPREAD_DECAY ** min(p - least, 50) for p in set(penalty)}  # each power computed once
    return list(map(factors.__getitem__, penalty))


_DECAYS = [SPREAD_DECAY ** min(k, 50) for k in range(64)]  # SPREAD_DECAY ** min(k, 50) by k: the same powers


def _count_pairs(ctx: _Ctx, i: int) -> None:
    """Add section ``i``'s paragraphs to the counts of what this document shares with each earlier one."""
    docs = ctx.spread.holders.get(ctx.idx.keys[i], 0) if ctx.spread else 0
    for _ in range(ctx.idx.npara[i] if docs else 0):
        add_count(ctx.planes, docs)
    if docs and ctx.idx.npara[i]:
        ctx.pairs.any |= docs
        ctx.pairs.version += 1


def add_count(planes: list[int], docs: int) -> None:
    """Add one to the bit-sliced count (bit plane j = bit j of each document's count) of ``docs``."""
    carry, j = docs, 0
    while carry:
        if j == len(planes):
            planes.append(carry)
            return
        planes[j], carry = planes[j] ^ carry, planes[j] & carry
        j += 1


def _max_count(planes: list[int], docs: int) -> int:
    """The largest bit-sliced count among ``docs``."""
    most = 0
    for j in reversed(range(len(planes))):
        if narrowed := docs & planes[j]:
            docs, most = narrowed, most | 1 << j
    return most


def _variety(ctx: _Ctx, group: _Group) -> tuple[set[str], set[str]] | None:
    """For a slot shared by all topics: the requested topics the document lacks, and those it has.

    A section on a topic still missing is favoured, one on a topic already treated (by its
    own group, say) thinned, so a shared slot brings general text rather than repeats.
    """
    if group.topic:
        return None
    return set(ctx.topics) - ctx.covered, ctx.covered


def _variety_factor(topics, wanted: set[str], covered: set[str]) -> float:
    """A shared slot's candidate on a requested topic the document still lacks is favoured, one on
    a topic it already treats thinned (see _variety)."""
    return 1.3 if not wanted.isdisjoint(topics) else 0.6 if not covered.isdisjoint(topics) else 1.0


def _length_fit(chars: int, room: float) -> float:
    """Prefer sections about the size of the room left; longer ones are trimmed, tiny ones thin."""
    room = max(room, MIN_PART)
    if chars > 1.3 * room:
        return max(0.35, math.sqrt(1.3 * room / chars))
    if chars < 0.25 * room:
        return 0.75
    return 1.0


# ---------------------------------------------------------------- building the text


def _build(ctx: _Ctx, i: int, score: float) -> _Pick | None:
    """Fill a section's placeholders, strip source numbering, drop repeated paragraphs."""
    s = ctx.idx.sections[i]
    clean = _clean(ctx, i)
    if clean is not None and ctx.keys.isdisjoint(clean[2]):  # nothing to drop: the text as always
        heading, heading_key, _, closed, closed_keys, heading_chars, closed_chars = clean
        if not closed:
            return None
        if heading_key in ctx.keys:
            heading, heading_chars = "", 0
        return _Pick(
            i,
            heading,
            list(closed),
            list(closed),
            score,
            s.role in UNCUT_ROLES,
            full_chars=heading_chars + closed_chars,
            full_keys=closed_keys,
        )
    heading, tidied = _tidied(ctx, i)
    if _key(heading) in ctx.keys:
        heading = ""
    paragraphs: list[str] = []
    taken, seen = ctx.keys, set()
    for text, long_enough, key in tidied:
        if long_enough and key not in taken and key not in seen:
            paragraphs.append(text)
            seen.add(key)
    paragraphs = _close(paragraphs)
    if not paragraphs:
        return None
    return _Pick(i, heading, paragraphs, list(paragraphs), score, s.role in UNCUT_ROLES)


def _clean(ctx: _Ctx, i: int) -> tuple | None:
    """For a section without placeholders whose paragraphs are all long enough and distinct: its
    heading, the heading's key, the paragraphs' keys, and what _build makes of it when none of them
    is in the document yet (the usual case), with the keys of that text, and the characters of the
    heading and of that text; None for other sections.
    Cached on the corpus index."""
    if ctx.idx.needs[i]:
        return None
    spoken = ctx.recipe.kind in SPOKEN_KINDS
    entry = ctx.idx.cleans.get((i, spoken), False)
    if entry is False:
        heading, tidied = _tidied(ctx, i)
        keys = tuple(key for _, _, key in tidied)
        entry = None
        if all(long_enough for _, long_enough, _ in tidied) and len(set(keys)) == len(keys):
            closed = _close([text for text, _, _ in tidied])
            entry = (
                heading,
                _key(heading),
                keys,
                closed,
                tuple(_key(t) for t in closed if t),
                chinese_chars(heading),
                sum(map(chinese_chars, closed)),
            )
        ctx.idx.cleans[(i, spoken)] = entry
    return entry


def _tidied(ctx: _Ctx, i: int) -> tuple[str, list[tuple[str, bool, str]]]:
    """A section's heading and (paragraph, at least 4 characters, key) filled and tidied; cached
    on the corpus index for a section without placeholders (the same for every school)."""
    spoken = ctx.recipe.kind in SPOKEN_KINDS
    cached = ctx.idx.splits.get((i, spoken)) if not ctx.idx.needs[i] else None
    if cached is not None:
        return cached
    s = ctx.idx.sections[i]
    raw_heading, raw_paragraphs = _split_heading(s.heading, s.paragraphs)
    texts = [_tidy_paragraph(fill(p, ctx.values), spoken) for p in raw_paragraphs]
    result = tidy_heading(fill(raw_heading, ctx.values)), [(t, chinese_chars(t) >= 4, _key(t)) for t in texts]
    if not ctx.idx.needs[i]:
        ctx.idx.splits[(i, spoken)] = result
    return result


def _split_heading(heading: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    """Show a heading once: a first paragraph opening with it loses that opening.

    A section whose whole text is its heading keeps the text and drops the heading.
    """
    if not heading or not paragraphs:
        return heading, paragraphs
    first = _NUMBERING.sub("", paragraphs[0].lstrip(), count=1)
    bare = tidy_heading(heading)
    if not bare or not first.startswith(bare):
        return heading, paragraphs
    rest = first[len(bare) :].lstrip("。；;，,：:！!？? ")
    kept = ([rest] if rest else []) + paragraphs[1:]
    return (heading, kept) if any(chinese_chars(p) >= 4 for p in kept) else ("", paragraphs)


def _use(ctx: _Ctx, pick: _Pick) -> None:
    """Mark a pick's section, near-duplicate group and paragraphs as taken."""
    s = ctx.idx.sections[pick.index]
    _block(ctx, pick.index)
    _count_pairs(ctx, pick.index)
    if s.dup_group:
        for i in ctx.idx.members.get(s.dup_group, ()):
            _block(ctx, i)
    if pick.full_keys is None:
        ctx.keys.update(_key(t) for t in [pick.heading, *pick.full] if t)
    else:  # the same keys, known from _clean
        ctx.keys.update(pick.full_keys)
        if pick.heading:
            ctx.keys.add(_key(pick.heading))
    ctx.covered.update(ctx.idx.specific()[pick.index])


def _block(ctx: _Ctx, i: int) -> None:
    """Block section ``i`` and take it out of the windows holding it (see _window): each window
    then holds free candidates only, with no pass over it at every choice."""
    ctx.blocked.add(i)
    for items, item in ctx.windows.pop(i, ()):
        items.remove(item)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{字段}`` placeholders with profile values (missing ones stay, and are caught)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def tidy_heading(text: str) -> str:
    """A heading without the source's numbering or closing punctuation."""
    return _NUMBERING.sub("", text.strip(), count=1).strip().rstrip("。；;，,：:")


def _tidy_paragraph(text: str, spoken: bool = True) -> str:
    """One line of text without leading source numbering; a lone 一是 is dropped too.

    A written document also drops a speech's address to its audience (同志们，…).
    """
    text = " ".join(text.split())
    text = _NUMBERING.sub("", text, count=1)
    if not spoken:
        text = _VOCATIVE.sub("", text, count=1)
    if "二是" not in text:
        text = _FIRST_IS.sub("", text, count=1)
    return text.strip()


def _close(paragraphs: list[str]) -> list[str]:
    """End a section properly: no dangling 如下： introduction, no trailing comma or semicolon."""
    out = list(paragraphs)
    while out and out[-1].endswith(("：", ":")):
        kept = "".join(_sentences(out[-1])[:-1])
        out[-1:] = [kept] if chinese_chars(kept) >= 4 else []
    if out and out[-1][-1] in "；;，,、":
        out[-1] = out[-1][:-1] + "。"
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


_KEYS: dict[str, str] = {}  # text → _key: a batch keys the same paragraphs again and again


def _key(text: str) -> str:
    """A paragraph reduced to its words, to notice a repeat whatever its punctuation."""
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) > 50000:
            _KEYS.clear()
        key = _KEYS[text] = _KEY_DROP.sub("", text)
    return key


def trim(paragraphs: list[str], limit: float) -> list[str]:
    """Whole paragraphs, then whole sentences, up to ``limit`` characters; never mid-sentence."""
    out: list[str] = []
    total = 0
    for para in paragraphs:
        size = chinese_chars(para)
        if total + size <= limit:
            out.append(para)
            total += size
            continue
        part = _sentence_prefix(para, limit - total)
        if chinese_chars(part) >= 12 or not out:
            out.append(part or _sentences(para)[0])
        break
    return _close(out) or out


def _sentence_prefix(text: str, limit: float) -> str:
    """The longest run of whole leading sentences of ``text`` within ``limit`` characters."""
    part, size = "", 0
    for sentence in _sentences(text):
        size += chinese_chars(sentence)  # counts add up: each counted character stands alone
        if size > limit:
            break
        part += sentence
    return part


def _trim_pick(pick: _Pick, limit: float) -> None:
    """Shorten a pick to about ``limit`` characters, counting its heading."""
    if pick.uncut:
        return
    pick.set_paragraphs(trim(pick.full, max(limit - chinese_chars(pick.heading), MIN_PART)))


# ---------------------------------------------------------------- length and coverage


def _require(ctx: _Ctx, groups: list[_Group]) -> None:
    """Every requested topic covered and every required slot filled, or a clear error."""
    for group in groups:
        if group.picks or group.slot.count[0] == 0:
            continue
        if group.missing:
            raise ProfileError(_missing_message(group.missing))
        if group.topic:
            roles = "、".join(ROLES.get(r, r) for r in group.slot.roles)
            raise UsageError(
                f"素材库中没有可用于{ctx.recipe.name}的“{group.topic}”素材（需要“{roles}”类段落）。"
                "请换一个主题，或先用 ingest 导入相关文稿。"
            )


def _missing_message(fields: set[str]) -> str:
    names = "”“".join(sorted(fields))
    return (
        f"所选素材需要学校信息中的“{names}”，但没有提供。请在 --profile 文件里填写“{names}”字段"
        "（批量生成时在花名册中加入同名列）后重试。"
    )


def _balance(ctx: _Ctx, groups: list[_Group], body: int) -> None:
    """Bring the sections' total inside the target's band: add, extend, trim or drop."""
    for _ in range(60):
        total = sum(map(_CHARS, groups))
        if total > body * HIGH:
            changed = _shrink(groups, total - body)
        elif total < body * LOW:
            changed = _grow(ctx, groups, body - total)
        else:
            return
        if not changed:
            return


def _shrink(groups: list[_Group], excess: float) -> bool:
    """Drop a surplus section that fits the excess, else trim the longest one.

    A group keeps at least one section: an empty slot would bring in the template's
    fallback text, which the length estimate does not count on.
    """
    for group in sorted(groups, key=lambda g: g.chars - g.budget, reverse=True):
        last = group.picks[-1] if group.picks else None
        if last and len(group.picks) > max(group.slot.count[0], 1) and last.chars <= excess * 1.5:
            group.pop()
            return True
    picks = sorted(((g, p) for g in groups for p in g.picks), key=lambda gp: gp[1].chars, reverse=True)
    for group, pick in picks:
        before = pick.chars
        group.trim(pick, max(before - excess, MIN_PART))
        if pick.chars < before:
            return True
    return False


def _grow(ctx: _Ctx, groups: list[_Group], deficit: float) -> bool:
    """Give back trimmed text in a group below budget first, then add a section where most is missing."""
    below = [g for g in groups if g.chars < g.budget and any(p.full_chars > p.chars for p in g.picks)]
    for group in sorted(below, key=lambda g: g.chars / max(g.budget, 1)):  # the others have nothing to give
        for pick in (p for p in group.picks if p.full_chars > p.chars and group.chars < group.budget):
            before = pick.chars
            group.trim(pick, before + min(deficit, group.budget - group.chars))
            if pick.chars > before:
                return True
    order = sorted(
        groups,
        key=lambda g: (_worn_tenths(ctx, g) if g.tenths is None else g.tenths, g.chars / max(g.budget, 1)),
    )
    if not _batched(ctx):
        return _add_one(ctx, order, deficit, 2)
    fresh = [g for g in order if _may_grow(ctx, g)]  # the same for every strictness: worn shares stay
    return (
        _add_one(ctx, [g for g in fresh if g.chars < g.budget], deficit, 2)
        or _add_one(ctx, fresh, deficit, 1)
        or _add_one(ctx, order, deficit, 0)
    )


_CHARS = operator.attrgetter("chars")


def _may_grow(ctx: _Ctx, group: _Group) -> bool:
    """In a batch, a slot keeps to its budget (strict 2, see _grow), and an optional slot with worn
    passages stays as it is (strict 1 and 2): its pool's share is what documents share. Only when no
    other slot can grow do they (strict 0: the length comes first)."""
    return group.slot.count[0] > 0 or _worn(ctx, group) <= WORN_OUT


def _add_one(ctx: _Ctx, groups: list[_Group], deficit: float, strict: int = 2) -> bool:
    """Add a section to the first group (in the given order) that can take one.

    A batch's last resort (strict 0) lets a slot of several sections take as many as the length needs.
    """
    extra = math.ceil(deficit / SECTION_SIZE)  # a short document lets a slot of several sections take more
    for group in groups:
        if group.empty == (3 if group.topic and not group.picks else 2):  # _tiers: _choose would find nothing
            continue
        most = _most(group) + (extra if group.slot.count[1] > 1 else 0)
        if len(group.picks) < (most if strict or group.slot.count[1] <= 1 else 2 * most):
            pick = _choose(ctx, group, deficit)
            if pick is not None:
                if pick.chars > deficit * HIGH:
                    _trim_pick(pick, deficit)
                group.add(pick)
                return True
    return False


def _slots(ctx: _Ctx, groups: list[_Group]) -> dict[str, list[Chosen]]:
    """The outline's slots in recipe order, topic groups in the order the topics were asked."""
    slots: dict[str, list[Chosen]] = {s.name: [] for s in ctx.recipe.slots}
    ids = ctx.idx.ids
    for group in groups:  # _chosen, inlined
        slots[group.slot.name] += [
            Chosen(ids[p.index], p.heading, list(p.paragraphs), group.topic, round(p.score, 4))
            for p in group.picks
        ]
    return slots


def _chosen(ctx: _Ctx, group: _Group, pick: _Pick) -> Chosen:
    s = ctx.idx.sections[pick.index]
    return Chosen(s.id, pick.heading, list(pick.paragraphs), group.topic, round(pick.score, 4))


# ---------------------------------------------------------------- 换一段


def replace(outline: Outline, section_id: str, corpus: Corpus) -> Outline:
    """The outline with one section swapped for the next-best free one of the same slot and topic.

    Everything else stays; the replaced section joins ``request.exclude`` so it does not
    come back on the next swap. No alternative left → a Chinese usage error.
    """
    slot_name, position, old = _find(outline, section_id)
    request = dc_replace(outline.request, exclude=[*outline.request.exclude, section_id])
    idx = _index(corpus)
    ctx = _Ctx(
        idx, request, outline.recipe, _outline_topics(outline), _values(request), None, set(request.exclude)
    )
    _mark_taken(ctx, outline, section_id)
    slot = next(s for s in outline.recipe.slots if s.name == slot_name)
    group = _Group(slot, old.topic, max(_chosen_chars(old), MIN_PART), "")  # no draw: the next best
    pick = _choose(ctx, group, group.budget, seeded=False)
    if pick is None:
        raise UsageError("这一段已没有其他可替换的素材了。可以换一个主题，或导入更多文稿后再试。")
    if pick.chars > group.budget * 1.3:
        _trim_pick(pick, group.budget * 1.1)
    slots = {name: list(items) for name, items in outline.slots.items()}
    slots[slot_name][position] = _chosen(ctx, group, pick)
    return Outline(request, outline.recipe, slots)


def _find(outline: Outline, section_id: str) -> tuple[str, int, Chosen]:
    for name, items in outline.slots.items():
        for position, chosen in enumerate(items):
            if chosen.section_id == section_id:
                return name, position, chosen
    raise UsageError(f"文稿中没有来自素材“{section_id}”的段落，无法替换。")


def _outline_topics(outline: Outline) -> list[str]:
    return list(dict.fromkeys(c.topic for items in outline.slots.values() for c in items if c.topic))


def _mark_taken(ctx: _Ctx, outline: Outline, skip: str) -> None:
    """Everything the outline keeps counts as used, so the replacement repeats none of it."""
    positions = {s.id: i for i, s in enumerate(ctx.idx.sections)}
    for items in outline.slots.values():
        for chosen in items:
            if chosen.section_id == skip or chosen.section_id not in positions:
                continue
            i = positions[chosen.section_id]
            _use(
                ctx, _Pick(i, chosen.heading, list(chosen.paragraphs), list(chosen.paragraphs), chosen.score)
            )


def _chosen_chars(chosen: Chosen) -> int:
    return chinese_chars(chosen.heading) + sum(chinese_chars(p) for p in chosen.paragraphs)
