"""What an office director reading the generated documents noticed, as rules over the matrix of
school stages and kinds: each was seen in a generated document before its fix."""

from __future__ import annotations

import re

import pytest

from generator import pipeline
from generator.model import Request
from generator.profile import make_profile

SCHOOLS = {
    "小学": "临江市实验小学",
    "初中": "东湖区第二初级中学",
    "高中": "临江市第一高级中学",
    "九年一贯制": "松岭镇九年一贯制学校",
}
KINDS = ("speech", "plan", "summary", "scheme", "report")


@pytest.fixture(scope="module")
def term_end():
    """The matrix dated at the end of a spring term (2026-07-02), two seeds, two topic sets."""
    library = pipeline.load_corpus()
    docs = []
    for school in SCHOOLS.values():
        for kind in KINDS:
            for seed, topics in ((1, ["食堂", "安全", "宿舍"]), (2, ["财务", "维修"])):
                profile = make_profile({"学校名称": school, "校长": "李明", "日期": "2026-07-02"})
                docs.append(pipeline.generate(Request(kind, profile, topics, seed=seed), library))
    return docs


def bodies(doc) -> list[str]:
    return [p.text for p in doc.paras if p.kind == "body"]


def test_nothing_written_at_term_end_reads_as_if_the_term_had_just_begun(term_end):
    for doc in term_end:
        if doc.request.kind in ("summary", "report", "speech"):
            text = doc.markdown
            assert "迎接师生返校" not in text and not re.search(r"开学以来[^。]*阶段性", text), doc.title


def test_no_maxim_stands_alone_once_its_point_went(term_end):
    """要加强舆论宣传。进步来自思想解放，落后缘于观念陈旧。这次会议…: in a written document the
    meeting's sentence goes, and the maxim with it."""
    for doc in term_end:
        for text in bodies(doc):
            assert "进步来自思想解放" not in text or "这次会议" in text, (doc.title, text)


def test_no_sub_heading_stands_over_a_stub(term_end):
    """A heading over one short sentence (…方方面面。) says nothing; a run-in stage line is whole."""
    for doc in term_end:
        paras = [p for p in doc.paras if p.kind not in ("signature", "date")]
        for n, p in enumerate(paras[:-1]):
            if p.kind not in ("h2", "h3", "h4") or "。" in p.text:
                continue
            body = []
            for q in paras[n + 1 :]:
                if q.kind != "body":
                    break
                body.append(q.text)
            if body:
                assert len("".join(body)) >= 25, (doc.title, p.text, body)


def test_no_one_speaks_of_the_school_leaders_as_helpless(term_end):
    for doc in term_end:
        assert "学校领导已经无力" not in doc.markdown, doc.title


def test_a_problems_part_names_its_problems(term_end):
    """还存在一些不容忽视的问题和不足。 alone, its list cut off, says nothing about which."""
    for doc in term_end:
        for text in bodies(doc):
            if re.search(r"存在(?:一些|不少|诸多)[^。，]{0,10}(?:问题|不足)", text):
                assert re.search(
                    r"一是|第一|首先|[：:]|(?:问题|不足)[^。]*，[^。]*(?:不够|有待|老化)", text
                ), text


def test_a_kindergarten_is_told_its_document_is_mostly_other_schools_text():
    library = pipeline.load_corpus()
    notes = {}
    for school in ("青松岭中心幼儿园", "临江市实验小学"):
        profile = make_profile({"学校名称": school, "日期": "2026-02-24"})
        doc = pipeline.generate(Request("plan", profile, ["食堂", "安全"], seed=1), library)
        notes[school] = " ".join(doc.warnings)
        if "幼儿园" in school:
            assert "中小学" not in doc.markdown  # 中小学后勤管理… is no kindergarten's
    assert "写给幼儿园的素材很少" in notes["青松岭中心幼儿园"] and "素材很少" not in notes["临江市实验小学"]


def test_a_kindergartens_document_speaks_of_its_children():
    """The corpus's 学生 and 师生 are a kindergarten's 幼儿 and 师幼 (fit.yaml's 用语); a school's stay."""
    library = pipeline.load_corpus()
    for kind in ("summary", "plan"):
        profile = make_profile({"学校名称": "城南幼儿园", "日期": "2026-12-06"})
        doc = pipeline.generate(Request(kind, profile, ["食堂", "安全"], seed=1), library)
        assert "学生" not in doc.markdown and "师生" not in doc.markdown, kind
        assert "幼儿" in doc.markdown or "师幼" in doc.markdown, kind
    school = make_profile({"学校名称": "临江市实验小学", "日期": "2026-12-06"})
    assert "学生" in pipeline.generate(Request("plan", school, ["食堂", "安全"], seed=1), library).markdown


def test_a_kindergarten_summary_holds_no_school_classrooms_and_no_first_weeks():
    """城南幼儿园's summary as its office director read it: no 实验室仪器 or 课桌椅 of a school, no
    report of the term's first weeks (开学以来…迎接师生返校) in a summary of the whole term."""
    profile = make_profile({"学校名称": "城南幼儿园", "日期": "2026-12-06"})
    doc = pipeline.generate(Request("summary", profile, [], seed=0), pipeline.load_corpus())
    for words in ("实验室", "课桌椅", "晨会课", "迎接师生返校", "阶段性成效"):
        assert words not in doc.markdown, words


def test_a_short_demand_is_made_once_even_as_a_heading():
    """坚持民主理财。 and a section headed 实行民主理财 (its heading becoming the lead) ask for one thing."""
    library = pipeline.load_corpus()
    profile = make_profile({"学校名称": "东湖区第二初级中学", "日期": "2026-07-02"})
    for kind in ("plan", "scheme"):
        for seed in (1, 2, 3):
            text = pipeline.generate(Request(kind, profile, ["财务", "维修"], seed=seed), library).markdown
            assert not ("坚持民主理财。" in text and "实行民主理财" in text), (kind, seed)


def test_a_run_on_heading_heads_no_part():
    library = pipeline.load_corpus()
    profile = make_profile({"学校名称": "东湖区第二初级中学", "日期": "2026-07-02"})
    for seed in (1, 2, 3):
        doc = pipeline.generate(Request("scheme", profile, ["财务", "维修"], seed=seed), library)
        heads = [p.text for p in doc.paras if p.kind.startswith("h")]
        assert not [h for h in heads if h.count("，") > 1 and "阶段" not in h], heads
