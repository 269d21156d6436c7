"""Prints milliseconds per .docx for four ways of writing the same document.

- python-docx: paragraph by paragraph through python-docx's default template, each paragraph
  formatted (fonts, size, spacing, indent), then saved — about 45 ms a document;
- docx_writer: ``docx_writer.to_docx`` (paragraph XML on the slim styled base built once);
- floor: only zipping a precomputed document.xml and core.xml with the base's parts;
- every part zipped: the same, but compressing all of the base's parts for each document
  instead of copying them compressed once, the figure behind ``docx_writer.pack``.

The document is a ~3,000-character summary made from the seed texts in ``corpus/sources``
(title, three headings with two subheadings each, body paragraphs, signature). The one-time
cost of building the base (python-docx import included) is printed separately.

Usage: python bench/docx_bench.py [N]   (N documents per way, default 200)
"""

from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLE = "育才实验中学2025年秋季学期后勤工作总结"
CN_NUM = "一二三四五六七八九十"
NUMBERED = re.compile(
    r"^\s*(?:[#>*-]|[（(]?[一二三四五六七八九十0-9０-９]+[）)、.．]|第[一二三四五六七八九十]+)"
)


def seed_paragraphs(limit: int = 40) -> list[str]:
    """Long lines of the seed files: realistic Chinese paragraphs of realistic lengths."""
    out: list[str] = []
    for path in sorted((ROOT / "corpus" / "sources").glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if 60 <= len(line) <= 400 and not NUMBERED.match(line):
                out.append(line)
    return out[:limit] or ["学校后勤工作是学校各项工作顺利开展的重要保障。" * 6] * limit


def sample_markdown(chars: int = 3000) -> str:
    """A summary-shaped Markdown document of about ``chars`` characters in the renderer's dialect."""
    paras = iter(seed_paragraphs() * 4)
    blocks, total = [f"# {TITLE}", next(paras)], 0
    for i in range(3):
        blocks.append(f"## {CN_NUM[i]}、第{CN_NUM[i]}部分工作")
        for j in range(2):
            blocks.append(f"### （{CN_NUM[j]}）加强管理。{next(paras)[:40]}")
            while total < chars * (i * 2 + j + 1) / 6:
                text = next(paras)
                blocks.append(text)
                total += len(text)
    blocks += ["育才实验中学\n{: .signature }", "2026年1月20日\n{: .signature }"]
    return "\n\n".join(blocks) + "\n"


def per_doc_ms(make, n: int) -> float:
    """Median of five rounds of ``n`` documents, in milliseconds a document."""
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            make()
        rounds.append((time.perf_counter() - start) * 1000 / n)
    return sorted(rounds)[2]


def python_docx_way(paras) -> bytes:
    """python-docx's usual path: default template, each paragraph added and formatted, then saved.

    Formatting as python-docx tutorials do it (font name, w:eastAsia, size, exact line spacing,
    indent, alignment on every paragraph), so both ways produce a comparable document.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    fonts = {"title": ("方正小标宋简体", 22), "h1": ("黑体", 16), "h2": ("楷体_GB2312", 16)}
    document = docx.Document()
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for para in paras:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(para.text)
        name, size = fonts.get(para.kind, ("仿宋_GB2312", 16))
        run.font.name, run.font.size = "Times New Roman", Pt(size)
        run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28.95)
        if para.kind == "title":
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif para.kind == "signature":
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            fmt.first_line_indent = Pt(32)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def zip_every_part(own: dict[str, str]) -> bytes:
    """The base's parts and the document's own zipped together, every part compressed anew."""
    from generator.docx_writer.base import base_package

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=base_package().level) as zf:
        for name, data in base_package().parts:
            zf.writestr(name, own[name].encode("utf-8") if name in own else data)
    return buf.getvalue()


def main(n: int = 200) -> None:
    from generator import docx_writer

    markdown = sample_markdown()
    start = time.perf_counter()
    first = docx_writer.to_docx(markdown, TITLE, "育才实验中学")
    cold_ms = (time.perf_counter() - start) * 1000
    paras = docx_writer.parse(markdown)
    fixed = {
        docx_writer.DOCUMENT_PART: docx_writer.document_xml(docx_writer.layout(paras)),
        docx_writer.CORE_PART: docx_writer.core_xml(TITLE, "育才实验中学", None),
    }
    ways = {
        "python-docx, paragraph by paragraph": (lambda: python_docx_way(paras), max(n // 10, 5)),
        "docx_writer.to_docx": (lambda: docx_writer.to_docx(markdown, TITLE, "育才实验中学"), n),
        "floor: zip of a precomputed document.xml": (lambda: docx_writer.pack(fixed), n),
        "every part zipped for each document": (lambda: zip_every_part(fixed), n),
    }
    chinese = sum(1 for ch in markdown if "\u4e00" <= ch <= "\u9fff")
    print(f"document: {len(paras)} paragraphs, {chinese} Chinese characters, {len(first):,} bytes as .docx")
    print(f"first to_docx in this process (python-docx import + base build): {cold_ms:.1f} ms")
    results = {name: per_doc_ms(make, count) for name, (make, count) in ways.items()}
    writer = results["docx_writer.to_docx"]
    for name, ms in results.items():
        print(f"{name:44s} {ms:7.2f} ms/doc  {1000 / ms:7.0f} docs/s  ({ms / writer:5.1f}× docx_writer)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].isdigit():
        sys.exit("usage: python bench/docx_bench.py [N]   (N documents per way, default 200)")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
