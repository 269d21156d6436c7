"""Fit rules: text for another kind of school, the wrong speaker, the wrong period."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import period as periods
from ..sentences import split_sentences
from .findings import Context, Finding, Para, finding

WRITTEN = frozenset({"plan", "summary", "scheme"})  # the school's own written voice
SPOKEN_BY_PRINCIPAL = frozenset({"speech", "report"})
_FIRST_PERSON = re.compile(r"(?<![自忘本])我(?![们校国省市县区乡镇园院])")
_DEPLOYS = re.compile(  # 本学期要… deploys the term; 本学期即将结束 and …下学期…的要求 do not
    r"本学期(?!即将|就要|已|将要|快要)(?:(?!下学期|假期)[^。]){0,30}?(?:要(?![求点素])|(?<!即)将|必须|务必)"
)
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
DEADLINE_DAYS = 14  # a plan dated this close to its period's end is too late
FRESH_DAYS = 28  # a summary dated this soon after its period starts is too early
TERM_END_DAYS = 28  # a speech this close to a term's end should not deploy that term


def paragraph(para: Para, ctx: Context) -> Iterator[Finding]:
    """Yield the fit findings of one paragraph on its own: school and voice, sentence by sentence."""
    if para.kind not in ("body", "h1", "h2", "h3", "h4"):
        return
    for sentence in split_sentences(para.text):
        yield from _school(para, sentence, ctx)
        yield from _voice(para, sentence, ctx)


def check(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Yield the fit findings of the document as a whole: its time words and dates."""
    yield from _period(paras, ctx)


def _school(para: Para, sentence: str, ctx: Context) -> Iterator[Finding]:
    """Stage, setting and boarding of the school against the cue words of a sentence."""
    school = ctx.school
    if school is None:
        return
    for group in ctx.fit.stages:
        found = ctx.fit.find(sentence, group.words)
        if found and school.stage and not (school.levels & group.allowed):
            yield finding(
                "fit.stage",
                "学段不符",
                para,
                sentence,
                f"“{found[0]}”是{'、'.join(sorted(group.allowed))}的内容，本校是{school.stage}：删去或改写这句话。",
                found[0],
            )
    for group in ctx.fit.settings:
        found = ctx.fit.find(sentence, group.words)
        if found and school.setting not in group.allowed:
            where = school.setting or "城乡不明"
            yield finding(
                "fit.setting",
                "城乡不符",
                para,
                sentence,
                f"“{found[0]}”只适合{'、'.join(sorted(group.allowed))}学校（本校：{where}）：删去这句话。",
                found[0],
            )
    found = ctx.fit.find(sentence, ctx.fit.boarding)
    if found and not school.boarding:
        yield finding(
            "fit.boarding",
            "寄宿不符",
            para,
            sentence,
            f"本校没有寄宿生，“{found[0]}”不适用：删去这句话，或在学校信息中填写“寄宿: 是”。",
            found[0],
        )


_VOICE_RULES = (
    # (voice, kinds it is wrong in, rule id, name, fix)
    (
        "上级",
        None,
        "voice.superior",
        "上级口吻",
        "这是教育行政部门对各校的口吻，学校自己的文稿不这样写：删去或改为“我校……”。",
    ),
    (
        "个人",
        None,
        "voice.individual",
        "个人述职口吻",
        "这是个人述职的口吻，学校的文稿不这样写：删去或改为学校的口吻。",
    ),
    (
        "下属",
        SPOKEN_BY_PRINCIPAL,
        "voice.subordinate",
        "下属口吻",
        "校长本人讲话或汇报，不会这样说学校领导：删去或改写。",
    ),
    (
        "讲话",
        WRITTEN,
        "voice.spoken",
        "讲话口吻",
        "这是对听众讲话的口吻，书面的计划、总结、方案不这样写：删去或改写。",
    ),
)


def _voice(para: Para, sentence: str, ctx: Context) -> Iterator[Finding]:
    """Who speaks in a sentence, against the kind of document."""
    for voice, kinds, rule, name, fix in _VOICE_RULES:
        if kinds is not None and ctx.kind not in kinds:
            continue
        if voice == "下属" and not ctx.principal_speaks:
            continue
        found = ctx.fit.find(sentence, ctx.fit.voices.get(voice, ()))
        if found:
            yield finding(rule, name, para, sentence, fix, found[0])
    if ctx.kind == "speech" and not ctx.students_addressed:
        found = ctx.fit.find(sentence, ctx.fit.voices.get("学生", ()))
        if found:
            yield finding(
                "voice.students",
                "对象不符",
                para,
                sentence,
                "这是教职工会议的讲话，不对学生讲话：删去或改为“同志们”“老师们”。",
                found[0],
            )
    if ctx.kind in WRITTEN and _FIRST_PERSON.search(sentence):
        yield finding(
            "voice.first_person",
            "个人口吻",
            para,
            sentence,
            "学校的文稿用“我校”“我们”，不用“我”：改写这句话。",
            "我",
        )


def _period(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Time words and dates against the period the title names."""
    period = ctx.period
    if period is None:
        return
    for para in paras:
        if para.kind in ("body", "h1", "h2", "h3", "h4"):
            for word in dict.fromkeys(periods.foreign_time_words(para.text, period.unit)):
                yield finding(
                    "period.words",
                    "时间用语不符",
                    para,
                    para.text,
                    f"本文是{period.label}的文稿，“{word}”与之不符："
                    f"改为本期的说法（如“{periods.retime(word, period.unit)}”）。",
                    word,
                )
    yield from _dated(paras, ctx)


def _dated(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """The date line against the period: plans before its end, summaries after its start."""
    period, day = ctx.period, ctx.date
    if period is None or day is None:
        return
    where = next((p for p in reversed(paras) if p.kind in ("date", "speaker")), paras[0])
    if ctx.kind in ("plan", "scheme") and (period.end - day).days < DEADLINE_DAYS:
        yield finding(
            "period.date",
            "日期不符",
            where,
            where.text,
            f"计划或方案的日期在所计划的{period.label}结束前后，应写在期间开始之前或之初：核对日期或期间。",
        )
    if ctx.kind in ("summary", "report") and (day - period.start).days < FRESH_DAYS:
        yield finding(
            "period.date",
            "日期不符",
            where,
            where.text,
            f"总结的日期在{period.label}刚开始时，这一期的工作还没有做：核对日期，或总结上一期。",
        )
    if ctx.kind == "speech" and period.unit == "学期" and 0 <= (period.end - day).days < TERM_END_DAYS:
        for para in paras:
            m = _DEPLOYS.search(para.text) if para.kind == "body" else None
            if m:
                yield finding(
                    "period.deploy",
                    "期末部署本学期",
                    para,
                    para.text,
                    "讲话在学期末，不宜再部署本学期的工作：改为回顾本学期、安排下学期或假期。",
                    m[0],
                )
    yield from _schedule(paras, ctx)


def _schedule(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """A plan's or scheme's timetable must not start before its own date."""
    if ctx.kind not in ("plan", "scheme") or ctx.date is None:
        return
    first = (ctx.date.year, ctx.date.month)
    for para in paras:
        for m in _MONTH.finditer(para.text if para.kind != "date" else ""):
            if (int(m[1]), int(m[2])) < first:
                yield finding(
                    "period.schedule",
                    "安排早于日期",
                    para,
                    para.text,
                    "时间安排早于成文日期：从成文日期之后开始安排。",
                    m[0],
                )
                break
