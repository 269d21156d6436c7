"""Format rules that need the Word file itself: page, fonts, sizes, spacing, page numbers.

GB/T 9704-2012 as Word XML: A4 with margins 37/35/28/26 mm; body 仿宋_GB2312 16 pt (w:eastAsia),
exact line spacing of about 28.95 pt, first line indented two characters; title 方正小标宋简体
22 pt centred; heading fonts 黑体 / 楷体_GB2312 / 仿宋_GB2312; a PAGE field in the footer.
A font is found the way Word finds it: run, paragraph style and its parents, document defaults.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .findings import Finding, quote

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
MARGINS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}  # twips (37, 35, 28, 26 mm)
MARGIN_SLACK = 57  # 1 mm
LINE_RANGE = (550, 594)  # exact line spacing in twips: 27.5 to 29.7 pt
_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]{1,3}、"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]"), 2),
    (re.compile(r"^\d{1,2}[.．]"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
)


@dataclass
class _Styles:
    """Run properties by style id, each style's parent, and the document defaults."""

    fonts: dict[str, str | None]
    sizes: dict[str, int | None]
    parents: dict[str, str | None]
    default_font: str | None
    default_size: int | None
    paragraph: dict[str, object] = field(default_factory=dict)  # style id → its w:pPr element
    default_style: str | None = None  # the paragraph style of a paragraph that names none

    def ppr(self, style: str | None, tag: str):
        """The first w:pPr child ``tag`` (jc, ind, spacing) set by the style or its parents."""
        seen = set()
        while style and style not in seen:
            seen.add(style)
            element = self.paragraph.get(style)
            found = element.find(f"w:{tag}", NS) if element is not None else None
            if found is not None:
                return found
            style = self.parents.get(style)
        return None

    def font(self, style: str | None) -> str | None:
        return self._inherit(style, self.fonts) or self.default_font

    def size(self, style: str | None) -> int | None:
        return self._inherit(style, self.sizes) or self.default_size

    def _inherit(self, style: str | None, values: dict) -> object:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if values.get(style):
                return values[style]
            style = self.parents.get(style)
        return None


def check_docx(data: bytes) -> list[Finding]:
    """Return the format findings of a .docx file's bytes (an unreadable file: one finding)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            styles = _styles(
                archive.read("word/styles.xml") if "word/styles.xml" in archive.namelist() else None
            )
            footers = [archive.read(n) for n in archive.namelist() if re.match(r"word/footer\d*\.xml$", n)]
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return [Finding("docx.unreadable", "文件无法读取", 0, "", "", "这不是有效的 Word（.docx）文件。")]
    return [*_page(document), *_paragraphs(document, styles), *_page_number(footers)]


def _styles(xml: bytes | None) -> _Styles:
    """The fonts and sizes each paragraph style sets, with their parents and the defaults."""
    fonts, sizes, parents, paragraph = {}, {}, {}, {}
    if xml is None:
        return _Styles(fonts, sizes, parents, None, None)
    root = etree.fromstring(xml)
    for style in root.iterfind("w:style", NS):
        sid = style.get(f"{{{W}}}styleId")
        fonts[sid], sizes[sid], paragraph[sid] = _font(style), _size(style), style.find("w:pPr", NS)
        based = style.find("w:basedOn", NS)
        parents[sid] = based.get(f"{{{W}}}val") if based is not None else None
    defaults = root.find("w:docDefaults", NS)
    normal = root.find("w:style[@w:type='paragraph'][@w:default='1']", NS)
    default_style = normal.get(f"{{{W}}}styleId") if normal is not None else None
    return _Styles(fonts, sizes, parents, _font(defaults), _size(defaults), paragraph, default_style)


def _font(element) -> str | None:
    """The w:eastAsia font an element's run properties set, or None."""
    found = element.find(".//w:rPr/w:rFonts", NS) if element is not None else None
    if found is None and element is not None and element.tag == f"{{{W}}}rPr":
        found = element.find("w:rFonts", NS)
    return found.get(f"{{{W}}}eastAsia") if found is not None else None


def _size(element) -> int | None:
    """The font size (half-points) an element's run properties set, or None."""
    found = element.find(".//w:rPr/w:sz", NS) if element is not None else None
    return int(found.get(f"{{{W}}}val")) if found is not None else None


def _page(document) -> Iterator[Finding]:
    """A4 and the four margins."""
    size = document.find(".//w:sectPr/w:pgSz", NS)
    if (
        size is None
        or abs(int(size.get(f"{{{W}}}w", 0)) - 11906) > 60
        or abs(int(size.get(f"{{{W}}}h", 0)) - 16838) > 60
    ):
        yield Finding("docx.page", "纸张", 0, "", "", "纸张应为 A4（210 mm × 297 mm）。")
    margins = document.find(".//w:sectPr/w:pgMar", NS)
    for side, want in MARGINS.items():
        value = abs(int(margins.get(f"{{{W}}}{side}", 0))) if margins is not None else 0
        if abs(value - want) > MARGIN_SLACK:
            mm = {"top": 37, "bottom": 35, "left": 28, "right": 26}[side]
            name = {"top": "上", "bottom": "下", "left": "左", "right": "右"}[side]
            yield Finding(
                "docx.margin",
                "页边距",
                0,
                "",
                f"{name}边距 {value / 56.7:.0f} mm",
                f"{name}边距应为 {mm} mm。",
            )


def _paragraphs(document, styles: _Styles) -> Iterator[Finding]:
    """Fonts, sizes, alignment, spacing and indent of the title, headings and body."""
    paras = [p for p in document.iterfind(".//w:body/w:p", NS) if _text(p).strip()]
    for index, para in enumerate(paras, 1):
        text = _text(para).strip()
        role = "title" if index == 1 else _role(text)
        yield from _para_format(index, para, text, role, styles)


def _role(text: str) -> str:
    """heading1..4 by the number a paragraph starts with, else body."""
    return next((f"h{level}" for pattern, level in _LEVELS if pattern.match(text)), "body")


def _para_format(index: int, para, text: str, role: str, styles: _Styles) -> Iterator[Finding]:
    """One paragraph's first run font and size, alignment, spacing and indent."""
    style = _pstyle(para) or styles.default_style
    run = para.find("w:r", NS)
    font = _font(run.find("w:rPr", NS)) if run is not None and run.find("w:rPr", NS) is not None else None
    font = font or styles.font(style)
    size = _size(run) or styles.size(style)
    want_font = {"title": TITLE_FONT, "body": BODY_FONT}.get(role) or HEADING_FONTS[int(role[1])]
    if font != want_font:
        yield Finding(
            "docx.font", "字体", index, "", quote(text), f"应为{want_font}（现为{font or '未设置'}）。"
        )
    want_size = 44 if role == "title" else 32
    if size != want_size and not (role == "body" and _is_closing(text)):
        yield Finding(
            "docx.size",
            "字号",
            index,
            "",
            quote(text),
            f"应为 {want_size // 2} 磅（现为 {(size or 0) / 2:g} 磅）。",
        )
    if role == "title" and _jc(para, styles, style) != "center":
        yield Finding("docx.title_align", "标题居中", index, "", quote(text), "标题应居中。")
    yield from _spacing(index, para, text, role, styles)


def _effective(para, tag: str, styles: _Styles):
    """A paragraph property as Word finds it: the paragraph's own, else its style's."""
    found = para.find(f"w:pPr/w:{tag}", NS)
    return found if found is not None else styles.ppr(_pstyle(para) or styles.default_style, tag)


def _spacing(index: int, para, text: str, role: str, styles: _Styles) -> Iterator[Finding]:
    """Exact line spacing near 28.95 pt; body paragraphs indented two characters."""
    spacing = _effective(para, "spacing", styles)
    if role != "title" and spacing is not None and spacing.get(f"{{{W}}}lineRule") == "exact":
        line = int(spacing.get(f"{{{W}}}line", 0))
        if not LINE_RANGE[0] <= line <= LINE_RANGE[1]:
            yield Finding("docx.line", "行距", index, "", quote(text), "正文行距应为固定值约 28.95 磅。")
    indent = _effective(para, "ind", styles)
    if role == "body" and not _is_closing(text) and (indent is None or not _indented(indent)):
        yield Finding("docx.indent", "首行缩进", index, "", quote(text), "正文段落首行应缩进 2 字。")


def _indented(indent) -> bool:
    """True for a first-line indent of two characters."""
    chars = indent.get(f"{{{W}}}firstLineChars")
    return (chars is not None and int(chars) >= 180) or int(indent.get(f"{{{W}}}firstLine", 0) or 0) >= 560


def _is_closing(text: str) -> bool:
    """The signature, date, salutation or speaker line: not indented body text."""
    return len(text) <= 30 and not text.endswith("。")


def _pstyle(para) -> str | None:
    found = para.find("w:pPr/w:pStyle", NS)
    return found.get(f"{{{W}}}val") if found is not None else None


def _jc(para, styles: _Styles, style: str | None) -> str | None:
    found = _effective(para, "jc", styles)
    return found.get(f"{{{W}}}val") if found is not None else None


def _text(para) -> str:
    return "".join(t.text or "" for t in para.iterfind(".//w:t", NS))


def _page_number(footers: list[bytes]) -> Iterator[Finding]:
    """A PAGE field in a footer."""
    if not any(b"PAGE" in footer for footer in footers):
        yield Finding("docx.page_number", "页码", 0, "", "", "页脚应有页码（“— 1 —”，宋体四号）。")
