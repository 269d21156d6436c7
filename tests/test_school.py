"""A school's stage, setting and boarding: given, or inferred from its name, place and topics."""

from __future__ import annotations

import pytest

from generator.model import Profile
from generator.school import school_of


@pytest.mark.parametrize(
    "name, stage, setting",
    [
        ("临江市第一高级中学", "高中", "城市"),
        ("东湖区第二初级中学", "初中", "城市"),
        ("青山县实验小学", "小学", "县城"),
        ("松岭镇九年一贯制学校", "九年一贯制", "农村"),
        ("城南幼儿园", "幼儿园", ""),
        ("育才实验中学", "完全中学", ""),
        ("青禾县职业中学", "中职", "县城"),
    ],
)
def test_stage_and_setting_are_inferred_from_the_name(name, stage, setting):
    school = school_of(Profile({"学校名称": name}), [])
    assert (school.stage, school.setting) == (stage, setting)
    assert any("推断" in note or "不明" in note for note in school.notes)


def test_given_fields_win_and_are_not_noted_as_inferred():
    profile = Profile({"学校名称": "育才实验中学", "学段": "初中", "城乡": "农村", "寄宿": "是"})
    school = school_of(profile, [])
    assert (school.stage, school.setting, school.boarding, school.notes) == ("初中", "农村", True, ())


def test_a_nine_year_school_teaches_primary_and_junior_levels():
    assert school_of(Profile({"学校名称": "某校", "学段": "九年一贯制学校"}), []).levels == {"小学", "初中"}


def test_boarding_follows_the_dormitory_topic_when_not_given():
    assert school_of(Profile({"学校名称": "青山县实验小学"}), ["宿舍"]).boarding
    assert not school_of(Profile({"学校名称": "青山县实验小学"}), ["食堂与饮食安全"]).boarding
    assert not school_of(Profile({"学校名称": "青山县实验小学", "寄宿": "否"}), ["宿舍"]).boarding
