"""The period a document covers follows from its kind and date; time words follow the period."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import period


@pytest.mark.parametrize(
    "kind, day, label",
    [
        ("plan", "2026-03-05", "2025—2026学年第二学期"),  # early in a term: this term
        ("plan", "2026-06-25", "2026—2027学年第一学期"),  # its last weeks: the next term
        ("plan", "2026-08-20", "2026—2027学年第一学期"),  # a holiday: the term that follows
        ("scheme", "2026-01-10", "2025—2026学年第二学期"),
        ("summary", "2026-03-05", "2025—2026学年第一学期"),  # a term's first weeks: the previous term
        ("summary", "2026-06-25", "2025—2026学年第二学期"),  # its end: this term
        ("summary", "2026-08-20", "2025—2026学年第二学期"),
        ("report", "2026-10-15", "2026—2027学年第一学期"),
        ("speech", "2026-03-05", "2025—2026学年第二学期"),
        ("speech", "2026-01-10", "2025—2026学年第一学期"),
    ],
)
def test_the_default_period_depends_on_kind_and_date(kind, day, label):
    assert period.default_period(kind, dt.date.fromisoformat(day)).label == label


def test_a_plan_is_dated_before_the_end_of_its_period_and_a_summary_after_its_start():
    for day in (dt.date(2026, m, d) for m in range(1, 13) for d in (1, 10, 20)):
        plan, summary = period.default_period("plan", day), period.default_period("summary", day)
        assert day < plan.end - dt.timedelta(days=14)
        assert day >= summary.start + dt.timedelta(days=28)


@pytest.mark.parametrize(
    "unit, day, label",
    [
        ("年度", "2026-12-20", "2026年度"),
        ("年度", "2027-01-05", "2026年度"),
        ("学年", "2026-07-01", "2025—2026学年"),
    ],
)
def test_years_and_school_years(unit, day, label):
    assert period.default_period("summary", dt.date.fromisoformat(day), unit).label == label


def test_time_words_are_rewritten_for_the_period():
    text = "过去的一年，我校……年初制订了计划，全年无安全事故。"
    assert period.retime(text, "学期") == "过去的一学期，我校……开学初制订了计划，本学期无安全事故。"
    assert period.retime("一学期来，本学期完成了维修。", "年度") == "一年来，今年完成了维修。"
    assert period.retime("今年初中部新建了食堂。", "学期") == "本学期初中部新建了食堂。"


def test_foreign_time_words_are_found():
    assert period.foreign_time_words("一年来，本学期……", "学期") == ["一年来"]
    assert period.foreign_time_words("学年初制定计划，学年底总结。", "学年") == []  # its own words
    assert period.retime("学年初制定计划；年初", "学年") == "学年初制定计划；学年初"
    assert period.foreign_time_words("本学期……", "学期") == []


def test_the_title_names_the_period():
    assert period.from_title("某校2025—2026学年第二学期后勤工作总结").label == "2025—2026学年第二学期"
    assert period.from_title("某校2026年度后勤工作总结").unit == "年度"
    assert period.from_title("某校2026年春季学期工作计划").label == "2025—2026学年第二学期"
    assert period.from_title("在后勤工作会议上的讲话") is None
