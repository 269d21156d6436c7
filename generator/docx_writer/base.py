"""The base package: a slim, fully styled .docx built with python-docx once per process.

python-docx's default template carries ~800 KB of styles that would be re-written and
re-compressed for every document. The base keeps only the styles a 公文 uses (theme fonts
removed), footers with PAGE fields, the settings and the section setup; every document then
only brings its own word/document.xml and docProps/core.xml. python-docx and lxml are
imported here only, while the base is built.
"""

from __future__ import annotations

import functools
import io
import zipfile
from dataclasses import dataclass

from ..config import VERSION
from .styles import (
    CHAR_SPACE,
    DOC_DEFAULTS,
    FONT_TABLE,
    LINE,
    MARGINS,
    PAGE_TWIPS,
    page_number_xml,
    qn,
    style_xmls,
)

_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>wengao {VERSION}</Application><DocSecurity>0</DocSecurity></Properties>"
)


@dataclass(frozen=True)
class Base:
    """The slim styled package: every part's bytes in zip order, and document.xml around its body."""

    parts: tuple[tuple[str, bytes], ...]
    doc_head: str  # XML declaration, w:document with python-docx's namespaces, <w:body>
    doc_tail: str  # the section (page, margins, footers, grid), </w:body></w:document>
    level: int = 1  # zlib level: 1 packs in ~0.45 ms, 6 (zip's usual) in ~0.65 ms for 7% smaller files


@functools.cache
def base_package() -> Base:
    """Return the base, built with python-docx on first use (~50 ms); every document reuses it."""
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
        if child.get(qn("styleId")) not in keep:
            root.remove(child)
    root.insert(0, parse_xml(DOC_DEFAULTS))
    for xml in style_xmls():
        root.append(parse_xml(xml))


def _set_section(document) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid, and odd/even footers with “— 1 —”."""
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = (Twips(v) for v in PAGE_TWIPS)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Twips(MARGINS[side]))
    section.header_distance, section.footer_distance = Twips(MARGINS["header"]), Twips(MARGINS["footer"])
    section.gutter = Twips(MARGINS["gutter"])
    grid = section._sectPr.find(qn("docGrid"))
    grid.set(qn("type"), "linesAndChars")
    grid.set(qn("linePitch"), str(LINE))
    grid.set(qn("charSpace"), str(CHAR_SPACE))
    _set_footers(section)


def _set_footers(section) -> None:
    """Odd pages number on the right, even pages on the left (std 7.5)."""
    from docx.oxml import parse_xml

    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(page_number_xml(side)))


def _set_settings(document) -> None:
    """Different odd and even footers; Chinese theme language; no template history (rsids, preview)."""
    document.settings.odd_and_even_pages_header_footer = True
    element = document.settings.element
    for name in ("rsids", "savePreviewPicture", "attachedTemplate"):
        for child in element.findall(qn(name)):
            element.remove(child)
    lang = element.find(qn("themeFontLang"))
    if lang is not None:
        lang.set(qn("eastAsia"), "zh-CN")


def _freeze(package: bytes, document) -> Base:
    """Keep the saved parts' bytes in zip order, with app.xml and the font table made for 公文 fonts."""
    head, tail = _document_frame(document)
    own = {"docProps/app.xml": _APP.encode(), "word/fontTable.xml": FONT_TABLE.encode()}
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        parts = tuple((n, own.get(n) or zf.read(n)) for n in zf.namelist())
    return Base(parts, head, tail)


def _document_frame(document) -> tuple[str, str]:
    """word/document.xml without its paragraphs: the text before the body's content and after it."""
    from lxml import etree

    body = document.element.body
    for paragraph in body.findall(qn("p")):
        body.remove(paragraph)
    body.text = None
    body.find(qn("sectPr")).tail = None
    xml = etree.tostring(document.element, encoding="unicode")
    head, _, rest = xml.partition("<w:body>")
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return declaration + head + "<w:body>", rest[rest.index("<w:sectPr") :]
