"""Which text fits this document: the school's stage, setting and boarding, the speaker, the period.

A section whose own fit excludes the school or the speaker is never a candidate; a paragraph or
sentence whose condition excludes them is left out of the section's text. Time words are
rewritten to the document's period (一年来 → 一学期来), and at a speech's end of term the work
ahead is the next term's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import fit_words
from ..model import Condition, Fit, Request, Section, chinese_chars
from ..period import Period, retime
from ..school import School
from ..sentences import (
    CN_DIGITS,
    drop_leading_connector,
    drop_list_items,
    recount,
    split_units,
    unkept_announcements,
)

NEVER = frozenset({"students"})  # no document the tool writes speaks to pupils
SPEAKING_KINDS = frozenset({"speech"})  # only a speech addresses its audience (同志们, 我讲…)
HEADED_KINDS = frozenset({"speech", "report"})  # delivered by the principal, unless another speaker is named
_ITEM = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九十])(是|要)")
_PREMISE = re.compile(r"^\s*(?:随着|由于|因为|为了|鉴于|面对|根据)")


@dataclass(frozen=True)
class Reader:
    """Who the document is for and how it speaks: what decides whether a text fits."""

    school: School
    kind: str
    principal: bool  # the principal speaks (a speech or report without another speaker named)
    period: Period
    phase: str  # start | middle | end: where the document's date falls in its period

    @property
    def key(self) -> tuple:
        """What a section's fitted text depends on (texts are kept per key)."""
        s = self.school
        return (s.levels, s.setting, s.boarding, self.kind, self.principal, self.period.unit, self.phase)


def reader_of(request: Request, school: School, period: Period, phase: str) -> Reader:
    """The reader of a request: its school, kind and speaker, and the period of the document."""
    profile = request.profile
    speaker = profile.get("讲话人")
    principal = not speaker or speaker == profile.get("校长") or profile.get("职务") == "校长"
    return Reader(school, request.kind, principal, period, phase)


def fits(fit: Fit, reader: Reader) -> bool:
    """True when text with this fit may stand in the reader's document."""
    return fits_school(fit, reader.school) and fits_voice(fit.voice, reader)


def fits_school(fit: Fit, school: School) -> bool:
    """Stage, setting and boarding: text about another kind of school does not fit."""
    if fit.stages and not set(fit.stages) & school.levels:
        return False
    if fit.settings and school.setting not in fit.settings:
        return False
    return not fit.boarding or school.boarding


def fits_voice(voice: str, reader: Reader) -> bool:
    """An address to an audience fits only a speech; the words of someone under the school's
    leadership fit no speech or report the principal gives."""
    if voice in NEVER:
        return False
    if voice == "leader":
        return reader.kind in SPEAKING_KINDS
    if voice == "subordinate":
        return not (reader.kind in HEADED_KINDS and reader.principal)
    return True


def fitted_paragraphs(section: Section, reader: Reader) -> list[str]:
    """The section's paragraphs fitted to the reader. A paragraph or unit whose condition excludes
    the reader goes, unless only items of a 、-list carry the foreign words (教学楼、宿舍楼、食堂:
    the item goes); a list whose items went is numbered anew, an announcement left without its
    points goes, and so does a connector left first."""
    dropped = [c for c in section.conditions if not fits(c.fit, reader)]
    if not dropped:
        return [p for p in section.paragraphs if not _too_early(p, reader)]
    foreign = foreign_words(reader)
    out = []
    for i, para in enumerate(section.paragraphs):
        text = "" if _too_early(para, reader) else _fitted(para, [c for c in dropped if c.para == i], foreign)
        if text and (text == para or not _remnant(text, section.heading)):
            out.append(renumber(text) if text != para else text)
    if out and out[0] != section.paragraphs[0]:
        out[0] = drop_leading_connector(out[0])
    return out


def _fitted(para: str, dropped: list[Condition], foreign: tuple[str, ...]) -> str:
    """A paragraph without its excluded units ("" when the whole paragraph goes)."""
    if not dropped:
        return para
    if any(c.sentence < 0 for c in dropped):
        mended = recount(drop_list_items(para, foreign))
        return mended if mended != para and not _holds(mended, foreign) else ""
    gone = {c.sentence for c in dropped}
    units = [_mend(u, foreign) if j in gone else u for j, u in enumerate(split_units(para))]
    units = [u for u in units if u]
    unkept = unkept_announcements(units)
    units = [u for u in units if u not in unkept]
    if all(_PREMISE.match(u) for u in units):
        return ""  # only the premise is left (随着…发生了新的变化。): what it led to went
    return close(recount("".join(units).strip()))


_TERM_START = re.compile(r"迎接(?:全体)?师生(?:返校|开学)|(?:顺利|平稳)开启|开学以来[^。]{0,60}阶段性")


def _too_early(para: str, reader: Reader) -> bool:
    """True for a report of a term's first weeks (以崭新面貌迎接师生返校, 取得了阶段性成效) where it
    reads as if the term had just begun: in any summary (it looks back on a whole period), in a
    report or speech past the period's first weeks."""
    if not _TERM_START.search(para):
        return False
    return reader.kind == "summary" or (reader.kind in ("report", "speech") and reader.phase != "start")


REMNANT_CHARS = 25  # what is left of a cut paragraph beyond its heading, below which it says nothing


def _remnant(text: str, heading: str) -> bool:
    """True when a paragraph that lost units keeps too little besides its heading to do a job
    (要加强舆论宣传。进步来自思想解放，落后缘于观念陈旧。 once the deployment went)."""
    head = re.sub(r"[。；，：\s]", "", heading)
    rest = [u for u in split_units(text) if not head or re.sub(r"[。；，：\s]", "", u) != head]
    return chinese_chars("".join(rest)) < REMNANT_CHARS


def _mend(unit: str, foreign: tuple[str, ...]) -> str:
    """A unit with its foreign list items dropped, or "" when the unit itself is foreign."""
    mended = drop_list_items(unit, foreign)
    return mended if mended != unit and not _holds(mended, foreign) else ""


def _holds(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def foreign_words(reader: Reader) -> tuple[str, ...]:
    """The cue words of fit.yaml naming what the reader's school is not (宿舍 for a day school)."""
    words = fit_words()
    school = reader.school
    found = [w for g in words.stages if not g.allowed & school.levels for w in g.words]
    found += [w for g in words.settings if school.setting not in g.allowed for w in g.words]
    found += [] if school.boarding else list(words.boarding)
    return tuple(found)


def close(text: str) -> str:
    """A paragraph whose last unit went ends with a full stop, not a semicolon or comma."""
    return text[:-1] + "。" if text and text[-1] in "；;，,、" else text


def renumber(text: str) -> str:
    """一是… 三是… 四是… after the second went: 一是… 二是… 三是…"""
    if len(_ITEM.findall(text)) < 2:
        return text
    count = iter(CN_DIGITS)
    return _ITEM.sub(lambda m: next(count) + m[2], text)


def stage_words(text: str, reader: Reader) -> str:
    """The text in the words of the school's stage (fit.yaml's 用语: a kindergarten's 幼儿, 师幼)."""
    return fit_words().worded(text, reader.school.stage)


def time_words(text: str, reader: Reader, tense: str) -> str:
    """Time words of the document's period; at a speech's end of term, work ahead is the next term's."""
    text = retime(text, reader.period.unit)
    if reader.kind in SPEAKING_KINDS and reader.phase == "end" and tense == "todo":
        text = text.replace(reader.period.this, reader.period.next)
    if reader.kind in SPEAKING_KINDS and reader.phase != "end" and tense == "done":
        text = text.replace(reader.period.since, "开学以来").replace("过去的一学期", "开学以来")
    return text
