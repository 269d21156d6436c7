"""The style table of a 公文: GB/T 9704-2012 fonts, sizes and page geometry in Word's units,
and the XML of the named styles, the page-number footer and the font table.

All formatting lives in named styles (正文 = Normal, Title, Subtitle, 讲话人, Salutation,
heading 1-4, Signature, footer), so a Word user can restyle a whole document at once and
each paragraph only names its style. References in brackets are the standard's sections.
"""

from __future__ import annotations

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
_NS = f'xmlns:w="{W_NS}"'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_CENTRED = f'{_NO_INDENT}<w:jc w:val="center"/>'


def qn(name: str) -> str:
    """Return the Clark name of a w: attribute or element."""
    return f"{{{W_NS}}}{name}"


def fonts_xml(east_asia: str, latin: str = LATIN_FONT) -> str:
    """Return w:rFonts with all four font slots explicit, so nothing falls back to a theme font."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"'
        ' w:hint="eastAsia"/>'
    )


def _rpr(east_asia: str, sz: int, *, latin: str = LATIN_FONT, plain: bool = False) -> str:
    """Run properties of a style; ``plain`` states “not bold” for styles Word users expect bold."""
    bold = '<w:b w:val="0"/><w:bCs w:val="0"/>' if plain else ""
    return f'<w:rPr>{fonts_xml(east_asia, latin)}{bold}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'


# The document defaults: body font and size, Chinese language; no theme fonts anywhere.
DOC_DEFAULTS = (
    f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>{fonts_xml(BODY_FONT)}"
    f'<w:kern w:val="2"/><w:sz w:val="{BODY_SZ}"/><w:szCs w:val="{BODY_SZ}"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
)


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


def style_xmls() -> list[str]:
    """Return the named styles of a 公文: 正文, title block, salutation, headings, signature, footer."""
    return [
        _normal_style(),
        *_title_block_styles(),
        _style("Salutation", "Salutation", body=f'<w:pPr>{_NO_INDENT}<w:jc w:val="left"/></w:pPr>'),
        *(_heading_style(level) for level in range(1, 5)),
        _heading_text_style(),
        _signature_style(),
        _footer_style(),
    ]


def _normal_style() -> str:
    """正文: 3号仿宋, exact 28.95 pt lines, first line indented two characters, justified."""
    body = (
        '<w:pPr><w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
        f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT}"/><w:jc w:val="both"/></w:pPr>'
        + _rpr(BODY_FONT, BODY_SZ)
    )
    return _style("Normal", "Normal", based=None, default=True, body=body)


def _title_block_styles() -> list[str]:
    """The title (2号小标宋, centred, off the grid), the subtitle and the speaker line (楷体, centred)."""
    title = (
        f'<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{TITLE_LINE}" w:lineRule="exact"/>'
        f"{_CENTRED}</w:pPr>" + _rpr(TITLE_FONT, TITLE_SZ, plain=True)
    )
    subtitle = f"<w:pPr>{_CENTRED}</w:pPr>" + _rpr(KAI_FONT, BODY_SZ, plain=True)
    return [
        _style("Title", "Title", extra='<w:uiPriority w:val="10"/>', body=title),
        _style("Subtitle", "Subtitle", extra='<w:uiPriority w:val="11"/>', body=subtitle),
        _style("Speaker", "讲话人", based="Subtitle", body=""),
    ]


def _heading_style(level: int) -> str:
    """heading N: indented like body text (std 7.3.3), its level's font, never bold, kept with the next."""
    body = f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>' + _rpr(
        HEADING_FONTS[level], BODY_SZ, plain=True
    )
    return _style(f"Heading{level}", f"heading {level}", extra='<w:uiPriority w:val="9"/>', body=body)


def _heading_text_style() -> str:
    """标题段正文: the body text that follows a heading's lead sentence in the same paragraph."""
    return _style(
        "HeadingText",
        "标题段正文",
        based="DefaultParagraphFont",
        kind="character",
        body=_rpr(BODY_FONT, BODY_SZ, plain=True),
    )


def _signature_style() -> str:
    """Signature: right-aligned two characters in from the margin, kept with the next line."""
    body = (
        f'<w:pPr><w:keepNext/><w:ind w:right="{INDENT}" w:rightChars="200"'
        ' w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr>'
    )
    return _style("Signature", "Signature", body=body)


def _footer_style() -> str:
    """footer: the page number's 4号宋体, single-spaced, off the grid."""
    body = (
        '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'
        f"{_NO_INDENT}</w:pPr>" + _rpr(PAGE_FONT, PAGE_SZ, latin=PAGE_FONT)
    )
    return _style("Footer", "footer", extra='<w:uiPriority w:val="99"/>', body=body)


def page_number_xml(side: str) -> str:
    """Return a footer paragraph “— PAGE —”, 宋体 14 pt, one character in from the outer edge (std 7.5)."""
    size = f'<w:sz w:val="{PAGE_SZ}"/><w:szCs w:val="{PAGE_SZ}"/>'
    rpr = f"<w:rPr>{fonts_xml(PAGE_FONT, PAGE_FONT)}{size}</w:rPr>"
    runs = (
        '<w:t xml:space="preserve">— </w:t>',
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
        '<w:t xml:space="preserve"> —</w:t>',
    )
    return (
        f'<w:p {_NS}><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="280" w:{side}Chars="100"/>'
        f'<w:jc w:val="{side}"/></w:pPr>' + "".join(f"<w:r>{rpr}{inner}</w:r>" for inner in runs) + "</w:p>"
    )


def _font_entry(name: str, alt: str, family: str, pitch: str, charset: str = "86") -> str:
    """A fontTable entry; altName and charset 86 (GB2312) let Word substitute a missing 公文 font."""
    alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (
        f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
    )


# word/fontTable.xml: the fonts the styles name, each with a common substitute.
FONT_TABLE = (
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
