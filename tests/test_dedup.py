"""Near-duplicate groups: copies within and across files grouped, other sections left alone."""

from __future__ import annotations

import copy
import random

from crude_seeds import all_seed_sections

from generator import dedup
from generator.model import Section

PLAN_A = [
    (
        "指导思想",
        "始终遵循学校总体工作思路，围绕安全、稳定这个中心，做好教育教学服务工作，落实认识到位、责任到位、"
        "措施到位，建立良好的后勤管理秩序，确保后勤服务工作更上一层楼。",
    ),
    (
        "",
        "进一步完善学校校产管理制度，增强师生对校产的爱护意识。完善校产维修报修制度，由相关人员将报修单送到"
        "后勤处，以便及时安排；维修完毕，由报修人负责验收签字。",
    ),
    ("", "加强食堂管理，严把食品采购关和留样关，炊事人员持健康证上岗，确保师生饮食安全。"),
    ("", "加强用电用水和日常检修管理，坚持勤俭节约，反对铺张浪费，努力为学校节约一滴水、一度电、一分钱。"),
]
PLAN_B = [
    (
        "指导思想",
        "始终遵循学校总体工作思路，围绕安全、稳定这个中心；做好教育教学服务工作，做好师生生活服务工作；落实"
        "认识到位、责任到位、措施到位，建立良好的后勤管理秩序，确保后勤服务工作更上一层楼。",
    ),
    (
        "",
        "进一步完善{学校简称}校产管理制度，增强师生对校产的爱护意识。完善校产维修报修制度，由相关人员将报修单"
        "送到总务处，以便及时安排；维修完毕，由报修人负责验收签字。",
    ),
    (
        "",
        "加强用电、用水、办公耗材和日常检修管理，坚持勤俭节约，反对铺张浪费，努力为学校节约一滴水，一度电，一分钱。",
    ),
    ("", "做好校园绿化美化工作，定期修剪花草树木，清除卫生死角，营造整洁优美的育人环境。"),
]


def sections(parts: list[tuple[str, str]], source: str, article: str = "a1") -> list[Section]:
    return [
        Section(
            f"{source}-{article}-s{i:02d}",
            source,
            article,
            "后勤工作计划",
            (i + 1, i + 1),
            2 if h else 3,
            h,
            [text],
        )
        for i, (h, text) in enumerate(parts)
    ]


def test_two_near_identical_plans_are_grouped_and_the_rest_left_apart():
    secs = sections(PLAN_A, "x.txt", "a1") + sections(PLAN_B, "x.txt", "a2")
    dedup.group_duplicates(secs)
    a, b = secs[:4], secs[4:]
    assert [s.dup_group for s in a] == ["g001", "g002", None, "g003"]
    assert [s.dup_group for s in b] == ["g001", "g002", "g003", None]


def test_groups_span_files_and_are_numbered_by_first_member():
    other = sections(
        [("", "一年来，我们完成了食堂改造工程，购置了消毒柜和留样冰箱，师生就餐环境明显改善。")], "y.txt"
    )
    secs = other + sections(PLAN_B, "z.txt") + sections(PLAN_A, "w.txt")
    dedup.group_duplicates(secs)
    assert secs[0].dup_group is None
    assert [s.dup_group for s in secs[1:5]] == ["g001", "g002", "g003", None]
    assert [s.dup_group for s in secs[5:]] == ["g001", "g002", None, "g003"]
    assert {s.source for s in secs if s.dup_group == "g001"} == {"z.txt", "w.txt"}


def test_grouping_is_deterministic_and_resets_old_groups():
    first = sections(PLAN_A, "x.txt", "a1") + sections(PLAN_B, "x.txt", "a2")
    second = copy.deepcopy(first)
    for s in second:
        s.dup_group = "g999"
    dedup.group_duplicates(first)
    dedup.group_duplicates(second)
    assert [s.dup_group for s in first] == [s.dup_group for s in second]
    assert "g999" not in {s.dup_group for s in second}


def test_short_and_merely_similar_texts_are_not_grouped():
    secs = sections(
        [
            ("", "谢谢大家！"),
            ("", "谢谢大家！"),
            ("", "加强食堂管理，确保饮食安全，提高伙食质量，让师生满意。"),
            ("", "加强宿舍管理，确保住宿安全，提高服务质量，让家长放心。"),
        ],
        "s.txt",
    )
    dedup.group_duplicates(secs)
    assert [s.dup_group for s in secs] == [None, None, None, None]


def test_a_copied_passage_inside_a_longer_section_is_grouped():
    passage = (
        "后勤工作是学校工作的重要组成部分，是学校教育教学工作得以顺利进行的基础，"
        "是保障学校安全与稳定的重要环节。"
    )
    longer = (
        passage
        + "我们每一位同志都要有高度的责任意识，把安全第一的观念落实到每一项工作上，体现在每一次行动中。" * 2
    )
    secs = sections([("", passage), ("", longer)], "p.txt")
    dedup.group_duplicates(secs)
    assert secs[0].dup_group == secs[1].dup_group == "g001"


def test_the_two_work_plans_of_seed_003_share_groups():
    seeds = all_seed_sections()
    dedup.group_duplicates(seeds)
    plans = {(s.source, s.article) for s in seeds if s.article_title == "学校后勤工作计划"}
    assert len(plans) == 2
    groups: dict[str, set] = {}
    for s in seeds:
        if s.dup_group:
            groups.setdefault(s.dup_group, set()).add((s.source, s.article))
    shared = [g for g, members in groups.items() if members == plans]
    assert len(shared) >= 8
    assert all(s.dup_group is None for s in seeds if s.source.startswith("004_"))
    assert all(s.dup_group is None for s in seeds if s.source.startswith("001_"))


def test_copies_with_an_inserted_sentence_are_grouped_with_their_original():
    seeds = all_seed_sections()
    rnd = random.Random(7)
    many = [copy.deepcopy(s) for s in seeds]
    while len(many) < 600:
        s = copy.deepcopy(rnd.choice(seeds))
        s.paragraphs = [p[: len(p) // 2] + "另外还要做好相关工作。" + p[len(p) // 2 :] for p in s.paragraphs]
        many.append(s)
    dedup.group_duplicates(many)
    assert sum(1 for s in many[len(seeds) :] if s.dup_group) > 0.8 * (len(many) - len(seeds)) - 40
