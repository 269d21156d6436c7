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
    for name in ("b/2.txt", "a.DOCX", "b/1.md", ".hidden.txt", ".git/x.txt", "notes.pdf", "c.TXT"):
        (tmp_path / name).write_text("后勤", encoding="utf-8")
    files, errors = read.collect([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.DOCX", "b/1.md", "b/2.txt", "c.TXT"]
    assert errors == []


def test_collect_reports_missing_paths_and_unsupported_files_without_raising(tmp_path):
    good = tmp_path / "稿.txt"
    good.write_text("后勤", encoding="utf-8")
    pdf = tmp_path / "稿.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    doc = tmp_path / "旧稿.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    files, errors = read.collect([good, tmp_path / "没有.txt", pdf, doc, good])
    assert files == [good]
    assert len(errors) == 3
    assert "没有.txt" in errors[0] and "不存在" in errors[0]
    assert ".pdf" in errors[1] and "不支持" in errors[1]
    assert ".docx" in errors[2]  # the old Word format: save as .docx
