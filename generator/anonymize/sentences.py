"""One sentence or clause: kept with its placeholders, or dropped with the reason why.

A sentence goes when it names a person, a place or another school; when it is bound to its
original occasion (刚才…讲了, 会后参观, 下面请…); when it speaks for a province, county or
several schools; when it carries a dated slogan; or when a name or figure in it has no
placeholder.
"""

from __future__ import annotations

import re

from .dated import dated_pattern
from .lexicon import Span
from .placeholders import fill_placeholders

OWN_SCHOOL_RE = re.compile(r"我校|本校|我园|本园|我们学校")
FILLER_RE = re.compile(r"[xX×ＸｘＸ]{2}|某某|○○")
OCCASION_RE = re.compile(
    r"刚才|刚刚|会后|会前|(?:下面|接下来)[，,]?\s*(?:请|由|有请)|参观(?:交流|学习|考察)|进行参观|现场参观|观摩|"
    r"现场会|今天由|由我代表|(?:这次|本次|此次)会议是|请大家审议|主持人"
)
# Sentences written for or to a whole province, city or county (a bureau's speech to many
# schools): a single school's document cannot say them.
SCOPE_RE = re.compile(
    r"我(?:省|市|县|区)(?!域)|全(?:省|市|县)|各(?:省|市|县|区|地)(?!域)|市、县|县（区）|县\(区\)|县区|"
    r"各(?:学校|中小学|级各类学校|校(?!区|园))|多数学校|少数学校|一些学校|个别学校"
)
DROP_KINDS = ("person", "other_school", "org", "place")  # in order of the reason reported


_EVERY_SCHOOL = re.compile(r"^(\s*)(?:各地)?各(?:学校|校)(?:都)?要")


def own_demand(unit: str) -> str:
    """A demand a bureau makes of every school (各学校要加强…队伍建设。) is one a school makes of
    itself: 学校要加强…. A sentence still written for many schools after that is dropped."""
    return _EVERY_SCHOOL.sub(r"\1学校要", unit)


def process_unit(unit: str, spans: list[Span], year: int | None) -> tuple[str, str | None]:
    """Rewrite one sentence/clause, or give the reason to drop it."""
    for kind in DROP_KINDS:
        if any(s.kind == kind for s in spans):
            return "", kind
    schools = {unit[s.start : s.end] for s in spans if s.kind == "school"}
    if len(schools) > 1 or schools and OWN_SCHOOL_RE.search(unit):
        return "", "other_school"  # 我校与某小学结对: the named school is another one
    if len({unit[s.start : s.end] for s in spans if s.kind == "place_org"}) > 1:
        return "", "place"
    if OCCASION_RE.search(unit):
        return "", "occasion"
    unit = own_demand(unit)
    if SCOPE_RE.search(unit):
        return "", "scope"
    if dated_pattern().search(unit):
        return "", "dated"
    text, reason = fill_placeholders(unit, spans, year)
    if reason:
        return "", reason
    if FILLER_RE.search(text):
        return "", "filler"
    return text, None
