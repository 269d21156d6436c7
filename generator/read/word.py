"""Word files (.docx): paragraph and table text in document order, automatic numbers written out.

Word keeps list numbers (一、 （一） 1.) in numbering.xml, not in the text; segmentation needs
them, so each numbered paragraph gets the label Word would show, counted per list and level.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .text import normalize_newlines


def read_docx(path: Path) -> str:
    """Paragraph and table text in document order, with Word's automatic numbers written out."""
    doc = _open_docx(path)
    numbering = _Numbering(doc)
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        _block_lines(block, doc, numbering, lines)
    return normalize_newlines("\n".join(lines))


def _open_docx(path: Path):
    """Open with python-docx (imported here: only Word input needs it)."""
    import docx

    try:
        return docx.Document(str(path))
    except Exception as err:  # python-docx raises many kinds for a broken package
        raise InputError(
            f"Word 文件“{path.name}”已损坏或不是有效的 .docx 文件，无法打开。"
            "请用 Word 或 WPS 打开后重新“另存为 .docx”再导入。"
        ) from err


def _block_lines(block, doc, numbering: _Numbering, lines: list[str]) -> None:
    """Append the text of a body paragraph or table (tables cell by cell, merged cells once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    tag = block.tag.rsplit("}", 1)[-1]
    if tag == "p":
        paragraph = Paragraph(block, doc)
        lines.append(numbering.label(paragraph) + paragraph.text)
    elif tag == "tbl":
        seen: set[int] = set()
        for row in Table(block, doc).rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    for inner in cell._tc.iterchildren():
                        _block_lines(inner, doc, numbering, lines)


_CN_DIGITS = "零一二三四五六七八九"
_FORMATS = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
    "decimalEnclosedCircle": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedCircleChinese": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedParen": "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
}


def chinese_number(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (how Word counts in Chinese)."""
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    middle = "" if rest == 0 else (digits[0] if rest < 10 else "") + chinese_number(rest, digits, ten)
    return digits[n // 100] + "百" + middle if n < 1000 else str(n)


def _roman(n: int) -> str:
    """Roman numerals for Word's upperRoman/lowerRoman list formats."""
    values = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Write counter value ``n`` in Word's number format ``fmt`` (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, "零壹贰叁肆伍陆柒捌玖", "拾")
    if fmt in _FORMATS:
        symbols = _FORMATS[fmt]
        return symbols[n - 1] if 0 < n <= len(symbols) else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    return str(n)


class _Numbering:
    """Word's automatic list numbers (numbering.xml), counted per numId and level like Word does."""

    def __init__(self, doc) -> None:
        self.levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> {start, fmt, text}
        self.counters: dict[str, list[int | None]] = {}
        self.styles = _style_numbering(doc)
        root = _numbering_root(doc)
        if root is not None:
            self._load(root)

    def _load(self, root) -> None:
        """Resolve each w:num to its abstract definition plus start overrides."""
        abstract = {a.get(_w("abstractNumId")): _levels(a) for a in root.findall(_w("abstractNum"))}
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = {k: dict(v) for k, v in abstract.get(_val(ref), {}).items()}
            for override in num.findall(_w("lvlOverride")):
                start = override.find(_w("startOverride"))
                level = levels.get(int(override.get(_w("ilvl"), "0")))
                if start is not None and level is not None:
                    level["start"] = int(_val(start) or 1)
            self.levels[num.get(_w("numId"))] = levels

    def label(self, paragraph) -> str:
        """The number Word shows before this paragraph ("一、", "（二）", "3.") or ""."""
        num_id, ilvl = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if levels and ilvl is None:  # numbered through its style: the level that names the style
            ilvl = next((k for k, v in levels.items() if v["pstyle"] == paragraph._p.style), 0)
        if not levels or ilvl not in levels or levels[ilvl]["fmt"] in ("bullet", "none"):
            return ""
        values = self._count(num_id, ilvl, levels)
        return re.sub(
            r"%([1-9])", lambda m: self._format(levels, values, int(m.group(1)) - 1), levels[ilvl]["text"]
        )

    def _num_pr(self, paragraph) -> tuple[str | None, int | None]:
        """numId and level from the paragraph's own w:numPr, else from its style."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(_w("numPr")) if p_pr is not None else None
        if num_pr is None:
            return self.styles.get(paragraph._p.style or "", (None, 0))
        num_id, ilvl = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
        style_id, style_lvl = self.styles.get(paragraph._p.style or "", (None, None))
        return (
            _val(num_id) if num_id is not None else style_id,
            int(_val(ilvl)) if ilvl is not None else (style_lvl or 0),
        )

    def _count(self, num_id: str, ilvl: int, levels: dict) -> list[int | None]:
        """Advance the counter of ``ilvl`` and restart the deeper levels."""
        values = self.counters.setdefault(num_id, [None] * 9)
        current = values[ilvl]
        values[ilvl] = levels[ilvl]["start"] if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            values[deeper] = None
        return values

    @staticmethod
    def _format(levels: dict, values: list[int | None], ilvl: int) -> str:
        level = levels.get(ilvl, {"start": 1, "fmt": "decimal"})
        value = values[ilvl] if values[ilvl] is not None else level["start"]
        return format_number(value, "decimal" if level.get("legal") else level["fmt"])


def _w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag or attribute."""
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _val(element) -> str | None:
    """An element's w:val attribute (None for a missing element)."""
    return None if element is None else element.get(_w("val"))


def _numbering_root(doc):
    """The w:numbering element, or None when the document has no numbering part."""
    try:
        return doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _levels(abstract) -> dict[int, dict]:
    """ilvl -> start value, number format, level text ("%1、") of one w:abstractNum."""
    levels = {}
    for lvl in abstract.findall(_w("lvl")):
        start, fmt, text = lvl.find(_w("start")), lvl.find(_w("numFmt")), lvl.find(_w("lvlText"))
        levels[int(lvl.get(_w("ilvl"), "0"))] = {
            "start": int(_val(start) or 1) if start is not None else 1,
            "fmt": _val(fmt) or "decimal" if fmt is not None else "decimal",
            "text": _val(text) or "" if text is not None else "",
            "legal": lvl.find(_w("isLgl")) is not None,
            "pstyle": _val(lvl.find(_w("pStyle"))),
        }
    return levels


def _style_numbering(doc) -> dict[str, tuple[str | None, int | None]]:
    """styleId -> (numId, ilvl) for styles that carry numbering (e.g. 标题 1 with 一、), via basedOn."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in doc.styles.element.findall(_w("style")):
        sid = style.get(_w("styleId"))
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            ilvl = num_pr.find(_w("ilvl"))
            own[sid] = (_val(num_pr.find(_w("numId"))), int(_val(ilvl)) if ilvl is not None else None)
        parent = style.find(_w("basedOn"))
        if parent is not None:
            based[sid] = _val(parent)
    return {sid: _inherit(sid, own, based) for sid in set(own) | set(based) if _inherit(sid, own, based)[0]}


def _inherit(sid: str, own: dict, based: dict) -> tuple[str | None, int | None]:
    """Follow basedOn until a style defines numbering (at most 10 steps, to survive loops)."""
    for _ in range(10):
        if sid in own:
            num_id, ilvl = own[sid]
            return (None if num_id == "0" else num_id), ilvl
        if sid not in based:
            break
        sid = based[sid]
    return None, 0
