"""Ingest, step 1: find the input files and decode each to plain text.

Office staff hand over whatever they have: .txt saved by Notepad in GBK or UTF-16, UTF-8 with
or without a BOM, Word files with automatic numbering, Markdown.  This module turns each into a
``RawText`` whose line i is line i of the original (for .txt and .md), so later stages can cite
source lines.  Every failure is an ``InputError`` with a Chinese message naming the file, why it
failed and what to do; ``collect`` never raises, so one bad file never stops a batch.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .model import RawText

SUPPORTED = (".txt", ".md", ".docx")

# The encodings a school office's files come in; charset-normalizer chooses among these only,
# so a short GBK file is not mistaken for Korean or Big5.
ENCODINGS = ["utf_8", "gb18030", "utf_16_le", "utf_16_be"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)

# Line separators other than "\n" that str.splitlines() honours; made "\n" so that every stage
# counts lines the same way.
_LINE_SEPS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


# ---------------------------------------------------------------- collect


def collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders to the supported files in them, with a message per bad path."""
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(_folder_files(path))
        elif not path.exists():
            errors.append(f"找不到“{path}”：文件或文件夹不存在，请检查路径是否写对。")
        elif path.suffix.lower() in SUPPORTED:
            files.append(path)
        else:
            errors.append(_unsupported_message(path))
    return _unique(files), errors


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, sorted, leaving out hidden files and folders."""
    found = []
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.is_file() and path.suffix.lower() in SUPPORTED:
            found.append(path)
    return found


def _unsupported_message(path: Path) -> str:
    """Say which types are accepted, with the usual fix for old Word and PDF files."""
    suffix = path.suffix.lower() or "（无扩展名）"
    hint = (
        "请用 Word 打开后另存为 .docx 文件"
        if suffix in (".doc", ".wps", ".rtf")
        else "请另存为 .txt、.docx 或 .md 文件"
    )
    return f"不支持的文件类型 {suffix}：“{path}”。只能导入 .txt、.docx、.md 文件，{hint}后再导入。"


def _unique(files: list[Path]) -> list[Path]:
    """Drop a file named twice (by two arguments or a file inside a named folder)."""
    seen: set[Path] = set()
    out = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


# ---------------------------------------------------------------- read_file


def read_file(path: Path) -> RawText:
    """Decode one file to text; raise InputError (Chinese) when it cannot be used."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text, encoding = _read_docx(path), "docx"
    elif suffix in (".txt", ".md"):
        text, encoding = _decode(data, path)
        if suffix == ".md":
            text = strip_markdown(text)
    else:
        raise InputError(_unsupported_message(path))
    if not text.strip():
        raise InputError(f"文件“{path.name}”中没有文字内容（只有空白），请检查文件是否保存完整。")
    return RawText(source=path.name, text=text, encoding=encoding)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, with the usual reasons a file cannot be opened said in Chinese."""
    if not path.exists():
        raise InputError(f"文件“{path}”不存在，请检查路径是否写对。")
    if path.is_dir():
        raise InputError(f"“{path}”是文件夹，不是文件；要导入整个文件夹，请直接把文件夹交给 ingest。")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(
            f"无法读取文件“{path.name}”（{err.strerror or err}），请检查文件权限后重试。"
        ) from err
    if not data:
        raise InputError(f"文件“{path.name}”是空文件，没有可导入的内容，请检查文件是否保存完整。")
    return data


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Detect the encoding (BOM, strict UTF-8, then charset-normalizer) and decode."""
    if any(data.startswith(magic) for magic in _MAGIC):
        raise InputError(_binary_message(path))
    text, encoding = _decode_bom(data) or _decode_utf8(data) or _decode_detected(data, path)
    _check_text(text, data, path)
    return normalize_newlines(text), encoding


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """A byte-order mark names the encoding exactly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    return None


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    """Valid UTF-8 is (practically) never anything else, and checking it is cheap."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes, path: Path) -> tuple[str, str]:
    """Let charset-normalizer choose among the supported encodings (GBK/GB18030, UTF-16)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=ENCODINGS).best()
    if match is None:
        raise InputError(_binary_message(path) if _has_controls(data) else _encoding_message(path))
    return str(match), match.encoding.replace("_", "-")


def _check_text(text: str, data: bytes, path: Path) -> None:
    """Reject decoded text that is really binary data or a wrong guess of the encoding."""
    if "\x00" in text or _control_share(text) > 0.01:
        raise InputError(_binary_message(path))
    if _plausible_share(text) < 0.85:
        raise InputError(_binary_message(path) if _has_controls(data) else _encoding_message(path))


def _has_controls(data: bytes) -> bool:
    """NUL or other control bytes: the mark of a binary file (Chinese text has none)."""
    sample = data[:4096]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100


def _control_share(text: str) -> float:
    """Share of control characters other than tab, newline and carriage return."""
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\x0b\x0c")
    return bad / max(len(text), 1)


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese document is made of; a wrong decoding scores low."""
    ranges = (
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x2000, 0x206F),
        (0x2100, 0x27BF),
        (0x3000, 0x303F),
        (0x3100, 0x312F),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xE000, 0xE0FF),
        (0xFF00, 0xFFEF),
    )
    sample = [ch for ch in text[:20000] if not ch.isspace()]
    good = sum(1 for ch in sample if any(lo <= ord(ch) <= hi for lo, hi in ranges))
    return good / len(sample) if sample else 1.0


def _binary_message(path: Path) -> str:
    """Chinese message for a file that is not text at all."""
    return (
        f"文件“{path.name}”看起来是二进制文件（如图片、压缩包、旧版 Word），不是文本，无法读取。"
        "请把内容另存为 .txt（UTF-8）或 .docx 后再导入。"
    )


def _encoding_message(path: Path) -> str:
    """Chinese message for text in an encoding we do not read."""
    return (
        f"文件“{path.name}”无法识别编码（支持 UTF-8、GBK/GB18030、UTF-16）。"
        "请用记事本打开，另存为“UTF-8”编码后再导入。"
    )


def normalize_newlines(text: str) -> str:
    """Every line break becomes "\\n", so line numbers agree with str.split("\\n")."""
    return _LINE_SEPS.sub("\n", text)


# ---------------------------------------------------------------- Markdown


_MD_RULES = [
    (re.compile(r"^\s{0,3}#{1,6}\s*"), ""),  # headings
    (re.compile(r"\s+#+\s*$"), ""),  # closing hashes of a heading
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+(\[[ xX]\]\s+)?"), ""),  # bullets and task boxes; "1." stays
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<!\*)\*(?![\s*])(.+?)(?<![\s*])\*(?!\*)"), r"\1"),  # italic *x* (also between Chinese)
    (re.compile(r"(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])"), r"\1"),  # italic _x_ (not snake_case)
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strike-through
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
]
_MD_BLANK = re.compile(r"^\s*(```.*|~~~.*|([-*_]\s*){3,}|\|?[\s:|-]+\|[\s:|-]*|\[[^\]]+\]:\s*\S+.*)$")


def strip_markdown(text: str) -> str:
    """Markdown to plain text line by line (line count kept), leaving numbering such as "1." intact."""
    lines = text.split("\n")
    lines = _blank_front_matter(lines)
    return "\n".join(_strip_md_line(line) for line in lines)


def _blank_front_matter(lines: list[str]) -> list[str]:
    """Blank a YAML front-matter block ("---" ... "---") at the top: it is metadata, not text."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _strip_md_line(line: str) -> str:
    """One line without Markdown syntax; fences, rules and table separators become blank."""
    if _MD_BLANK.match(line):
        return ""
    for pattern, repl in _MD_RULES:
        line = pattern.sub(repl, line)
    if line.count("|") >= 2:  # a table row: its cells, separated by spaces
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line


# ---------------------------------------------------------------- Word


def _read_docx(path: Path) -> str:
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
