"""Write wengao's Markdown as a GB/T 9704-2012 Word file, about 1 ms a document.

Why it is built this way (issue 3, Speed): python-docx adding paragraphs one by one through
its default template re-writes and re-compresses ~900 KB of styles for every document
(~46 ms). Here python-docx builds a slim, fully styled base package ONCE per process (only
the styles used, theme fonts removed, footers with PAGE fields, settings, section setup);
each document then only needs its ``word/document.xml`` (paragraph XML joined as a string,
text escaped) and ``docProps/core.xml``, zipped next to the base's unchanged parts.

Formatting lives in named styles (正文 = Normal, Title, Subtitle, 讲话人, Salutation,
heading 1-4, Signature, footer) so a Word user can restyle a whole document at once.
python-docx and lxml are imported only while the base is built; ``dump`` (for golden tests)
reads a .docx with the standard library.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from xml.etree import ElementTree as ET

from .config import TEXT_CACHE, VERSION

# ---------------------------------------------------------------- GB/T 9704-2012 in Word units

BODY_FONT = "仿宋_GB2312"  # 3号仿宋: body, levels 3-4, salutation, signature [std 5.2.2, 7.3.3]
TITLE_FONT = "方正小标宋简体"  # 2号小标宋 [std 7.3.1]
KAI_FONT = "楷体_GB2312"  # level 2, speaker and subtitle lines
HEI_FONT = "黑体"  # level 1
PAGE_FONT = "宋体"  # 4号半角宋体 page numbers [std 7.5]
LATIN_FONT = "Times New Roman"  # Latin letters and digits [practice]
HEADING_FONTS = {1: HEI_FONT, 2: KAI_FONT, 3: BODY_FONT, 4: BODY_FONT}

BODY_SZ, TITLE_SZ, PAGE_SZ = 32, 44, 28  # half-points: 16 pt, 22 pt, 14 pt
LINE = 579  # exact line spacing 28.95 pt in twentieths of a point: 22 lines on 225 mm
TITLE_LINE = 700  # exact 35 pt: a 22 pt title needs room; templates use 30-36 pt [practice]
INDENT = 640  # two 16 pt characters in twips (firstLineChars="200" is the unit Word shows)
PAGE_TWIPS = (11906, 16838)  # A4 210 × 297 mm
MARGINS = {
    "top": 2098,
    "bottom": 1984,
    "left": 1587,
    "right": 1474,  # 37 / 35 / 28 / 26 mm
    "header": 851,
    "footer": 1247,
    "gutter": 0,
}  # footer 22 mm: 一字线 7 mm below the text
CHAR_SPACE = -848  # (156 mm / 28 − 16 pt) × 4096: 28 characters a line

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHINA_TZ = timezone(timedelta(hours=8), "CST")  # dates in a school document are Beijing dates

# ---------------------------------------------------------------- Markdown → paragraphs

# Markdown classes → paragraph kinds (the renderer's attr_list classes; unknown ones are body text)
CLASSES = {
    "speaker": "speaker",
    "subtitle": "subtitle",
    "salutation": "salutation",
    "signature": "signature",
    "date": "signature",
}
HEADER_KINDS = ("title", "subtitle", "speaker")
MD_ESCAPABLE = "\\`*_{}[]()>#+-.!"  # Python-Markdown's backslash escapes
_ATTR_RE = re.compile(r"^\{:?\s*((?:[.#][\w-]+|[\w-]+=\S+)(?:\s+(?:[.#][\w-]+|[\w-]+=\S+))*)\s*\}$")
_HEAD_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_TRAIL_ATTR_RE = re.compile(r"\s*\{:?\s*(?:[.#][\w-]+|[\w-]+=\S+)(?:\s+(?:[.#][\w-]+|[\w-]+=\S+))*\s*\}\s*$")
_ESCAPE_RE = re.compile(r"\\([" + re.escape(MD_ESCAPABLE) + "])")
_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SALUTATION_RE = re.compile(r"^[^，。；！？,.;]{1,20}[：:]$")
_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_DATE_RE = re.compile(
    r"([一二][〇零○一二三四五六七八九]{3})年(?:([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?)?"
)
_FW_DATE_RE = re.compile(r"(?<![0-9０-９])([0-9０-９]{4})年([0-9０-９]{1,2})月(?:([0-9０-９]{1,2})日)?")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


@dataclass(frozen=True)
class Para:
    """One paragraph of the Word file: its kind (title, h1…h4, body, speaker, …) and text."""

    kind: str
    text: str
    keep: bool = False  # keep with the next paragraph (the signature never stands alone on a page)


def parse(markdown: str) -> list[Para]:
    """Read the renderer's Markdown into paragraphs: every non-empty line is one paragraph (the
    renderer writes each paragraph on one line), and a ``{: .class }`` line styles the line above it."""
    paras: list[Para] = []
    styleable = False  # the previous line was a paragraph that a class line may still style
    for raw in markdown.splitlines():
        line = raw.strip()
        first = line[:1]  # both patterns need their first character: skip the match otherwise
        attr = _ATTR_RE.match(line) if first == "{" else None
        head = _HEAD_RE.match(line) if first == "#" else None
        if attr and styleable:
            paras[-1] = Para(_kind_of_classes(attr.group(1)), paras[-1].text)
        elif head:
            paras.append(_heading(len(head.group(1)), head.group(2)))
        elif line and not attr:
            paras.append(Para("body", _clean(line)))
        styleable = bool(line) and not attr and not head
    return [p for p in paras if p.text]


def from_known(known: Iterable[tuple[str, str]]) -> list[Para] | None:
    """What ``parse`` reads from the renderer's Markdown of these (kind, text) paragraphs, without
    the Markdown: a batch writes thousands. None when a text holds anything ``parse`` could read
    otherwise than as plain text (a Markdown escape, ``#``, braces, a line break, outer spaces);
    then the Markdown is parsed."""
    paras = []
    for kind, text in known:
        clean = _known_text(text)
        if clean is None:
            return None
        if clean:
            paras.append(Para(_KNOWN_KINDS.get(kind, "body"), clean))
    return paras


@functools.lru_cache(maxsize=TEXT_CACHE)
def _known_text(text: str) -> str | None:
    """A known paragraph's text as ``parse`` would read it, None if it could read otherwise
    (see from_known); remembered, as a batch's documents repeat most of their paragraphs."""
    if _UNUSUAL.search(text) or text != text.strip():
        return None
    return _clean(text)


_UNUSUAL = re.compile(
    r"[\\#{}\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
)  # see from_known; the line breaks of str.splitlines
_KNOWN_KINDS = {k: k for k in ("title", "h1", "h2", "h3", "h4", "body", *CLASSES.values())} | {
    "date": "signature"
}


def _kind_of_classes(attrs: str) -> str:
    """The paragraph kind named by an attribute list such as ``.speaker``; unknown classes are body."""
    for token in attrs.split():
        if token.startswith(".") and token[1:] in CLASSES:
            return CLASSES[token[1:]]
    return "body"


def _heading(hashes: int, text: str) -> Para:
    """``#`` is the title, ``##``…``#####`` headings of levels 1-4 (deeper ones stay level 4)."""
    text = _clean(_TRAIL_ATTR_RE.sub("", text))
    return Para("title", text) if hashes == 1 else Para(f"h{min(hashes - 1, 4)}", text)


def _clean(text: str) -> str:
    """Undo Markdown escapes, drop characters XML forbids, trim spaces (an indent is w:ind, not spaces)."""
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    return arabic_dates(_INVALID_XML_RE.sub("", text).strip(" \t\u3000\xa0"))


def arabic_dates(text: str) -> str:
    """Write dates as GB/T 9704 7.3.5.4 wants: Arabic numerals, year in full, no zero padding."""
    if "年" not in text:
        return text  # every date pattern holds 年: most paragraphs need no search
    return _FW_DATE_RE.sub(_fix_arabic, _CN_DATE_RE.sub(_fix_chinese, text))


def _fix_arabic(m: re.Match) -> str:
    """2026年03月05日 / full-width digits → 2026年3月5日."""
    year, month, day = (int(g.translate(_FULLWIDTH)) if g else None for g in m.groups())
    return f"{year}年{month}月" + (f"{day}日" if day else "")


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _fix_chinese(m: re.Match) -> str:
    """二〇二六年三月五日 → 2026年3月5日."""
    year = "".join(str(_CN_DIGIT[c]) for c in m.group(1))
    out = f"{year}年"
    if m.group(2):
        out += f"{_cn_number(m.group(2))}月"
    if m.group(3):
        out += f"{_cn_number(m.group(3))}日"
    return out


def _cn_number(text: str) -> int:
    """一 … 三十一 as an int (months and days only)."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def layout(paras: list[Para]) -> list[Para]:
    """Add what a 公文 page has besides the text: a blank line under the title block and before the signature."""
    paras = _find_salutation(paras)
    out: list[Para] = []
    title = next((i for i, p in enumerate(paras) if p.kind == "title"), len(paras))
    for i, para in enumerate(paras):
        if out and _needs_blank_before(paras, i, title < i):
            keep = para.kind == "signature"  # body text, blank line and signature stay on one page
            if keep:
                out[-1] = replace(out[-1], keep=True)
            out.append(Para("blank", "", keep=keep))
        out.append(para)
    return out


def _needs_blank_before(paras: list[Para], i: int, has_title: bool) -> bool:
    """One empty line after the title block (std 7.3.2) and before a signature block (std 7.3.5).
    ``has_title``: a title comes before paragraph ``i``."""
    prev, cur = paras[i - 1], paras[i]
    header_ends = prev.kind in HEADER_KINDS and cur.kind not in HEADER_KINDS
    signature_starts = cur.kind == "signature" and prev.kind not in ("signature", "blank")
    return (header_ends and has_title) or signature_starts


def _find_salutation(paras: list[Para]) -> list[Para]:
    """A short “同志们：” line right after the title block is a salutation even without its class."""
    first = next((i for i, p in enumerate(paras) if p.kind not in HEADER_KINDS), None)
    if first is None or paras[first].kind != "body" or not _SALUTATION_RE.match(paras[first].text):
        return paras
    return [*paras[:first], Para("salutation", paras[first].text), *paras[first + 1 :]]


# ---------------------------------------------------------------- paragraphs → document.xml

_OPEN = {
    "body": "<w:p>",
    "blank": "<w:p/>",
    "title": '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>',
    "subtitle": '<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr>',
    "speaker": '<w:p><w:pPr><w:pStyle w:val="Speaker"/></w:pPr>',
    "salutation": '<w:p><w:pPr><w:pStyle w:val="Salutation"/></w:pPr>',
    "signature": '<w:p><w:pPr><w:pStyle w:val="Signature"/></w:pPr>',
} | {f"h{n}": f'<w:p><w:pPr><w:pStyle w:val="Heading{n}"/></w:pPr>' for n in range(1, 5)}
_OPEN_KEEP = {
    kind: xml.replace("</w:pPr>", "<w:keepNext/></w:pPr>")
    if "<w:pPr>" in xml
    else xml.rstrip("/>") + "><w:pPr><w:keepNext/></w:pPr>"
    for kind, xml in _OPEN.items()
}
_OPEN_LOOSE = {
    kind: xml.replace("</w:pPr>", '<w:keepNext w:val="0"/></w:pPr>')
    for kind, xml in _OPEN.items()
    if kind[0] == "h"
}  # a heading paragraph holding body text
_RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
_REST_RUN = '<w:r><w:rPr><w:rStyle w:val="HeadingText"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


def _escape(text: str) -> str:
    """XML-escape text for a w:t element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_lead(text: str) -> tuple[str, str]:
    """A heading's lead sentence (to the first 。) and the body text after it in the same paragraph."""
    end = text.find("。") + 1
    if 0 < end < len(text) and text[end:].strip():
        return text[:end], text[end:]
    return text, ""


@functools.lru_cache(maxsize=TEXT_CACHE)
def para_xml(para: Para) -> str:
    """One w:p: the style carries all formatting, so a paragraph is its style id and its text.
    Remembered: a batch's documents repeat most of their paragraphs."""
    opening = (_OPEN_KEEP if para.keep else _OPEN).get(para.kind) or _OPEN["body"]
    if para.kind == "blank":
        return opening + ("</w:p>" if para.keep else "")
    if para.kind[0] == "h":
        lead, rest = split_lead(para.text)
        opening = _OPEN_LOOSE[para.kind] if rest and not para.keep else opening
        runs = _RUN.format(_escape(lead)) + (_REST_RUN.format(_escape(rest)) if rest else "")
        return opening + runs + "</w:p>"
    return opening + _RUN.format(_escape(para.text)) + "</w:p>"


def document_xml(paras: list[Para]) -> str:
    """The whole word/document.xml, on the base package's namespaces and section."""
    base = _base()
    body = "".join(para_xml(p) for p in paras) or _OPEN["blank"]  # Word wants one paragraph at least
    return base.doc_head + body + base.doc_tail


# ---------------------------------------------------------------- core properties

_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
    "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>{times}"
    "</cp:coreProperties>"
)
_TIME = (
    '<dcterms:created xsi:type="dcterms:W3CDTF">{0}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{0}</dcterms:modified>'
)


def core_xml(title: str, author: str, created: datetime | None) -> str:
    """docProps/core.xml: title and author shown in Word's properties, and the document's date."""
    times = _TIME.format(_w3cdtf(created)) if created else ""
    title, author = (_INVALID_XML_RE.sub("", v).strip() for v in (title, author))  # plain text, not Markdown
    return _CORE.format(title=_escape(title), author=_escape(author), times=times)


def _w3cdtf(moment: datetime) -> str:
    """UTC W3CDTF; a naive time is Beijing time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_date(paras: list[Para]) -> datetime | None:
    """The document's own date (成文日期 or the speech date), so the same input gives the same file.

    A wall-clock time would make every run's bytes differ, which breaks “same request, same
    document” and the batch's skip-if-done; the date the document states is what it was written for.
    """
    for para in reversed(paras):
        found = _DATE_RE.search(para.text) if para.kind in ("signature", "speaker", "subtitle") else None
        if found:
            try:
                return datetime(*map(int, found.groups()), tzinfo=CHINA_TZ)
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------- the document

DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"


def to_docx(
    markdown: str,
    title: str,
    author: str,
    *,
    created: datetime | date | None = None,
    known: Iterable[tuple[str, str]] | None = None,
) -> bytes:
    """The complete .docx file for a rendered Markdown document.

    ``created`` passes a timestamp through to docProps/core.xml; without it the date the
    document states (signature or speaker line) is used, and none when it states none.
    ``known``: the renderer's own (kind, text) paragraphs of ``markdown``, which spare reading
    it back (see from_known).
    """
    paras = layout((known is not None and from_known(known)) or parse(markdown))
    moment = _as_datetime(created) if created is not None else document_date(paras)
    return pack({DOCUMENT_PART: document_xml(paras), CORE_PART: core_xml(title, author, moment)})


def _as_datetime(value: datetime | date) -> datetime:
    """A date means its midnight, Beijing time."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=CHINA_TZ)


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same document gives the same bytes


def pack(own: dict[str, str]) -> bytes:
    """Zip the base's parts, with ``own`` (part name → XML text) in place of the base's own.

    The base's other parts are the same for every document, so they are compressed once
    (``_static_zip``) and copied as bytes; only ``own`` is compressed here, and written after
    them (the order of a package's parts carries no meaning). This halves the time of a
    document.
    """
    base = _base()
    names = tuple(name for name, _ in base.parts if name in own)
    static, infos = _static_zip(names)
    buf = io.BytesIO()
    buf.write(static)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in infos:  # entries already in buf: listed in the central directory at close
            zf.filelist.append(info)
            zf.NameToInfo[info.filename] = info
        for name in names:
            zf.writestr(_zip_info(name), own[name].encode("utf-8"), compresslevel=base.level)
    return buf.getvalue()


@functools.cache
def _static_zip(own_names: tuple[str, ...]) -> tuple[bytes, tuple[zipfile.ZipInfo, ...]]:
    """The base's parts other than ``own_names``, zipped once: the entries' bytes (up to the
    central directory) and their ZipInfo records, offsets counted from the start."""
    base = _base()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in base.parts:
            if name not in own_names:
                zf.writestr(_zip_info(name), data, compresslevel=base.level)
        infos = tuple(zf.infolist())
        entries = buf.tell()
    return buf.getvalue()[:entries], infos


def _zip_info(name: str) -> zipfile.ZipInfo:
    """An entry with a fixed time and the usual permissions: the same document gives the same bytes."""
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


# ---------------------------------------------------------------- the base package (once per process)


@dataclass(frozen=True)
class _Base:
    """The slim styled package: every part's bytes in zip order, and document.xml around its body."""

    parts: tuple[tuple[str, bytes], ...]
    doc_head: str  # XML declaration, w:document with python-docx's namespaces, <w:body>
    doc_tail: str  # the section (page, margins, footers, grid), </w:body></w:document>
    level: int = 1  # zlib level: 1 packs in ~0.45 ms, 6 (zip's usual) in ~0.65 ms for 7% smaller files


def prepare() -> None:
    """Build the base now (a batch's workers do it while the first rows are planned)."""
    own = (DOCUMENT_PART, CORE_PART)
    _static_zip(tuple(name for name, _ in _base().parts if name in own))  # as pack asks for it


@functools.cache
def _base() -> _Base:
    """Build the base with python-docx once per process (~50 ms); every document reuses it."""
    import docx  # python-docx stays in this stage and off the import path of the others

    document = docx.Document()
    _slim_package(document)
    _set_styles(document)
    _set_section(document)
    _set_settings(document)
    buf = io.BytesIO()
    document.save(buf)
    return _freeze(buf.getvalue(), document)


def _slim_package(document) -> None:
    """Drop the parts a 公文 never uses: numbering, stylesWithEffects, customXml, web settings, thumbnail."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    keep = {RT.STYLES, RT.SETTINGS, RT.FONT_TABLE, RT.THEME}
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype not in keep:
            document.part.drop_rel(rid)
    pkg_rels = document.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]


def _set_styles(document) -> None:
    """Replace the template's 160 styles by the few a 公文 uses; docDefaults without theme fonts."""
    from docx.oxml import parse_xml

    root = document.styles.element
    keep = {"DefaultParagraphFont", "TableNormal", "NoList"}
    for child in list(root):
        if child.get(_w("styleId")) not in keep:
            root.remove(child)
    root.insert(0, parse_xml(_DOC_DEFAULTS))
    for xml in _style_xmls():
        root.append(parse_xml(xml))


def _w(name: str) -> str:
    """Clark name of a w: attribute or element."""
    return f"{{{W_NS}}}{name}"


_NS = f'xmlns:w="{W_NS}"'


def _fonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    """All four font slots explicit, so nothing falls back to a theme font."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"'
        ' w:hint="eastAsia"/>'
    )


def _rpr(east_asia: str, sz: int, *, latin: str = LATIN_FONT, plain: bool = False) -> str:
    """Run properties of a style; ``plain`` states “not bold” for styles Word users expect bold."""
    bold = '<w:b w:val="0"/><w:bCs w:val="0"/>' if plain else ""
    return f'<w:rPr>{_fonts(east_asia, latin)}{bold}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'


_DOC_DEFAULTS = (
    f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}"
    f'<w:kern w:val="2"/><w:sz w:val="{BODY_SZ}"/><w:szCs w:val="{BODY_SZ}"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
)
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def _style(
    sid: str,
    name: str,
    body: str,
    *,
    based: str | None = "Normal",
    kind: str = "paragraph",
    default: bool = False,
    extra: str = "",
) -> str:
    """One w:style element (children in schema order: name, basedOn, next, …, pPr, rPr)."""
    attrs = f'w:type="{kind}" w:styleId="{sid}"' + (' w:default="1"' if default else "")
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    nxt = '<w:next w:val="Normal"/>' if kind == "paragraph" and sid != "Normal" else ""
    return (
        f'<w:style {_NS} {attrs}><w:name w:val="{name}"/>{based_on}{nxt}{extra}<w:qFormat/>{body}</w:style>'
    )


def _style_xmls() -> list[str]:
    """The named styles of a 公文: 正文 (Normal), title block, salutation, headings, signature, footer."""
    centred = f'{_NO_INDENT}<w:jc w:val="center"/>'
    return [
        _style(
            "Normal",
            "Normal",
            based=None,
            default=True,
            body=(
                '<w:pPr><w:widowControl w:val="0"/>'
                f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
                f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT}"/><w:jc w:val="both"/></w:pPr>'
                + _rpr(BODY_FONT, BODY_SZ)
            ),
        ),
        _style(
            "Title",
            "Title",
            extra='<w:uiPriority w:val="10"/>',
            body=(
                f'<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{TITLE_LINE}" w:lineRule="exact"/>'
                f"{centred}</w:pPr>" + _rpr(TITLE_FONT, TITLE_SZ, plain=True)
            ),
        ),
        _style(
            "Subtitle",
            "Subtitle",
            extra='<w:uiPriority w:val="11"/>',
            body=f"<w:pPr>{centred}</w:pPr>" + _rpr(KAI_FONT, BODY_SZ, plain=True),
        ),
        _style("Speaker", "讲话人", based="Subtitle", body=""),
        _style("Salutation", "Salutation", body=f'<w:pPr>{_NO_INDENT}<w:jc w:val="left"/></w:pPr>'),
        *(_heading_style(level) for level in range(1, 5)),
        _style(
            "HeadingText",
            "标题段正文",
            based="DefaultParagraphFont",
            kind="character",
            body=_rpr(BODY_FONT, BODY_SZ, plain=True),
        ),
        _style(
            "Signature",
            "Signature",
            body=(
                f'<w:pPr><w:keepNext/><w:ind w:right="{INDENT}" w:rightChars="200" w:firstLineChars="0" w:firstLine="0"/>'
                '<w:jc w:val="right"/></w:pPr>'
            ),
        ),
        _style(
            "Footer",
            "footer",
            extra='<w:uiPriority w:val="99"/>',
            body=(
                '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'
                f"{_NO_INDENT}</w:pPr>" + _rpr(PAGE_FONT, PAGE_SZ, latin=PAGE_FONT)
            ),
        ),
    ]


def _heading_style(level: int) -> str:
    """heading N: indented like body text (std 7.3.3), in its level's font, never bold, kept with the next line."""
    body = f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>' + _rpr(
        HEADING_FONTS[level], BODY_SZ, plain=True
    )
    return _style(f"Heading{level}", f"heading {level}", extra='<w:uiPriority w:val="9"/>', body=body)


def _set_section(document) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid, and odd/even footers with “— 1 —”."""
    from docx.oxml import parse_xml
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = (Twips(v) for v in PAGE_TWIPS)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Twips(MARGINS[side]))
    section.header_distance, section.footer_distance = Twips(MARGINS["header"]), Twips(MARGINS["footer"])
    section.gutter = Twips(MARGINS["gutter"])
    grid = section._sectPr.find(_w("docGrid"))
    grid.set(_w("type"), "linesAndChars")
    grid.set(_w("linePitch"), str(LINE))
    grid.set(_w("charSpace"), str(CHAR_SPACE))
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_page_number_xml(side)))


def _page_number_xml(side: str) -> str:
    """A footer paragraph “— PAGE —”, 宋体 14 pt, one character in from the outer edge (std 7.5)."""
    rpr = f'<w:rPr>{_fonts(PAGE_FONT, PAGE_FONT)}<w:sz w:val="{PAGE_SZ}"/><w:szCs w:val="{PAGE_SZ}"/></w:rPr>'

    def run(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    return (
        f'<w:p {_NS}><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="280" w:{side}Chars="100"/>'
        f'<w:jc w:val="{side}"/></w:pPr>'
        + run('<w:t xml:space="preserve">— </w:t>')
        + run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
        + run('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p>"
    )


def _set_settings(document) -> None:
    """Different odd and even footers; Chinese theme language; no template history (rsids, preview)."""
    document.settings.odd_and_even_pages_header_footer = True
    element = document.settings.element
    for name in ("rsids", "savePreviewPicture", "attachedTemplate"):
        for child in element.findall(_w(name)):
            element.remove(child)
    lang = element.find(_w("themeFontLang"))
    if lang is not None:
        lang.set(_w("eastAsia"), "zh-CN")


_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>wengao {VERSION}</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _font_entry(name: str, alt: str, family: str, pitch: str, charset: str = "86") -> str:
    """A fontTable entry; altName and charset 86 (GB2312) let Word substitute a missing 公文 font."""
    alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (
        f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
    )


_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f"<w:fonts {_NS}>"
    + _font_entry(LATIN_FONT, "", "roman", "variable", charset="00")
    + _font_entry(BODY_FONT, "仿宋", "modern", "fixed")
    + _font_entry(KAI_FONT, "楷体", "modern", "fixed")
    + _font_entry(HEI_FONT, "SimHei", "modern", "fixed")
    + _font_entry(TITLE_FONT, "宋体", "script", "variable")
    + _font_entry(PAGE_FONT, "SimSun", "auto", "variable")
    + "</w:fonts>"
)


def _freeze(package: bytes, document) -> _Base:
    """Keep the saved parts' bytes in zip order, with app.xml and the font table made for 公文 fonts."""
    from lxml import etree

    body = document.element.body
    for paragraph in body.findall(_w("p")):
        body.remove(paragraph)
    body.text = None
    sect = body.find(_w("sectPr"))
    sect.tail = None
    xml = etree.tostring(document.element, encoding="unicode")
    head, _, rest = xml.partition("<w:body>")
    tail = rest[rest.index("<w:sectPr") :]
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    own = {"docProps/app.xml": _APP.encode(), "word/fontTable.xml": _FONT_TABLE.encode()}
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        parts = tuple((n, own.get(n) or zf.read(n)) for n in zf.namelist())
    return _Base(parts, declaration + head + "<w:body>", tail)


# ---------------------------------------------------------------- normalized dump (golden tests)


def dump(docx_bytes: bytes) -> list[dict]:
    """What a reader of the page sees, resolved through the styles: one dict per paragraph, then the
    section, the footers, the settings, the styles and the core properties. Zip bytes are never
    stable; this is."""
    reader = _Reader(docx_bytes)
    out = [reader.paragraph(p) for p in reader.body.findall(_w("p"))]
    sect = reader.body.find(_w("sectPr"))
    out.append(reader.section(sect))
    out.extend(reader.footer(ref) for ref in sect.findall(_w("footerReference")))
    out.append(reader.settings())
    out.append(reader.styles_summary())
    out.append(reader.core())
    return out


def dump_text(docx_bytes: bytes) -> str:
    """:func:`dump` as one JSON object a line: the golden file format, easy to diff and to read."""
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dump(docx_bytes))


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


class _Reader:
    """A .docx opened with the standard library, with Word's property inheritance
    (run → character style → paragraph style → basedOn → docDefaults) resolved by hand."""

    def __init__(self, docx_bytes: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
            self.parts = {n: zf.read(n) for n in zf.namelist()}
        self.body = ET.fromstring(self.parts[DOCUMENT_PART]).find(_w("body"))
        self.styles_root = ET.fromstring(self.parts["word/styles.xml"])
        self.styles = {s.get(_w("styleId")): s for s in self.styles_root.iter(_w("style"))}
        self.default_para = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(_w("type")) == "paragraph" and s.get(_w("default")) == "1"
            ),
            None,
        )
        defaults = self.styles_root.find(_w("docDefaults"))
        self.doc_rpr = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}") if defaults is not None else None
        self.doc_ppr = defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}") if defaults is not None else None

    def chain(self, sid: str | None) -> list:
        """A style and the styles it is based on, nearest first."""
        out: list = []
        while sid in self.styles and self.styles[sid] not in out:
            out.append(self.styles[sid])
            based = self.styles[sid].find(_w("basedOn"))
            sid = based.get(_w("val")) if based is not None else None
        return out

    def para_style(self, p) -> str | None:
        """The paragraph's style id, or the default paragraph style's."""
        ps = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        return ps.get(_w("val")) if ps is not None else self.default_para

    def ppr_levels(self, p) -> list:
        """Paragraph property elements in inheritance order."""
        levels = [p.find(_w("pPr"))] + [s.find(_w("pPr")) for s in self.chain(self.para_style(p))]
        return [x for x in [*levels, self.doc_ppr] if x is not None]

    def rpr_levels(self, r, p) -> list:
        """Run property elements in inheritance order (r may be None: the paragraph mark)."""
        rpr = r.find(_w("rPr")) if r is not None else None
        rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
        chars = self.chain(rstyle.get(_w("val"))) if rstyle is not None else []
        levels = [rpr] + [s.find(_w("rPr")) for s in chars + self.chain(self.para_style(p))]
        return [x for x in [*levels, self.doc_rpr] if x is not None]

    @staticmethod
    def first(levels: list, tag: str, attr: str):
        """The first value of ``tag/@attr`` along the levels (None when no level sets it)."""
        for level in levels:
            el = level.find(_w(tag))
            if el is not None and el.get(_w(attr)) is not None:
                return el.get(_w(attr))
        return None

    def font(self, levels: list) -> str | None:
        """East-Asian font; a theme attribute wins over an explicit name, so it is reported as such."""
        for level in levels:
            fonts = level.find(_w("rFonts"))
            if fonts is not None and fonts.get(_w("eastAsiaTheme")):
                return "theme:" + fonts.get(_w("eastAsiaTheme"))
            if fonts is not None and fonts.get(_w("eastAsia")):
                return fonts.get(_w("eastAsia"))
        return None

    def size(self, levels: list) -> float:
        """Font size in points (Word's default 10 pt when nothing sets it)."""
        sz = self.first(levels, "sz", "val")
        return int(sz) / 2 if sz else 10.0

    def indent(self, levels: list, attr: str, size: float) -> float:
        """An indent in characters: ``<attr>Chars`` wins over twips, as in Word."""
        for level in levels:
            ind = level.find(_w("ind"))
            if ind is None:
                continue
            chars, twips = ind.get(_w(attr + "Chars")), ind.get(_w(attr))
            if chars is not None and (int(chars) or twips is None or not int(twips)):
                return int(chars) / 100
            if twips is not None:
                return round(int(twips) / (size * 20), 2)
        return 0.0

    def spacing(self, levels: list) -> str:
        """Line spacing as “exact 28.95pt” or “auto 1.0”."""
        line, rule = (
            self.first(levels, "spacing", "line"),
            self.first(levels, "spacing", "lineRule") or "auto",
        )
        if line is None:
            return "auto 1.0"
        return f"{rule} {int(line) / 240}" if rule == "auto" else f"{rule} {int(line) / 20}pt"

    def runs(self, p) -> list[tuple[str, str | None, float]]:
        """(text, east-Asian font, size) of each run with text."""
        out = []
        for r in p.iter(_w("r")):
            text = "".join(t.text or "" for t in r.iter(_w("t")))
            if text:
                levels = self.rpr_levels(r, p)
                out.append((text, self.font(levels), self.size(levels)))
        return out

    def paragraph(self, p) -> dict:
        """One body paragraph as the reader sees it."""
        runs = self.runs(p)
        mark = self.rpr_levels(None, p)
        font, size = (runs[0][1], runs[0][2]) if runs else (self.font(mark), self.size(mark))
        levels = self.ppr_levels(p)
        out = {
            "style": self.para_style(p),
            "align": self.first(levels, "jc", "val") or "left",
            "font": font,
            "size": size,
            "first_line": self.indent(levels, "firstLine", size),
            "left": self.indent(levels, "left", size),
            "right": self.indent(levels, "right", size),
            "spacing": self.spacing(levels),
            "text": "".join(r[0] for r in runs),
        }
        keep = next(
            (k.get(_w("val"), "1") for k in (lv.find(_w("keepNext")) for lv in levels) if k is not None), "0"
        )
        if keep not in ("0", "false", "off"):
            out["keep_next"] = True
        if len(runs) > 1:
            out["runs"] = [{"font": f, "size": s, "text": t} for t, f, s in runs]
        return out

    def section(self, sect) -> dict:
        """Page size, margins (twips), grid and footer references of the section."""
        size, margins, grid = sect.find(_w("pgSz")), sect.find(_w("pgMar")), sect.find(_w("docGrid"))
        return {
            "section": {
                "page": [int(size.get(_w("w"))), int(size.get(_w("h")))],
                "margins": {k: int(margins.get(_w(k))) for k in MARGINS},
                "grid": {k: grid.get(_w(k)) for k in ("type", "linePitch", "charSpace")},
                "footers": sorted(ref.get(_w("type")) for ref in sect.findall(_w("footerReference"))),
            }
        }

    def footer(self, ref) -> dict:
        """A footer's paragraph: alignment, outer indent, font, size, text with fields as {PAGE}."""
        root = ET.fromstring(self.parts["word/" + self.target(ref.get(f"{{{_R_NS}}}id"))])
        p = root.find(_w("p"))
        levels = self.ppr_levels(p)
        r = next(iter(p.iter(_w("r"))), None)
        rlevels = self.rpr_levels(r, p)
        size = self.size(rlevels)
        return {
            "footer": ref.get(_w("type")),
            "align": self.first(levels, "jc", "val") or "left",
            "left": self.indent(levels, "left", size),
            "right": self.indent(levels, "right", size),
            "font": self.font(rlevels),
            "ascii": self.first(rlevels, "rFonts", "ascii"),
            "size": size,
            "text": _field_text(p),
        }

    def target(self, rid: str) -> str:
        """Target of a relationship of the main document part."""
        rels = ET.fromstring(self.parts["word/_rels/document.xml.rels"])
        return next(r.get("Target") for r in rels.iter(f"{{{_PKG_NS}}}Relationship") if r.get("Id") == rid)

    def settings(self) -> dict:
        """The settings a 公文 depends on."""
        root = ET.fromstring(self.parts["word/settings.xml"])
        return {"settings": {"evenAndOddHeaders": root.find(_w("evenAndOddHeaders")) is not None}}

    def styles_summary(self) -> dict:
        """Which styles exist and how many theme-font attributes are left (must be none)."""
        theme = sum(
            1
            for el in self.styles_root.iter()
            for k in el.attrib
            if k.rsplit("}", 1)[-1].lower().endswith("theme")
        )
        return {
            "styles": {
                "ids": sorted(self.styles),
                "default_paragraph": self.default_para,
                "theme_font_attributes": theme,
            }
        }

    def core(self) -> dict:
        """Title, author and times of docProps/core.xml."""
        root = ET.fromstring(self.parts[CORE_PART])
        keys = {
            "title": "dc:title",
            "creator": "dc:creator",
            "lastModifiedBy": "cp:lastModifiedBy",
            "created": "dcterms:created",
            "modified": "dcterms:modified",
        }
        found = {k: root.find(path, _CORE_NS) for k, path in keys.items()}
        return {"core": {k: (el.text or "") if el is not None else None for k, el in found.items()}}


def _field_text(p) -> str:
    """A paragraph's text with each field's result replaced by ``{INSTRUCTION}``."""
    out, state, instr = [], None, []
    for el in p.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "fldChar":
            kind = el.get(_w("fldCharType"))
            state = {"begin": "instr", "separate": "result"}.get(kind)
            instr = [] if kind == "begin" else instr
            out.append("{" + "".join(instr).strip() + "}" if kind == "separate" else "")
        elif tag == "instrText" and state == "instr":
            instr.append(el.text or "")
        elif tag == "t" and state != "result":
            out.append(el.text or "")
    return "".join(out)
