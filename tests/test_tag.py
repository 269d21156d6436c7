"""Tagging: role, topics, kinds, mood and tokens on made-up sections and on the seeds."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from crude_seeds import ROOT, all_seed_sections, load_topics

from generator import tag
from generator.config import KINDS, MOODS, ROLES
from generator.model import Section

USERDICT = ROOT / "corpus" / "userdict.txt"
DOMAIN_TOPICS = [
    "食堂与饮食安全",
    "宿舍",
    "门卫与安保",
    "水电与维修",
    "财务",
    "校产与资产",
    "采购",
    "绿化与环境卫生",
    "队伍建设与培训",
    "服务意识",
    "制度建设",
    "勤俭节约",
    "安全总体",
    "组织领导",
    "考核与责任",
    "文印",
    "学生营养",
    "基建",
    "商店",
]


@pytest.fixture(scope="module")
def topics():
    return load_topics()


def make(
    title: str, parts: list[tuple[int, str, list[str]]], source: str = "t.txt", article: str = "a1"
) -> list[Section]:
    """An article's sections from (level, heading, paragraphs), parents linked by level."""
    out: list[Section] = []
    for i, (level, heading, paras) in enumerate(parts):
        parent = next((s.id for s in reversed(out) if 0 < s.level < level), None) if level else None
        out.append(
            Section(
                f"t-{article}-s{i:02d}",
                source,
                article,
                title,
                (i + 1, i + 1),
                level,
                heading,
                list(paras),
                parent=parent,
            )
        )
    return out


def tagged(title: str, parts, topics) -> list[Section]:
    sections = make(title, parts)
    tag.tag(sections, topics, USERDICT)
    return sections


# ---------------------------------------------------------------- topics.yaml


def test_topics_file_has_the_domain_topics_and_unique_aliases(topics):
    names = [t.name for t in topics]
    assert len(names) == len(set(names))
    assert set(DOMAIN_TOPICS) <= set(names)
    assert tag.GENERAL_TOPIC in names
    owner: dict[str, str] = {}
    for t in topics:
        assert t.keywords, t.name
        for alias in [t.name, *t.aliases]:
            assert alias not in owner, f"{alias} 同时属于 {owner.get(alias)} 和 {t.name}"
            owner[alias] = t.name
    assert [
        owner[a]
        for a in [
            "食堂",
            "安全",
            "维修",
            "财务",
            "宿舍",
            "门卫",
            "绿化",
            "培训",
            "节约",
            "文印",
            "营养",
            "商店",
        ]
    ] == [
        "食堂与饮食安全",
        "安全总体",
        "水电与维修",
        "财务",
        "宿舍",
        "门卫与安保",
        "绿化与环境卫生",
        "队伍建设与培训",
        "勤俭节约",
        "文印",
        "学生营养",
        "商店",
    ]


def test_userdict_parses_and_makes_domain_words_whole_tokens(topics):
    entries = tag.read_userdict(USERDICT)
    words = {w for w, _, _ in entries}
    assert {
        "后勤保障",
        "炊事员",
        "保育员",
        "寝室管理员",
        "食品安全",
        "校产",
        "文印室",
        "晨检",
        "留样",
    } <= words
    assert all(not w.startswith("#") for w in words)
    [s] = tagged(
        "学校后勤工作计划", [(1, "", ["寝室管理员每晚查寝，炊事员做好晨检和留样，文印室节约纸张。"])], topics
    )
    assert {"寝室管理员", "炊事员", "晨检", "留样", "文印室"} <= set(s.tokens)


# ---------------------------------------------------------------- made-up sections

CANTEEN = (
    "加强食堂管理，确保饮食安全。要严格执行食品采购索证索票和留样制度，炊事人员必须持健康证上岗，"
    "定期对餐具进行消毒，进一步提高饭菜质量，杜绝食物中毒事故发生。"
)
ACHIEVED = (
    "一年来，我们完成了教学楼和宿舍楼的水电线路改造，维修课桌椅三百余套，更换灯管、水龙头等设施，"
    "报修做到了随叫随到，取得了师生的一致好评。"
)


def test_canteen_measures_in_a_plan(topics):
    [head, point] = tagged("{学校名称}后勤工作计划", [(1, "主要工作与措施", []), (2, "", [CANTEEN])], topics)
    assert head.role == "measures"
    assert point.role == "measures"
    assert point.mood == "directive"
    assert point.topics[0] == "食堂与饮食安全"
    assert "plan" in point.kinds and "summary" not in point.kinds


def test_achievements_in_a_summary(topics):
    [_, point] = tagged("学校后勤工作总结", [(1, "一年来的主要成绩", []), (2, "", [ACHIEVED])], topics)
    assert point.role == "review"
    assert point.mood == "review"
    assert point.topics[0] == "水电与维修"
    assert "summary" in point.kinds and "plan" not in point.kinds


def test_roles_of_a_plan_follow_its_headings(topics):
    secs = tagged(
        "学校后勤工作计划",
        [
            (0, "", ["为进一步做好本学期后勤工作，更好地为教育教学服务，特制定本计划。"]),
            (1, "指导思想", ["以服务育人为宗旨，围绕学校中心工作，坚持安全第一。"]),
            (1, "工作目标", ["力争做到师生满意、家长满意、社会满意。"]),
            (1, "主要工作", []),
            (2, "", ["加强校产管理，每学期对校产校具清点登记一次。"]),
            (1, "保障措施", ["成立后勤工作领导小组，校长任组长，明确分工，落实责任。"]),
        ],
        topics,
    )
    assert [s.role for s in secs] == [
        "opening",
        "guiding-thought",
        "goals",
        "measures",
        "measures",
        "safeguards",
    ]
    assert all(s.mood == "directive" for s in secs[1:])
    assert "plan" in secs[1].kinds and "scheme" in secs[1].kinds and "speech" not in secs[1].kinds


def test_roles_of_a_speech(topics):
    secs = tagged(
        "在学校后勤工作会议上的讲话",
        [
            (0, "", ["同志们："]),
            (0, "", ["今天召开全校后勤工作会议，主要任务是总结工作、分析形势、部署任务。"]),
            (
                1,
                "认清形势，充分认识做好后勤工作的重要意义",
                ["后勤工作是学校工作的重要组成部分，是教育教学的基础和保障。"],
            ),
            (
                1,
                "回顾过去，肯定成绩",
                ["一年来，全体后勤人员克服困难，较好地完成了各项任务，取得了明显成效。"],
            ),
            (1, "正视问题，查找不足", ["当前后勤工作还存在一些问题和不足，服务意识不够强，管理不够规范。"]),
            (1, "明确要求，抓好落实", ["希望大家进一步增强服务意识，必须做到随叫随到，要把安全放在首位。"]),
            (0, "", ["同志们，让我们齐心协力，扎实工作，推动学校后勤工作再上新台阶！"]),
            (0, "", ["谢谢大家！"]),
        ],
        topics,
    )
    assert [s.role for s in secs] == [
        "salutation",
        "opening",
        "significance",
        "review",
        "problems",
        "requirements",
        "closing",
        "closing",
    ]
    assert secs[0].kinds == ["speech"] and secs[-2].kinds == ["speech"]
    assert secs[3].mood == "review" and secs[5].mood == "directive"
    assert "summary" in secs[3].kinds and "speech" in secs[3].kinds


def test_experience_problems_and_next_steps_in_a_summary(topics):
    secs = tagged(
        "2025年学校后勤工作总结",
        [
            (1, "主要做法与体会", []),
            (2, "领导重视是关键", ["学校把后勤工作摆上重要议事日程，校长亲自抓，分管领导具体抓。"]),
            (1, "存在的问题", ["部分设施老化，维修不够及时；个别人员服务态度有待提高。"]),
            (1, "今后的打算", ["下一步，我们将进一步加强管理，确保各项工作落到实处。"]),
        ],
        topics,
    )
    assert [s.role for s in secs] == ["experience", "experience", "problems", "measures"]
    assert secs[3].mood == "directive"


def test_segment_roles_are_kept(topics):
    secs = make("学校后勤工作计划", [(1, "指导思想", ["坚持服务育人。"]), (0, "", ["{学校名称}  {日期}"])])
    secs[1].role = "signature"
    tag.tag(secs, topics, USERDICT)
    assert secs[1].role == "signature"
    assert secs[1].kinds == ["plan", "summary", "scheme", "report"]


def test_tokens_drop_stop_words_punctuation_and_placeholders(topics):
    [s] = tagged(
        "学校后勤工作计划",
        [(2, "加强{学校简称}食堂管理", ["{学校名称}的食堂要做好食品安全工作，WiFi 和 2024 不算。"])],
        topics,
    )
    assert "食堂" in s.tokens and "食品安全" in s.tokens
    assert {"食品", "安全"} <= set(s.tokens)  # search-mode sub-words for BM25
    assert "wifi" in s.tokens
    for bad in ["的", "要", "和", "，", "。", "{", "}", "学校名称", "学校简称", "2024", " "]:
        assert bad not in s.tokens, bad
    assert all(t == t.lower() and t.strip() for t in s.tokens)


def test_mood_ignores_words_that_only_contain_cue_characters():
    import jieba

    words = jieba.lcut("后勤工作是学校工作的重要组成部分，为了了解需要，主要看质量。")
    assert tag.mood_of(words) == "neutral"
    assert tag.mood_of(jieba.lcut("今年已完成校舍维修，取得了良好效果。")) == "review"
    assert tag.mood_of(jieba.lcut("要加强管理，必须确保安全，将进一步完善制度。")) == "directive"


def test_article_kind_from_title():
    assert tag.article_kind("2026年春季学期校长在开学后勤保障工作协调会上的总结讲话材料") == "speech"
    assert tag.article_kind("学校后勤工作总结") == "summary"
    assert tag.article_kind("学校后勤工作计划") == "plan"
    assert tag.article_kind("学校后勤工作实施方案") == "scheme"
    assert tag.article_kind("学校后勤管理工作汇报") == "report"
    assert tag.article_kind("学校后勤工作") == ""


def test_topic_matching_prefers_longer_keywords(topics):
    matcher = tag.TopicMatcher(topics)
    assert matcher.match("", "严把食品安全关，做好食品安全和饮食卫生工作。")[0] == "食堂与饮食安全"
    assert "安全总体" not in matcher.match("", "严把食品安全关，做好食品安全和饮食卫生工作。")
    assert matcher.match("", "做好本职工作，争取更大进步。") == [tag.GENERAL_TOPIC]
    assert matcher.match("文印室管理", "复印纸张要登记。")[0] == "文印"


# ---------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds(topics):
    sections = all_seed_sections()
    tag.tag(sections, topics, USERDICT)
    return sections


def test_every_seed_section_gets_a_role_topics_kinds_and_mood(seeds, topics):
    names = {t.name for t in topics}
    assert len(seeds) > 250
    for s in seeds:
        assert s.role in ROLES, s.id
        assert s.topics and set(s.topics) <= names, s.id
        assert s.kinds and set(s.kinds) <= set(KINDS), s.id
        assert s.mood in MOODS, s.id
        assert s.tokens or s.chars < 4, s.id


def test_seed_tags_fit_their_documents(seeds):
    plans = [s for s in seeds if "工作计划" in s.article_title]
    summaries = [s for s in seeds if s.article_title.endswith("工作总结")]
    assert plans and summaries
    plan_roles = Counter(s.role for s in plans)
    assert (
        plan_roles["measures"] > len(plans) / 2
        and plan_roles["guiding-thought"] >= 2
        and plan_roles["goals"] >= 1
    )
    assert Counter(s.mood for s in plans)["directive"] > 0.8 * len(plans)
    assert Counter(s.role for s in summaries)["review"] > 0.6 * len(summaries)
    assert Counter(s.mood for s in summaries)["review"] > 0.6 * len(summaries)
    roles = Counter(s.role for s in seeds)
    for role in [
        "salutation",
        "opening",
        "significance",
        "review",
        "experience",
        "problems",
        "guiding-thought",
        "goals",
        "requirements",
        "measures",
        "closing",
        "signature",
    ]:
        assert roles[role] > 0, role


def test_seed_sections_on_their_topics(seeds):
    def first_topic(start: str) -> str:
        return next(s for s in seeds if (s.heading + s.text).startswith(start)).topics[0]

    assert first_topic("重点抓好食堂管理工作") == "食堂与饮食安全"
    assert first_topic("切实加强寝室管理") == "宿舍"
    assert first_topic("高度重视门卫工作") == "门卫与安保"
    assert first_topic("商店管理方面") == "商店"
    assert first_topic("加强纸张和办公耗材的管理") == "文印"
    assert first_topic("重点搞好学生奶的推广服务工作") == "学生营养"


def test_problems_paragraph_of_a_speech(seeds):
    s = next(s for s in seeds if s.text.startswith("在肯定成绩的同时"))
    assert s.role == "problems"


def test_tagging_is_deterministic(seeds, topics):
    again = all_seed_sections()
    tag.tag(again, topics, USERDICT)
    key = [(s.role, s.topics, s.kinds, s.mood, s.tokens) for s in seeds]
    assert key == [(s.role, s.topics, s.kinds, s.mood, s.tokens) for s in again]


def test_importing_tag_does_not_load_jieba():
    code = "import sys, generator.tag; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_the_fast_segmenter_gives_the_seeds_the_search_tokens_jieba_gives():
    """The seeds' sections as tagging reads them (cleaned, names out), against a jieba of their own
    with the same domain words. Numbers with % or a decimal point are cut apart by the fast
    segmenter, and search tokens drop numbers."""
    import jieba

    from generator import store
    from generator.tag.sections import _cutter, _plain, read_userdict
    from generator.tag.tokens import search_tokens

    userdict = ROOT / "corpus" / "userdict.txt"
    plain = jieba.Tokenizer()
    plain.initialize()
    for word, freq, pos in read_userdict(userdict):
        plain.add_word(word, freq, pos)
    cut = _cutter(str(userdict))
    for section in store.load(ROOT / "corpus").sections:
        text = _plain(section.heading + "\n" + section.text)
        assert search_tokens(cut(text), plain.FREQ) == search_tokens(plain.lcut(text), plain.FREQ), text
