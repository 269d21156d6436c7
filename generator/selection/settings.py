"""The tuning values of selection, each with what it does and why it has its value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectionSettings:
    """How selection weighs, sizes and spreads the sections it chooses."""

    bm25_k1: float = 1.5
    """BM25 term saturation: the usual value, so a topic word's fifth use adds little over its second."""

    bm25_b: float = 0.75
    """BM25 length normalisation: the usual value, so a long section does not win on length alone."""

    top_k: int = 6
    """A seeded choice turns through this many best candidates: other seeds give other documents
    (a part of three sections shares at most half of them with the next seed's), while every choice
    stays a good fit (all candidates have passed the fit of school, speaker and job)."""

    length_low: float = 0.96
    length_high: float = 1.04
    """The sections' total aims inside ±4 % of the body's length, so that with the template's own
    text (an estimate) the document stays inside ±10 % of the length asked for."""

    min_part: int = 30
    """A trimmed section keeps at least this many characters: less reads as a fragment."""

    topic_floor: float = 0.15
    """A topic's part takes only text whose relevance to the topic (BM25) is at least this share of
    the most relevant text's: a section naming the topic in passing (改善学生住宿环境 in a list of
    tasks) is about something else."""

    min_said: int = 15
    """What a section must say beyond its heading to report an achievement, an experience or a
    problem: a title alone (改善教学环境和学习环境。) reports nothing."""

    section_size: int = 200
    """A typical section's length: a large budget lets a slot take one more section per this many
    characters beyond its recipe's count."""

    min_group: int = 45
    """The least text worth giving one part of the outline; a length too short for this per part
    is a usage error."""

    role_weights: tuple[float, ...] = (1.0, 0.85, 0.72, 0.6)
    """Fit by the position of the section's role among the slot's roles: the first role named fits
    best; the last weight stands for every later role."""

    dynamic_max: float = 1.3
    """The largest factor that length fit and topic variety together can give a fixed score (the
    variety bonus): a candidate whose fixed score times this cannot reach the best few ends a scan."""

    spread_decay: float = 0.3
    """In a batch, a candidate's score falls by this factor for each earlier document that used it
    beyond the least used candidate: the rotation stays as strong in the thousandth document as in
    the second."""

    batch_cap: float = 0.2
    """In a batch, a slot takes at most this share of the text it can draw on: two documents drawing
    a share x of one pool share about x of that part, and the batch bounds a pair's share at 30 %."""

    grow_max: float = 2.5
    """... and a slot with text to spare grows to at most this many times its share, so a document
    keeps the proportions of its kind: a summary short of achievements stays short (and says so)
    rather than growing its 下一步 part into half the document."""

    batch_grow: float = 1.5
    """In a batch, a slot given the length another slot could not use grows to at most this many
    times its share, and no further: a summary whose achievements are worn stays a summary (a
    shorter one, its pairs sharing more) instead of becoming two thirds 下一步工作打算. Distinctness
    is never bought with a document out of proportion."""

    main_lead: float = 1.1
    """A part grows (to make up a length another part could not fill) only while it holds less than
    this many times the kind's main part (the slot with the largest share: a summary's
    achievements). A summary short of achievements stays a summary, its 下一步 at most a tenth
    longer than them (its headings and the closing words come on top), rather than the long
    document of plans it would otherwise become."""

    topic_chars: int = 300
    """A default topic needs this much text doing its part's job (after the school's fit): a topic
    with one short passage would make a part of two lines under its own heading."""

    topic_decay: float = 0.3
    """In a batch's draw of default topics, a topic's weight falls by this factor per drawn topic an
    earlier document shares with it: two schools on the same topics would tell the same stories."""

    tier_factor: float = 0.6
    """In a batch, text of a looser tier (a neutral mood, a topic found by BM25 but not tagged) scores
    this factor lower per tier: a weaker but fresh section beats a strong one the batch has worn."""

    max_scan: int = 32
    """In a batch, a choice looks at this many free candidates in order of fixed score (the least
    worn first): enough for variety, and the cost stays flat in a large corpus."""

    pair_mild: float = 0.85
    pair_soft: int = 4
    pair_decay: float = 0.2
    """A candidate's score falls by ``pair_mild`` per paragraph it would make this document share
    with the earlier document of the batch it shares most with, and by ``pair_decay`` more for each
    paragraph past ``pair_soft``: a few shared paragraphs are harmless, many break the 30 % bound."""

    worn_out: float = 0.15
    """An optional slot whose every candidate this share of a batch's documents already used stays
    empty (the template's varied text takes its place)."""

    worn_docs: int = 4
    """... and at least this many of them: in a small batch the pairwise guard keeps documents
    apart, and a school should not lose a part because one neighbour used its passages."""

    uncut_roles: frozenset[str] = frozenset({"closing", "salutation", "signature"})
    """Roles never trimmed: a closing call's last sentence is its point."""

    spoken_kinds: frozenset[str] = frozenset({"speech", "report"})
    """Kinds delivered aloud: an address to the audience (同志们，…) fits them and is dropped elsewhere."""

    genre_roles: frozenset[str] = frozenset({"opening", "closing"})
    """Roles bound to their kind of document: a speech's opening fits no summary."""


SETTINGS = SelectionSettings()

TOPIC_KEY = "#"
"""A Spread key for a default topic is this plus the topic's name (section ids never start so)."""
