"""Tests for generator/segment.py: the heading tree of one article.

Small made-up articles check each rule; the seed test segments the five seeds and measures
how many of the hand-checked headings in tests/data/seed_headings.yaml come out as section
headings (at least 95% must).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator import segment
from generator.model import Article, Para, Section, count_chinese

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"
GOLDEN = Path(__file__).resolve().parent / "data" / "seed_headings.yaml"


def make(*texts: str, source: str = "900_test.txt", index: int = 1, title: str = "测试文稿") -> Article:
    """An article whose paragraph i sits on source line i + 1 (line 1 is the title)."""
    paras = [Para(t, n, n) for n, t in enumerate(texts, 2)]
    return Article(source, index, title, paras)


def seg(*texts: str, **kw) -> list[Section]:
    return segment.segment(make(*texts, **kw))


def by_heading(sections: list[Section]) -> dict[str, Section]:
    return {s.heading: s for s in sections if s.heading}


def body(sections: list[Section]) -> list[Section]:
    """Sections other than salutation/signature frame lines."""
    return [s for s in sections if not s.role]


# ---------------------------------------------------------------- levels


def test_standard_four_levels_with_parents():
    secs = seg(
        "一、指导思想",
        "以立德树人为根本任务，坚持服务育人。",
        "二、主要工作",
        "（一）加强食堂管理",
        "1.严格执行采购制度",
        "（1）所有食材统一采购，索证索票。",
        "（2）建立台账，每日公示。",
        "2.落实陪餐制度",
        "校领导每天轮流陪餐，听取学生意见。",
    )
    h = by_heading(secs)
    assert [
        h[t].level for t in ("指导思想", "主要工作", "加强食堂管理", "严格执行采购制度", "落实陪餐制度")
    ] == [1, 1, 2, 3, 3]
    assert h["加强食堂管理"].parent == h["主要工作"].id
    assert h["严格执行采购制度"].parent == h["加强食堂管理"].id
    points = [s for s in secs if s.marker in ("（1）", "（2）")]
    assert [p.level for p in points] == [4, 4]
    assert {p.parent for p in points} == {h["严格执行采购制度"].id}
    assert points[0].paragraphs == ["所有食材统一采购，索证索票。"]
    assert h["指导思想"].paragraphs == ["以立德树人为根本任务，坚持服务育人。"]
    assert h["落实陪餐制度"].paragraphs == ["校领导每天轮流陪餐，听取学生意见。"]
    assert h["指导思想"].marker == "一、" and h["加强食堂管理"].marker == "（一）"


def test_first_style_seen_is_the_top_level():
    """A summary that only uses 1、2、 has level-1 headings written 1、."""
    secs = seg(
        "本学期后勤工作总结如下。",
        "1、食堂管理",
        "食堂全年无食品安全事故，师生满意度明显提高。",
        "（1）严把进货关。",
        "（2）严把加工关。",
        "2、校舍维修",
        "暑假完成了教学楼屋面防水和门窗维修。",
    )
    h = by_heading(secs)
    assert h["食堂管理"].level == 1 and h["校舍维修"].level == 1
    assert h["食堂管理"].parent is None
    assert h["严把进货关"].level == 2 and h["严把进货关"].parent == h["食堂管理"].id
    assert secs[0].level == 0 and secs[0].heading == ""


def test_parenthesised_chinese_numbers_as_top_level():
    secs = seg(
        "（一）、指导思想：",
        "坚持管理育人、服务育人。",
        "（二）、工作要求：",
        "（1）、按时上下班；",
        "（2）、爱护公物。",
    )
    h = by_heading(secs)
    assert h["指导思想"].level == 1 and h["工作要求"].level == 1
    assert h["按时上下班"].level == 2 and h["按时上下班"].parent == h["工作要求"].id
    assert h["指导思想"].marker == "（一）、"


def test_marker_variants():
    """一，/一．/(一)/1．/１、/1)/① are all markers; decimals and years are not."""
    secs = seg(
        "一，加强学习，提高认识。全体后勤人员每周参加一次政治学习。",
        "后勤人员的思想认识明显提高。",
        "二．规范管理",
        "(一)财务管理",
        "１、严格审批。所有开支须经校长审批。",
        "２、定期公开。每学期公开一次收支情况。",
        "(二)校产管理",
        "1)建立台账；",
        "2)定期清点。",
        "1.8万元用于购置新桌椅，2024年全部到位。",
    )
    h = by_heading(secs)
    assert h["加强学习，提高认识"].level == 1 and h["加强学习，提高认识"].marker == "一，"
    assert h["规范管理"].level == 1
    assert h["财务管理"].level == 2 and h["校产管理"].level == 2
    assert h["严格审批"].level == 3 and h["严格审批"].marker == "１、"
    assert h["建立台账"].level == 3 and h["建立台账"].marker == "1)"
    decimal = [s for s in secs if "1.8万元" in s.text]
    assert decimal and decimal[0].heading == "" and decimal[0].marker == ""


def test_lower_style_before_top_style_does_not_swallow_the_headings():
    """Points in the opening do not make the later 一、 headings their children."""
    secs = seg(
        "这次会议的主要任务是：",
        "1、总结上学期后勤工作；",
        "2、部署本学期重点任务。",
        "一、上学期工作回顾",
        "上学期后勤工作取得了明显成效。",
        "二、本学期重点任务",
        "本学期要重点抓好食堂和宿舍管理。",
    )
    h = by_heading(secs)
    assert h["上学期工作回顾"].level == 1 and h["上学期工作回顾"].parent is None
    assert h["本学期重点任务"].level == 1


# ---------------------------------------------------------------- heading or point


def test_numbered_points_under_a_heading():
    long1 = "1、进一步加强食堂工作，切实履行好各自的职责，为师生健康成长服务。管理员要统筹安排食堂工作。"
    long2 = "2、切实加强寝室管理，为学生营造舒适安全的生活环境。保育员要做到爱生如子。"
    secs = seg("二、工作目标", long1, long2)
    h = by_heading(secs)
    points = [s for s in secs if s.marker in ("1、", "2、")]
    assert [p.level for p in points] == [2, 2]
    assert {p.parent for p in points} == {h["工作目标"].id}
    assert points[0].heading == "进一步加强食堂工作，切实履行好各自的职责，为师生健康成长服务"
    assert points[0].paragraphs == [long1[2:]]  # the whole point without its marker
    assert points[1].paragraphs == [long2[2:]]
    assert h["工作目标"].paragraphs == []


def test_a_long_first_sentence_gives_no_heading_and_stays_whole():
    """A first clause cut off as a heading would leave a body that starts mid-sentence."""
    text = "1、不在校园内狂奔、追逐，做危险的游戏活动，上课期间不得私自出校门，活动范围不得超过学校指定区域。"
    secs = seg("一、要求", text, "2、遵守纪律，尊重他人。")
    point = next(s for s in secs if s.marker == "1、")
    assert point.heading == ""
    assert point.paragraphs == [text[2:]]


def test_run_in_heading_with_body():
    """（一）加强领导。各级要…… followed by more text is a heading, its lead removed."""
    secs = seg(
        "一、保障措施",
        "（一）加强领导。各级要高度重视后勤工作，把它摆上重要议事日程。",
        "学校成立后勤工作领导小组，校长任组长。",
        "（二）加强督查。学校每月检查一次，结果纳入考核。",
        "对检查中发现的问题限期整改。",
    )
    h = by_heading(secs)
    lead = h["加强领导"]
    assert lead.level == 2 and lead.marker == "（一）"
    assert lead.paragraphs == [
        "各级要高度重视后勤工作，把它摆上重要议事日程。",
        "学校成立后勤工作领导小组，校长任组长。",
    ]
    assert h["加强督查"].paragraphs == ["学校每月检查一次，结果纳入考核。", "对检查中发现的问题限期整改。"]


def test_title_line_heading_followed_by_body_and_points():
    secs = seg(
        "三、加强管理，开源节流。",
        "资金是学校的命脉。学校财会部门严格履行规章制度。",
        "1、做到物资采购要批的审批制度，避免了过去谁需就买的无序状况。",
        "2、实行物品发放按需的管理制度，有效地节约了办公用的开支。",
    )
    h = by_heading(secs)
    top = h["加强管理，开源节流"]
    assert top.level == 1 and top.paragraphs == ["资金是学校的命脉。学校财会部门严格履行规章制度。"]
    assert top.lines == (2, 3)
    points = [s for s in secs if s.marker in ("1、", "2、")]
    assert [p.parent for p in points] == [top.id, top.id] and [p.level for p in points] == [2, 2]


def test_points_without_heading_form_one_group():
    secs = seg(
        "同志们：",
        "今天召开后勤工作会议，这里我讲三点：",
        "1、后勤服务意识在不断增强。一年来，后勤工作人员克服困难，责任意识不断增强。",
        "2、后勤服务质量在不断提高。师生对食堂的满意度在提高。",
        "3、后勤保障功能不断得到强化。全年没有出现安全事故。",
    )
    group = [s for s in secs if not s.heading and not s.paragraphs]
    assert len(group) == 1
    parent = group[0]
    assert parent.level == 0 and parent.parent is None
    points = [s for s in secs if s.parent == parent.id]
    assert [p.heading for p in points] == [
        "后勤服务意识在不断增强",
        "后勤服务质量在不断提高",
        "后勤保障功能不断得到强化",
    ]
    assert [p.level for p in points] == [1, 1, 1]  # the article's top numbered level
    assert parent.lines == (4, 6)
    assert secs.index(parent) < secs.index(points[0])


def test_numbering_restart_starts_a_new_group():
    secs = seg(
        "这里我讲两个方面的意见。",
        "1、后勤服务意识在不断增强。一年来，后勤工作人员克服困难。",
        "2、后勤服务质量在不断提高。师生满意度在提高。",
        "这是当前学校后勤工作的主流，必须肯定。",
        "1、进一步加强食堂工作，切实履行职责。管理员要统筹安排。",
        "2、切实加强寝室管理，营造安全环境。保育员要爱生如子。",
        "3、高度重视门卫工作，打牢安全防线。门卫要严格登记。",
    )
    groups = [s for s in secs if not s.heading and not s.paragraphs]
    assert len(groups) == 2 and {g.level for g in groups} == {0}
    first = [s for s in secs if s.parent == groups[0].id]
    second = [s for s in secs if s.parent == groups[1].id]
    assert [s.marker for s in first] == ["1、", "2、"]
    assert [s.marker for s in second] == ["1、", "2、", "3、"]
    between = next(s for s in secs if "主流" in s.text)
    assert between.level == 0 and between.heading == "" and between.parent is None
    assert secs.index(groups[0]) < secs.index(between) < secs.index(groups[1])


def test_restart_under_a_heading_keeps_the_heading_as_parent():
    secs = seg(
        "一、近几年工作的回顾",
        "几年来我们做了大量工作。",
        "（一）继续发掘勤工俭学的新内涵。我们先后召开了三次现场会。",
        "（二）为后勤改革提供服务。我们组织人力深入调查研究。",
        "回顾过去，我们有三点感受。",
        "（一）领导重视是关键。各级领导高度重视。",
        "（二）思路创新是核心。我们不等不靠。",
    )
    h = by_heading(secs)
    top = h["近几年工作的回顾"]
    for name in ("继续发掘勤工俭学的新内涵", "为后勤改革提供服务", "领导重视是关键", "思路创新是核心"):
        assert h[name].parent == top.id and h[name].level == 2
    between = next(s for s in secs if "三点感受" in s.text)
    assert between.heading == "" and between.parent == top.id and between.level == 2
    assert top.paragraphs == ["几年来我们做了大量工作。"]


# ---------------------------------------------------------------- paragraph leads


def test_leads_inside_a_heading_body():
    secs = seg(
        "二、突出重点，确保实效",
        "学校后勤涉及师生衣食住行各个方面。",
        "一是抓好学生食堂管理。学生食堂是学生集体用餐的场所。",
        "二是抓好学生宿舍管理。宿舍是学生生活的重要场所。",
        "要开展文明寝室评选活动。",
        "三是抓好校园绿化美化。校园是传播精神文明的窗口。",
    )
    h = by_heading(secs)
    top = h["突出重点，确保实效"]
    leads = [s for s in secs if s.parent == top.id]
    assert [s.marker for s in leads] == ["一是", "二是", "三是"]
    assert [s.level for s in leads] == [2, 2, 2]
    assert leads[0].heading == "抓好学生食堂管理"
    assert leads[0].paragraphs == ["抓好学生食堂管理。学生食堂是学生集体用餐的场所。"]
    assert leads[1].paragraphs == ["抓好学生宿舍管理。宿舍是学生生活的重要场所。", "要开展文明寝室评选活动。"]
    assert leads[1].lines == (5, 6)
    assert top.paragraphs == ["学校后勤涉及师生衣食住行各个方面。"]


def test_leads_without_heading_get_a_synthetic_parent():
    secs = seg(
        "做好后勤工作意义重大。这里我提几点要求：",
        "第一，把握大局。后勤工作要服从和服务于学校工作全局。",
        "第二，切实履行好服务职责。为师生服务是后勤的主要职责。",
        "第三，加强制度建设。要推进后勤工作制度化、规范化。",
        "以上是校长办公会对大家的期望，谢谢！",
    )
    group = next(s for s in secs if not s.heading and not s.paragraphs)
    assert group.level == 0 and group.parent is None
    leads = [s for s in secs if s.parent == group.id]
    assert [s.heading for s in leads] == ["把握大局", "切实履行好服务职责", "加强制度建设"]
    assert [s.level for s in leads] == [1, 1, 1]
    assert leads[0].paragraphs[0].startswith("把握大局。")  # marker stripped
    closing = secs[-1]
    assert closing.level == 0 and closing.parent is None and "谢谢" in closing.text and closing.role == ""


def test_sequence_leads_and_mixed_ordinals():
    secs = seg(
        "1、要进一步端正态度，增强服务意识。",
        "总务部门存在的价值就是服务。",
        "首先，要热爱自己的本职工作。只有爱自己工作的人，才会热心地服务。",
        "其次，我们要善于换位思考。多站在服务对象方面想一想。",
        "第三，我们要增强主人公意识。我们的工作关系到学校形象。",
        "最后，要不断提高业务能力。",
        "2、要进一步钻研业务，提高服务水平。",
        "不同的岗位有不同的专业技能。",
    )
    h = by_heading(secs)
    top = h["要进一步端正态度，增强服务意识"]
    leads = [s for s in secs if s.parent == top.id]
    assert [s.marker for s in leads] == ["首先，", "其次，", "第三，", "最后，"]
    assert all(s.level == 2 for s in leads)
    assert top.paragraphs == ["总务部门存在的价值就是服务。"]
    assert h["要进一步钻研业务，提高服务水平"].level == 1


def test_lone_leads_are_plain_text():
    secs = seg(
        "首先，我代表学校向全体后勤人员表示感谢。",
        "今天是我们本学期的第一次会议，第一次会议很重要。",
        "最后，祝大家工作顺利！",
    )
    assert all(s.marker == "" for s in secs)
    assert all(s.level == 0 for s in secs)


def test_lead_in_paragraph_ends_the_lead_run():
    secs = seg(
        "一、回顾",
        "一是拓宽了工作范围。各地积极落实后勤管理职能。",
        "二是推行了制度化管理。省上制定了食堂管理标准。",
        "回顾过去，我们之所以实现预期目标，有三点感受。",
        "（一）领导重视是关键。领导重视与支持是前提。",
        "（二）机构建设是保障。好政策需要机构来落实。",
    )
    second = next(s for s in secs if s.marker == "二是")
    assert second.paragraphs == ["推行了制度化管理。省上制定了食堂管理标准。"]
    lead_in = next(s for s in secs if "三点感受" in s.text)
    assert lead_in.heading == "" and lead_in.marker == ""


# ---------------------------------------------------------------- frame


def test_salutation_lines():
    secs = seg("各位领导、老师们：", "大家上午好！", "今天我们召开后勤工作会议。")
    assert secs[0].role == "salutation" and secs[0].paragraphs == ["各位领导、老师们：", "大家上午好！"]
    assert secs[0].lines == (2, 3) and secs[0].level == 0
    assert secs[1].role == "" and secs[1].paragraphs == ["今天我们召开后勤工作会议。"]


def test_salutation_sharing_a_line_is_split_off():
    secs = seg(
        "同志们：今天召开全市学校后勤工作会议，安排部署下一阶段工作。",
        "一、认清形势",
        "形势要求我们做好后勤工作。",
    )
    assert secs[0].role == "salutation" and secs[0].paragraphs == ["同志们："]
    assert secs[1].paragraphs == ["今天召开全市学校后勤工作会议，安排部署下一阶段工作。"]
    assert secs[1].lines == (2, 2) and secs[1].role == ""
    assert [s.role for s in secs].count("salutation") == 1


def test_salutation_with_greeting_on_one_line_and_vocative_in_body():
    secs = seg("同事们：大家好！", "同学们，当你们在整洁的校园里学习的时候，你是否留意过后勤人？")
    assert secs[0].role == "salutation" and secs[0].paragraphs == ["同事们：大家好！"]
    assert secs[1].role == "" and secs[1].text.startswith("同学们，")


def test_signature_lines():
    secs = seg(
        "一、工作目标",
        "确保全年无安全事故。",
        "阳光实验小学",
        "二〇二四年一月十日",
    )
    sig = secs[-1]
    assert sig.role == "signature" and sig.paragraphs == ["阳光实验小学", "二〇二四年一月十日"]
    assert sig.level == 0 and sig.parent is None and sig.lines == (4, 5)
    assert by_heading(secs)["工作目标"].paragraphs == ["确保全年无安全事故。"]


@pytest.mark.parametrize(
    "line", ["2024年1月", "2024.1.10", "某某中学  2024年3月", "二0一四年九月", "2024年3月5日"]
)
def test_signature_date_forms(line):
    secs = seg("今年的后勤工作取得了明显成绩。", line)
    assert secs[-1].role == "signature" and secs[-1].paragraphs == [line]


def test_ordinary_last_line_is_not_a_signature():
    secs = seg("今年的后勤工作取得了明显成绩。", "我们将继续努力，把后勤工作做得更好。", "加强学校管理")
    assert all(s.role == "" for s in secs)


def test_byline_and_repeated_title_at_the_start():
    secs = seg(
        "学校后勤工作几点感想",
        "阳光县城北小学 王小明",
        "同事们：大家好！",
        "根据会议的安排，我代表后勤作汇报发言。",
        title="学校后勤工作几点感想",
    )
    assert [s.role for s in secs] == ["signature", "salutation", ""]
    assert secs[0].paragraphs == ["阳光县城北小学 王小明"]
    assert all("几点感想" not in s.text for s in secs)


def test_closing_after_the_last_heading_is_its_own_section():
    secs = seg(
        "一、明确职责",
        "每个岗位都要明确职责。",
        "二、严格考核",
        "学校每月考核一次。",
        "同志们，做好后勤工作意义重大。让我们齐心协力，做出新的贡献。",
        "谢谢大家！",
    )
    closing = secs[-1]
    assert closing.level == 0 and closing.parent is None and closing.role == ""
    assert closing.paragraphs == [
        "同志们，做好后勤工作意义重大。让我们齐心协力，做出新的贡献。",
        "谢谢大家！",
    ]
    assert by_heading(secs)["严格考核"].paragraphs == ["学校每月考核一次。"]


def test_a_written_closing_after_the_last_point_is_its_own_section():
    secs = seg(
        "一、做好开学准备",
        "开学前备齐课本和办公用品。",
        "学校虽做了一系列的工作，但离要求还有差距。我们将开拓创新，办家长信赖的学校。",
    )
    assert secs[-1].level == 0 and secs[-1].paragraphs[0].startswith("学校虽做了")
    assert by_heading(secs)["做好开学准备"].paragraphs == ["开学前备齐课本和办公用品。"]


# ---------------------------------------------------------------- ids and lines


def test_ids_are_stable_and_in_document_order():
    art = make(
        "同志们：",
        "今天开会。",
        "一、认清形势",
        "形势很好。",
        "二、明确任务",
        "任务很重。",
        source="003_670a34317c7e4aba.txt",
        index=3,
        title="会议讲话",
    )
    first = segment.segment(art)
    again = segment.segment(art)
    assert [s.id for s in first] == [f"003_670a34317c7e4aba-a3-s{n:02d}" for n in range(1, len(first) + 1)]
    assert [s.id for s in first] == [s.id for s in again]
    for s in first:
        assert s.source == "003_670a34317c7e4aba.txt" and s.article == "a3" and s.article_title == "会议讲话"
    starts = [s.lines[0] for s in first]
    assert starts == sorted(starts)


def test_lines_follow_joined_paragraphs():
    art = Article(
        "900_test.txt",
        1,
        "计划",
        [
            Para("一、工作目标", 3, 3),
            Para("确保全年无安全事故，", 5, 7),
            Para("1、加强巡查。每天巡查校园两次。", 9, 10),
            Para("2、及时维修。发现隐患立即处理。", 11, 11),
        ],
    )
    h = by_heading(segment.segment(art))
    assert h["工作目标"].lines == (3, 7)
    assert h["加强巡查"].lines == (9, 10)
    assert h["及时维修"].lines == (11, 11)


def test_empty_article_gives_no_sections():
    assert segment.segment(Article("900_test.txt", 1, "空", [Para("  ", 1, 1)])) == []


def test_split_lead():
    assert segment.split_lead("加强领导。各级要重视。") == ("加强领导", "各级要重视。", True)
    assert segment.split_lead("指导思想：") == ("指导思想", "", True)
    assert segment.split_lead("实现后勤管理规范化 无论是做人还是干事") == (
        "实现后勤管理规范化",
        "无论是做人还是干事",
        True,
    )
    long = "当前是教育系统规范管理年活动的攻坚阶段，学校的一切教育教学活动都要按规范行事后勤也不例外。"
    assert segment.split_lead(long) == ("", long, False)


# ---------------------------------------------------------------- the seeds

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_LABEL = re.compile(
    r"^(?:篇\d+[：:]|第[一二三四五六七八九十]+篇[：:]|.{2,20}[（(][一二三四五六七八九十]+[)）][：:])\s*(.*)$"
)
_JUNK = re.compile(r"精选|小编|仅供参考|举报|原创力|文档评论|发布于|千字|页$|^- |^\d+$")
_STOP = re.compile(r"您可能关注|人还看了")
_MARK = re.compile(
    r"^([一二三四五六七八九十]+[、，,.．]|[（(]?[一二三四五六七八九十\d０-９]+[)）、.．]|第[一二三四五六七八九十]+[，,、])"
)
_ENDS = "。！？；：!?;:”)）"
_SIGNED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月$|[〇○零一二三四五六七八九0]{4}年")


def _crude_text(path: Path) -> list[str]:
    """Simplified lines with full-width punctuation: a stand-in for clean.py's output."""
    text = path.read_text(encoding="utf-8")
    if "學" in text:
        import opencc

        text = _PINYIN.sub("", opencc.OpenCC("t2s").convert(text))
    cjk = r"[\u4e00-\u9fff”）)]"
    for a, b in ((",", "，"), (":", "："), (";", "；"), ("!", "！"), ("?", "？")):
        text = re.sub(rf"(?<={cjk}){re.escape(a)}", b, text)
    return re.sub(rf"(?<={cjk})\.(?=[\u4e00-\u9fff“]|$)", "。", text, flags=re.M).splitlines()


def _title_like(line: str) -> bool:
    return len(line) <= 40 and not re.search(r"[，。！？；]", line) and not _MARK.match(line)


def crude_articles(path: Path) -> list[Article]:
    """Crudely split a seed into articles: at collection labels, after a signed date line
    or a closing 谢谢, dropping site junk and joining lines broken inside a sentence."""
    articles: list[Article] = []

    def start(title: str) -> Article:
        articles.append(Article(path.name, len(articles) + 1, title))
        return articles[-1]

    cur: Article | None = None
    for n, raw in enumerate(_crude_text(path), 1):
        line = raw.strip()
        if not line or _JUNK.search(line):
            continue
        if _STOP.search(line):
            break
        label = _LABEL.match(line)
        if label:
            if cur is not None and len(cur.paras) <= 1:
                cur.title, cur.paras = label.group(1) or cur.title, []
            else:
                cur = start(label.group(1) or label.group(0).rstrip("：:"))
            continue
        prev = cur.paras[-1] if cur and cur.paras else None
        ended = prev and (
            _SIGNED.search(prev.text) and len(prev.text) < 30 or re.search(r"谢谢[大家]*[！!]$", prev.text)
        )
        if cur is None or ended:
            cur = start(line if _title_like(line) else "")
            if cur.title:
                continue
            prev = None
        broken = prev and prev.text[-1] not in _ENDS and not _MARK.match(line)
        if broken and (len(line) <= 12 and len(prev.text) > 20 or len(prev.text) > 100):
            prev.text, prev.end = prev.text + line, n
            continue
        cur.paras.append(Para(line, n, n))
    return [a for a in articles if a.paras]


def _real_clean_available() -> bool:
    """Once clean.py has a real split_articles, the seed test runs the real ingest front."""
    from generator import clean, read

    return callable(getattr(clean, "split_articles", None)) and callable(getattr(read, "read_file", None))


def seed_articles(path: Path) -> list[Article]:
    if _real_clean_available():
        from generator import clean, read

        return clean.split_articles(read.read_file(path))
    return crude_articles(path)


def _norm(text: str) -> str:
    """Compare headings without spaces, trailing punctuation or half/full-width differences."""
    text = re.sub(r"\s+", "", text)
    text = text.translate(str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}))
    return text.replace("效劳", "服务").rstrip("。：，；.")


def golden() -> dict[str, list[tuple[int, str]]]:
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    return {src: [(lvl, text) for art in arts for lvl, text in art["headings"]] for src, arts in data.items()}


def seed_recall() -> tuple[int, int, list[str]]:
    """(found, total, missed) over all golden headings, matched per source file."""
    found, total, missed = 0, 0, []
    for src, wanted in golden().items():
        sections = [s for a in seed_articles(SOURCES / src) for s in segment.segment(a)]
        have = Counter(_norm(s.heading) for s in sections if s.heading)
        for _, text in wanted:
            total += 1
            if have[_norm(text)] > 0:
                have[_norm(text)] -= 1
                found += 1
            else:
                missed.append(f"{src}: {text}")
    return found, total, missed


def test_golden_list_matches_the_seeds():
    """The golden list covers every seed and its articles (4, 2, 3, 9, 1)."""
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(data) == sorted(p.name for p in SOURCES.glob("*.txt"))
    assert [len(data[k]) for k in sorted(data)] == [4, 2, 3, 9, 1]
    assert sum(len(v) for v in golden().values()) >= 90


def test_seed_heading_recall():
    found, total, missed = seed_recall()
    assert found / total >= 0.95, f"只找回 {found}/{total} 个标题，缺：{missed}"


def _own_chars(sec: Section) -> int:
    """Characters a section holds: its paragraphs, plus its heading unless a point repeats it."""
    repeated = sec.paragraphs and sec.paragraphs[0].startswith(sec.heading)
    return sum(count_chinese(t) for t in sec.paragraphs) + (0 if repeated else count_chinese(sec.heading))


def test_seed_sections_cover_every_paragraph_once():
    """No paragraph is lost (its lines lie in some section, a dropped title line apart) and
    none is duplicated (sections hold no more text than the article); parents come first."""
    for path in sorted(SOURCES.glob("*.txt")):
        for art in seed_articles(path):
            secs = segment.segment(art)
            where = f"{path.name} {art.id}"
            real = [s for s in secs if s.heading or s.paragraphs]
            lost = [
                p for p in art.paras if not any(s.lines[0] <= p.start and p.end <= s.lines[1] for s in real)
            ]
            assert len(lost) <= 1, f"{where}: 丢失的段落 {lost}"
            held = sum(_own_chars(s) for s in secs)
            total = sum(count_chinese(p.text) for p in art.paras)
            assert held <= total, f"{where}: 重复的段落"
            assert held >= 0.9 * (total - count_chinese(art.paras[0].text)), f"{where}: 丢失的正文"
            index = {s.id: n for n, s in enumerate(secs)}
            for n, s in enumerate(secs):
                if s.parent:
                    assert secs[index[s.parent]].level < s.level and index[s.parent] < n


def test_seed_frame_roles():
    """The seeds' salutations and signatures are found, and no other role is set."""
    roles: Counter[str] = Counter()
    for path in sorted(SOURCES.glob("*.txt")):
        for art in seed_articles(path):
            roles.update(s.role for s in segment.segment(art) if s.role)
    assert set(roles) == {"salutation", "signature"}
    assert roles["salutation"] >= 7  # 000 篇1–4, 002 (三), 003 第五篇, 004
    assert roles["signature"] >= 5  # 003: three dated signatures, the 方案's school + date, a byline


def test_bare_last_heading_keeps_its_first_paragraph():
    secs = seg(
        "一、工作回顾", "成绩显著。", "二、其他事项", "以上工作由总务处负责落实。", "同志们，让我们共同努力！"
    )
    assert by_heading(secs)["其他事项"].paragraphs == ["以上工作由总务处负责落实。"]
    assert secs[-1].paragraphs == ["同志们，让我们共同努力！"] and secs[-1].level == 0


def test_lone_lead_after_a_split_salutation_stays_plain():
    secs = seg("同志们：首先，我代表学校向大家表示问候。", "今年的工作很有成效。")
    assert secs[0].role == "salutation"
    assert all(s.marker == "" and s.level == 0 for s in secs)


def test_parts_and_circled_numbers():
    secs = seg(
        "第一部分 工作回顾",
        "一、食堂管理",
        "①严把进货关；",
        "②严把加工关。",
        "第二部分 工作打算",
        "一、宿舍管理",
        "加强宿舍安全检查。",
    )
    parts = [s for s in secs if s.marker.startswith("第")]
    assert [p.heading for p in parts] == ["工作回顾", "工作打算"] and {p.level for p in parts} == {1}
    canteen, dorm = (s for s in secs if s.marker == "一、")
    assert canteen.level == 2 and canteen.parent == parts[0].id
    assert dorm.level == 2 and dorm.parent == parts[1].id and dorm.paragraphs == ["加强宿舍安全检查。"]
    circled = [s for s in secs if s.marker in ("①", "②")]
    assert [c.level for c in circled] == [3, 3] and {c.parent for c in circled} == {canteen.id}


def test_qiyi_leads():
    secs = seg(
        "一、几点体会", "其一，领导重视是前提。各级领导高度重视。", "其二，制度健全是保障。制度管人管事。"
    )
    leads = [s for s in secs if s.marker.startswith("其")]
    assert [s.heading for s in leads] == ["领导重视是前提", "制度健全是保障"]
    assert {s.level for s in leads} == {2}


# ---------------------------------------------------------------- heading forms of copied pages

HEADS = ("加强组织领导", "完善管理制度", "强化考核评价")
BODIES = (
    "学校成立工作领导小组，校长任组长，明确分工。",
    "建立健全各项规章制度，做到有章可循。",
    "把工作纳入年度考核，考核结果与评优挂钩。",
)
MARKERS = [
    ("一、", "二、", "三、"),
    ("一.", "二.", "三."),
    ("一．", "二．", "三．"),
    ("一，", "二，", "三，"),
    ("一,", "二,", "三,"),
    ("一 、 ", "二 、 ", "三 、 "),
    ("（一）", "（二）", "（三）"),
    ("(一)", "(二)", "(三)"),
    ("（ 一 ） ", "（ 二 ） ", "（ 三 ） "),
    ("㈠", "㈡", "㈢"),
    ("1、", "2、", "3、"),
    ("1.", "2.", "3."),
    ("1．", "2．", "3．"),
    ("１．", "２．", "３．"),
    ("1 . ", "2 . ", "3 . "),
    ("1,", "2,", "3,"),
    ("（1）", "（2）", "（3）"),
    ("(1)", "(2)", "(3)"),
    ("⑴", "⑵", "⑶"),
    ("①", "②", "③"),
    ("⒈", "⒉", "⒊"),
    ("第一，", "第二，", "第三，"),
    ("第一.", "第二.", "第三."),
    ("首先，", "其次，", "最后，"),
    ("一是", "二是", "三是"),
]


def page(text: str) -> list[Section]:
    """Clean a page's text as ingest does and segment its one article."""
    from generator import clean
    from generator.model import RawText

    [article] = clean.split_articles(RawText("900_page.txt", text))
    return segment.segment(article)


@pytest.mark.parametrize("marks", MARKERS, ids=lambda m: m[0].strip())
def test_every_common_heading_form_on_its_own_line(marks):
    lines = [f"{m}{h}\n{b}" for m, h, b in zip(marks, HEADS, BODIES, strict=True)]
    sections = page("学校后勤工作计划\n" + "\n".join(lines) + "\n")
    assert [s.heading for s in sections if s.heading] == list(HEADS)


@pytest.mark.parametrize("marks", MARKERS, ids=lambda m: m[0].strip())
def test_every_common_heading_form_run_in(marks):
    lines = [f"{m}{h}。{b}" for m, h, b in zip(marks, HEADS, BODIES, strict=True)]
    sections = page("学校后勤工作计划\n为做好后勤工作，特制定本计划。\n" + "\n".join(lines) + "\n")
    assert [s.heading for s in sections if s.heading] == list(HEADS)


def test_a_heading_broken_across_lines_is_one_heading():
    text = (
        "后勤工作会议讲话\n同志们：\n一、肯定成绩，正视不足\n上学期后勤工作成绩显著。\n"
        "二、强化责任意识，\n确保各项工作落实到位\n要增强服务意识，做到主动服务。\n"
        "三、加强自身建设，努力提高\n业务水平\n后勤人员要加强业务学习。\n"
    )
    headings = [s.heading for s in page(text) if s.heading]
    assert headings == [
        "肯定成绩，正视不足",
        "强化责任意识，确保各项工作落实到位",
        "加强自身建设，努力提高业务水平",
    ]


def test_a_heading_that_is_a_whole_sentence():
    text = (
        "校长讲话\n同志们：\n一、统一思想，提高认识，切实增强做好后勤工作的责任感。\n后勤工作很重要。\n"
        "二、突出重点，狠抓落实，全面提升后勤服务保障水平。\n要抓好食堂工作。\n"
    )
    headings = [s.heading for s in page(text) if s.heading]
    assert headings == [
        "统一思想，提高认识，切实增强做好后勤工作的责任感",
        "突出重点，狠抓落实，全面提升后勤服务保障水平",
    ]
