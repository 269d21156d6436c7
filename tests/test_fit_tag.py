"""Fit tags: where a section fits (stage, setting, boarding, voice) and what job it does."""

from __future__ import annotations

import pytest

from generator.lexicon import fit_words
from generator.model import Section
from generator.tag.fit import tag_fit

WORDS = fit_words()


def tagged(*paragraphs: str, heading: str = "", role: str = "measures", mood: str = "directive", parent=None):
    s = Section(
        "900_t-a1-s02", "900_t.txt", "a1", "t", (1, 1), 1, heading, list(paragraphs), role=role, mood=mood
    )
    s.parent = parent.id if parent else None
    tag_fit([s] + ([parent] if parent else []), WORDS)
    return s


def test_a_cue_opening_a_paragraph_limits_that_paragraph():
    s = tagged(
        "保育员要做到爱生如子，做好小学部寝室的整理工作。悉心关心每一个孩子。",
        "食堂要严把食材采购、验收、储存和加工关，做到每餐留样，留样时间不少于四十八小时。",
    )
    assert [(c.para, c.sentence) for c in s.conditions] == [(0, -1)]
    assert s.conditions[0].fit.stages == ["小学"] and s.conditions[0].fit.boarding
    assert s.fit.stages == []


def test_a_cue_later_in_a_paragraph_limits_its_sentence():
    s = tagged("食堂要严把食材采购、验收、储存和加工关，做到每餐留样。寄宿生的晚餐要按时供应，饭菜保温。")
    assert [(c.para, c.sentence, c.fit.boarding) for c in s.conditions] == [(0, 1, True)]


def test_a_cue_in_the_heading_or_everywhere_limits_the_section():
    assert tagged("严格执行作息制度，按时熄灯。", heading="切实加强寝室管理").fit.boarding
    s = tagged("高三学生的晚自习期间，食堂提供夜宵。")
    assert s.conditions == [] and set(s.fit.stages) == {"高中"}


@pytest.mark.parametrize(
    "text, voice",
    [
        ("同志们，我们要进一步增强服务意识。", "leader"),
        ("最后，祝同学们学习进步。", "students"),
        ("工作中要让学校领导放心，让师生满意。", "subordinate"),
        ("学校建立了食堂陪餐制度。", "school"),
    ],
)
def test_voices(text, voice):
    s = tagged(text)
    assert (s.conditions[0].fit.voice if s.conditions else s.fit.voice) == voice


@pytest.mark.parametrize(
    "kwargs, function",
    [
        (
            dict(paragraphs=["负责水、电及其他物品的检查维修上报，及时解决存在的问题。"], role="problems"),
            "duty",
        ),
        (dict(paragraphs=["不在校园内狂奔、追逐，不爬围墙，不玩火。"]), "rule"),
        (
            dict(paragraphs=["学校的一切工作与后勤部门的安全性功能息息相关。"], heading="安全性功能"),
            "background",
        ),
        (dict(paragraphs=["学校成立领导小组，校长任组长。"], heading="加强组织领导"), "safeguard"),
        (dict(paragraphs=["目前还存在整体进展不平衡的问题。"], role="problems"), "problem"),
        (dict(paragraphs=["及时解决师生反映的各类问题。"], role="problems"), ""),
        (
            dict(paragraphs=["食堂实现了零盈利，结余全部用于改善伙食。"], role="review", mood="review"),
            "achievement",
        ),
        (dict(paragraphs=["严把食材采购关，做到每餐留样。"]), "task"),
        (
            dict(paragraphs=["当前，我们学校正处在发展的关键时期，面临很多困难。我们将不断改进工作。"]),
            "background",
        ),
        (dict(paragraphs=["目前还存在整体进展不平衡的问题。"], role="problems"), "problem"),
    ],
)
def test_functions(kwargs, function):
    paragraphs = kwargs.pop("paragraphs")
    assert tagged(*paragraphs, **kwargs).fit.function == function


def test_points_under_a_pupils_heading_are_conduct_rules():
    parent = Section("900_t-a1-s01", "900_t.txt", "a1", "t", (1, 1), 1, "学生方面", [])
    assert tagged("上下楼梯靠右行，注意安全。", parent=parent).fit.function == "rule"


def test_tense_follows_the_job():
    assert tagged("食堂实现了零盈利。", role="review", mood="review").fit.tense == "done"
    assert tagged("严把食材采购关。").fit.tense == "todo"
