"""What one selection run works on: the document being chosen, its groups and their picks."""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field

from ..model import Chosen, Recipe, Request, Slot, chinese_chars
from ..sentences import SeenSentences
from .fit import Reader
from .index import SelectionIndex
from .spread import SharedCounts, Spread


@dataclass(slots=True)
class Pick:
    """A chosen section's filled text: whole (``full``) and as it stands after trimming."""

    index: int  # the section's place in the corpus
    heading: str
    full: list[str]
    keys: list[str]  # paragraph keys of the heading and ``full``: what the document now holds
    score: float
    uncut: bool = False  # a closing call is never cut short: its last sentence is its point
    paragraphs: list[str] = field(default_factory=list)
    chars: int = 0  # Chinese characters of heading and paragraphs as they stand
    full_chars: int = 0

    def __post_init__(self) -> None:
        if not self.full_chars:  # not given by the caller, who knew it
            self.full_chars = chinese_chars(self.heading) + sum(chinese_chars(p) for p in self.full)
        self.paragraphs, self.chars = list(self.full), self.full_chars

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        """Replace the (trimmed) text and keep the character count in step."""
        self.paragraphs = paragraphs
        self.chars = chinese_chars(self.heading) + sum(chinese_chars(p) for p in paragraphs)


class Said:
    """The sentences a document holds, found by a sketch of each (its smallest character triples):
    a sentence that says the same as one of them shares most of its character pairs with it. A
    short one (坚持民主理财。) is the same as another when what it asks for is (实行民主理财。)."""

    SHARE = 0.9  # two sentences this alike say the same thing in nearly the same words
    LEAST = 10  # below this, a sentence is compared by its object alone
    LEAD = re.compile(r"^(?:坚持|实行|加强|做好|建立|严格|落实|推行|执行|健全|完善|抓好|强化|继续)+")

    def __init__(self) -> None:
        self.long = SeenSentences()
        self.objects: set[str] = set()

    def add(self, sentence: str) -> None:
        if chinese_chars(sentence) >= self.LEAST:
            self.long.add(sentence)
        elif obj := self._object(sentence):
            self.objects.add(obj)

    def holds(self, sentence: str) -> bool:
        """True when the document already says this sentence, in these words or nearly."""
        if chinese_chars(sentence) < self.LEAST:
            return bool(self.objects) and self._object(sentence) in self.objects
        return self.long.alike(sentence, self.SHARE) is not None

    def _object(self, sentence: str) -> str:
        """What a short sentence asks for, its leading verb and punctuation aside ("" if little)."""
        words = self.LEAD.sub("", re.sub(r"[^\u4e00-\u9fff]", "", sentence))
        return words if len(words) >= 4 else ""


@dataclass(slots=True)
class Group:
    """One unit of selection: a slot, or one requested topic's share of a per-topic slot."""

    slot: Slot
    topic: str
    budget: float
    seed: str  # of the group's random generator, made on its first draw (seeding costs; many never draw)
    most: int = 0  # in a batch: the most sections it may take, from its pool's typical section size
    cap: float = 0.0  # the most characters it may grow to: a part keeps to the proportions of its kind
    leads: list[Chosen] = field(default_factory=list)  # the school's own items, first
    figures: list[Chosen] = field(default_factory=list)  # the school's figures, last
    picks: list[Pick] = field(default_factory=list)
    chars: int = 0  # Chinese characters of the picks as they stand, kept by add, pop and trim
    missing: set[str] = field(default_factory=set)  # profile fields that kept a candidate out
    empty: int = 0  # the tier count (see tier_count) at which no candidate was left; 0 while some are
    worn: float | None = None  # see ranking.worn: known once asked, as the spread does not change
    worn_tenths: float | None = None
    scans: dict[int, object] = field(default_factory=dict)  # in a batch: tier count → its Scan
    _rng: random.Random | None = None

    @property
    def turn(self) -> int:
        """Where the turn through the best candidates starts: fixed for a school's group, whatever
        the seed (the seed itself is in ``self.seed``, cut off before the hash)."""
        return zlib.crc32(self.seed.split("|", 2)[-1].encode("utf-8"))

    def random(self) -> random.Random:
        """The group's own random generator, derived from the request and its seed."""
        if self._rng is None:
            self._rng = random.Random(self.seed)
        return self._rng

    @property
    def lead_chars(self) -> int:
        """Characters of the school's own figures and items at the head of the group."""
        return sum(chinese_chars(p) for c in [*self.leads, *self.figures] for p in c.paragraphs)

    def add(self, pick: Pick) -> None:
        self.picks.append(pick)
        self.chars += pick.chars

    def pop(self) -> None:
        self.chars -= self.picks.pop().chars

    def set_paragraphs(self, pick: Pick, paragraphs: list[str]) -> None:
        """Trim or restore one of the group's picks, its count kept in step."""
        before = pick.chars
        pick.set_paragraphs(paragraphs)
        self.chars += pick.chars - before


@dataclass(slots=True)
class Document:
    """Everything one selection run reads, and the choices it has made so far."""

    index: SelectionIndex
    request: Request
    recipe: Recipe
    topics: list[str]
    values: dict[str, str]  # placeholder values: the profile's fields and the years of its date
    reader: Reader
    spread: Spread | None = None
    blocked: set[int] = field(default_factory=set)  # chosen, excluded, rejected, or a chosen one's twin
    unfit: frozenset[int] = frozenset()  # sections written for another kind of school or speaker
    unready: set[int] = field(default_factory=set)  # sections whose placeholders the profile cannot fill
    keys: set[str] = field(default_factory=set)  # paragraph keys the document already holds
    covered: set[str] = field(default_factory=set)  # specific topics the document already treats
    shared: SharedCounts = field(init=False)  # paragraphs shared with each earlier document of a batch
    pair_factors: dict[int, float] = field(default_factory=dict)  # candidate → its last pair factor
    marks: list[frozenset[str]] = field(default_factory=list)  # what the school's items are about
    said: Said = field(default_factory=Said)  # the sentences the document holds

    def __post_init__(self) -> None:
        self.blocked.update(
            self.index.positions[x] for x in self.request.exclude if x in self.index.positions
        )
        known = self.values.keys()
        self.unready = {i for i in self.index.with_placeholders if not self.index.facts[i].needs <= known}
        self.unfit = self.index.unfit_for(self.reader)
        self.shared = SharedCounts(self.spread.docs if self.spread else 0)

    @property
    def batched(self) -> bool:
        """A batch's second document onwards (the first is chosen as a document alone is)."""
        return self.spread is not None and self.spread.docs > 0

    def is_free(self, i: int) -> bool:
        """Section ``i`` may still be chosen: not blocked, fitting the school and speaker, and the
        profile fills its placeholders."""
        return i not in self.blocked and i not in self.unready and i not in self.unfit

    def unavailable(self) -> set[int]:
        """The sections that may not be chosen now (see is_free)."""
        return self.blocked | self.unready | self.unfit

    def note_missing(self, group: Group, candidates) -> None:
        """No free candidate can be filled: note the profile fields the unblocked ones lack."""
        known = self.values.keys()
        for i in candidates:
            if i not in self.blocked:
                group.missing.update(self.index.facts[i].needs - known)

    def seed_text(self, *parts: str) -> str:
        """The text a random generator of this document is seeded with: request, seed and ``parts``."""
        req = self.request
        return "|".join([req.kind, str(req.seed), req.profile.get("学校名称"), ",".join(self.topics), *parts])
