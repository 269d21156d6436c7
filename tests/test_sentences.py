"""Sentences that cannot stand alone: connectors, back references, announced lists, fragments."""

from __future__ import annotations

import pytest

from generator import sentences as s


def test_splitting_keeps_every_character():
    text = "一是严守。二是规范！“三是巡查。”最后一句没有句号"
    assert "".join(s.split_sentences(text)) == text
    assert len(s.split_sentences(text)) == 4


@pytest.mark.parametrize(
    "text, word",
    [
        ("同时，要积极宣传。", "同时"),
        ("因此要经常做好维护。", "因此"),
        ("同时注意节约用水。", ""),
        ("要同时抓好。", ""),
    ],
)
def test_leading_connectors(text, word):
    assert s.leading_connector(text) == word


def test_dropping_a_connector_keeps_the_rest():
    assert s.drop_leading_connector("同时，要积极宣传学校后勤工作。") == "要积极宣传学校后勤工作。"


@pytest.mark.parametrize(
    "sentence, n",
    [
        ("回顾过去，我们之所以实现预期目标，有三点感受。", 3),
        ("下面，我讲两点意见。", 2),
        ("抓好五个方面的管理，建立五项制度，严把四大关口。", 5),
        ("都要有一种高度的责任意识。", 0),
        ("真正落实到每一项工作上。", 0),
    ],
)
def test_announced_counts(sentence, n):
    assert s.announced_count(sentence) == n


@pytest.mark.parametrize(
    "text, following, marker",
    [
        ("造成的原因，一是工作经验不足，推进办法不多。", "", "一是"),
        ("一是严守；二是规范。", "", ""),
        ("⑴保证教学需要。", "", "⑴"),
        ("第一，严把进货关。", "第二，严把加工关。", ""),
        ("首先我向各位表示敬意。", "", ""),
    ],
)
def test_unfinished_enumerations(text, following, marker):
    assert s.unfinished_enumeration(text, following) == marker


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("依法执教、依法治校的全面推进。", True),
        ("学校后勤工作的主导思想。", True),
        ("加强教学设施的维修与更新。", False),
        ("明确责任目标，积极做好后勤服务工作", True),
        ("不能因为工作时间和休息时间而影响。", True),
        ("谢谢大家！", False),
        ("坚持民主理财。", False),
        ("学校建立了食堂陪餐制度，校领导每天轮流陪餐。", False),
        ("后勤工作是学校的基础工作。", False),  # a judgement: 是 makes it a sentence
        ("学校后勤工作的主导思想。", True),
    ],
)
def test_fragments(text, fragment):
    assert s.is_fragment(text) is fragment


def test_a_dropped_list_item_leaves_the_rest_whole():
    assert s.drop_list_items("教学楼、宿舍楼、食堂", ("宿舍",)) == "教学楼、食堂"
    assert s.drop_list_items("教学楼、宿舍楼的水电管线", ("宿舍",)) == "教学楼的水电管线"
    assert s.drop_list_items("进一步优化实验室、功能室管理", ("实验室",)) == "进一步优化功能室管理"
    assert s.drop_list_items("学生食宿条件的改善、物资采购", ("食宿",)) == "物资采购"  # a noun is not lent
    assert s.drop_list_items("实验室、仪器室", ("实验室", "仪器室")) == "实验室、仪器室"  # all would go


def test_an_announced_count_follows_its_list():
    text = (
        "重点是抓好五个方面的管理，严把两大关口。"
        "即抓好食堂管理、宿舍管理、绿化管理、商店管理、校产管理；严把进货关、卫生关。"
    )
    mended = s.recount(s.drop_list_items(text, ("宿舍",)))
    assert mended.startswith("重点是抓好四个方面的管理，严把两大关口。")
    assert s.recount(text) == text  # a count that matches stays
