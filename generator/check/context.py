"""What a check knows beyond the text: kind, school, period and date, from the profile or the text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import lexicon, period
from ..errors import ProfileError
from ..model import DocPara, Profile
from ..profile import parse_date
from ..school import School, school_of
from .findings import Context

_KIND_WORDS = (
    ("speech", "讲话"),
    ("report", "汇报"),
    ("scheme", "方案"),
    ("summary", "总结"),
    ("plan", "计划|要点"),
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_SCHOOL = re.compile(r"^(.{2,30}?(?:学校|小学|中学|幼儿园|完小|中心校|学院))")


def context_for(
    paras: list[DocPara],
    profile: Profile | None = None,
    kind: str = "",
    topics: list[str] | None = None,
    corpus_dir: Path | None = None,
    school: School | None = None,
    known_period: period.Period | None = None,
) -> Context:
    """The context of a document: given facts first, else what its title, date and closing lines say."""
    title = next((p.text for p in paras if p.kind == "title"), "")
    kind = kind or _kind_from(title)
    if school is None:
        school = _school(paras, title, profile, topics or [])
    speaker = " ".join(p.text for p in paras if p.kind == "speaker")
    return Context(
        kind=kind,
        school=school,
        period=known_period or period.from_title(title),
        date=_date(paras),
        principal_speaks=not speaker or "校长" in speaker or (profile is not None and _principal(profile)),
        students_addressed=any("同学" in p.text for p in paras if p.kind == "salutation"),
        fit=lexicon.fit_words(corpus_dir),
        edits=lexicon.copy_edits(corpus_dir),
    )


def _kind_from(title: str) -> str:
    """The kind a title names (…讲话, …工作总结), or ""."""
    return next((kind for kind, words in _KIND_WORDS if re.search(words, title)), "")


def _school(paras: list[DocPara], title: str, profile: Profile | None, topics: list[str]) -> School | None:
    """The school from the profile, else from the name in the signature or the title."""
    if profile is None or not profile.get("学校名称"):
        names = [p.text for p in paras if p.kind == "signature"] + [title]
        name = next((m[1] for text in names if (m := _SCHOOL.match(text))), "")
        if not name:
            return None
        profile = Profile({"学校名称": name})
    if not profile.get("寄宿").strip() and _boards(paras):
        profile = Profile({**profile.fields, "寄宿": "是"}, dict(profile.extra))
    return school_of(profile, topics)


def _boards(paras: list[DocPara]) -> bool:
    """True when a heading of the document is about its boarders (学生宿舍管理…): a school that
    writes a part on them has them, though nobody said so."""
    return any(p.kind.startswith("h") and _BOARDING_HEAD.search(p.text) for p in paras)


_BOARDING_HEAD = re.compile(r"宿舍|寝室|住宿|公寓|寄宿")


def _principal(profile: Profile) -> bool:
    """True when the profile's speaker is its principal (or no other speaker is named)."""
    speaker = profile.get("讲话人")
    return not speaker or speaker == profile.get("校长") or "校长" in profile.get("职务")


def _date(paras: list[DocPara]) -> dt.date | None:
    """The document's date: its date line, else the speaker line."""
    for para in [p for p in paras if p.kind == "date"] + [p for p in paras if p.kind == "speaker"]:
        m = _DATE.search(para.text)
        if m:
            try:
                return parse_date(m[0])
            except ProfileError:
                return None
    return None
