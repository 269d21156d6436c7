"""Rendering: numbered headings, filled and checked text, the five layouts, sandbox, overrides, HTML."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
import synthetic as syn

from generator import render, selection
from generator.config import CHARS_PER_MINUTE, CORPUS_DIR, TEMPLATES_DIR
from generator.errors import ProfileError, UsageError
from generator.model import Chosen, Document, Outline, Request, count_chinese
from generator.profile import make_profile

KINDS = ["speech", "plan", "summary", "scheme", "report"]
DIRS = [TEMPLATES_DIR]
GOLDEN = Path(__file__).parent / "golden" / "summary_synthetic.md"
LEFTOVER = re.compile(r"20[xX×]{2}|[xX×]{2,}|某某|\{\{|\}\}|\{%|\{[^{}\s]{1,12}\}")
H1 = "一二三四五六七八九十"


def generate(kind: str, corpus=None, dirs=DIRS, **kw) -> Document:
    recipe = render.load_recipe(kind, dirs)
    return render.render(selection.select(syn.request(kind, **kw), recipe, corpus or syn.corpus()), dirs)


def headings(doc: Document, kind: str) -> list[str]:
    return [p.text for p in doc.paras if p.kind == kind]


def assert_numbered(doc: Document) -> None:
    """一、二、… in order; （一）（二）… restarting under each level-1 heading; no gaps."""
    level1 = level2 = 0
    for para in doc.paras:
        if para.kind == "h1":
            level1, level2 = level1 + 1, 0
            assert para.text.startswith(f"{H1[level1 - 1]}、"), para.text
        elif para.kind == "h2":
            level2 += 1
            assert para.text.startswith(f"（{H1[level2 - 1]}）"), para.text
    assert level1 >= 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_kind_renders_clean_numbered_traced_text(kind, seed):
    doc = generate(kind, seed=seed, chars=900)
    assert_numbered(doc)
    assert doc.paras[0].kind == "title" and sum(p.kind == "title" for p in doc.paras) == 1
    assert syn.SCHOOL in doc.markdown
    assert not LEFTOVER.search(doc.markdown)
    bodies = [re.sub(r"\W", "", p.text) for p in doc.paras]
    assert len(bodies) == len(set(bodies)), "a paragraph repeated"
    chosen = {
        c.section_id
        for items in selection.select(
            syn.request(kind, seed=seed, chars=900), render.load_recipe(kind, DIRS), syn.corpus()
        ).slots.values()
        for c in items
    }
    traced = {p.section_id for p in doc.paras if p.section_id}
    assert traced == chosen
    assert all(
        p.section_id is None
        for p in doc.paras
        if p.kind in ("title", "speaker", "salutation", "signature", "date")
    )
    assert doc.chars == sum(count_chinese(p.text) for p in doc.paras)
    assert doc.minutes == round(doc.chars / CHARS_PER_MINUTE, 1)
    assert abs(doc.chars - 900) <= 90
    assert doc.file_stem == f"{syn.SCHOOL}_{render.load_recipe(kind, DIRS).name}"


def test_markdown_follows_the_dialect():
    doc = generate("speech", seed=1, chars=900)
    lines = doc.markdown.split("\n\n")
    assert lines[0] == "# 在2026年春季学期后勤工作会议上的讲话"
    assert lines[1] == "校长　王明\n{: .speaker }"
    assert lines[2] == "（2026年3月5日）\n{: .speaker }"
    assert lines[3] == "同志们：\n{: .salutation }"
    for block in lines[4:]:
        assert not re.match(r"[>*\-+]|\d+\.", block), block
        assert "*" not in block and "_" not in block
    assert re.search(r"^## 一、", doc.markdown, re.M) and re.search(r"^### （一）", doc.markdown, re.M)


def test_speech_announces_as_many_points_as_it_has_parts():
    for seed in range(4):
        doc = generate("speech", seed=seed, chars=900)
        count = len(headings(doc, "h1"))
        assert 2 <= count <= 4
        assert f"下面，我讲{'两' if count == 2 else H1[count - 1]}点意见。" in doc.markdown


def test_speech_without_a_named_speaker_keeps_the_date_line():
    profile = make_profile({"学校名称": syn.SCHOOL, "日期": "2026-09-01"}, syn.DAY)
    doc = generate("speech", profile=profile, chars=900)
    assert [p.text for p in doc.paras if p.kind == "speaker"] == ["（2026年9月1日）"]
    assert doc.title == "在2026年秋季学期后勤工作会议上的讲话"


def test_plan_schedule_follows_the_term():
    spring = generate("plan", chars=1000)
    months = [p.text.split("：")[0] for p in spring.paras if re.match(r"\d{1,2}月：", p.text)]
    assert months == ["3月", "4月", "5月", "6月", "7月"]
    schedule = "\n".join(p.text for p in spring.paras if re.match(r"\d{1,2}月：", p.text))
    assert "开展食堂与饮食安全专项检查" in schedule and "对校园安全工作进行一次全面排查" in schedule
    assert spring.title == f"{syn.SCHOOL}2025—2026学年第二学期后勤工作计划"
    autumn = generate("plan", chars=1000, profile=syn.profile(日期="2026-10-08"))
    months = [p.text.split("：")[0] for p in autumn.paras if re.match(r"\d{1,2}月：", p.text)]
    assert months == ["10月", "11月", "12月", "1月"]  # from the plan's own date on
    assert [p.kind for p in autumn.paras[-2:]] == ["signature", "date"]
    assert [p.text for p in autumn.paras[-2:]] == [syn.SCHOOL, "2026年10月8日"]


def test_scheme_builds_the_leading_group_from_the_profile():
    doc = generate("scheme", chars=1000)
    text = doc.markdown
    assert "组　长：王明（校长）" in text and "副组长：李华（分管后勤工作副校长）" in text
    assert "成　员：总务处主任、办公室主任、安全办主任、食堂管理员" in text
    assert "动员部署阶段（2026年3月）" in text and "组织实施阶段（2026年4月至6月）" in text
    bare = generate(
        "scheme", chars=1000, profile=make_profile({"学校名称": syn.SCHOOL, "日期": "2026-03-05"}, syn.DAY)
    )
    assert "组　长：校长" in bare.markdown and "王明" not in bare.markdown


def test_summary_and_report_close_properly():
    summary = generate("summary", chars=900)
    assert headings(summary, "h1")[0] == "一、主要工作及成效"
    assert [p.kind for p in summary.paras[-2:]] == ["signature", "date"]
    report = generate("report", chars=900, profile=syn.profile(学生人数="1200", 教师人数="86"))
    assert [(p.kind, p.text) for p in report.paras[1:4]] == [
        ("speaker", "校长　王明"),
        ("speaker", "（2026年3月5日）"),
        ("salutation", "各位领导："),
    ]
    assert "我校现有学生1200人、教职工86人。" in report.markdown
    assert report.paras[-1].text.endswith("敬请各位领导批评指正。")


def test_golden_summary():
    doc = generate("summary", seed=1, chars=900)
    if os.environ.get("WENGAO_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(doc.markdown, encoding="utf-8")
    assert doc.markdown == GOLDEN.read_text(encoding="utf-8")


# ---------------------------------------------------------------- hand-made outlines


def outline_with(paragraphs: list[str], heading: str = "", **profile) -> Outline:
    recipe = render.load_recipe("report", DIRS)
    slots = {s.name: [] for s in recipe.slots}
    slots["achievements"] = [Chosen("x-a1-s01", heading, paragraphs, "食堂与饮食安全")]
    return Outline(syn.request("report", profile=syn.profile(**profile)), recipe, slots)


def test_corpus_text_is_data_never_template_code():
    doc = render.render(
        outline_with(["食堂管理{{ 7*7 }}要到位。", "{% for x in range(3) %}循环{% endfor %}。"]), DIRS
    )
    assert "食堂管理{{ 7*7 }}要到位。" in doc.markdown
    assert "{% for x in range(3) %}循环{% endfor %}。" in doc.markdown
    assert "49" not in doc.markdown and "循环循环" not in doc.markdown


def test_corpus_markup_cannot_shape_the_document():
    doc = render.render(outline_with(["# 不是标题", "*重点*和_下划线_", "{: .signature }"], "1、标题"), DIRS)
    assert [p.kind for p in doc.paras].count("title") == 1 and not any(
        p.kind == "signature" for p in doc.paras
    )
    assert "\n\n标题。不是标题\n\n" in doc.markdown and "*重点*和_下划线_" in doc.markdown
    (part,) = headings(doc, "h2")  # a topic's part is named by its topic, not by the section's "1、标题"
    assert part.startswith("（一）食堂与饮食安全工作") and "标题" not in part
    page = render.to_html(doc)
    assert "*重点*和_下划线_" in page and "<em>" not in page and "<strong>" not in page


def test_leftover_markers_are_refused():
    with pytest.raises(ProfileError, match="某某"):
        render.render(outline_with(["某某学校的食堂管理很规范。"]), DIRS)
    with pytest.raises(ProfileError, match="校长"):
        render.render(outline_with(["{校长}亲自抓食堂工作。"]), DIRS)
    with pytest.raises(ProfileError, match="20xx"):
        render.render(outline_with(["20xx年食堂工作很规范。"]), DIRS)


def test_a_draft_for_a_school_named_mou_mou_is_the_users_own():
    """A user drafting for 某某小学 keeps the name; 某某 from the corpus is still refused."""
    doc = render.render(outline_with(["食堂管理很规范。"], 学校名称="某某小学"), DIRS)
    assert doc.title.startswith("某某小学")
    with pytest.raises(ProfileError, match="某某"):
        render.render(outline_with(["某某学校的食堂管理很规范。"], 学校名称="某某小学"), DIRS)


def test_a_missing_school_name_is_a_profile_error():
    out = outline_with(["食堂工作很规范。"])
    out.request.profile.fields.pop("学校名称")
    with pytest.raises(ProfileError, match="学校名称"):
        render.render(out, DIRS)


# ---------------------------------------------------------------- templates and recipes


def user_templates(tmp_path: Path, template: str, kind: str = "summary") -> Path:
    folder = tmp_path / "mine" / kind
    folder.mkdir(parents=True)
    recipe = (TEMPLATES_DIR / "summary" / "recipe.yaml").read_text(encoding="utf-8")
    recipe = recipe.replace("description: 学期或学年", "description: 本校格式的")
    (folder / "recipe.yaml").write_text(recipe, encoding="utf-8")
    (folder / "template.md.j2").write_text(template, encoding="utf-8")
    return tmp_path / "mine"


def test_a_user_folder_overrides_a_kind(tmp_path):
    mine = user_templates(
        tmp_path,
        '{% import "macros.md.j2" as m %}{{ m.title("本校" ~ p.学校名称 ~ "总结") }}\n'
        "{% for g in by_topic('achievements') %}{{ m.part(g) }}{% endfor %}\n",
    )
    dirs = [mine, TEMPLATES_DIR]
    assert render.load_recipe("summary", dirs).folder == str(mine / "summary")
    doc = generate("summary", dirs=dirs, chars=700)
    assert doc.title == f"本校{syn.SCHOOL}总结"
    assert headings(doc, "h1")[0].startswith("一、")
    kinds = render.list_kinds(dirs)
    assert [k for k, _, _ in kinds] == KINDS
    assert dict((k, d) for k, _, d in kinds)["summary"].startswith("本校格式的")
    assert generate("plan", dirs=dirs, chars=900).title.endswith("后勤工作计划")


def test_list_kinds_gives_chinese_names_and_descriptions():
    kinds = render.list_kinds(DIRS)
    assert [(k, n) for k, n, _ in kinds] == [
        ("speech", "会议讲话稿"),
        ("plan", "工作计划"),
        ("summary", "工作总结"),
        ("scheme", "实施方案"),
        ("report", "工作汇报"),
    ]
    assert all(re.search(r"[\u4e00-\u9fff]", d) and "\n" not in d for _, _, d in kinds)


def test_unknown_kind_lists_the_kinds_in_chinese():
    with pytest.raises(UsageError) as err:
        render.load_recipe("poem", DIRS)
    assert "poem" in str(err.value) and "summary（工作总结）" in str(err.value)
    with pytest.raises(UsageError):
        render.load_recipe("../summary", DIRS)


def test_the_sandbox_blocks_python_internals(tmp_path):
    mine = user_templates(tmp_path, "# 标题\n{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(UsageError, match="沙箱"):
        generate("summary", dirs=[mine, TEMPLATES_DIR], chars=700)


def test_template_errors_name_the_file(tmp_path):
    mine = user_templates(tmp_path, "# 标题\n{{ p.不存在的字段 }}\n")
    with pytest.raises(UsageError, match="template.md.j2"):
        generate("summary", dirs=[mine, TEMPLATES_DIR], chars=700)


def test_a_broken_recipe_names_file_and_field(tmp_path):
    mine = user_templates(tmp_path, "# 标题\n")
    path = mine / "summary" / "recipe.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("roles: [problems]", "roles: [poems]"), encoding="utf-8"
    )
    with pytest.raises(UsageError) as err:
        render.load_recipe("summary", [mine])
    assert "recipe.yaml" in str(err.value) and "roles" in str(err.value)


def test_template_overhead_estimates_hold():
    """recipe.yaml's overhead figures are what selection subtracts: keep them near the truth."""
    for kind in KINDS:
        recipe = render.load_recipe(kind, DIRS)
        for seed in range(3):
            doc = generate(kind, seed=seed, chars=1000)
            own = sum(count_chinese(p.text) for p in doc.paras if p.section_id is None)
            assert abs(own - selection.overhead(recipe, 3)) <= 50, (kind, own)


# ---------------------------------------------------------------- HTML preview


def test_html_preview_is_complete_escaped_and_styled():
    doc = generate("speech", chars=900, profile=syn.profile(学校名称="<script>alert(1)</script>中学"))
    page = render.to_html(doc)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert '<p class="speaker">校长　王明</p>' in page and '<p class="salutation">同志们：</p>' in page
    assert "<h1>在2026年春季学期后勤工作会议上的讲话</h1>" in page
    assert f"朗读约 {doc.minutes} 分钟" in page and "仿宋" in page and "text-indent:2em" in page
    assert "http" not in page  # self-contained: nothing fetched


def test_html_preview_escapes_corpus_text_and_matches_its_markdown():
    doc = render.render(
        outline_with(
            ["<script>alert(1)</script>食堂&管理要到位。", "<img src=x onerror=alert(1)>。"],
            "<b>食堂</b>管理",
        ),
        DIRS,
    )
    page = render.to_html(doc)
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;食堂&amp;管理要到位。" in page
    assert set(re.findall(r"</?(\w+)", page[page.index("<main") : page.index("</main>") + 7])) <= {
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "p",
    }
    # built from the paragraphs, it is the HTML the markdown package gives for the Markdown
    assert render.paras_to_html(doc.paras) == render.markdown_to_html_fragment(doc.markdown)


def test_html_fragment_sanitises_whatever_markdown_it_gets():
    html = render.markdown_to_html_fragment(
        "# 标题\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n落款\n{: .signature }\n\n"
        "文字\n{: .evil onclick=alert(1) }\n"
    )
    tags = re.findall(r"<[^>]*>", html)
    assert not [t for t in tags if re.search(r"script|img|onclick|onerror|evil", t)], tags
    assert set(re.findall(r"</?(\w+)", html)) <= {"h1", "p"}
    assert "&lt;script&gt;" in html
    assert '<p class="signature">落款</p>' in html


# ---------------------------------------------------------------- the real corpus

REAL = CORPUS_DIR  # corpus/ of the project (WENGAO_CORPUS may point elsewhere)
SOURCE_NAMES = ["洛阳时代外国语学校", "吴起县", "史寨小学", "麗景", "丽景", "张兆林", "黄志勇"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_from_the_shipped_corpus(kind):
    from generator import store

    corpus = store.load(REAL)
    assert corpus.sections, "corpus/ holds no sections yet"
    for seed, topics in [(1, ("食堂", "安全", "维修")), (2, ("宿舍", "财务")), (3, ())]:
        profile = make_profile(
            {"学校名称": "青山县实验小学", "校长": "周文", "日期": "2026-03-05"}, dt.date(2026, 3, 5)
        )
        recipe = render.load_recipe(kind, DIRS)
        request = syn.Request(kind, profile, list(topics), seed=seed)
        doc = render.render(selection.select(request, recipe, corpus), DIRS)
        target = selection.target_chars(request, recipe)
        # within 10 % of the length asked, or shorter where too few texts fit (the pipeline says so)
        assert target * 0.6 <= doc.chars <= target * 1.10, (seed, doc.chars)
        assert "青山县实验小学" in doc.markdown and not LEFTOVER.search(doc.markdown)
        assert not [n for n in SOURCE_NAMES if n in doc.markdown]
        bodies = [re.sub(r"\W", "", p.text) for p in doc.paras]
        assert len(bodies) == len(set(bodies))
        assert_numbered(doc)


def test_copying_the_templates_keeps_them_working(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    assert generate("report", dirs=[copy], chars=900).title == f"{syn.SCHOOL}后勤工作汇报"


def test_template_sentences_vary_by_school_and_stay_fixed_per_request():
    """The template's own sentences have several phrasings (so a batch's documents differ);
    one request always reads the same."""
    outline = selection.select(
        syn.request("summary", chars=900), render.load_recipe("summary", DIRS), syn.corpus()
    )
    closings = set()
    for n in range(12):
        profile = syn.profile(学校名称=f"新河第{n}小学")
        doc = render.render(
            Outline(syn.request("summary", chars=900, profile=profile), outline.recipe, outline.slots), DIRS
        )
        again = render.render(
            Outline(syn.request("summary", chars=900, profile=profile), outline.recipe, outline.slots), DIRS
        )
        assert doc.markdown == again.markdown
        body = [p.text for p in doc.paras if p.kind == "body"]
        closings.add(body[-1])
        assert body[-1].endswith("。") and "新河" not in body[-1]
    assert len(closings) >= 4


def test_a_batch_chosen_phrasing_decides_the_template_sentences():
    """batch.choose_phrasing sets Outline.phrasing; equal values give equal sentences, values
    apart modulo the option counts give other sentences; no phrasing keeps the seed's choice."""
    import dataclasses

    from generator import pipeline

    request = Request("summary", make_profile({"学校名称": "新河第一小学"}), [], None, None, 3)
    outline = pipeline.plan(request, pipeline.load_corpus())
    own = [
        p.text for p in pipeline.render_outline(outline).paras if p.kind == "body" and p.section_id is None
    ]
    same = dataclasses.replace(outline, phrasing=(0,) * 8)
    again = dataclasses.replace(outline, phrasing=(0,) * 8)
    apart = dataclasses.replace(outline, phrasing=(1,) * 8)

    def template_text(o):
        return [p.text for p in pipeline.render_outline(o).paras if p.kind == "body" and p.section_id is None]

    assert template_text(same) == template_text(again)
    assert set(template_text(same)).isdisjoint(template_text(apart))  # 0 and 1 differ modulo 4, 5 and 6
    assert template_text(outline) == own  # no phrasing: the seed decides, as before


def test_a_part_opens_with_its_opener_and_sums_up_last():
    from generator.render.sections import Item, group

    items = [
        Item("a", "", ("综上工作，得益于各部门协同配合，后勤工作基本做到了使人信赖。",), ""),
        Item("b", "", ("加强纸张和办公耗材的管理，使纸张消耗大幅降低。",), ""),
        Item("c", "", ("在肯定成绩的同时，我们更要清醒地认识到工作中的不足。",), ""),
    ]
    assert [it.id for it in group(items, "其他工作", "").items] == ["c", "b", "a"]
    points = [
        Item("d", "后勤服务意识不断增强", ("后勤人员主动服务。",), ""),
        Item("e", "维修及时", ("随坏随修。",), ""),
    ]
    assert [it.id for it in group([*items, *points], "其他工作", "").items] == [
        "c",
        "b",
        "d",
        "e",
    ]  # no 综上 first


def test_a_label_heading_is_no_lead_sentence():
    from generator.render.sections import Item, merge_lead
    from generator.render.text import strip_marks

    for label in ("安全管理要求", "保障性功能"):
        item = Item("a", label, ("安全工作是学校工作的第一要务，师生安全是根本保障。",), "")
        assert merge_lead(item).paras == item.paras, label  # the label goes, the text stays
    task = Item("b", "加强门卫管理", ("来访人员一律登记。",), "")
    assert strip_marks(merge_lead(task).paras[0]).startswith("加强门卫管理。")


def test_the_text_under_a_lifted_heading_stays_first():
    from generator.render.sections import Item, group

    gate = Item("g", "高度重视门卫工作，打牢安全防范的第一道防线", ("门卫要严格执行登记制度。",), "安全总体")
    weight = Item("w", "", ("安全工作是学校工作的第一要务，师生安全是根本保障。",), "安全总体")
    part = group([weight, gate], "", "着力抓好校园安全工作", topic="安全总体", own="topic")
    assert part.heading.startswith("高度重视门卫工作") and [it.id for it in part.items] == ["g", "w"]
    fixed = group([gate, Item("x", "", ("加强校园巡视。",), ""), weight], "安全工作", "")
    assert [it.id for it in fixed.items][0] == "w"  # under a fixed heading the statement of weight opens


def test_a_label_heading_heads_no_part_and_no_point():
    from generator.render.sections import Item, group

    label = Item("a", "安全管理要求", ("安全工作是学校工作的第一要务。",), "安全总体")
    points = [
        Item("b", "加强门卫管理", ("来访人员一律登记。",), ""),
        Item("c", "加强校园巡视", ("每天巡查校舍。",), ""),
    ]
    part = group([label], "", "着力抓好校园安全工作", topic="安全总体", own="topic")
    assert part.heading == "着力抓好校园安全工作" and not part.items[0].heading
    part = group([label, *points], "", "着力抓好校园安全工作", topic="安全总体", own="topic")
    assert [it.heading for it in part.items if it.heading] == ["加强门卫管理", "加强校园巡视"]


def test_a_sentence_cut_into_heading_and_body_is_made_whole():
    from generator.render.sections import item_of
    from generator.render.text import strip_marks

    cut = item_of(
        Chosen("a", "依据食堂管理制度，加强食堂工作各环节的管理与监督", ["并根据实际情况健全制度。"], "")
    )
    assert (
        cut.heading == ""
        and strip_marks(cut.paras[0])
        == "依据食堂管理制度，加强食堂工作各环节的管理与监督，并根据实际情况健全制度。"
    )
    said = item_of(Chosen("b", "总务处对校舍的管理，负有直接责任", ["要经常巡视校舍。"], ""))
    assert said.heading == "" and strip_marks(said.paras[0]).startswith("总务处对校舍的管理，负有直接责任。")
    point = item_of(Chosen("c", "立足本职，服务一线", ["开学初制订了后勤工作计划。"], ""))
    assert strip_marks(point.heading) == "立足本职，服务一线"
    stress = item_of(Chosen("d", "抓好学校固定资产管理和使用工作", ["尤其要发挥图书室的功能。"], ""))
    assert (
        stress.heading == ""
        and strip_marks(stress.paras[0]) == "抓好学校固定资产管理和使用工作，尤其要发挥图书室的功能。"
    )


def test_a_report_without_figures_still_says_how_the_school_stands():
    for seed in (1, 2, 3):
        doc = generate("report", seed=seed, chars=1500)
        kinds = [p.kind for p in doc.paras]
        texts = [p.text for p in doc.paras]
        start = next(i for i, p in enumerate(doc.paras) if p.kind == "h1" and "基本情况" in p.text)
        assert kinds[start + 1] == "body"
        assert re.match(r"(学校|近年来)", texts[start + 1]), texts[start + 1]  # the school, not 在坚持…下
