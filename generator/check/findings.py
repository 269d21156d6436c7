"""What the check works on and what it reports: annotated paragraphs, the context, findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..lexicon import CopyEdits, FitWords
from ..period import Period
from ..school import School

HEADINGS = ("h1", "h2", "h3", "h4")
FRONT = ("title", "subtitle", "speaker", "salutation")
BACK = ("signature", "date")
QUOTE_CHARS = 36


@dataclass(frozen=True)
class Para:
    """One paragraph of the document under check, with where it stands."""

    index: int  # 1-based position among the document's paragraphs
    kind: str  # title | subtitle | speaker | salutation | h1..h4 | body | signature | date
    text: str
    heading: str = ""  # the nearest heading above it ("" before the first)
    part: str = ""  # the level-1 heading above it
    section_id: str | None = None  # the corpus section it came from, in a generated document

    @property
    def level(self) -> int:
        """1 to 4 for a heading, 0 otherwise."""
        return int(self.kind[1]) if self.kind in HEADINGS else 0


@dataclass(frozen=True)
class Context:
    """What the check knows of the document beyond its text."""

    kind: str = ""  # speech | plan | summary | scheme | report, "" when unknown
    school: School | None = None
    period: Period | None = None
    date: dt.date | None = None
    principal_speaks: bool = True  # the speaker of a speech or report is the principal (or unknown)
    students_addressed: bool = False  # a speech whose salutation names 同学们
    fit: FitWords = field(default_factory=FitWords)
    edits: CopyEdits = field(default_factory=CopyEdits)

    def for_paragraphs(self) -> Context:
        """What a rule that reads one paragraph on its own may use: no period, no date, no notes
        on the school. Documents of one batch share it (and most paragraphs), so it keys a cache."""
        school = replace(self.school, notes=()) if self.school else None
        return replace(self, school=school, period=None, date=None)


@dataclass(frozen=True)
class Finding:
    """One problem found: which rule, where, a short quote and how to fix it (Chinese)."""

    rule: str  # rule id, e.g. "fit.stage"
    name: str  # the rule's Chinese name
    index: int  # paragraph number (1-based), 0 for the whole document
    heading: str  # the heading the paragraph stands under
    quote: str
    fix: str

    def as_dict(self) -> dict:
        """The finding as plain data (the manifest and the web page)."""
        return {
            "rule": self.rule,
            "name": self.name,
            "paragraph": self.index,
            "heading": self.heading,
            "quote": self.quote,
            "fix": self.fix,
        }


def quote(text: str, around: str = "") -> str:
    """A short quote of ``text``, centred on ``around`` when given."""
    text = text.strip()
    if around and around in text and len(text) > QUOTE_CHARS:
        start = max(0, text.index(around) - QUOTE_CHARS // 3)
        text = text[start:]
        return ("…" if start else "") + (text[:QUOTE_CHARS] + "…" if len(text) > QUOTE_CHARS else text)
    return text[:QUOTE_CHARS] + "…" if len(text) > QUOTE_CHARS else text


def finding(rule: str, name: str, para: Para, text: str, fix: str, around: str = "") -> Finding:
    """A finding at a paragraph, quoting ``text`` (around a word when given)."""
    return Finding(rule, name, para.index, para.heading or para.part, quote(text, around), fix)
