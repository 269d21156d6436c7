"""Revise: each section reads whole on its own and carries no inherited typo, each change noted."""

from __future__ import annotations

from generator.model import Section
from generator.revise import revise


def section(*paragraphs: str, heading: str = "", sid: str = "900_t-a1-s01", article: str = "a1") -> Section:
    return Section(sid, "900_t.txt", article, "学校后勤工作总结", (1, 1), 1, heading, list(paragraphs))


def revised(*paragraphs: str, heading: str = "") -> Section:
    s = section(*paragraphs, heading=heading)
    revise([s])
    return s


def test_typos_and_superseded_names_are_corrected_and_noted():
    s = revised("确保师生人生安全，按照《学校食堂与学生集体用餐卫生管理规定》建好食堂台帐。")
    assert s.paragraphs == ["确保师生人身安全，按照《学校食品安全与营养健康管理规定》建好食堂台账。"]
    assert len(s.notes) == 3


def test_a_sentence_with_a_dated_formula_leaves_and_the_rest_stays():
    s = revised("校园是传播精神文明的窗口，在新农村建设中具有重要作用。要积极创建绿色校园，美化校园环境。")
    assert s.paragraphs == ["要积极创建绿色校园，美化校园环境。"]
    assert "新农村建设" in s.notes[0]


def test_superior_and_personal_voices_leave():
    s = revised("各校要建立安全隐患排查台账。学校每月组织一次安全检查，及时整改隐患。本人带头参加检查。")
    assert s.paragraphs == ["学校每月组织一次安全检查，及时整改隐患。"]


def test_a_heading_echo_whose_point_went_leaves():
    s = section("要加强领导。", "学校要加强管理人员队伍建设，定期组织业务培训。", heading="要加强领导")
    revise([s])
    assert s.paragraphs == ["学校要加强管理人员队伍建设，定期组织业务培训。"]
    assert s.heading == "学校要加强管理人员队伍建设，定期组织业务培训"  # 加强领导 is no longer its point
    assert any("只重复标题" in n for n in s.notes)
    kept = section(
        "要牢固树立责任意识。", "后勤人员要牢固树立责任意识，小事也要办好。", heading="要牢固树立责任意识"
    )
    revise([kept])
    assert kept.heading == "要牢固树立责任意识" and len(kept.paragraphs) == 1


def test_an_opening_connector_is_dropped_after_the_run_in_heading():
    s = revised(
        "深入调研，及时总结经验。同时，要积极宣传后勤工作的做法和经验。", heading="深入调研，及时总结经验"
    )
    assert s.paragraphs == ["深入调研，及时总结经验。要积极宣传后勤工作的做法和经验。"]
    assert "同时" in s.notes[0]


def test_an_announcement_without_its_points_leaves():
    s = revised(
        "回顾过去，我们实现了预期目标，全体后勤人员团结协作。回顾过去，我们之所以实现预期目标，有三点感受。"
    )
    assert s.paragraphs == ["回顾过去，我们实现了预期目标，全体后勤人员团结协作。"]


def test_an_announcement_with_its_points_stays():
    text = "后勤工作要抓好三件事。一是严把食材采购关；二是严把加工关；三是严把留样关。"
    assert revised(text).paragraphs == [text]


def test_a_list_with_one_item_loses_its_marker():
    s = revised("目前还存在整体进展不平衡的问题。造成的原因，一是工作经验不足，推进办法不多。")
    assert s.paragraphs == ["目前还存在整体进展不平衡的问题。造成的原因主要是工作经验不足，推进办法不多。"]


def test_a_list_missing_its_first_item_loses_its_numbers():
    s = revised("坚持勤俭办学的原则。（2）、严格执行上级有关规定。（3）、健全财务账册，建立财务档案。")
    assert s.paragraphs == ["坚持勤俭办学的原则。严格执行上级有关规定。健全财务账册，建立财务档案。"]


def test_a_back_reference_alone_retires_the_section():
    s = revised("机构建设是保障。好政策总是需要具体管理机构和人员来落实的。", heading="机构建设是保障")
    assert not s.reusable and any("前文" in n for n in s.notes)


def test_a_fragment_paragraph_leaves():
    s = revised("学校严格执行物品采购审批制度，做到先审批后采购。", "依法执教、依法治校的全面推进。")
    assert s.paragraphs == ["学校严格执行物品采购审批制度，做到先审批后采购。"]


def test_a_heading_about_something_else_is_dropped_and_the_body_kept():
    s = revised("抓职工思想政治工作，根据各人的工作特点制定考核细则。", heading="新学年校舍建设发展规划设想")
    assert s.heading == "" and s.paragraphs and s.reusable


def test_a_one_line_measure_stays_usable():
    s = revised("加强教学设施的维修与更新。", heading="加强教学设施的维修与更新")
    assert s.reusable


def test_a_label_before_the_first_sentence_goes():
    s = revised("后勤管理措施：学校后勤工作是学校工作的重要组成部分。")
    assert s.paragraphs == ["学校后勤工作是学校工作的重要组成部分。"] and s.reusable
    assert any("后勤管理措施" in n for n in s.notes)
    listed = revised("主要措施：", "一是加强食堂管理，二是加强宿舍管理。")
    assert listed.paragraphs[0].startswith("主要措施")  # it introduces the list that follows


def test_a_measure_whose_explanation_left_is_retired():
    """建立责任追究制。 alone, once its only sentence (a speaker under the leaders) went, says nothing."""
    s = revised(
        "建立责任追究制。我们如果不负责任造成损失的，当学校领导已经无力担当的时候，肯定要追究到责任人。",
        heading="建立责任追究制",
    )
    assert s.paragraphs == ["建立责任追究制。"] and not s.reusable


def test_the_personal_sections_of_a_personal_article_are_retired():
    parts = [
        section("本人半期来，做到不到财务坐支一分钱。", sid="900_t-a1-s01"),
        section("我深知为学校守护好财产，就减轻了学校的负担。", sid="900_t-a1-s02"),
        section("作为自身而言，更是全力而为，支持我的工作。", sid="900_t-a1-s03"),
        section("食堂做到一套人马一套账，不设账外账，结余全部用于改善伙食。", sid="900_t-a1-s04"),
    ]
    revise(parts)
    assert [p.reusable for p in parts] == [False, False, False, True]


def test_points_end_alike_within_a_paragraph():
    s = revised("一是熟知岗位的安全要求，做好防范工作，二是注意人身安全。三是讲究个人卫生。")
    assert s.paragraphs == ["一是熟知岗位的安全要求，做好防范工作。二是注意人身安全。三是讲究个人卫生。"]
    joined = revised("电工一是发现故障及时排除，二是坚持巡查，三是提醒师生注意用电安全。")
    assert joined.paragraphs == ["电工一是发现故障及时排除，二是坚持巡查，三是提醒师生注意用电安全。"]


def test_an_article_spoken_to_pupils_lends_no_section():
    greeting = section(
        "同学们，当你们在整洁的校园里学习的时候，是否留意过后勤职工？", sid="900_t-a2-s01", article="a2"
    )
    praise = section(
        "你们可知道，锅炉出现故障时，是后勤职工最早赶到现场排除故障。", sid="900_t-a2-s02", article="a2"
    )
    other = section("学校每月组织一次安全检查，及时整改隐患。", sid="900_t-a1-s01")
    revise([greeting, praise, other])
    assert not greeting.reusable and not praise.reusable and other.reusable
    assert any("对学生的讲话" in n for n in praise.notes)


def test_a_remark_on_what_the_source_said_before_leaves():
    s = revised("这是当前学校后勤服务工作的主流，必须肯定。学校每月组织一次安全检查，及时整改隐患。")
    assert s.paragraphs == ["学校每月组织一次安全检查，及时整改隐患。"]
