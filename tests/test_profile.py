"""Profiles: Chinese and English keys, validation with Chinese errors, defaults."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import ProfileError
from generator.period import fill_period
from generator.profile import load_profile_file, make_profile, parse_date, term_months

DAY = dt.date(2026, 3, 5)


def test_english_aliases_map_to_chinese_fields():
    p = make_profile({"school": "育才中学", "principal": "王明", "students": "1,200"}, DAY)
    assert p.fields["学校名称"] == "育才中学"
    assert p.fields["校长"] == "王明"
    assert p.fields["学生人数"] == "1200"


def test_defaults_for_a_spring_day():
    p = make_profile({"学校名称": "育才中学", "校长": "王明"}, DAY)
    assert p.fields["日期"] == "2026年3月5日"
    assert p.fields["学校简称"] == "育才中学"
    assert p.fields["讲话人"] == "王明" and p.fields["职务"] == "校长"
    assert p.fields["年份"] == "2026"
    assert "学年" not in p.fields and "学期" not in p.fields  # they follow from the kind (period)


def test_the_term_and_meeting_follow_the_kind_and_date():
    fields = dict(make_profile({"学校名称": "育才中学"}, DAY).fields)
    found = fill_period(fields, "speech")
    assert (found.label, fields["学期"], fields["会议名称"]) == (
        "2025—2026学年第二学期",
        "第二学期",
        "2026年春季学期后勤工作会议",
    )
    summary = dict(make_profile({"学校名称": "育才中学"}, DAY).fields)
    assert fill_period(summary, "summary").label == "2025—2026学年第一学期"  # written as a term starts


def test_a_term_the_user_names_wins():
    fields = dict(
        make_profile({"学校名称": "育才中学", "学年": "2025-2026学年", "学期": "第二学期"}, DAY).fields
    )
    found = fill_period(fields, "summary")
    assert found.label == "2025—2026学年第二学期" and not found.inferred


def test_autumn_term_months():
    assert term_months("第一学期") == [9, 10, 11, 12, 1]


@pytest.mark.parametrize("text", ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "二〇二六年三月五日"])
def test_dates_are_written_in_arabic_numerals(text):
    assert make_profile({"学校名称": "甲", "日期": text}, DAY).fields["日期"] == "2026年3月5日"


def test_chinese_ten_in_dates():
    assert parse_date("二〇二六年十二月二十日") == dt.date(2026, 12, 20)


def test_bad_number_names_the_field():
    with pytest.raises(ProfileError, match="学生人数"):
        make_profile({"学校名称": "甲", "学生人数": "很多"}, DAY)


def test_bad_date_is_explained():
    with pytest.raises(ProfileError, match="2026年3月5日"):
        make_profile({"学校名称": "甲", "日期": "下周一"}, DAY)


def test_unknown_keys_go_to_extra():
    p = make_profile({"学校名称": "甲", "联系电话": "123"}, DAY)
    assert p.extra == {"联系电话": "123"}


def test_yaml_and_json_files(tmp_path):
    y = tmp_path / "p.yaml"
    y.write_text("学校名称: 育才中学\n校长: 王明\n", encoding="utf-8")
    j = tmp_path / "p.json"
    j.write_text('{"school": "育才中学"}', encoding="utf-8")
    assert load_profile_file(y)["校长"] == "王明"
    assert load_profile_file(j)["school"] == "育才中学"


def test_broken_file_message_names_it(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("学校名称: [未闭合\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.yaml"):
        load_profile_file(bad)
    lst = tmp_path / "list.yaml"
    lst.write_text("- 甲\n- 乙\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="字段: 值"):
        load_profile_file(lst)


def test_the_fit_fields_accept_what_users_write_and_say_what_is_wrong():
    profile = make_profile(
        {"学校名称": "甲校", "学段": "九年一贯制学校", "城乡": "乡镇", "寄宿": "有", "期间": "全年"}
    )
    assert [profile.get(k) for k in ("学段", "城乡", "寄宿", "期间")] == ["九年一贯制", "农村", "是", "年度"]
    with pytest.raises(ProfileError, match="城乡.*城市、县城、农村"):
        make_profile({"学校名称": "甲校", "城乡": "郊区"})
    with pytest.raises(ProfileError, match="学段"):
        make_profile({"学校名称": "甲校", "学段": "大学"})


def test_a_date_in_yaml_stays_text_and_a_bad_one_is_named(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("学校名称: 甲校\n日期: 2026-13-45\n", encoding="utf-8")
    values = load_profile_file(path)
    assert values["日期"] == "2026-13-45"
    with pytest.raises(ProfileError, match="2026-13-45"):
        make_profile(values)
