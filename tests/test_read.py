"""read.py: finding input files and decoding them, with a clear message for each bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import read
from generator.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "sources" / "003_670a34317c7e4aba.txt"

TEXT = (
    "学校后勤工作总结\n一、认清形势\n后勤工作是学校工作的重要组成部分。\n"
    "二、加强领导\n“服务”为宗旨，提高实效性。"
)


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16-le"),  # without BOM
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_each_supported_encoding_is_detected_and_decoded(tmp_path, encoding, detected):
    path = tmp_path / f"稿件_{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    raw = read.read_file(path)
    assert raw.text == TEXT
    assert raw.encoding == detected
    assert raw.source == path.name


def test_a_real_seed_in_gbk_decodes_to_the_same_text(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(text.encode("gbk"))
    assert read.read_file(path).text == text


def test_a_very_short_gbk_file_is_not_mistaken_for_another_encoding(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("后勤".encode("gbk"))
    assert read.read_file(path).text == "后勤"


def test_line_breaks_are_normalized_and_line_numbers_kept(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一行\r\n第二行\r第三行\n\n第五行".encode())
    lines = read.read_file(path).text.split("\n")
    assert lines == ["第一行", "第二行", "第三行", "", "第五行"]
    assert read.read_file(path).text.splitlines() == lines


# ---------------------------------------------------------------- bad input


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read.read_file(path)
    return str(info.value)


def test_an_empty_file_is_reported_by_name(tmp_path):
    path = tmp_path / "空白稿.txt"
    path.write_bytes(b"")
    message = _error(path)
    assert "空白稿.txt" in message and "空文件" in message


def test_a_file_of_only_spaces_is_reported(tmp_path):
    path = tmp_path / "spaces.txt"
    path.write_bytes(b"  \n\n \t")
    assert "没有文字内容" in _error(path)


def test_a_binary_file_is_reported(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    message = _error(path)
    assert "photo.txt" in message and "二进制" in message


def test_binary_data_without_a_known_header_is_reported(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert "二进制" in _error(path)


def test_text_in_an_unsupported_encoding_is_reported_as_such(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("學校後勤會議講話稿，同志們：今天我們召開會議。".encode("big5"))
    message = _error(path)
    assert "big5.txt" in message and "无法识别编码" in message and "UTF-8" in message


def test_a_missing_file_is_reported(tmp_path):
    assert "不存在" in _error(tmp_path / "nowhere.txt")


def test_a_corrupt_docx_is_reported(tmp_path):
    path = tmp_path / "坏文件.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    message = _error(path)
    assert "坏文件.docx" in message and "已损坏" in message and "另存为" in message


# ---------------------------------------------------------------- Word


def _numbered_docx(path: Path) -> None:
    """A .docx whose headings carry Word's own numbering: 一、 / （一） / 1. in three levels."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    doc.add_paragraph("学校后勤工作计划")
    numbered("指导思想", 0)
    doc.add_paragraph("以服务师生为宗旨。")
    numbered("工作措施", 0)
    numbered("食堂管理", 1)
    numbered("严把进货关。", 2)
    numbered("严格执行留样制度。", 2)
    numbered("宿舍管理", 1)
    numbered("按时查寝。", 2)
    for k in range(9):
        numbered(f"第{k + 3}项", 0)
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "责任人"
    table.cell(0, 1).text = "总务主任"
    doc.save(str(path))


def test_a_docx_gives_its_paragraphs_with_word_automatic_numbers(tmp_path):
    path = tmp_path / "计划.docx"
    _numbered_docx(path)
    raw = read.read_file(path)
    lines = raw.text.split("\n")
    assert raw.encoding == "docx"
    assert lines[:9] == [
        "学校后勤工作计划",
        "一、指导思想",
        "以服务师生为宗旨。",
        "二、工作措施",
        "（一）食堂管理",
        "1.严把进货关。",
        "2.严格执行留样制度。",
        "（二）宿舍管理",
        "1.按时查寝。",
    ]
    assert lines[9] == "三、第3项" and lines[17] == "十一、第11项"
    assert lines[-2:] == ["责任人", "总务主任"]


def test_chinese_numbers_are_written_as_word_writes_them():
    assert [read.chinese_number(n) for n in (1, 10, 11, 20, 21, 100, 105)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "一百",
        "一百零五",
    ]
    assert read.format_number(3, "decimalEnclosedCircle") == "③"
    assert read.format_number(2, "ideographTraditional") == "乙"


# ---------------------------------------------------------------- Markdown


def test_markdown_syntax_is_removed_but_numbering_and_line_count_stay(tmp_path):
    md = (
        "# 学校后勤工作总结\n\n## 一、认清形势\n\n- **后勤**工作是[学校工作](http://example.org)的重要*组成*部分。\n"
        "1. 严把进货关。\n> 引用的话\n```\ncode\n```\n| 项目 | 责任人 |\n|---|---|\n| 食堂 | 张三 |\n"
    )
    path = tmp_path / "总结.md"
    path.write_text(md, encoding="utf-8")
    lines = read.read_file(path).text.split("\n")
    assert len(lines) == len(md.split("\n"))
    assert lines[0] == "学校后勤工作总结"
    assert lines[2] == "一、认清形势"
    assert lines[4] == "后勤工作是学校工作的重要组成部分。"
    assert lines[5] == "1. 严把进货关。"
    assert lines[6] == "引用的话"
    assert "```" not in lines and "食堂 张三" in lines


# ---------------------------------------------------------------- collect


def test_collect_expands_folders_sorted_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    names = (
        "b/2.txt",
        "a.DOCX",
        "b/1.md",
        ".hidden.txt",
        ".git/x.txt",
        "notes.pdf",
        "c.TXT",
        "~$a.docx",
        "d.xls",
    )
    for name in names:
        (tmp_path / name).write_text("后勤", encoding="utf-8")
    files, errors = read.collect([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.DOCX",
        "b/1.md",
        "b/2.txt",
        "c.TXT",
        "notes.pdf",
    ]
    assert errors == []


def test_collect_reports_missing_paths_and_unsupported_files_without_raising(tmp_path):
    good = tmp_path / "稿.txt"
    good.write_text("后勤", encoding="utf-8")
    rtf = tmp_path / "稿.rtf"
    rtf.write_bytes(b"{\\rtf1}")
    sheet = tmp_path / "名单.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    files, errors = read.collect([good, tmp_path / "没有.txt", rtf, sheet, good])
    assert files == [good]
    assert len(errors) == 3
    assert "没有.txt" in errors[0] and "不存在" in errors[0]
    assert ".rtf" in errors[1] and "不支持" in errors[1] and ".docx" in errors[1]
    assert ".xls" in errors[2] and ".pdf" in errors[2]  # the message lists what can be read


# ---------------------------------------------------------------- PDF, old Word and WPS, web pages

FORMATS = ROOT / "tests" / "data" / "formats"
SPEECH = (FORMATS / "讲话.txt").read_text(encoding="utf-8")


def _chars(text: str) -> str:
    return "".join(text.split())


def test_a_pdf_gives_its_text_layer_with_every_character_in_order():
    raw = read.read_file(FORMATS / "讲话.pdf")
    assert raw.encoding == "pdf"
    assert _chars(raw.text) == _chars(SPEECH)  # quotes “…” in place, no spaces in 2024年2月20日
    assert raw.text.splitlines()[1] == "（2024年2月20日）"


def test_a_pdf_without_text_is_refused_with_advice(tmp_path):
    blank = tmp_path / "扫描件.pdf"
    blank.write_bytes(BLANK_PDF)
    with pytest.raises(InputError, match="扫描件.*OCR"):
        read.read_file(blank)


def test_a_broken_pdf_is_reported(tmp_path):
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    with pytest.raises(InputError, match="坏.pdf.*无法打开"):
        read.read_file(broken)


NEEDS_LIBREOFFICE = pytest.mark.skipif(
    read.libreoffice() is None,
    reason="LibreOffice 未安装：.doc/.wps 要用它转换（make office 安装，CI 先安装它）；"
    "没有它时的提示另有测试",
)


@NEEDS_LIBREOFFICE
@pytest.mark.parametrize("name", ["讲话.doc", "讲话.wps"])
def test_old_word_and_wps_files_are_converted_by_libreoffice(name):
    raw = read.read_file(FORMATS / name)
    assert raw.encoding == name[-3:]
    assert raw.text.splitlines() == SPEECH.splitlines()


def test_without_libreoffice_an_old_word_file_gets_a_message_saying_how_to_convert(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(InputError) as err:
        read.read_file(FORMATS / "讲话.doc")
    message = str(err.value)
    assert "讲话.doc" in message and "另存为" in message and ".docx" in message and "LibreOffice" in message


def test_a_saved_web_page_gives_its_article_title_first(tmp_path):
    page = tmp_path / "方案.html"
    page.write_bytes(WEB_PAGE.encode("gb18030"))
    lines = read.read_file(page).text.splitlines()
    assert lines[0] == "学生宿舍管理方案"
    assert "一、管理目标" in lines and "宿舍管理做到制度健全、责任明确。" in lines
    assert not any("首页" in line or "热门文章" in line or "Copyright" in line for line in lines)


WEB_PAGE = """<html><head><meta charset="gb2312"><title>学生宿舍管理方案 - 范文网</title></head><body>
<div id="nav"><a href="/">首页</a> | <a href="/fa/">实施方案</a> | <a href="/zj/">工作总结</a></div>
<div id="main"><h1>学生宿舍管理方案</h1><div class="text">
&nbsp;&nbsp;为加强学生宿舍管理，培养学生良好的生活习惯，为学生创造安全、整洁、文明的住宿环境，制定本方案。<br>
<b>一、管理目标</b><br>宿舍管理做到制度健全、责任明确。<br>
<b>二、管理措施</b><br>生活老师每晚对宿舍门窗、电路进行检查，严禁学生私拉电线、使用明火，确保住宿安全。<br>
</div></div>
<div id="side"><h3>热门文章</h3><ul><li><a href="/1">学校安全工作计划</a></li>
<li><a href="/2">学校后勤工作总结</a></li></ul></div>
<div id="foot">Copyright 2021 范文网 All Rights Reserved</div></body></html>"""

# A one-page PDF with no text on it (what a scanner without OCR writes, less the image).
BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
