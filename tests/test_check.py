"""文稿体检: each rule finds its problem once, and a well-written document passes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator import check
from generator.model import DocPara, Profile

DATA = Path(__file__).parent / "data"

PLANTED = {
    "fit.stage",
    "fit.setting",
    "fit.boarding",
    "voice.superior",
    "voice.individual",
    "voice.spoken",
    "voice.first_person",
    "period.words",
    "period.date",
    "whole.cut_heading",
    "whole.fragment",
    "whole.connector",
    "whole.reference",
    "whole.announced",
    "whole.enumeration",
    "job.problem",
    "job.duty",
    "job.rule",
    "repeat.paragraph",
    "repeat.sentence",
    "repeat.clause",
    "repeat.item",
    "word.typo",
    "word.dated",
    "word.zhang",
    "word.bracket",
    "format.date",
    "format.number_order",
}


def findings(name: str, **given) -> list[check.Finding]:
    paras = check.from_markdown((DATA / name).read_text(encoding="utf-8"))
    return check.check_paragraphs(paras, check.context_for(paras, **given))


def test_a_document_with_one_of_each_problem_gets_each_finding_once():
    found = Counter(f.rule for f in findings("check_sample.md"))
    assert set(found) == PLANTED
    assert [rule for rule, n in found.items() if n > 1] == []


def test_a_well_written_plan_passes():
    assert findings("check_clean.md") == []


def test_findings_name_the_heading_quote_and_fix():
    f = next(f for f in findings("check_sample.md") if f.rule == "fit.stage")
    assert (f.heading, f.quote) == ("食堂管理", "高三学生的晚间用餐由食堂统一安排，保证了饭菜按时供应。")
    assert "高中" in f.fix and "小学" in f.fix


def test_the_profile_overrides_what_the_name_suggests():
    boarding = Profile({"学校名称": "临江市实验小学", "寄宿": "是"})
    assert "fit.boarding" not in {f.rule for f in findings("check_sample.md", profile=boarding)}


def para(kind: str, text: str) -> DocPara:
    return DocPara(kind, text)


def run(*paras: DocPara, kind: str = "summary") -> set[str]:
    doc = [para("title", "青禾县第二初级中学2025—2026学年第一学期后勤工作总结"), *paras]
    return {f.rule for f in check.check_paragraphs(doc, check.context_for(doc, kind=kind))}


@pytest.mark.parametrize(
    "text, rule",
    [
        ("要提高一步，确保教学秩序。", None),  # 提高一步 hides 高一, 确保教学 hides 保教
        ("高一新生入学前完成宿舍分配。", "fit.stage"),
        ("期中考试期间做好考场后勤保障。", None),
        ("中考期间做好考场后勤保障。", None),  # 初中: 中考 fits
        ("小学部寝室由保育员整理。", "fit.stage"),
    ],
)
def test_stage_cues_are_words_not_substrings(text, rule):
    found = run(para("body", text)) & {"fit.stage"}
    assert found == ({rule} if rule else set())


@pytest.mark.parametrize(
    "kind, text, rule",
    [
        ("speech", "同志们，我讲三点意见。", None),
        ("plan", "同志们，要抓好三件事。", "voice.spoken"),
        ("speech", "最后，祝同学们学习进步。", "voice.students"),
        ("speech", "我们要让学校领导放心，让师生满意。", "voice.subordinate"),
        ("summary", "我校建立了食堂陪餐制度。", None),
        ("summary", "我觉得还要加强陪餐。", "voice.first_person"),
    ],
)
def test_voice_fits_the_kind(kind, text, rule):
    voices = {"voice.spoken", "voice.students", "voice.subordinate", "voice.first_person"}
    assert run(para("body", text), kind=kind) & voices == ({rule} if rule else set())


def test_a_list_announced_and_given_is_fine():
    assert "whole.announced" not in run(
        para("body", "下面，我讲两点意见。"), para("h1", "一、加强食堂管理"), para("h1", "二、加强校舍维修")
    )


def test_an_enumeration_may_continue_in_the_next_paragraph_of_its_section():
    paras = [DocPara("body", "第一，严把进货关。", "s1"), DocPara("body", "第二，严把加工关。", "s1")]
    assert "whole.enumeration" not in run(*paras)


def test_report_lists_each_finding_with_rule_place_quote_and_fix():
    text = check.report_text("样例.md", findings("check_sample.md"), chars=1000)
    assert text.startswith("【样例.md】发现 ")
    assert "学段不符｜第 6 段（食堂管理）" in text and "建议：" in text


@pytest.mark.parametrize(
    "text, deploys",
    [
        ("本学期我们要重点抓好食堂管理，确保师生饮食安全。", True),
        ("本学期将完成教学楼屋面防水维修。", True),
        ("本学期即将结束，今天召开会议，就是要认真总结经验。", False),  # 即将 is no deployment
        ("会议的主要任务是：总结本学期工作，明确假期和下学期后勤工作的任务和要求。", False),
    ],
)
def test_a_speech_at_term_end_deploys_no_work_for_that_term(text, deploys):
    doc = [
        para("title", "在2026年春季学期后勤工作会议上的讲话"),
        para("speaker", "（2026年7月2日）"),
        para("body", text),
    ]
    found = {f.rule for f in check.check_paragraphs(doc, check.context_for(doc, kind="speech"))}
    assert ("period.deploy" in found) == deploys


def test_a_document_with_a_part_on_its_dormitories_has_boarders():
    """Checked without a profile, a school that writes a part on its dormitories has boarders; a
    dormitory sentence in a school that never says so is still found."""
    title = para("title", "青禾县实验小学2025—2026学年第一学期后勤工作总结")
    body = para("body", "每晚安排值班教师查寝，寝室卫生每周评比一次。")
    headed = [title, para("h1", "一、学生宿舍管理"), body]
    unheaded = [title, para("h1", "一、校园安全"), body]
    rules = [{f.rule for f in check.check_paragraphs(d, check.context_for(d))} for d in (headed, unheaded)]
    assert "fit.boarding" not in rules[0] and "fit.boarding" in rules[1]


def test_a_comma_between_titles_is_found():
    assert "word.title_comma" in run(para("body", "继续执行《物品采购制度》、《维修申报制度》。"))
    assert "word.title_comma" not in run(para("body", "继续执行《物品采购制度》《维修申报制度》。"))


def test_parallel_duty_lines_are_no_repeat_but_a_short_line_twice_is():
    lines = (
        "责任部门：安全办；具体落实：各部门负责人。",
        "责任分工：由办公室牵头负责，各部门负责人具体落实。",
    )
    assert "repeat.paragraph" not in run(*(para("body", t) for t in lines), kind="scheme")
    twice = "责任分工：由办公室牵头负责，各部门负责人具体落实。"
    assert "repeat.paragraph" in run(para("body", twice), para("body", twice), kind="scheme")


def test_a_count_that_its_list_does_not_bear_out_is_found():
    text = "重点是抓好五个方面的管理。即抓好食堂管理、绿化管理、商店管理、校产管理；严格执行定点采购制度。"
    assert "whole.count" in run(para("body", text), kind="plan")
    assert "whole.count" not in run(para("body", text.replace("五个方面", "四个方面")), kind="plan")


def test_a_heading_its_body_does_not_bear_out_is_found_but_an_attitude_is_explained():
    body = (
        "作为一名学校的教职工，无论在哪一个岗位上工作，都代表学校的形象，"
        "我们的工作态度怎样，我们的服务怎样，关系到学校形象，也关系到个人的形象。"
    )
    plan = [
        para("h1", "一、主要工作与措施"),
        para("h2", "（一）加强学校固定资产的清查登记工作"),
        para("body", body),
    ]
    assert "job.heading" in run(*plan, kind="plan")
    plan[1] = para("h2", "（一）我们要增强主人翁意识")
    assert "job.heading" not in run(*plan, kind="plan")
