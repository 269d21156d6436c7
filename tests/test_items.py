"""The school's own items (工作要点) and figures (主要数据): where each kind puts them, in which
tense, once and verbatim; their provenance; and bad input (long items, markup) kept as text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator import batch, pipeline
from generator.model import Request
from generator.profile import make_profile

DONE = "完成后厨改造，通过食品安全量化等级A级评定"  # given with the prefix 食堂：
REPAIR = "投入35万元完成教学楼屋面防水维修"  # no prefix: its topic comes from its words
PLANNED = "计划下学期为宿舍楼加装防火门"  # a plan, on a topic nobody asked for
ITEMS = [f"食堂：{DONE}", REPAIR, PLANNED]

# the part (h1) each item belongs in: done work, and work ahead
PARTS = {
    "summary": (r"成效|成绩", r"下一步|打算"),
    "report": (r"做法|成效", r"下一步|打算"),
    "plan": (r"工作|措施", r"工作|措施"),
    "scheme": (r"任务", r"任务"),
    "speech": (r"回顾|成绩", r"本学期|重点|工作"),
}


@pytest.fixture(scope="module")
def library():
    return pipeline.load_corpus()


def make(kind: str, library, items=ITEMS, topics=("食堂", "安全"), date="", **fields):
    date = date or ("2026-07-02" if kind in ("summary", "report") else "2026-02-24")
    values = {"学校名称": "青松岭实验小学", "校长": "林远山", "日期": date, "工作要点": items, **fields}
    return pipeline.generate(Request(kind, make_profile(values), list(topics), seed=3), library)


def where(doc, text: str) -> list[tuple[str, str, str]]:
    """(part heading, paragraph, section id) of every paragraph holding ``text``."""
    part, found = "", []
    for p in doc.paras:
        part = p.text if p.kind == "h1" else part
        if text in p.text:
            found.append((part, p.text, p.section_id or ""))
    return found


@pytest.mark.parametrize("kind", list(PARTS))
def test_each_item_comes_once_verbatim_in_its_part_and_tense(kind, library):
    doc = make(kind, library)
    done_part, ahead_part = PARTS[kind]
    for text in (DONE, REPAIR, PLANNED):
        found = where(doc, text)
        assert len(found) == 1, (kind, text, found)
        assert doc.markdown.count(text) == 1
    (part, para, section), *_ = where(doc, DONE)
    assert re.search(done_part, part) and section.startswith("school:")
    (ahead, planned, _), *_ = where(doc, PLANNED)
    assert re.search(ahead_part, ahead)
    assert "下学期，我们计划下学期" not in planned and "下学期" in planned
    if kind in ("summary", "report"):
        assert para.startswith("本学期，我校完成后厨改造") and ahead != part
    elif kind in ("plan", "scheme"):
        assert para.startswith("本学期，我校将完成后厨改造")  # a plan's items are work ahead
    else:  # a speech at the start of a term looks back on the last one and forward to this one
        assert para.startswith("上学期，食堂完成后厨改造") and ahead != part  # two topics: each named


def test_an_item_leads_its_topic_before_corpus_text(library):
    doc = make("summary", library)
    paras = [p for p in doc.paras if p.kind == "body"]
    first = next(n for n, p in enumerate(paras) if DONE in p.text)
    heading = next(p.text for p in reversed(doc.paras[: doc.paras.index(paras[first])]) if p.kind != "body")
    assert "食堂" in heading  # the item opens the canteen's part, above the corpus's paragraphs


def test_an_item_on_an_unrequested_topic_adds_its_part(library):
    doc = make("summary", library, items=[f"宿舍：{DONE.replace('后厨', '宿舍楼')}"], topics=("食堂",))
    assert any("宿舍" in p.text for p in doc.paras if p.kind == "h2")
    assert "宿舍" in pipeline.manifest(doc)["request"]["topics"] or "宿舍" in doc.markdown


def test_a_plan_in_a_summary_adds_no_part_to_the_achievements(library):
    """A summary's plans go to its next steps: their topic gets no achievements part to fill."""
    doc = make("summary", library, items=[PLANNED], topics=("食堂",))
    assert not any("宿舍" in p.text for p in doc.paras if p.kind == "h2")
    assert where(doc, PLANNED)[0][0].endswith(("下一步工作打算", "今后工作打算", "下一步打算"))


def test_the_manifest_marks_the_schools_own_paragraphs(library):
    doc = make("summary", library, 主要数据={"投入资金": "35万元", "维修项目": "12个"})
    paras = pipeline.manifest(doc)["paragraphs"]
    own = [p for p in paras if p["origin"] == "school"]
    assert {p["section"] for p in own} >= {"school:1", "school:2", "school:3", "school:数据"}
    assert all(p["origin"] in ("template", "corpus") for p in paras if p not in own)
    figures = [p["text"] for p in own if p["section"] == "school:数据"]
    assert figures and "投入资金35万元" in figures[0] and "维修项目12个" in figures[0]
    assert doc.markdown.count("35万元") == 2  # in the figures and in the item that says it: never invented


def test_markup_in_an_item_is_text_everywhere(library, tmp_path):
    items = ["食堂：{{ 7*7 }}号窗口改为清真窗口", "安全：<script>alert(1)</script>安装监控探头"]
    doc = make("summary", library, items=items)
    assert "{{ 7*7 }}号窗口" in doc.markdown and "49号窗口" not in doc.markdown
    assert "<script>alert(1)</script>安装监控探头" in doc.markdown
    pipeline.write_outputs(doc, tmp_path, ("md", "html"))
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_long_item_is_kept_whole_and_noted(library):
    long = "食堂：" + "严格执行食品留样和陪餐制度，" * 25 + "确保师生饮食安全"
    doc = make("summary", library, items=[long])
    assert long.split("：", 1)[1] in doc.markdown
    assert any("超过 300 字" in w for w in doc.warnings)


def test_empty_items_are_ignored():
    profile = make_profile({"学校名称": "青松岭实验小学", "工作要点": "；\n  ；投入35万元完成维修；；"})
    assert profile.items == ["投入35万元完成维修"]


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_roster_cells_split_items_on_semicolons_and_line_breaks(tmp_path):
    cell = f"食堂：{DONE}；{REPAIR}\n{PLANNED}"
    long = "安全：" + "每月开展一次消防安全检查，" * 25 + "确保校园平安"
    rows = [
        ["学校名称", "校长", "日期", "工作要点"],
        ["青松岭实验小学", "林远山", "2026-07-02", cell],
        ["白沙河小学", "苏明月", "2026-07-02", long],
    ]
    result = batch.run(
        write_roster(tmp_path / "名单.csv", rows), "summary", tmp_path / "out", batch.BatchOptions(jobs=1)
    )
    assert [r.status for r in result.rows] == ["成功", "成功"]
    text = (tmp_path / "out" / "青松岭实验小学_工作总结.md").read_text(encoding="utf-8")
    assert all(text.count(t) == 1 for t in (DONE, REPAIR, PLANNED))
    manifest = json.loads((tmp_path / "out" / "青松岭实验小学_工作总结.json").read_text(encoding="utf-8"))
    assert manifest["request"]["profile"]["items"] == ITEMS
    report = list(csv.DictReader(io.StringIO((tmp_path / "out" / batch.REPORT_NAME).read_text("utf-8-sig"))))
    assert "超过 300 字" not in report[0]["提示"] and "超过 300 字" in report[1]["提示"]


def test_a_scheme_puts_items_naming_a_month_in_the_stage_of_that_month(library):
    items = ["食堂：3月底前完成后厨改造", REPAIR, "6月组织一次消防疏散演练", "宿舍：计划12月更换宿舍床铺"]
    doc = make("scheme", library, items=items)  # dated 2026-02-24: the spring term, stages 2月 / 3—6月 / 7月
    stage = ""
    where_is = {}
    for p in doc.paras:
        stage = p.text[:12] if p.kind == "h2" and "阶段" in p.text else stage if p.kind == "body" else ""
        for text in ("3月底前完成后厨改造", "6月组织一次消防疏散演练", "更换宿舍床铺", REPAIR):
            if text in p.text:
                where_is[text] = (stage, p.section_id)
    assert where_is["3月底前完成后厨改造"][0].startswith("（二）组织实施阶段")
    assert where_is["3月底前完成后厨改造"][1] == "school:1"
    assert where_is["6月组织一次消防疏散演练"][0].startswith("（二）组织实施")
    assert where_is["更换宿舍床铺"][0] == "" and where_is[REPAIR][0] == ""  # 12月 is no month of this term
    assert all(doc.markdown.count(t) == 1 for t in where_is)


def test_a_figure_says_its_unit_once(library):
    doc = make("summary", library, items=[], 主要数据={"培训人次": "46人次", "投入资金": "18万元"})
    assert (
        "培训46人次" in doc.markdown and "人次46人次" not in doc.markdown and "投入资金18万元" in doc.markdown
    )
    # the school says it: 一年来，我校培训46人次
    assert re.search(r"(?:一学期来|一学年来|一年来|开学以来)，我校培训46人次", doc.markdown)


def test_what_a_term_opening_speech_says_of_this_term_is_work_ahead(library):
    items = [
        "食堂：寒假完成后厨排烟系统改造",
        "本学期要建成学生心理咨询室",
        "宿舍：本学期实行宿舍楼封闭式管理",
    ]
    doc = make("speech", library, items=items, date="2026-02-26")
    review = where(doc, "寒假完成后厨排烟系统改造")[0][0]
    for ahead in ("本学期要建成学生心理咨询室", "本学期实行宿舍楼封闭式管理"):
        assert where(doc, ahead)[0][0] not in ("", review), ahead  # in the deployment, not the review
    summary = make("summary", library, items=items[1:], date="2026-07-02")  # at the term's end: work done
    assert re.search(r"成效|成绩", where(summary, "本学期实行宿舍楼封闭式管理")[0][0])


def test_items_of_several_topics_in_one_paragraph_each_say_which(library):
    items = ["食堂：推行明厨亮灶", "宿舍：完成热水系统改造"]
    doc = make("speech", library, items=items, date="2026-07-02", 寄宿="是")
    assert "本学期，食堂推行明厨亮灶；宿舍完成热水系统改造。" in doc.markdown
    summary = make("summary", library, items=items, 寄宿="是")  # each in its topic's part: no label
    assert (
        "本学期，我校推行明厨亮灶。" in summary.markdown
        and "本学期，我校完成热水系统改造。" in summary.markdown
    )
