"""docx_writer: GB/T 9704-2012 Word files from the renderer's Markdown.

The assertions read the package's XML with the standard library and resolve the style chain by
hand (run → paragraph style → basedOn → docDefaults), and cross-check through python-docx; the
golden tests compare docx_writer.dump() of sample documents with tests/golden/docx_*.dump.jsonl.
Regenerate those with WENGAO_UPDATE_GOLDEN=1 after a deliberate change, then read the diff.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest

from generator import docx_writer

GOLDEN = Path(__file__).parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# ---------------------------------------------------------------- helpers


def sample(name: str) -> str:
    return (GOLDEN / f"docx_{name}.md").read_text(encoding="utf-8")


def title_of(markdown: str) -> str:
    return next(line[2:].strip() for line in markdown.splitlines() if line.startswith("# "))


def build(name: str) -> bytes:
    markdown = sample(name)
    return docx_writer.to_docx(markdown, title=title_of(markdown), author="育才实验中学")


def part(data: bytes, name: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return ET.fromstring(zf.read(name))


def paragraphs(data: bytes) -> list[ET.Element]:
    return part(data, "word/document.xml").find(f"{W}body").findall(f"{W}p")


def text(p: ET.Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def find(data: bytes, start: str) -> ET.Element:
    return next(p for p in paragraphs(data) if text(p).startswith(start))


def style_id(p: ET.Element) -> str:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(f"{W}val") if ps is not None else "Normal"


def styles(data: bytes) -> dict[str, ET.Element]:
    return {s.get(f"{W}styleId"): s for s in part(data, "word/styles.xml").iter(f"{W}style")}


def chain(data: bytes, sid: str) -> list[ET.Element]:
    """A style and its basedOn ancestors, nearest first."""
    found, table = [], styles(data)
    while sid in table:
        found.append(table[sid])
        based = table[sid].find(f"{W}basedOn")
        sid = based.get(f"{W}val") if based is not None else None
    return found


def resolved(data: bytes, levels: list[ET.Element | None], tag: str, attr: str) -> str | None:
    """First value of tag/@attr along the levels, then docDefaults (Word's inheritance)."""
    defaults = part(data, "word/styles.xml").find(f"{W}docDefaults")
    for level in [*levels, defaults.find(f"{W}rPrDefault/{W}rPr"), defaults.find(f"{W}pPrDefault/{W}pPr")]:
        el = level.find(f"{W}{tag}") if level is not None else None
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
    return None


def run_prop(data: bytes, p: ET.Element, run: ET.Element, tag: str, attr: str) -> str | None:
    """A run property resolved through the run, its character style, the paragraph style chain."""
    rpr = run.find(f"{W}rPr")
    rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
    chars = chain(data, rstyle.get(f"{W}val")) if rstyle is not None else []
    levels = [rpr] + [s.find(f"{W}rPr") for s in chars + chain(data, style_id(p))]
    return resolved(data, levels, tag, attr)


def para_prop(data: bytes, p: ET.Element, tag: str, attr: str) -> str | None:
    levels = [p.find(f"{W}pPr")] + [s.find(f"{W}pPr") for s in chain(data, style_id(p))]
    return resolved(data, levels, tag, attr)


def runs(p: ET.Element) -> list[ET.Element]:
    return [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None]


def east_asia(data: bytes, p: ET.Element) -> list[str | None]:
    return [run_prop(data, p, r, "rFonts", "eastAsia") for r in runs(p)]


# ---------------------------------------------------------------- page and body


def test_page_is_a4_with_gbt9704_margins_and_grid():
    sect = part(build("plan"), "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins, grid = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar"), sect.find(f"{W}docGrid")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    got = {k: int(margins.get(f"{W}{k}")) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}  # 37 / 35 / 28 / 26 mm
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch"), grid.get(f"{W}charSpace")) == (
        "linesAndChars",
        "579",
        "-848",
    )


def test_body_is_fangsong_16pt_through_the_normal_style_with_exact_spacing_and_indent():
    data = build("summary")
    body = find(data, "本学期食堂")
    assert style_id(body) == "Normal" and body.find(f"{W}pPr") is None  # nothing direct: the style does it
    assert east_asia(data, body) == ["仿宋_GB2312"]
    assert run_prop(data, body, runs(body)[0], "rFonts", "ascii") == "Times New Roman"
    assert run_prop(data, body, runs(body)[0], "sz", "val") == "32"
    assert para_prop(data, body, "spacing", "line") == "579"
    assert para_prop(data, body, "spacing", "lineRule") == "exact"
    assert para_prop(data, body, "ind", "firstLineChars") == "200"
    assert para_prop(data, body, "ind", "firstLine") == "640"
    assert styles(data)["Normal"].get(f"{W}default") == "1"


def test_no_theme_font_attribute_anywhere_in_the_package():
    data = build("speech")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "theme/" not in name:
                xml = zf.read(name).decode("utf-8")
                assert not re.search(r'w:\w*[Tt]heme="', xml), name


def test_doc_defaults_name_the_fonts_explicitly():
    defaults = part(build("plan"), "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.get(f"{W}ascii") == defaults.get(f"{W}hAnsi") == "Times New Roman"


def test_python_docx_opens_the_file_and_reads_the_same_setup():
    document = docx.Document(io.BytesIO(build("plan")))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    assert document.styles["Normal"].font.size.pt == 16
    assert document.settings.odd_and_even_pages_header_footer
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "育才实验中学2026年春季学期后勤工作计划"
    assert texts[-2:] == ["育才实验中学", "2026年3月5日"]
    assert document.core_properties.title == "育才实验中学2026年春季学期后勤工作计划"
    assert document.core_properties.author == "育才实验中学"


# ---------------------------------------------------------------- title block and speech elements


def test_title_is_xiaobiaosong_22pt_centred_not_bold_without_indent():
    data = build("speech")
    title = paragraphs(data)[0]
    assert style_id(title) == "Title" and text(title) == "在2026年春季学期后勤工作会议上的讲话"
    assert east_asia(data, title) == ["方正小标宋简体"]
    assert run_prop(data, title, runs(title)[0], "sz", "val") == "44"
    assert run_prop(data, title, runs(title)[0], "b", "val") in (None, "0")
    assert para_prop(data, title, "jc", "val") == "center"
    assert para_prop(data, title, "ind", "firstLineChars") == "0"


def test_speaker_lines_are_centred_kaiti_16pt_under_the_title():
    data = build("speech")
    speaker = paragraphs(data)[1:3]
    assert [text(p) for p in speaker] == ["校长　王明", "（2026年3月5日）"]
    for p in speaker:
        assert east_asia(data, p) == ["楷体_GB2312"]
        assert run_prop(data, p, runs(p)[0], "sz", "val") == "32"
        assert para_prop(data, p, "jc", "val") == "center"
        assert para_prop(data, p, "ind", "firstLineChars") == "0"


def test_one_blank_line_between_the_title_block_and_the_salutation():
    data = build("speech")
    assert text(paragraphs(data)[3]) == "" and not runs(paragraphs(data)[3])
    assert text(paragraphs(data)[4]) == "同志们："


def test_salutation_is_flush_left_without_indent_in_body_font():
    data = build("speech")
    salutation = find(data, "同志们：")
    assert style_id(salutation) == "Salutation"
    assert para_prop(data, salutation, "ind", "firstLineChars") == "0"
    assert para_prop(data, salutation, "ind", "firstLine") == "0"
    assert para_prop(data, salutation, "jc", "val") == "left"
    assert east_asia(data, salutation) == ["仿宋_GB2312"]


def test_a_salutation_without_its_class_is_still_found_but_a_lead_in_sentence_is_not():
    found = docx_writer.layout(docx_writer.parse("# 讲话\n\n同志们：\n\n正文。\n"))
    assert [p.kind for p in found] == ["title", "blank", "salutation", "body"]
    lead_in = docx_writer.layout(
        docx_writer.parse("# 总结\n\n本学期，后勤工作较好地完成了任务。现总结如下：\n")
    )
    assert lead_in[-1].kind == "body"


def test_subtitle_is_centred_kaiti():
    data = build("report")
    subtitle = paragraphs(data)[1]
    assert style_id(subtitle) == "Subtitle" and text(subtitle) == "——育才实验中学后勤工作汇报"
    assert east_asia(data, subtitle) == ["楷体_GB2312"]
    assert para_prop(data, subtitle, "jc", "val") == "center"


# ---------------------------------------------------------------- headings


@pytest.mark.parametrize(
    ("start", "level", "font"),
    [
        ("一、指导思想", 1, "黑体"),
        ("（二）加强宿舍管理", 2, "楷体_GB2312"),
        ("2.强化培训", 3, "仿宋_GB2312"),
    ],
)
def test_heading_fonts_per_level_indented_like_body(start, level, font):
    data = build("plan")
    heading = find(data, start)
    assert style_id(heading) == f"Heading{level}"
    assert east_asia(data, heading) == [font]
    assert run_prop(data, heading, runs(heading)[0], "sz", "val") == "32"
    assert run_prop(data, heading, runs(heading)[0], "b", "val") in (None, "0")
    assert para_prop(data, heading, "ind", "firstLineChars") == "200"
    assert para_prop(data, heading, "spacing", "line") == "579"
    assert styles(data)[f"Heading{level}"].find(f"{W}pPr/{W}keepNext") is not None
    assert styles(data)[f"Heading{level}"].find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == str(level - 1)


@pytest.mark.parametrize(
    ("start", "lead", "font"),
    [
        ("（一）加强食堂管理。", "（一）加强食堂管理。", "楷体_GB2312"),
        ("1.完善制度。", "1.完善制度。", "仿宋_GB2312"),
        ("（1）落实进货查验制度。", "（1）落实进货查验制度。", "仿宋_GB2312"),
    ],
)
def test_only_the_lead_sentence_of_a_heading_paragraph_takes_the_heading_font(start, lead, font):
    data = build("plan")
    heading = find(data, start)
    first, rest = runs(heading)
    assert text(first) == lead and run_prop(data, heading, first, "rFonts", "eastAsia") == font
    assert run_prop(data, heading, rest, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert not text(rest).startswith("。")
    assert heading.find(f"{W}pPr/{W}keepNext").get(f"{W}val") == "0"  # holds body text: not kept with next


def test_level_one_lead_sentence_is_heiti_and_the_rest_fangsong():
    data = build("report")
    heading = find(data, "一、基本情况。")
    assert east_asia(data, heading) == ["黑体", "仿宋_GB2312"]
    assert text(runs(heading)[1]) == "学校现有学生1200人、教职工96人，后勤人员18人。"


def test_a_heading_ending_with_its_only_full_stop_stays_one_run():
    assert docx_writer.split_lead("（一）加强领导。") == ("（一）加强领导。", "")
    assert docx_writer.split_lead("一、总体要求") == ("一、总体要求", "")


# ---------------------------------------------------------------- signature


def test_signature_is_right_aligned_with_right_indent_after_a_blank_line_and_kept_with_the_body():
    data = build("plan")
    paras = paragraphs(data)
    i = [text(p) for p in paras].index("育才实验中学")
    school = paras[i]
    assert text(paras[i - 1]) == "" and text(paras[i + 1]) == "2026年3月5日"
    for p in (school, paras[i + 1]):
        assert style_id(p) == "Signature"
        assert para_prop(data, p, "jc", "val") == "right"
        assert 200 <= int(para_prop(data, p, "ind", "rightChars")) <= 400
        assert para_prop(data, p, "ind", "firstLineChars") == "0"
        assert east_asia(data, p) == ["仿宋_GB2312"]
    assert paras[i - 2].find(f"{W}pPr/{W}keepNext") is not None  # last body line goes with the signature
    assert paras[i - 1].find(f"{W}pPr/{W}keepNext") is not None


# ---------------------------------------------------------------- footers and settings


def footer_roots(data: bytes) -> dict[str, ET.Element]:
    sect = part(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    rels = part(data, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return {
        ref.get(f"{W}type"): part(data, "word/" + targets[ref.get(R_ID)])
        for ref in sect.findall(f"{W}footerReference")
    }


def test_page_numbers_odd_right_even_left_songti_14pt_with_dashes_and_page_field():
    data = build("summary")
    settings = part(data, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    footers = footer_roots(data)
    assert set(footers) == {"default", "even"}
    for kind, side in (("default", "right"), ("even", "left")):
        p = footers[kind].find(f"{W}p")
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        ind = p.find(f"{W}pPr/{W}ind")
        assert ind.get(f"{W}{side}Chars") == "100" and ind.get(f"{W}{side}") == "280"
        assert "".join(t.text or "" for t in p.iter(f"{W}instrText")).strip() == "PAGE"
        shown = [t.text for t in p.iter(f"{W}t")]
        assert shown[0] == "— " and shown[-1] == " —"
        for r in p.iter(f"{W}r"):
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "宋体"
            assert r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"


# ---------------------------------------------------------------- text, properties, determinism


def test_special_characters_are_escaped_and_come_back_unchanged():
    markdown = '# A&B <标题> "引号"\n\n甲&乙 <丙> 丁>戊 \'x\' "y"\n'
    data = docx_writer.to_docx(markdown, title="A&B <标题>", author="学校 & <单位>")
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs if p.text] == [
        'A&B <标题> "引号"',
        "甲&乙 <丙> 丁>戊 'x' \"y\"",
    ]
    assert document.core_properties.title == "A&B <标题>"
    assert document.core_properties.author == "学校 & <单位>"


def test_characters_xml_forbids_are_dropped_and_markdown_escapes_undone():
    data = docx_writer.to_docx("# 标题\x0b\n\n正文\x01一\\#二\\*三\n", title="t", author="a")
    assert [text(p) for p in paragraphs(data) if text(p)] == ["标题", "正文一#二*三"]


def test_every_line_is_a_paragraph_and_a_class_line_styles_the_line_above_only():
    paras = docx_writer.parse(
        "　　第一行\n第二行\n育才实验中学\n{: .signature }\n\n{: .speaker }\n## 一、标题\n"
    )
    assert paras == [
        docx_writer.Para("body", "第一行"),
        docx_writer.Para("body", "第二行"),
        docx_writer.Para("signature", "育才实验中学"),
        docx_writer.Para("h1", "一、标题"),
    ]


def test_dates_are_written_in_arabic_numerals():
    assert docx_writer.arabic_dates("二〇二六年三月五日") == "2026年3月5日"
    assert docx_writer.arabic_dates("二〇二五年十二月三十一日召开") == "2025年12月31日召开"
    assert docx_writer.arabic_dates("2026年03月05日") == "2026年3月5日"
    assert docx_writer.arabic_dates("２０２６年３月５日") == "2026年3月5日"
    assert docx_writer.arabic_dates("三月份的工作") == "三月份的工作"


def test_core_properties_hold_title_author_and_the_documents_own_date():
    core = part(build("plan"), "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    assert core.find("dc:title", ns).text == "育才实验中学2026年春季学期后勤工作计划"
    assert core.find("dc:creator", ns).text == "育才实验中学"
    assert core.find("dcterms:created", ns).text == "2026-03-04T16:00:00Z"  # 2026年3月5日 00:00 Beijing


def test_created_is_passed_through_and_absent_when_the_document_states_no_date():
    given = docx_writer.to_docx("# 标题\n\n正文。\n", "标题", "a", created=datetime(2026, 5, 1, 9, 30))
    assert docx_writer.dump(given)[-1]["core"]["created"] == "2026-05-01T01:30:00Z"
    as_date = docx_writer.to_docx("# 标题\n\n正文。\n", "标题", "a", created=date(2026, 5, 1))
    assert docx_writer.dump(as_date)[-1]["core"]["modified"] == "2026-04-30T16:00:00Z"
    none = docx_writer.to_docx("# 标题\n\n正文。\n", "标题", "a")
    assert docx_writer.dump(none)[-1]["core"]["created"] is None


def test_same_input_gives_identical_bytes():
    assert build("speech") == build("speech")


def test_empty_markdown_still_gives_a_valid_document():
    document = docx.Document(io.BytesIO(docx_writer.to_docx("", title="", author="")))
    assert len(document.paragraphs) == 1 and document.paragraphs[0].text == ""


def test_importing_the_writer_does_not_load_python_docx():
    code = (
        "import sys\nfrom generator import docx_writer\nprint('docx' in sys.modules, 'lxml' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- dump and golden files


def test_dump_sees_theme_fonts_in_a_python_docx_default_document():
    """The dump can fail: python-docx's own template resolves the body font through the theme."""
    document = docx.Document()
    document.add_paragraph("正文")
    buf = io.BytesIO()
    document.save(buf)
    dumped = docx_writer.dump(buf.getvalue())
    assert dumped[0]["font"] == "theme:minorEastAsia"
    assert next(d for d in dumped if "styles" in d)["styles"]["theme_font_attributes"] > 0


@pytest.mark.parametrize("name", ["speech", "plan", "summary", "report"])
def test_golden_dump(name):
    expected_path = GOLDEN / f"docx_{name}.dump.jsonl"
    got = docx_writer.dump_text(build(name))
    if os.environ.get("WENGAO_UPDATE_GOLDEN"):
        expected_path.write_text(got, encoding="utf-8")
    assert got == expected_path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the renderer's own paragraphs


@pytest.mark.parametrize("kind", ["speech", "plan", "summary", "scheme", "report"])
@pytest.mark.parametrize("seed", [0, 5])
def test_the_renderers_paragraphs_give_the_file_its_markdown_gives(kind, seed):
    """A batch hands the writer the paragraphs it rendered instead of having it read the Markdown
    back: the paragraphs, and so the bytes, must be the same."""
    from generator import pipeline
    from generator.model import Request
    from generator.profile import make_profile

    profile = make_profile({"学校名称": "育才实验中学", "校长": "王明", "日期": "2026年3月5日"})
    doc = pipeline.generate(Request(kind, profile, ["食堂", "安全"], seed=seed), pipeline.load_corpus())
    known = [(p.kind, p.text) for p in doc.paras]
    assert docx_writer.from_known(known) == docx_writer.parse(doc.markdown)
    assert docx_writer.to_docx(doc.markdown, doc.title, "甲", known=known) == docx_writer.to_docx(
        doc.markdown, doc.title, "甲"
    )


@pytest.mark.parametrize("text", ["用\\*号标出", "第#1项", "{: .speaker }", " 前有空格", "两行\u2028文字"])
def test_text_markdown_could_read_otherwise_is_read_from_the_markdown(text):
    """An escape, a #, braces, outer spaces or a line break: the Markdown decides, as before."""
    known = [("title", "标题"), ("body", text)]
    assert docx_writer.from_known(known) is None
    markdown = f"# 标题\n\n{text}\n"
    assert docx_writer.to_docx(markdown, "标题", "甲", known=known) == docx_writer.to_docx(
        markdown, "标题", "甲"
    )
