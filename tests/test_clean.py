"""The clean stage: cleaning rules on made-up text, article splitting, and the five seeds."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from generator import clean, config, read
from generator.model import RawText

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"
SEEDS = sorted(SOURCES.glob("*.txt"))


def articles(text: str) -> list:
    return clean.split_articles(RawText("稿件.txt", text))


def body(text: str) -> str:
    """All paragraphs of all articles found in ``text``, one per line."""
    return "\n".join(p.text for a in articles(text) for p in a.paras)


# ---------------------------------------------------------------- traditional characters and pinyin


GLOSSED = (
    "學(xué)校後(hòu)勤(qín)會(huì)議(yì)講(jiǎng)話(huà)\n"
    "同志們(men)：\n"
    "學(xué)校的後(hòu)勤工作一直是學(xué)校的重要工作之一，我們要隨著形勢的發(fā)展不斷改進(jìn)。\n"
)


def test_traditional_page_with_pinyin_becomes_plain_simplified_text():
    [article] = articles(GLOSSED)
    assert article.title == "学校后勤会议讲话"
    assert [p.text for p in article.paras] == [
        "同志们：",
        "学校的后勤工作一直是学校的重要工作之一，我们要随着形势的发展不断改进。",
    ]


def test_glosses_are_removed_with_tone_marks_and_without_their_opening_bracket():
    assert clean.remove_glosses("學(xué)校") == "學校"
    assert clean.remove_glosses("學（xué）校") == "學校"
    assert clean.remove_glosses("創(chuàng)造") == "創造"
    assert clean.remove_glosses("學xué)校") == "學校"
    assert clean.remove_glosses("總?wù)處") == "總?處"
    assert clean.remove_glosses("總\ufffd(wù)處") == "總\ufffd處"


def test_real_parentheticals_are_kept():
    text = (
        "学校后勤工作通知\n（一）加强管理，按《农村寄宿制学校食堂管理服务标准(试行)》执行，"
        "见陕教产〔20xx〕7号文件(简称“7号文件”)。\n(2)做好登记，执行“公益性(非营利)”原则。\n"
    )
    out = body(text)
    assert "（一）加强管理" in out
    assert "标准（试行）》" in out
    assert "〔20xx〕7号" in out
    assert "（简称“7号文件”）" in out
    assert "（2）做好登记" in out and "（非营利）" in out


def test_lost_gbk_bytes_are_read_again_or_their_sentence_dropped():
    text = (
        "學(xué)校後(hòu)勤(qín)會議講話\n"
        "後勤隊伍今後將逐步縮小，直至全部消失?,F(xiàn)在的社會找一個工作是相當難的。\n"
        "(3)勤勤懇懇，兢兢業(yè)業(yè)??铣钥啵蝿谌卧?。工作勤奮不偷懶。\n"
        "從報帳員來說，當(dāng)好學(xué)?;ㄥX參謀。\n"
        "各部門要團結。總務處各負?wù)責同志要積極配合。\n"
    )
    out = body(text)
    assert "直至全部消失。现在的社会找一个工作是相当难的。" in out
    assert "（3）勤勤恳恳，兢兢业业。工作勤奋不偷懒。" in out
    assert "当好学校花钱参谋。" in out
    assert out.endswith("各部门要团结。")  # the sentence whose character was lost is dropped
    assert not re.search(r"[?？\ufffd\ue000]|[a-zü]", out)


def test_a_question_mark_on_a_glossed_page_stays_a_question_mark():
    text = "學(xué)校後(hòu)勤(qín)會議\n我們能不能做得更好?我們一定能做到。\n"
    assert "我们能不能做得更好？我们一定能做到。" in body(text)


def test_zhu_becomes_zhe_only_on_traditional_pages():
    assert "随着形势" in body(GLOSSED)
    assert "取得了显著成效。" in body("学校后勤工作总结\n我们取得了显著成效。\n")


# ---------------------------------------------------------------- boilerplate

DOC = "学校安全工作总结\n一、加强安全教育\n本学期我们开展了安全教育活动，效果很好。\n"
BOILERPLATE_LINES = [
    "- 0",
    "- 约3.37千字",
    "- 约 4页",
    "- 2026-03-05 发布于四川",
    "- 举报",
    "投稿",
    "下载",
    "阅读量：1024",
    "收藏 分享 举报",
    "下面是小编为大家整理的学校安全工作总结，仅供参考。",
    "希望对大家有所帮助！",
    '<script>var ad = 1;</script><div class="ad"></div>',
    "文档评论(0)",
    "原创力文档",
    "更多范文请访问 www.example.com",
    "— 2 —",
    "第3页 共5页",
    "学校安全工作总结 学校安全工作总结范文 学校安全工作总结怎么写",
]


@pytest.mark.parametrize("junk", BOILERPLATE_LINES)
def test_site_lines_are_removed(junk):
    out = articles(DOC.replace("\n一、", f"\n{junk}\n一、"))
    assert [p.text for a in out for p in a.paras] == [
        "一、加强安全教育",
        "本学期我们开展了安全教育活动，效果很好。",
    ]


# Site furniture none of the test pages has: the features, not these words, find it.
NOISE_LINES = [
    ("網站首頁 | 範文中心 | 總結報告 | 計劃規劃 | 講話致辭 | 登錄", "导航栏"),
    ("您的位置：主页 » 范文中心 » 教育工作 » 后勤总务", "导航栏"),
    ("主页 / 文档分类 / 学校管理 / 后勤", "导航栏"),
    ("文章来源：本站原创　作者：管理员　更新时间：2021年5月6日", "网页信息"),
    ("发表时间：2022-03-01 人气：3502", "网页信息"),
    ("2021-06-18 14:02:33", "网页信息"),
    ("免费领取考研真题资料包，名额有限，扫码立即领取", "广告"),
    ("装修报价免费算，三室两厅只要5万，点击咨询", "广告"),
    ("信用卡额度提升秘诀，日赚500不是梦", "广告"),
    ("（全文约3200字，预计阅读时间8分钟）", "阅读提示"),
    ("展开阅读全文∨", "阅读提示"),
    ("本网站所有文章均来自网络，如有侵权请告知删除", "版权说明"),
    ("文档下载 | 加入收藏 | 我要纠错", "导航栏"),
    ("喜欢就点个在看吧", "公众号用语"),
    ("更多精彩内容，请关注微信公众号：学校管理研究", "公众号用语"),
    ("字号：大 中 小", "网页信息"),
    ("编辑 | 王小雨", "网页信息"),
    ("原标题：学校后勤工作总结", "网页信息"),
    ("【本文由用户分享，如有疑问请联系客服】", "版权说明"),
    ("—END—", "网站用语"),
    ("← 返回列表", "网站用语"),
    ("【编者按】本文可供各校写作时参考", "编者的话"),
    ("相关文章：学校安全工作计划 | 学校卫生工作总结 | 开学讲话", "导航栏"),
    ("设为首页　加入收藏　联系我们", "导航栏"),
]


@pytest.mark.parametrize(("line", "reason"), NOISE_LINES)
def test_site_furniture_is_found_by_its_features(line, reason):
    out = articles(DOC.replace("\n一、", f"\n{line}\n一、"))
    assert [p.text for a in out for p in a.paras] == [
        "一、加强安全教育",
        "本学期我们开展了安全教育活动，效果很好。",
    ]
    assert any(reason in note for a in out for _, note in a.notes)


# Lines of real documents that look a little like furniture: they stay.
KEPT_LINES = [
    "二、工作目标",
    "九月：开学安全检查，签订安全责任书。",
    "组长：钱国栋（校长） 副组长：孟晓燕",
    "严禁学生将手机带入课堂，发现后由班主任代为保管。",
    "引导学生不沉迷网络游戏，发现问题立即报告。",
    "活动时间：3月1日至3月31日。",
    "校门口、食堂、宿舍 三处重点部位",
    "学校安全工作领导小组",
    "经费来源：学校公用经费。",
    "我们要尽量为大家提供及时而有效的优质服务，不能在服务中和师生发生冲突。",
    "欢迎大家提出宝贵意见，我们将认真改进。",
]


@pytest.mark.parametrize("line", KEPT_LINES)
def test_document_lines_that_resemble_furniture_stay(line):
    out = articles(DOC.replace("\n一、", f"\n{line}\n一、"))
    texts = [p.text for a in out for p in a.paras]
    assert any(clean.normalize_punctuation(line).rstrip("。") in t for t in texts), texts


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("《学校食堂工作总结》通用8篇", "学校食堂工作总结"),
        ("学校食堂工作计划怎么写(精选5篇)", "学校食堂工作计划"),
        ("学校后勤工作汇报材料【优秀7篇】", "学校后勤工作汇报材料"),
        ("学校安全工作方案范文5篇", "学校安全工作方案"),
        ("学校后勤工作总结范文大全", "学校后勤工作总结"),
        ("学校食堂管理工作计划范本（共6篇）", "学校食堂管理工作计划"),
        ("本学期共撰写论文3篇", None),
        ("一、学校后勤工作总结（3篇）", None),
    ],
)
def test_collection_title_forms(line, title):
    assert clean.collection_title(line) == title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("学校食堂工作计划（精选篇2）", "学校食堂工作计划"),
        ("学校食堂工作计划怎么写3", "学校食堂工作计划"),
        ("学校后勤工作总结范文2", "学校后勤工作总结"),
        ("学校门卫工作总结 篇4", "学校门卫工作总结"),
        ("学校德育工作计划1", "学校德育工作计划"),
        ("【篇二】学校德育工作计划", "学校德育工作计划"),
        ("【第3篇】", ""),
        ("范文4", ""),
        ("（精选篇5）", ""),
        ("篇三", ""),
        ("学校共有教职工2", None),
        ("第一，加强领导", None),
    ],
)
def test_more_label_forms(line, title):
    assert clean.label_title(line) == title


def test_what_cleaning_drops_is_noted_with_its_line():
    text = "首页 | 范文 | 工作总结 | 工作计划\n学校安全工作总结（通用3篇）\n篇一\n" + DOC
    [article] = articles(text)
    assert [line for line, _ in article.notes] == [1, 2, 3]
    assert "导航栏" in article.notes[0][1] and "合集标题" in article.notes[1][1]


def test_html_tags_and_entities_are_removed():
    assert "本学期我们开展了安全教育活动，效果很好。" in body(
        "学校安全工作总结\n<p>本学期我们<b>开展</b>了安全教育活动，效果&nbsp;很好。</p>\n"
    )


def test_collection_titles_and_labels_become_article_titles():
    text = (
        "幼儿园安全工作计划（精选3篇）\n"
        "篇1：幼儿园安全工作计划\n一、指导思想\n以幼儿安全为第一要务。\n"
        "第二篇：幼儿园安全工作计划\n一、工作目标\n杜绝安全事故。\n"
        "【三】\n一、主要措施\n每天晨检。\n"
    )
    out = articles(text)
    assert [a.title for a in out] == ["幼儿园安全工作计划"] * 3
    assert [p.text for p in out[2].paras] == ["一、主要措施", "每天晨检。"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("篇1：学校后勤工作总结", "学校后勤工作总结"),
        ("第一篇：学校后勤工作总计", "学校后勤工作总计"),  # the typo is corrected when the title is used
        ("【二】学校安全工作计划", "学校安全工作计划"),
        ("学校后勤会议讲话(一):", "学校后勤会议讲话"),
        ("幼儿园安全工作计划范文篇1", "幼儿园安全工作计划"),
        ("学校德育工作总结精选篇一", "学校德育工作总结"),
        ("范文3：学校德育工作总结", "学校德育工作总结"),
        ("第一，加强领导", None),
        ("本学期共撰写论文3篇", None),
        ("（一）加强领导", None),
    ],
)
def test_label_forms(line, title):
    assert clean.label_title(line) == title


def test_a_label_with_a_numbered_suffix_and_the_editors_intro():
    text = (
        "学校德育会议讲话\n学校德育工作很重要。下面是小编给大家整理的学校德育会议讲话，仅供参考。\n"
        "学校德育会议讲话(一):\n同志们：\n今天召开德育工作会议。\n"
        "学校德育会议讲话(二):\n各位老师：\n德育工作要全员参与。\n"
    )
    out = articles(text)
    assert [a.title for a in out] == ["学校德育会议讲话", "学校德育会议讲话"]
    assert [p.text for p in out[1].paras] == ["各位老师：", "德育工作要全员参与。"]


def test_related_documents_lists_end_the_text():
    text = (
        DOC + "您可能关注的文档\n- 学校安全工作计划.docx\n- 2025年学校安全工作方案 (2).docx\n原创力文档\n"
        "看过学校安全工作总结的人还看了：\n1.学校安全工作总结范文\n"
    )
    assert body(text) == "一、加强安全教育\n本学期我们开展了安全教育活动，效果很好。"


def test_a_page_cut_off_mid_sentence_loses_the_dangling_fragment():
    text = (
        "学校安全工作总结\n一、加强安全教育\n本学期我们开展了安全教育活动，效果很好；同时加强宿舍\n"
        "(未完，全文共3024字)\n"
    )
    assert body(text).endswith("本学期我们开展了安全教育活动，效果很好。")
    inline = "学校安全工作总结\n本学期开展了安全教育活动。同时加强宿舍管理，每晚(未完，全文共3024字)\n"
    assert body(inline) == "本学期开展了安全教育活动。"


# ---------------------------------------------------------------- round-trip damage

DAMAGED = (
    "学校后勤会议讲话稿\n同志们：\n"
    "学校后勤工作是学校工作的重要组成局部，是学校教育教学工作得以顺利进行的根底，是保障学校平安的重要环节。\n"
    "一、坚持效劳育人\n"
    "学校食堂要坚持“公益属性、效劳至上、保本微利”的原那么，严格本钱核算，促进学校健康开展。"
    "通过开展文明宿舍评选活动，标准学生行为，总结经验与缺乏，做到春有花、夏有荫。\n"
)
NORMAL = (
    "学校安全工作总结\n同志们：\n今年我校开展了平安校园创建活动，师生平安健康。"
    "各班开展安全教育主题班会，学校制定了食堂卫生标准，缺乏经验的新教师参加了培训。\n"
)


def test_a_damaged_document_is_recognised_and_repaired():
    [article] = articles(DAMAGED)
    assert article.damaged
    text = "\n".join(p.text for p in article.paras)
    assert "重要组成部分" in text and "顺利进行的基础" in text and "保障学校安全" in text
    assert "一、坚持服务育人" in text and "服务至上" in text and "的原则" in text and "严格成本核算" in text
    assert "促进学校健康发展" in text
    assert "通过开展文明宿舍评选活动" in text  # a real 开展 stays
    assert "规范学生行为" in text and "总结经验与不足" in text


def test_the_same_words_stay_in_a_document_that_uses_them_correctly():
    [article] = articles(NORMAL)
    assert not article.damaged
    assert article.paras[1].text == (
        "今年我校开展了平安校园创建活动，师生平安健康。各班开展安全教育主题班会，"
        "学校制定了食堂卫生标准，缺乏经验的新教师参加了培训。"
    )


def test_one_stray_tell_tale_word_does_not_mark_a_document_damaged():
    [article] = articles("学校工作总结\n他甘愿为学校效劳，工作扎实。今年开展了平安校园活动。\n")
    assert not article.damaged
    assert "为学校效劳" in article.paras[0].text


def test_the_repair_table_comes_from_the_corpus_folder(tmp_path, monkeypatch):
    (tmp_path / "repairs.yaml").write_text(
        "tells: [甲乙]\nmin_tells: 1\nmin_kinds: 1\nrules:\n  - {find: 甲乙, to: 丙丁}\n", encoding="utf-8"
    )
    monkeypatch.setattr(config, "CORPUS_DIR", tmp_path)
    [article] = articles("学校工作总结\n我们完成了甲乙工作。\n")
    assert article.damaged and article.paras[0].text == "我们完成了丙丁工作。"


def test_the_built_in_table_is_used_when_no_file_exists(tmp_path):
    repairs = clean.load_repairs(tmp_path / "missing.yaml")
    assert "原那么" in repairs.tells
    assert clean.repair_text("坚持原那么，提供效劳", repairs) == "坚持原则，提供服务"


# ---------------------------------------------------------------- punctuation, quotes, spaces


def test_half_width_punctuation_in_chinese_becomes_full_width():
    s = clean.normalize_punctuation("学校,食堂:安全;好吗?是!(试行)好.下一句")
    assert s == "学校，食堂：安全；好吗？是！（试行）好。下一句"


def test_numbers_dates_and_decimals_keep_their_ascii_marks():
    s = clean.normalize_punctuation("2024-2025学年，近1.8万所，12:30开会，共1,000元")
    assert s == "2024-2025学年，近1.8万所，12:30开会，共1,000元"
    assert clean.normalize_punctuation("1.改善教学环境") == "1.改善教学环境"


def test_ascii_quotes_and_a_stray_apostrophe():
    assert (
        clean.normalize_punctuation("坚持\"安全第一\"的方针,建'阳光工程'。")
        == "坚持“安全第一”的方针，建‘阳光工程’。"
    )
    assert clean.normalize_punctuation("吃苦耐劳的'后勤精神") == "吃苦耐劳的后勤精神"


def test_english_and_between_chinese_words_becomes_he():
    assert clean.normalize_punctuation("牢固树立责任意识 and 服务意识") == "牢固树立责任意识和服务意识"


def test_stray_page_numbers_go_but_quantities_stay():
    assert clean.remove_page_numbers("亲自 1 下厨房帮忙，才不 3 会偷懒") == "亲自下厨房帮忙，才不会偷懒"
    assert clean.remove_page_numbers("购置 20 台电脑") == "购置20台电脑"


def test_numbering_markers_are_written_one_way():
    assert clean.normalize_marker("一，加强学习") == "一、加强学习"
    assert clean.normalize_marker("（一）、学校后勤工作的主导思想：") == "（一）学校后勤工作的主导思想："
    assert clean.normalize_marker("1， 加强学习") == "1、加强学习"


# ---------------------------------------------------------------- lines and paragraphs


def test_a_sentence_broken_across_lines_is_joined_with_its_line_range():
    text = (
        "学校后勤会议讲话稿\n\n同志们：\n\n这些任务有的是需要我们直接组织实\n\n施的，有的是需要配合其他部门完成的。\n\n"
        "一、认清形势\n\n学校后勤工作是学校工作的重要组成部分\n\n二、加强领导\n"
    )
    [article] = articles(text)
    assert [(p.text, p.start, p.end) for p in article.paras] == [
        ("同志们：", 3, 3),
        ("这些任务有的是需要我们直接组织实施的，有的是需要配合其他部门完成的。", 5, 7),
        ("一、认清形势", 9, 9),
        ("学校后勤工作是学校工作的重要组成部分", 11, 11),  # not joined with the next heading
        ("二、加强领导", 13, 13),
    ]


def test_a_numbered_item_broken_before_a_tiny_fragment_is_joined():
    out = body(
        "学校后勤工作计划\n5、负责水、电及其他物品的检查维修上报，及时解决存在的问\n题。\n6、树立服务思想。\n"
    )
    assert out == "5、负责水、电及其他物品的检查维修上报，及时解决存在的问题。\n6、树立服务思想。"


def test_a_heading_run_onto_a_paragraph_gets_its_own_paragraph():
    out = body(
        "后勤工作总结\n一,加强学习.全体人员积极参加学习.二,明确责任目标,积极做好服务工作\n我校后勤工作量大面广。\n"
    )
    assert out.split("\n") == [
        "一、加强学习。全体人员积极参加学习。",
        "二、明确责任目标，积极做好服务工作",
        "我校后勤工作量大面广。",
    ]


def test_a_heading_glued_to_its_text_by_a_space_is_split():
    out = body("学校后勤工作汇报\n二、后勤工作效益明显提升 无论是做人还是干事，总是把“实”字挺在最前面。\n")
    assert out.split("\n") == ["二、后勤工作效益明显提升", "无论是做人还是干事，总是把“实”字挺在最前面。"]


def test_numbered_items_written_on_one_line_become_separate_paragraphs():
    out = body("学校后勤工作方案\n1．不爬围墙。2．不玩火，不玩电。3．不带器械进校。\n")
    assert out.split("\n") == ["1.不爬围墙。", "2.不玩火，不玩电。", "3.不带器械进校。"]


# ---------------------------------------------------------------- articles


def test_two_speeches_run_together_are_split_after_the_closing():
    text = (
        "学校安全工作会议讲话稿\n同志们：\n今天召开安全工作会议。\n一、提高认识\n安全工作是学校工作的重中之重。\n"
        "谢谢大家！\n新学期开始了，今天召开德育工作会议，我讲几点意见。\n一、加强德育队伍建设\n德育工作要全员参与。\n"
    )
    out = articles(text)
    assert len(out) == 2
    assert [a.title for a in out] == ["学校安全工作会议讲话稿"] * 2
    assert out[0].paras[-1].text == "谢谢大家！"
    assert out[1].paras[0].start == 7


def test_a_signature_ends_a_document_and_a_new_title_starts_the_next():
    text = (
        "学校德育工作总结\n一、主要成绩\n本学期德育工作取得明显成效。\n某某小学\n2024年7月\n"
        "学校德育工作计划\n一、指导思想\n以立德树人为根本任务。\n"
    )
    out = articles(text)
    assert [a.title for a in out] == ["学校德育工作总结", "学校德育工作计划"]
    assert [p.text for p in out[0].paras][-2:] == ["某某小学", "2024年7月"]


def test_a_second_untitled_version_takes_the_title_of_the_first():
    text = (
        "学校后勤工作计划\n一、指导思想\n以服务为宗旨。\n某某小学 2024年3月\n"
        "一、指导思想\n以服务为宗旨，做好两个服务。\n"
    )
    assert [a.title for a in articles(text)] == ["学校后勤工作计划"] * 2


def test_numbering_restarting_right_after_a_list_starts_a_new_document():
    text = (
        "第一篇：学校后勤工作\n1、第一项工作已经完成。\n2、第二项工作正在推进。\n3、第三项工作准备启动。\n"
        "1、基础性功能。后勤工作是一切工作的基础。\n2、保障性功能。后勤为教学提供保障。\n"
    )
    out = articles(text)
    assert [len(a.paras) for a in out] == [3, 2]
    assert [a.title for a in out] == ["学校后勤工作"] * 2


def test_a_document_title_under_a_label_prefers_the_name_free_label_title():
    text = "第四篇：学校后勤工作实施方案\n新街子镇九年制学校 后勤工作实施方案\n一、指导思想\n服务师生。\n"
    [article] = articles(text)
    assert article.title == "学校后勤工作实施方案"
    assert [p.text for p in article.paras] == ["一、指导思想", "服务师生。"]


# ---------------------------------------------------------------- the five seeds

EXPECTED = {
    "000": (["学校后勤会议讲话稿"] * 4, [7, 43, 113, 159]),
    "001": (["后勤工作会校长讲话稿"] * 2, [2, 10]),
    "002": (["学校后勤会议讲话"] * 3, [4, 21, 34]),
    "003": (
        [
            "学校后勤工作总结",
            "学校后勤管理工作汇报",
            "学校后勤工作计划",
            "学校后勤工作计划",
            "后勤工作总结",
            "学校后勤工作",
            "学校后勤工作",
            "学校后勤工作实施方案",
            "学校后勤工作几点感想",
        ],
        [3, 21, 42, 74, 147, 151, 165, 174, 231],
    ),
    "004": (["2026年春季学期校长在开学后勤保障工作协调会上的总结讲话材料"], [8]),
}
PINYIN = re.compile(r"[(（]?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
BOILERPLATE = re.compile(
    r"精选\d*篇|通用\d+篇|^篇\d|第[一二三四五六七八九十]+篇[：:]|[(（][一二三四五六七八九十]+[)）][:：]$|"
    r"【[一二三四五六七八九十]】|小编|仅供参考|举报|投稿|下载|阅读量|发布于|千字|约\s*\d+\s*页|^- |"
    r"您可能关注|人还看了|原创力|文档评论|未完|全文共|"
    r"<[a-zA-Z/][^>]*>|\.docx|www\.|https?:"
)
DAMAGED_WORDS = [
    "效劳",
    "平安",
    "本钱",
    "原那么",
    "准那么",
    "标准",
    "根底",
    "局部",
    "缺乏",
    "表达",
    "别离",
    "稳固",
    "广阔",
    "创立",
    "到达",
    "一改正去",
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, list]:
    return {p.name[:3]: clean.split_articles(read.read_file(p)) for p in SEEDS}


def _all_text(arts: list) -> list[str]:
    return [a.title for a in arts] + [p.text for a in arts for p in a.paras]


def test_the_seeds_hold_nineteen_articles_with_meaningful_titles(seeds):
    assert {k: len(v) for k, v in seeds.items()} == {"000": 4, "001": 2, "002": 3, "003": 9, "004": 1}
    for key, (titles, starts) in EXPECTED.items():
        assert [a.title for a in seeds[key]] == titles, key
        assert [a.paras[0].start for a in seeds[key]] == starts, key
        assert [a.index for a in seeds[key]] == list(range(1, len(titles) + 1))


def test_no_traditional_characters_left(seeds):
    t2s = opencc.OpenCC("t2s")
    bad = {ch for arts in seeds.values() for text in _all_text(arts) for ch in text if t2s.convert(ch) != ch}
    assert not bad


def test_no_pinyin_glosses_or_broken_bytes_left(seeds):
    for arts in seeds.values():
        for text in _all_text(arts):
            assert not PINYIN.search(text), text
            assert not re.search("[?？\ufffd\ue000]", text), text


def test_no_boilerplate_left(seeds):
    for arts in seeds.values():
        for text in _all_text(arts):
            assert not BOILERPLATE.search(text), text


def test_the_damaged_article_is_repaired_and_only_it(seeds):
    assert [(k, a.index) for k, arts in seeds.items() for a in arts if a.damaged] == [("000", 3)]
    text = "\n".join(_all_text([seeds["000"][2]]))
    for word in DAMAGED_WORDS:
        assert word not in text, word
    assert text.count("开展") == 1 and "通过开展示范性学生宿舍和文明学生寝室评选活动" in text
    assert "宣传、巩固、发展和完善" in text and "责任意识和服务意识" in text
    other = "\n".join(_all_text([seeds["000"][1]]) + _all_text(seeds["002"]))
    assert "确保学生在校园平安健康成长" in other and "开展规范化管理" in other and "师生的平安" in other


def test_seed_repairs_of_lines_breaks_and_marks(seeds):
    text = "\n".join(t for arts in seeds.values() for t in _all_text(arts))
    for fixed in (
        "需要我们直接组织实施的",
        "同时，我们也认识到",
        "通过开展示范性学生宿舍和文明学生寝室评选活动",
        "校长的管理能够及时到位",
        "规范自己的行为",
        "及时解决存在的问题。",
        "使之真正起到激励约束",
        "防其它意外事故的工作",
        "做到节粮",
        "不得将学校公物据为己有",
        "亲自下厨房",
        "才不会偷懒",
        "围绕教育教学这个中心",
        "吃苦耐劳的后勤精神",
        "建‘阳光工程’",
        "第五，在工作中",
        "当好学校花钱参谋",
    ):
        assert fixed in text, fixed
    assert "加强宿舍" not in seeds["004"][0].paras[-1].text  # the page cut off mid-sentence
    assert seeds["004"][0].paras[-1].text.endswith("营养均衡。")


def test_paragraph_line_ranges_point_at_the_source_lines(seeds):
    for path in SEEDS:
        if path.name.startswith("002"):
            continue  # traditional: the source lines differ in script
        lines = path.read_text(encoding="utf-8").split("\n")
        for article in seeds[path.name[:3]]:
            for para in article.paras:
                source = re.sub(r"[\W\d]", "", "".join(lines[para.start - 1 : para.end]))
                words = re.sub(r"[\W\d]", "", para.text)
                assert words[:2] in source and words[-2:] in source or article.damaged, (path.name, para)


def test_a_large_file_is_cut_into_blocks_of_whole_documents():
    doc = "一、加强管理\n" + "学校要加强食堂管理，确保师生饮食安全。" * 40 + "\n"
    text = "".join(f"篇{n}：学校后勤工作总结\n{doc}" for n in range(1, 301))
    blocks = list(clean.blocks(RawText("合集.txt", text)))
    assert len(blocks) > 1 and "".join(b.text + "\n" for b in blocks).rstrip("\n") == text.rstrip("\n")
    assert all(b.text.startswith("篇") for b in blocks)
    assert [b.first_line for b in blocks] == [1] + [
        1 + sum(b.text.count("\n") + 1 for b in blocks[:k]) for k in range(1, len(blocks))
    ]
    small = RawText("短.txt", "学校后勤工作总结\n本学期工作顺利。\n")
    assert list(clean.blocks(small)) == [small]


def test_a_point_number_run_into_the_text_goes_and_a_quantity_stays():
    assert (
        clean.normalize_punctuation("督促相关人员进行维护；4工作中服从安排")
        == "督促相关人员进行维护；工作中服从安排"
    )
    assert (
        clean.normalize_punctuation("做好准备；3月份完成验收；2名门卫轮岗")
        == "做好准备；3月份完成验收；2名门卫轮岗"
    )
