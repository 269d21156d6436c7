"""The data model shared by every stage: plain dataclasses, standard library only.

Stages pass these objects along the pipeline (DESIGN.md); nothing here does any work
beyond small conveniences, so every stage can import it without pulling in a library.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# ---------------------------------------------------------------- ingest side


@dataclass
class RawText:
    """A file's decoded text, before any cleaning, with where it came from."""

    source: str  # file name as stored under corpus/sources/ (e.g. "003_670a.txt")
    text: str  # decoded text; line i of the file is text.splitlines()[i - first_line]
    encoding: str = "utf-8"
    first_line: int = 1  # the file's line number of the text's first line (a block of a large file)
    first_article: int = 1  # the number the text's first document gets within its file


@dataclass
class Para:
    """One cleaned paragraph and the source lines it was joined from (1-based, inclusive)."""

    text: str
    start: int
    end: int


@dataclass
class Article:
    """One document found in a source file (a file may hold several)."""

    source: str
    index: int  # 1-based position within the source; the stable article id is f"a{index}"
    title: str
    paras: list[Para] = field(default_factory=list)
    damaged: bool = False  # True when the round-trip damage repair was applied
    notes: list[tuple[int, str]] = field(default_factory=list)  # (source line, what cleaning dropped there)

    @property
    def id(self) -> str:
        return f"a{self.index}"


@dataclass
class Fit:
    """Where a text fits: which schools, which speaker, what job in a document, which tense.

    Decided at ingest from cue words (corpus/fit.yaml) and the source article; stored with the
    section so a person can read and correct it. Empty lists mean "any".
    """

    stages: list[str] = field(default_factory=list)  # levels taught: 幼儿园 小学 初中 高中 中职
    settings: list[str] = field(default_factory=list)  # 城市 县城 农村
    boarding: bool = False  # speaks of boarding pupils (dormitories, 就寝…)
    voice: str = "school"  # school | leader (to an audience) | subordinate | students
    function: str = (
        ""  # achievement | problem | experience | task | safeguard | background | duty | rule | frame
    )
    tense: str = ""  # done | todo | "" (neither)


@dataclass
class Condition:
    """A paragraph (``sentence`` = -1) or one unit of it (a sentence, or an item of a ；-list) that
    fits fewer schools or speakers than the rest: left out of a document it does not fit. ``text``
    is what it says, so an edit of the paragraph shows whether the condition still applies."""

    para: int
    sentence: int  # the unit's place among the paragraph's units, -1 for the whole paragraph
    text: str
    fit: Fit = field(default_factory=Fit)


@dataclass
class Section:
    """A heading (possibly empty) with its paragraphs, or one enumerated point.

    Text is stored without its source numbering; the renderer numbers headings anew.
    Placeholders in paragraphs look like ``{学校名称}`` and are filled from a profile.
    """

    id: str  # "<source stem>-a<article>-s<nn>", stable across rebuilds
    source: str
    article: str  # "a1", "a2", ...
    article_title: str
    lines: tuple[int, int]  # [start, end] in the source file, 1-based inclusive
    # 0 = article body without heading, 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）, 5 = lead (一是/第一，)
    level: int
    heading: str  # heading text, numbering stripped; "" when none
    paragraphs: list[str] = field(default_factory=list)
    marker: str = ""  # the source's numbering marker, e.g. "一、" or "（二）" (kept for tracing only)
    parent: str | None = None  # id of the enclosing heading section
    role: str = ""
    topics: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    mood: str = ""  # "review" | "directive" | "neutral"
    placeholders: list[str] = field(default_factory=list)
    reusable: bool = True
    dup_group: str | None = None
    tokens: list[str] = field(default_factory=list)  # jieba tokens, precomputed for BM25
    notes: list[str] = field(default_factory=list)  # why something was dropped or marked
    fit: Fit = field(default_factory=Fit)
    conditions: list[Condition] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(count_chinese(p) for p in self.paragraphs) + count_chinese(self.heading)


@dataclass
class SourceInfo:
    """What the corpus remembers about one ingested file."""

    name: str  # file name under corpus/sources/
    sha256: str
    encoding: str
    articles: list[str] = field(default_factory=list)  # article titles in order


@dataclass
class Topic:
    """A topic of the domain dictionary (corpus/topics.yaml)."""

    name: str  # e.g. 食堂与饮食安全
    aliases: list[str] = field(default_factory=list)  # what users type: 食堂, 饮食
    keywords: list[str] = field(default_factory=list)  # words that signal the topic in text


@dataclass
class Corpus:
    sources: list[SourceInfo] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)

    def by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}


# ---------------------------------------------------------------- generate side


@dataclass
class Profile:
    """A school's details; keys are the Chinese field names of config.PROFILE_FIELDS."""

    fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # other roster columns, passed to templates
    items: list[str] = field(default_factory=list)  # 工作要点: the school's own facts, one a line
    figures: dict[str, str] = field(default_factory=dict)  # 主要数据: 投入资金 → 35万元, as written
    notes: list[str] = field(default_factory=list)  # Chinese: what the profile's input made us do

    def get(self, key: str, default: str = "") -> str:
        return self.fields.get(key) or default


@dataclass
class Request:
    kind: str  # speech | plan | summary | scheme | report
    profile: Profile
    topics: list[str] = field(default_factory=list)
    chars: int | None = None
    minutes: float | None = None
    seed: int = 0
    exclude: list[str] = field(default_factory=list)  # section ids not to choose (swap, batch spread)


@dataclass
class Slot:
    """One place in a recipe's outline that corpus sections fill."""

    name: str
    roles: list[str]
    share: float  # share of the body length budget
    count: tuple[int, int] = (1, 1)  # how many sections, min and max
    mood: str = ""  # required mood, "" for any
    per_topic: bool = False  # one group of sections per requested topic
    heading: str = ""  # fixed heading text for the slot, "" to use the section's own
    functions: list[str] = field(default_factory=list)  # the jobs (Fit.function) it takes, [] for any
    items: str = ""  # the school's own items it takes: done | planned | all | "" (none)
    figures: bool = False  # the school's figures (主要数据) are written here


@dataclass
class Recipe:
    kind: str
    name: str  # Chinese name, e.g. 工作总结
    description: str
    default_chars: int
    slots: list[Slot] = field(default_factory=list)
    template: str = "template.md.j2"
    folder: str = ""
    overhead: int = 0  # Chinese characters the template itself writes (title, fixed text), estimated
    overhead_per_topic: int = 0  # template characters added per requested topic (headings, schedule)
    staged: bool = False  # the school's items that name a month go to the timetable's stages


@dataclass
class Chosen:
    """A section chosen for a slot, with its text already filled from the profile."""

    section_id: str
    heading: str
    paragraphs: list[str]
    topic: str = ""
    score: float = 0.0


@dataclass
class Outline:
    request: Request
    recipe: Recipe
    slots: dict[str, list[Chosen]] = field(default_factory=dict)
    # Which phrasing of the template's own sentences to use (render.pick): set by a batch, so two
    # documents that share passages do not also share those sentences; empty: chosen by seed.
    phrasing: tuple[int, ...] = ()
    topics: list[str] = field(default_factory=list)  # the document's topics (names), in order
    notes: list[str] = field(default_factory=list)  # Chinese: what selection could not do, and why
    batched: bool = False  # planned in a batch, apart from the other schools' documents


@dataclass
class DocPara:
    """One paragraph of a rendered document, traced to its source section."""

    kind: str  # title | subtitle | speaker | salutation | h1 | h2 | h3 | h4 | body | signature | date
    text: str
    section_id: str | None = None


@dataclass
class Document:
    request: Request
    title: str
    markdown: str
    paras: list[DocPara] = field(default_factory=list)
    chars: int = 0
    minutes: float = 0.0
    file_stem: str = ""
    warnings: list[str] = field(default_factory=list)  # Chinese notes for the user (e.g. too little material)
    findings: list[dict] = field(default_factory=list)  # 文稿体检: rule, paragraph, heading, quote, fix


def count_chinese(text: str) -> int:
    """Count CJK ideographs: the unit Chinese offices use for length (字数)."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


_NOT_CJK = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=1 << 16)
def chinese_chars(text: str) -> int:
    """count_chinese by regex (the runs of other characters cut out, the rest counted), about thirty
    times faster; remembered, as selection and rendering count the same paragraphs again and again."""
    return len(_NOT_CJK.sub("", text))
