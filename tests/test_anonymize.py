"""Names stage: sources' schools, people, places, numbers and occasions never reach reusable text.

The seeds are read crudely here (clean.py and segment.py are tested on their own), so this
file tests anonymize alone: per-rule tests on made-up sentences, the leak test over the five
seeds with the list of their proper names (kept only here), made-up documents of other schools
to show the detectors are general, and ordinary sentences that must stay untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from generator import anonymize
from generator.config import PLACEHOLDERS
from generator.model import Article, Para, Section

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"

# Every proper name in the five seeds (read completely): schools and their short forms, people,
# villages, towns, counties, cities, provinces, document numbers, one school's figures and years.
SEED_NAMES = [
    # 000
    "官挡",
    "官当",
    "张兆林",
    "兆林",
    "肖作后",
    "吴起",
    "延安",
    "榆林",
    "淳化",
    "澄城",
    "榆阳",
    "宝鸡",
    "渭南",
    "汉中",
    "杨厅长",
    "陕教产",
    "7号",
    "商洛",
    "咸阳",
    "西安",
    "安康",
    "铜川",
    "陕西",
    "陕北",
    "闫良",
    "富平",
    "长安区",
    "洋县",
    "洛南",
    "石泉",
    "耀州",
    "太白县",
    "合阳",
    "彬县",
    "蓝田",
    "新郑",
    "一中分校",
    "温家宝",
    "3874",
    "5400",
    # 001
    "洛阳",
    "时代外国语",
    "贾董",
    "吕梁",
    "马校长",
    # 002
    "云明",
    "述才",
    "国辉",
    "三厂",
    "丽景",
    "麗景",
    # 003
    "史寨",
    "Xx",
    "新街子",
    "中方县",
    "城北",
    "黄志勇",
    "志勇",
    "铜小",
    "聂小",
    "130多",
    "二千名",
    "20多万",
    "56.5万",
    "二0一四",
    "2024",
    # 004
    "四川",
    "2026",
]
PINYIN = re.compile(r"\(?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]、?)\s*")
BOILERPLATE = re.compile(r"小编|仅供参考|举报|发布于|千字|约\s*\d+页|原创力|文档评论|^-\s")


def _seed_text(path: Path) -> str:
    """A seed's text, crudely simplified: traditional → simplified, pinyin glosses dropped."""
    text = path.read_text(encoding="utf-8")
    if path.name.startswith("002_"):
        text = PINYIN.sub("", opencc.OpenCC("t2s").convert(text))
    return re.split(r"您可能关注的文档|看过.{0,20}的人还看了", text)[0]


def seed_sections(path: Path) -> tuple[list[Section], list[Article]]:
    """Sections and one article from a seed: a numbered short line starts a section."""
    lines = [(n, line.strip()) for n, line in enumerate(_seed_text(path).splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line and not BOILERPLATE.search(line)]
    article = Article(path.name, 1, lines[0][1], [Para(line, n, n) for n, line in lines])
    sections: list[Section] = []
    for n, line in lines:
        if not sections or (HEADING.match(line) and len(line) < 40):
            heading = HEADING.sub("", line) if HEADING.match(line) else ""
            sections.append(_section(path.name, len(sections) + 1, n, heading))
            if heading:
                continue
        sections[-1].paragraphs.append(line)
    return sections, [article]


def _section(
    source: str, index: int, line: int, heading: str, paragraphs: list[str] | None = None
) -> Section:
    return Section(
        f"{source}-a1-s{index:02d}",
        source,
        "a1",
        "",
        (line, line),
        1 if heading else 0,
        heading,
        list(paragraphs or []),
    )


def run(paragraphs: list[str], heading: str = "", title: str = "文稿") -> Section:
    """Anonymize one made-up section whose article holds just these paragraphs."""
    section = _section("test.txt", 1, 1, heading, paragraphs)
    article = Article("test.txt", 1, title, [Para(p, i, i) for i, p in enumerate(paragraphs, 1)])
    anonymize.anonymize([section], [article])
    return section


def text_of(section: Section) -> str:
    return "\n".join([section.heading, *section.paragraphs])


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Section]]:
    out = {}
    for path in sorted(SOURCES.glob("*.txt")):
        sections, articles = seed_sections(path)
        anonymize.anonymize(sections, articles)
        out[path.name] = sections
    return out


# ---------------------------------------------------------------- the five seeds


def test_no_seed_name_survives_in_reusable_text(seeds):
    for source, sections in seeds.items():
        for section in sections:
            if section.reusable:
                text = text_of(section)
                for name in SEED_NAMES:
                    assert name not in text, (source, section.id, name, text)


def test_seed_placeholders_are_recorded_and_known(seeds):
    used: set[str] = set()
    for sections in seeds.values():
        for section in sections:
            found = set(re.findall(r"\{([^{}]+)\}", text_of(section)))
            assert found <= set(PLACEHOLDERS), found - set(PLACEHOLDERS)
            assert section.placeholders == sorted(found)
            used |= found
    assert {
        "学校名称",
        "学校简称",
        "会议名称",
        "学年",
        "学期",
        "日期",
        "年份",
        "教师人数",
        "学生人数",
    } <= used


def test_seed_school_names_become_placeholders_not_drops(seeds):
    texts = {src[:3]: "\n".join(text_of(s) for s in ss) for src, ss in seeds.items()}
    assert "为{学校名称}的发展做出自己的贡献" in texts["000"]  # 官挡中小学
    assert "{学校名称}成立以来" in texts["001"]  # 洛阳时代外国语学校
    assert "弘扬{学校简称}人精神" in texts["002"]  # 丽景人
    assert "服务对象上有{教师人数}名教师和{学生人数}名学生" in texts["003"]
    assert "{学年}{学期}学校后勤工作总结" in texts["003"]
    assert "今天,我们召开{会议名称},主要任务是" in texts["004"]


def test_seed_drops_are_noted_with_names_masked(seeds):
    notes = [n for sections in seeds.values() for s in sections for n in s.notes]
    assert any(n.startswith("删除含人名的句子：刚才〔人名〕、〔人名〕讲了") for n in notes)
    assert any(n.startswith("删除含地名的句子") for n in notes)
    assert any(n.startswith("删除含文号的句子") for n in notes)
    assert any(n.startswith("删除含具体金额或统计数字的句子") for n in notes)
    assert any(n.startswith("删除含其他学校名称的句子") for n in notes)
    for note in notes:
        for name in ("张兆林", "肖作后", "贾董", "马校长", "云明", "述才", "国辉", "黄志勇", "吴起", "铜小"):
            assert name not in note, note


# ---------------------------------------------------------------- name rules: schools, places, people


def test_school_names_become_the_profile_school():
    s = run(
        [
            "我们翠湖小学全体教职工团结协作，翠湖小学的后勤工作不断进步。",
            "进一步弘扬翠湖人精神，立足本职岗位。",
        ]
    )
    assert s.paragraphs == [
        "我们{学校名称}全体教职工团结协作，{学校名称}的后勤工作不断进步。",
        "进一步弘扬{学校简称}人精神，立足本职岗位。",
    ]
    assert s.placeholders == ["学校名称", "学校简称"] and s.reusable and not s.notes


@pytest.mark.parametrize(
    "name",
    ["红星幼儿园", "桃源镇中心幼儿园", "青溪县第二中学", "城关一中", "Xx小学", "金太阳幼儿园", "和平镇中学"],
)
def test_school_detector_covers_other_kinds_of_names(name):
    s = run([f"{name}成立以来，学校各项事业有了很大发展。"])
    assert s.paragraphs == ["{学校名称}成立以来，学校各项事业有了很大发展。"]


def test_another_school_drops_its_sentence():
    s = run(
        [
            "我校与柳河镇中心小学结对帮扶，效果很好。本学期新增了两位来自原红旗中学的师傅。",
            "为了做好接待，搞好一小二小交流活动。后勤工作要服务教学。",
        ]
    )
    assert s.paragraphs == ["后勤工作要服务教学。"]
    assert len([n for n in s.notes if n.startswith("删除含其他学校名称的句子：")]) == 3


def test_a_demand_on_every_school_becomes_the_schools_own():
    s = run(["各学校要加强管理人员队伍建设。各地各校要将校园绿化纳入议事日程。全市各校要统一采购教材。"])
    assert s.paragraphs == ["学校要加强管理人员队伍建设。学校要将校园绿化纳入议事日程。"]
    assert any(n.startswith("删除面向地区或多所学校的句子：") for n in s.notes)  # 全市… still goes


def test_local_organisation_gets_the_profile_place_and_other_places_drop():
    s = run(
        [
            "在平安县教育局的指导下，我们完善了制度。王庄村的孩子上学路途较远。苏北地区经验值得借鉴。",
            "县教育局将组织检查。",
        ]
    )
    assert s.paragraphs == ["在{所在地}教育局的指导下，我们完善了制度。", "县教育局将组织检查。"]
    assert len(s.notes) == 2 and all(n.startswith("删除含地名的句子") for n in s.notes)


def test_a_place_learned_in_the_file_is_caught_alone():
    s = run(["青溪县是一个山区县。", "我们要学习青溪经验，加强后勤管理工作。", "学校要加强后勤管理工作。"])
    assert s.paragraphs == ["学校要加强后勤管理工作。"]


@pytest.mark.parametrize(
    "sentence",
    [
        "刚才李国华主任讲了很好的意见。",
        "校长陈建国在开学典礼上强调了安全。",
        "根据贾总对学校发展的要求，我们明确了目标。",
        "我们要学习王明华同志的奉献精神。",
        "请大家支持刘校长的工作。",
        "园长王芳高度重视食品安全。",
        "邓小平同志指出，教育要面向现代化。",
    ],
)
def test_people_drop_their_sentence(sentence):
    s = run([sentence + "学校后勤工作要服务教育教学。"])
    assert s.paragraphs == ["学校后勤工作要服务教育教学。"]
    assert s.notes[0].startswith("删除含人名的句子：") and "〔人名〕" in s.notes[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "我要特别感谢车国梁、闻丽芬、栾海涛、苗春生四位同志。",
        "成员：曹文斌、蒋丽娟、殷雪松。",
        "组长：钱国栋（校长）。",
        "组　长：钱国栋。",
        "食堂负责人阮秀英要做好日常检查。",
        "教研组长滕文远、严春梅要带头上好示范课。",
        "门卫柴志刚、戚宝山两位师傅尽职尽责。",
        "在龚建华的带领下，后勤处全体同志齐心协力。",
        "这项工作由邬振宇负责。",
        "饶德厚每天早上六点到校检查食堂。",
        "李明、王强等同志主动承担了水电维修任务。",
        "保管员严海燕每天验收食材。",
    ],
)
def test_people_without_a_title_beside_them_drop_their_sentence(sentence):
    s = run([sentence + "学校后勤工作要服务教育教学。"])
    assert s.paragraphs == ["学校后勤工作要服务教育教学。"], s.notes
    assert "〔人名〕" in s.notes[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "努力打造一支高素质、专业化的后勤队伍。",
        "建设生态文明新校园。",
        "勾画学校未来发展的蓝图时，要听取师生意见。",
        "做好教师周转房的维修工作。",
        "春有花、夏有荫、秋有果、冬有青。",
        "安全性功能集中体现在师生的生命安全上。",
        "食堂、宿舍、教室、厕所要每天打扫。",
        "榆林、商洛两市的经验值得借鉴。",
    ],
)
def test_words_that_look_like_names_are_not_taken_for_people(sentence):
    s = run([sentence])
    assert not any("人名" in n for n in s.notes), s.notes


def test_a_town_of_the_place_name_table_is_caught_inside_a_phrase():
    s = run(
        [
            "这不光是学校要求，更是高酿人民要求。",
            "在茶庵岭人民的支持下，我们把周边环境整治好了。",
            "振兴人民教育。",
        ]
    )
    assert s.paragraphs == ["振兴人民教育。"]
    assert all("〔地名〕" in n for n in s.notes[:2])


def test_a_school_named_after_a_person_is_the_profile_school():
    s = run(["陆敬先希望小学全体教师团结协作。", "敬先小学的学生文明守纪。"])
    assert s.paragraphs[0] == "{学校名称}全体教师团结协作。"
    s = run(["逸夫小学的后勤工作很重要。"])
    assert s.paragraphs == ["{学校名称}的后勤工作很重要。"]


def test_companies_and_other_organisations_drop_their_sentence():
    s = run(
        [
            "学校与绿源餐饮管理有限公司签订了供餐合同。",
            "由城关镇卫生院的医生为学生体检。",
            "购买了保险公司的校方责任险。",
        ]
    )
    assert s.paragraphs == ["购买了保险公司的校方责任险。"]
    assert all("含单位名称" in n for n in s.notes[:2])


def test_a_given_name_used_alone_is_caught_from_the_file():
    s = run(["特别是建军同志，更要做好自己的工作。", "如果水管坏了，建军要及时组织维修。食堂要保持清洁。"])
    assert s.paragraphs == ["食堂要保持清洁。"]


def test_a_signed_line_drops():
    s = run(["汇报人：李明", "后勤工作要服务教育教学，为师生提供优质服务。"])
    assert s.paragraphs == ["后勤工作要服务教育教学，为师生提供优质服务。"] and s.notes


def test_a_byline_drops_and_its_school_is_learned():
    s = run(
        ["青溪县第二中学 陈建国", "陈建国同志负责后勤工作多年，做到了随叫随到。", "后勤工作要服务教育教学。"]
    )
    assert s.paragraphs == ["后勤工作要服务教育教学。"]
    assert all("陈建国" not in n for n in s.notes)


def test_possible_names_left_are_listed_for_review():
    kept = _section(
        "test.txt", 1, 1, "", ["我们在祁连县调研了后勤工作，邬振宇谈了体会。", "师生要杜绝浪费。"]
    )
    hidden = _section("test.txt", 2, 1, "", ["韩振宇负责食堂。"])
    hidden.reusable = False
    found = anonymize.possible_names([kept, hidden])
    assert {(p.word, p.kind) for p in found} == {("祁连县", "地名"), ("邬振宇", "人名")}
    assert {p.section for p in found} == {kept.id}


# ---------------------------------------------------------------- placeholders: years, figures, numbers


def test_the_meeting_opening_stays_with_the_meeting_name():
    s = run(
        ["经学校行政办公会研究决定，今天召开后勤工作会议，目的是进一步明确职责，提升服务水平。谢谢大家！"]
    )
    assert s.paragraphs == [
        "经学校行政办公会研究决定，今天召开{会议名称}，目的是进一步明确职责，提升服务水平。谢谢大家！"
    ]
    for generic in (
        "今天，总务处组织全体服务人员在此召开会议，我觉得很有必要。",
        "今天召开的这次会议很重要。",
    ):
        s = run([generic])
        assert s.paragraphs == [generic]


def test_years_terms_and_dates():
    s = run(
        [
            "2023-2024学年度第二学期，后勤工作取得了新成绩。",
            "2024年上半年我们完成了维修，2023年完成了绿化。",
            "2019年学校曾经翻建食堂。",
            "20xx年以来，我们坚持勤俭办学。",
            "二〇二四年三月",
            "2024年春季学期开学工作顺利。",
        ]
    )
    assert s.paragraphs == [
        "{学年}{学期}，后勤工作取得了新成绩。",
        "{年份}年上半年我们完成了维修，{上一年份}年完成了绿化。",
        "{日期}",
        "{学年}{学期}开学工作顺利。",
    ]
    assert [n[:10] for n in s.notes] == ["删除含无法替换的年份", "删除含未填写的模板占"]


def test_one_schools_figures():
    s = run(
        [
            "服务对象上有130多位教师和近二千名学生。我园现有幼儿320名，教职工45人。",
            "新食堂建成后，投资20多万元充实食堂内部设施。全县69所学校参加了评比。三位教师获得表彰。",
        ]
    )
    assert s.paragraphs == [
        "服务对象上有{教师人数}名教师和{学生人数}名学生。我园现有幼儿{学生人数}人，教职工{教师人数}人。",
        "三位教师获得表彰。",
    ]
    assert s.notes[0].startswith("删除含具体金额或统计数字的句子") and len(s.notes) == 2
    assert s.notes[1].startswith(("删除含具体金额或统计数字的句子", "删除面向地区或多所学校的句子"))


def test_figures_in_chinese_numerals_and_rates_go_small_numbers_stay():
    """A corpus sentence never hands another school its statistics (三百余支, 一千余米, 98%)."""
    s = run(
        [
            "全学期共维修更换灯管三百余支。每月开展一次安全检查。",
            "更换老化电线一千余米。两次演练效果良好。",
            "家长满意率达到98%。后勤工作十分重要。",
        ]
    )
    assert s.paragraphs == ["每月开展一次安全检查。", "两次演练效果良好。", "后勤工作十分重要。"]


def test_document_numbers():
    s = run(
        [
            "省教育厅制定了《关于加强中小学后勤管理工作的通知》（陕教产〔2020〕7号），提出明确要求。",
            "根据青教〔2025〕12号文件精神，我们制定本方案。按照7号文件的要求做好工作。学校要加强管理。",
        ]
    )
    assert s.paragraphs == [
        "省教育厅制定了《关于加强中小学后勤管理工作的通知》，提出明确要求。",
        "学校要加强管理。",
    ]
    assert [n[:7] for n in s.notes] == ["删除含文号的句"] * 2


# ---------------------------------------------------------------- sentence rules: occasion, scope, slogans


@pytest.mark.parametrize(
    "sentence",
    [
        "刚才张主任通报了检查情况。",
        "会后大家还要参观学校食堂。",
        "下面请马校长作具体布置。",
        "今天由我代表学校后勤在这里作汇报发言，请大家审议。",
        "这次会议是教育局年初安排的一次重要会议。",
    ],
)
def test_sentences_bound_to_their_occasion_drop(sentence):
    s = run(["同志们，" + sentence, "学校后勤工作要服务教育教学，为师生提供优质服务。"])
    assert s.paragraphs == ["学校后勤工作要服务教育教学，为师生提供优质服务。"]
    assert s.notes


def test_text_for_a_whole_province_or_county_is_not_a_schools():
    s = run(
        [
            "近年来我市对学校食品卫生高度重视。各市、县（区）教育局要健全机构。务必引起各学校的高度重视。",
            "全县中小学要落实安全责任。我校各校区要做好保洁，全校师生共同参与。",
        ]
    )
    assert s.paragraphs == ["我校各校区要做好保洁，全校师生共同参与。"]
    assert len([n for n in s.notes if "面向地区或多所学校" in n]) == 4


def test_dated_slogans_are_dropped():
    s = run(["总务后勤部门以“三个代表”重要思想和十六届四中全会精神为指针。我们坚持勤俭办学。"])
    assert s.paragraphs == ["我们坚持勤俭办学。"]
    assert s.notes and s.notes[0].startswith("删除含过时的提法的句子")


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年是我校建校七十周年。",
        "喜迎党的二十大，我们将以更加饱满的热情投入工作。",
        "在新冠肺炎疫情防控期间，学校实行封闭管理。",
        "学校积极配合创建全国文明城市工作。",
        "当前是教育系统规范管理年活动的攻坚阶段。",
        "为迎接第十四届全运会，学校开展了环境整治。",
        "在庆祝建党100周年系列活动中，财务室做好了经费保障。",
        "为庆祝中华人民共和国成立75周年，学校开展了系列活动。",
        "在建党百年之际，全体后勤人员重温入党誓词。",
    ],
)
def test_formulas_bound_to_a_year_or_an_event_drop_their_sentence(sentence):
    s = run([sentence + "我们坚持勤俭办学。"])
    assert s.paragraphs == ["我们坚持勤俭办学。"]
    assert s.notes[0].startswith("删除含过时的提法的句子")


def test_the_dated_formulas_come_from_the_corpus_folder(tmp_path, monkeypatch):
    from generator import config
    from generator.anonymize import dated

    (tmp_path / "dated.yaml").write_text("本省活动:\n  - 三秦先锋行动\n", encoding="utf-8")
    monkeypatch.setattr(config, "CORPUS_DIR", tmp_path)
    assert dated.dated_pattern().search("开展三秦先锋行动")
    assert not dated.dated_pattern().search("喜迎二十大")


def test_a_single_year_school_year_becomes_the_profile_school_year():
    s = run(["根据学校2023学年工作计划的总体安排，特制定本计划。", "二〇二三学年第一学期的工作已经结束。"])
    assert s.paragraphs == [
        "根据学校{学年}工作计划的总体安排，特制定本计划。",
        "{学年}{学期}的工作已经结束。",
    ]


# ---------------------------------------------------------------- sections: seams, headings, reusability


def test_a_dropped_last_clause_leaves_a_full_sentence():
    s = run(["一是加强食堂管理；二是王庄村的道路要维修。三是做好宿舍管理。"])
    assert s.paragraphs == ["一是加强食堂管理。三是做好宿舍管理。"]


def test_headings_are_anonymized_too():
    s = run(["做好后勤服务工作，为师生提供优质服务，让家长放心。"], heading="翠湖小学后勤工作的主要做法")
    assert s.heading == "{学校名称}后勤工作的主要做法"
    s = run(["做好后勤服务工作，为师生提供优质服务，让家长放心。"], heading="青溪县第二中学 陈建国")
    assert s.heading == "" and s.notes and s.reusable


def test_a_section_left_too_short_is_not_reusable():
    s = run(["刚才张主任讲了很好的意见，我完全赞同。谢谢大家！"])
    assert s.paragraphs == ["谢谢大家！"]
    assert not s.reusable
    assert any("不再复用" in n for n in s.notes)
    s = run(["3、加强教学设施的维修与更新。"])  # short but nothing dropped: still reusable
    assert s.reusable and s.paragraphs == ["3、加强教学设施的维修与更新。"]


def test_anonymizing_twice_changes_nothing():
    s = run(["我们翠湖小学召开了会议。2024年学校完成了维修。", "今天召开后勤工作会议，目的是明确职责。"])
    before = (list(s.paragraphs), list(s.placeholders))
    anonymize.anonymize([s], [Article("test.txt", 1, "文稿", [Para(p, 1, 1) for p in s.paragraphs])])
    assert (s.paragraphs, s.placeholders) == before


# ---------------------------------------------------------------- ordinary text stays as it is


ORDINARY = [
    "学校要加强后勤管理，我校全体教职工要团结协作，全校师生共同参与。",
    "全校要落实安全责任，中小学后勤工作要服务教育教学，县教育局将组织检查。",
    "新学期开学以来，学校开展了2 个专项行动。一是加强食堂管理；二是加强宿舍管理。",
    "第一，要提高认识。学校后勤工作千头万绪，总括起来只有六个字。",
    "请各位老师按时参加培训，班主任和总务主任要做好学生安全教育。",
    "遇到问题要及时向校长汇报，校长高度重视后勤工作。",
    "最后，祝老师们工作顺利，同学们学习进步！谢谢大家！",
    "各位同志，全体同志要增强服务意识，许多同志放弃了休息。",
    "中国有句古语：兵马未动，粮草先行。马克思主义的理论讲得更透彻。",
    "平安校园建设是学校发展的基础，我们要开展平安校园创建活动，创建文明校园，办人民满意的学校。",
    "门卫实行24小时值班制度，学校严禁12岁以下儿童骑车上学。",
    "学校要用好学校的固定资产，充分发挥学校的职能作用，代表学校行使管理权力。",
    "要加强宿舍区和生活区的管理，推进新农村建设，服务城乡教育发展。",
    "下面，我讲三点意见。以上是校长办公会对全体后勤员工的殷切期望。",
    "学校要创市一级学校，后勤服务也要与时俱进。",
    "采购员要做到采购食品遵章办事、以质论价、随行就市。",
    "要认真贯彻落实《中小学幼儿园安全管理办法》和上级有关文件精神。",
    "学校成立了以校长为组长、分管副校长为副组长的安全工作领导小组。",
    "幼儿园要严格执行晨午检制度，门卫师傅要严格执行来访登记制度。",
]


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_sentences_are_untouched(sentence):
    s = run([sentence])
    assert s.paragraphs == [sentence]
    assert s.notes == [] and s.placeholders == [] and s.reusable


# ---------------------------------------------------------------- made-up documents of other schools


OTHER_DOCUMENTS = {
    "kindergarten": (
        "红星幼儿园2025年秋季学期后勤工作总结",
        [
            "2025年秋季学期，红星幼儿园在平安县教育局的正确领导下，坚持以幼儿为本，扎实做好后勤保障工作。",
            "我园现有幼儿320名，教职工45人。园长李秀英同志高度重视食品安全工作，每周检查食堂。",
            "本学期投入资金15万元更新了厨房设备。刘园长亲自带队检查，做到了防患于未然。",
            "食堂严格执行食品留样制度，做到了安全卫生。红星人始终把幼儿安全放在首位。",
            "红星幼儿园  2025年12月",
        ],
        ["红星", "平安县", "李秀英", "刘园长", "15万", "320", "2025"],
    ),
    "county school": (
        "青溪县第二中学安全工作计划",
        [
            "为认真贯彻落实青教〔2025〕12号文件精神，结合我校实际，制定本计划。",
            "学校安全工作要坚持预防为主。校长陈建国强调，安全工作是学校工作的重中之重。",
            "全校1260名学生、98名教师要人人参与安全教育。",
            "青溪二中将与桃源镇中心小学开展结对共建活动。",
            "各班主任要每天排查安全隐患，发现问题及时报告。",
            "青溪县第二中学\n二〇二五年九月一日",
        ],
        ["青溪", "陈建国", "桃源", "1260", "98名", "2025", "二〇二五"],
    ),
    "town speech": (
        "在全镇学校后勤工作会议上的讲话",
        [
            "同志们：",
            "今天，我们在柳河镇中心小学召开全镇学校后勤工作现场会。刚才，赵主任通报了上学期的检查情况。",
            "今天召开全镇学校后勤工作会议，目的是总结经验，部署工作。",
            "柳河镇各校要加强食堂管理，确保师生饮食安全。",
            "会后，大家将参观学校食堂和学生宿舍。下面请张书记讲话。",
        ],
        ["柳河", "赵主任", "张书记"],
    ),
}


@pytest.mark.parametrize("kind", OTHER_DOCUMENTS)
def test_other_schools_documents_leak_nothing(kind):
    title, paragraphs, names = OTHER_DOCUMENTS[kind]
    sections = [_section("other.txt", i, i, "", [p]) for i, p in enumerate(paragraphs, 1)]
    article = Article("other.txt", 1, title, [Para(p, i, i) for i, p in enumerate(paragraphs, 1)])
    anonymize.anonymize(sections, [article])
    kept = "\n".join(text_of(s) for s in sections if s.reusable)
    for name in names:
        assert name not in kept, (name, kept)
    assert "{学校名称}" in kept or "{会议名称}" in kept
    assert set(re.findall(r"\{([^{}]+)\}", kept)) <= set(PLACEHOLDERS)


def test_the_fast_tokenizer_cuts_the_seeds_as_jieba_does():
    import jieba

    plain = jieba.Tokenizer()  # jieba's dictionary alone, as anonymizing uses it
    lex = anonymize.lexicon()
    for path in sorted(SOURCES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert lex.tokenize(line) == list(plain.tokenize(line, HMM=False)), line
