"""Fit: which schools, speakers and document parts a section suits (corpus/fit.yaml's cues).

A cue in a heading or filling the whole text limits the section (``Section.fit``); a cue that
opens a paragraph limits that paragraph, one later in a paragraph only its sentence
(``Section.conditions``), so generation can leave out what does not fit a school and keep the
rest. The function (achievement, problem, task, safeguard …) and tense come from the role,
the mood and the wording, so a slot takes only text that does its job.
"""

from __future__ import annotations

import re

from ..lexicon import FitWords
from ..model import Condition, Fit, Section
from ..sentences import split_clauses, split_sentences, split_units
from .kinds import article_kind

_RULE_CLAUSE = re.compile(r"^(?:学生)?不(?:在|爬|玩|带|吃|喝|得|乱|到|与|准|体罚|单独|私自|追|推)")
# Points under 学生方面, 对教师要求, 环境卫生要求…: rules for people, not the school's work.
_RULE_PARENT = re.compile(r"^(?:对)?(?:学生|教师|老师)(?:方面|要求)?$|行为|守则|须知|要求$")
_BACKGROUND_HEAD = re.compile(r"性功能$|的意义$|重要性|的作用$|形势|与育人$")
# A safeguard names who leads, pays and answers for the work; 考核 or 督查 of one task is a measure.
_SAFEGUARD_HEAD = re.compile(
    r"保障措施|组织领导|加强领导|领导小组|经费保障|资金保障|问责|责任追究|落到实处|组织保障"
)
_FUTURE = re.compile(r"设想|打算|计划|拟|将要|下一步|今后")
# 我 speaking as one person (not 我们, 我校, 自我…): a speaker's words, no school's written voice.
FIRST_PERSON = re.compile(r"(?<![自忘本])我(?![们校国省市县区乡镇园院])")
FRAME_ROLES = frozenset({"salutation", "opening", "closing", "signature"})
MIN_REST = 20  # characters the rest of a section must keep for a cue to stay a condition


def tag_fit(sections: list[Section], words: FitWords) -> None:
    """Set ``fit`` and ``conditions`` on each section of one file, in place."""
    headings = {s.id: s.heading for s in sections}
    for section in sections:
        section.conditions = _conditions(section, words)
        section.fit = _section_fit(section, words)
        section.fit.function = function_of(section, words, headings.get(section.parent or "", ""))
        section.fit.tense = tense_of(section)
        _promote(section)


def limits(text: str, words: FitWords) -> Fit | None:
    """The fit a piece of text's cue words impose, or None when it has none."""
    stages = _narrowest([g.allowed for g in words.stages if words.find(text, g.words)])
    settings = {v for g in words.settings if words.find(text, g.words) for v in g.allowed}
    boarding = bool(words.find(text, words.boarding))
    voice = _voice(text, words)
    if not (stages or settings or boarding or voice != "school"):
        return None
    return Fit(sorted(stages), sorted(settings), boarding, voice)


def _narrowest(groups: list[frozenset[str]]) -> set[str]:
    """The stages all cues agree on (高三 and 晚自习: 高中); if they disagree (小学部 and 初中部), any."""
    if not groups:
        return set()
    common = set.intersection(*map(set, groups))
    return common or set().union(*groups)


def _voice(text: str, words: FitWords) -> str:
    """The narrowest voice a text's cues show: students > subordinate > leader > school."""
    for voice, key in (("students", "学生"), ("subordinate", "下属"), ("leader", "讲话")):
        if words.find(text, words.voices.get(key, ())):
            return voice
    return "leader" if FIRST_PERSON.search(text) else "school"


def _conditions(section: Section, words: FitWords) -> list[Condition]:
    """A condition for each paragraph opened by a cue, and each later unit (a sentence, or an item of
    a ；-list) holding one."""
    out = []
    for i, para in enumerate(section.paragraphs):
        for j, unit in enumerate(split_units(para)):
            fit = limits(unit, words)
            if fit is None:
                continue
            # a cue in the paragraph's topic sentence limits the paragraph, a later one its unit
            out.append(Condition(i, -1, para, fit) if j == 0 else Condition(i, j, unit, fit))
    return out


def _section_fit(section: Section, words: FitWords) -> Fit:
    """The section's own limits: those of its heading, else none (conditions hold the rest)."""
    return limits(section.heading, words) or Fit()


def _promote(section: Section) -> None:
    """Conditions that leave too little of the section become the section's own fit."""
    rest = sum(len(p) for p in section.paragraphs) - sum(len(c.text) for c in section.conditions)
    if section.conditions and rest < MIN_REST:
        for condition in section.conditions:
            section.fit = merge(section.fit, condition.fit)
        section.conditions = []


def merge(a: Fit, b: Fit) -> Fit:
    """The limits of both: any stage either names, the narrower voice, boarding if either."""
    order = ["school", "leader", "subordinate", "students"]
    return Fit(
        sorted(set(a.stages) | set(b.stages)),
        sorted(set(a.settings) | set(b.settings)),
        a.boarding or b.boarding,
        max(a.voice, b.voice, key=order.index),
        a.function,
        a.tense,
    )


def function_of(section: Section, words: FitWords, parent_heading: str = "") -> str:
    """What the section does in a document (achievement, problem, task, safeguard …)."""
    text = section.heading + "\n" + section.text
    if section.role in FRAME_ROLES:
        return "frame"
    if any(p.lstrip().startswith("负责") for p in section.paragraphs) or section.heading.startswith("负责"):
        return "duty"
    if _is_rule(section, parent_heading):
        return "rule"
    if section.role in ("significance", "guiding-thought") or _BACKGROUND_HEAD.search(section.heading):
        return "background"
    if section.paragraphs and _SITUATION.match(section.paragraphs[0]):
        return "background"  # 当前，我们学校正处在发展的关键时期…: the situation, no task
    if section.role == "safeguards" or _SAFEGUARD_HEAD.search(section.heading):
        return "safeguard"
    return _by_role(section, text, words)


_SITUATION = re.compile(r"^(?:当前|目前|当今|现在)[，,]?[^。]{0,20}(?:正处在|正处于|面临)")
_EXHORTATION = re.compile(
    r"意识|态度|精神|作风|观念|修养|角色|纪律|岗位|奉献|荣誉|换位|本职|得失|耐心|细心|示范|原则"
)
_ADDRESSED = re.compile(
    r"(?:大家|同志们|同志|我们|后勤人员|工作人员|全体|每一位|每位)[^。]{0,8}(?:要|必须|应当|应该)"
)


def _by_role(section: Section, text: str, words: FitWords) -> str:
    """The function of an ordinary point, from its role and mood; a "problem" must name one; a
    speech's call on its audience (要牢固树立节约意识, 我们每个同志必须…) or on their attitude
    (宽容大度，不计得失 / 以身作则，做好示范) is a requirement, not a task."""
    speech = article_kind(section.article_title) == "speech"
    exhorts = _EXHORTATION.search(section.heading)
    addressed = _ADDRESSED.search(text) and (speech or exhorts)
    if section.role in ("requirements", "measures") and (addressed or (speech and exhorts)):
        return "requirement"
    if section.role == "problems":
        return "problem" if words.names_problem(text) else ""
    if section.role == "experience":
        return "experience"
    if section.role == "review":
        return "task" if _FUTURE.search(section.heading) else "achievement"
    if section.mood == "review" and not _FUTURE.search(text):
        return "achievement"
    return "task"


def _is_rule(section: Section, parent_heading: str) -> bool:
    """Conduct rules for pupils or teachers: 不在……，不爬……, or points under 学生方面."""
    clauses = [
        c.strip() for s in split_sentences(section.heading + "。" + section.text) for c in split_clauses(s)
    ]
    if sum(1 for c in clauses if _RULE_CLAUSE.match(c)) >= 2:
        return True
    return bool(parent_heading and _RULE_PARENT.search(parent_heading))


def tense_of(section: Section) -> str:
    """done (looks back), todo (asks for action) or "" — what the section's mood and job say."""
    if section.fit.function in ("achievement", "experience"):
        return "done"
    if section.fit.function in ("task", "requirement", "safeguard", "duty", "rule"):
        return "todo"
    return {"review": "done", "directive": "todo"}.get(section.mood, "")
