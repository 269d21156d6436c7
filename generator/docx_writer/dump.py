"""A .docx as a reader of the page sees it, for golden tests: every paragraph's style, font,
size, indents and spacing resolved through the styles, then the section, the footers, the
settings, the styles and the core properties. Zip bytes are never stable; this is.

It reads a .docx with the standard library only, so it can check any Word file.
"""

from __future__ import annotations

import io
import json
import zipfile
from xml.etree import ElementTree as ET

from .package import CORE_PART, DOCUMENT_PART
from .styles import MARGINS, qn


def dump(docx_bytes: bytes) -> list[dict]:
    """What a reader of the page sees, resolved through the styles: one dict per paragraph, then the
    section, the footers, the settings, the styles and the core properties. Zip bytes are never
    stable; this is."""
    reader = _Reader(docx_bytes)
    out = [reader.paragraph(p) for p in reader.body.findall(qn("p"))]
    sect = reader.body.find(qn("sectPr"))
    out.append(reader.section(sect))
    out.extend(reader.footer(ref) for ref in sect.findall(qn("footerReference")))
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
        self.body = ET.fromstring(self.parts[DOCUMENT_PART]).find(qn("body"))
        self.styles_root = ET.fromstring(self.parts["word/styles.xml"])
        self.styles = {s.get(qn("styleId")): s for s in self.styles_root.iter(qn("style"))}
        self.default_para = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(qn("type")) == "paragraph" and s.get(qn("default")) == "1"
            ),
            None,
        )
        defaults = self.styles_root.find(qn("docDefaults"))
        self.doc_rpr = defaults.find(f"{qn('rPrDefault')}/{qn('rPr')}") if defaults is not None else None
        self.doc_ppr = defaults.find(f"{qn('pPrDefault')}/{qn('pPr')}") if defaults is not None else None

    def chain(self, sid: str | None) -> list:
        """A style and the styles it is based on, nearest first."""
        out: list = []
        while sid in self.styles and self.styles[sid] not in out:
            out.append(self.styles[sid])
            based = self.styles[sid].find(qn("basedOn"))
            sid = based.get(qn("val")) if based is not None else None
        return out

    def para_style(self, p) -> str | None:
        """The paragraph's style id, or the default paragraph style's."""
        ps = p.find(f"{qn('pPr')}/{qn('pStyle')}")
        return ps.get(qn("val")) if ps is not None else self.default_para

    def ppr_levels(self, p) -> list:
        """Paragraph property elements in inheritance order."""
        levels = [p.find(qn("pPr"))] + [s.find(qn("pPr")) for s in self.chain(self.para_style(p))]
        return [x for x in [*levels, self.doc_ppr] if x is not None]

    def rpr_levels(self, r, p) -> list:
        """Run property elements in inheritance order (r may be None: the paragraph mark)."""
        rpr = r.find(qn("rPr")) if r is not None else None
        rstyle = rpr.find(qn("rStyle")) if rpr is not None else None
        chars = self.chain(rstyle.get(qn("val"))) if rstyle is not None else []
        levels = [rpr] + [s.find(qn("rPr")) for s in chars + self.chain(self.para_style(p))]
        return [x for x in [*levels, self.doc_rpr] if x is not None]

    @staticmethod
    def first(levels: list, tag: str, attr: str):
        """The first value of ``tag/@attr`` along the levels (None when no level sets it)."""
        for level in levels:
            el = level.find(qn(tag))
            if el is not None and el.get(qn(attr)) is not None:
                return el.get(qn(attr))
        return None

    def font(self, levels: list) -> str | None:
        """East-Asian font; a theme attribute wins over an explicit name, so it is reported as such."""
        for level in levels:
            fonts = level.find(qn("rFonts"))
            if fonts is not None and fonts.get(qn("eastAsiaTheme")):
                return "theme:" + fonts.get(qn("eastAsiaTheme"))
            if fonts is not None and fonts.get(qn("eastAsia")):
                return fonts.get(qn("eastAsia"))
        return None

    def size(self, levels: list) -> float:
        """Font size in points (Word's default 10 pt when nothing sets it)."""
        sz = self.first(levels, "sz", "val")
        return int(sz) / 2 if sz else 10.0

    def indent(self, levels: list, attr: str, size: float) -> float:
        """An indent in characters: ``<attr>Chars`` wins over twips, as in Word."""
        for level in levels:
            ind = level.find(qn("ind"))
            if ind is None:
                continue
            chars, twips = ind.get(qn(attr + "Chars")), ind.get(qn(attr))
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
        for r in p.iter(qn("r")):
            text = "".join(t.text or "" for t in r.iter(qn("t")))
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
            (k.get(qn("val"), "1") for k in (lv.find(qn("keepNext")) for lv in levels) if k is not None), "0"
        )
        if keep not in ("0", "false", "off"):
            out["keep_next"] = True
        if len(runs) > 1:
            out["runs"] = [{"font": f, "size": s, "text": t} for t, f, s in runs]
        return out

    def section(self, sect) -> dict:
        """Page size, margins (twips), grid and footer references of the section."""
        size, margins, grid = sect.find(qn("pgSz")), sect.find(qn("pgMar")), sect.find(qn("docGrid"))
        return {
            "section": {
                "page": [int(size.get(qn("w"))), int(size.get(qn("h")))],
                "margins": {k: int(margins.get(qn(k))) for k in MARGINS},
                "grid": {k: grid.get(qn(k)) for k in ("type", "linePitch", "charSpace")},
                "footers": sorted(ref.get(qn("type")) for ref in sect.findall(qn("footerReference"))),
            }
        }

    def footer(self, ref) -> dict:
        """A footer's paragraph: alignment, outer indent, font, size, text with fields as {PAGE}."""
        root = ET.fromstring(self.parts["word/" + self.target(ref.get(f"{{{_R_NS}}}id"))])
        p = root.find(qn("p"))
        levels = self.ppr_levels(p)
        r = next(iter(p.iter(qn("r"))), None)
        rlevels = self.rpr_levels(r, p)
        size = self.size(rlevels)
        return {
            "footer": ref.get(qn("type")),
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
        return {"settings": {"evenAndOddHeaders": root.find(qn("evenAndOddHeaders")) is not None}}

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
            kind = el.get(qn("fldCharType"))
            state = {"begin": "instr", "separate": "result"}.get(kind)
            instr = [] if kind == "begin" else instr
            out.append("{" + "".join(instr).strip() + "}" if kind == "separate" else "")
        elif tag == "instrText" and state == "instr":
            instr.append(el.text or "")
        elif tag == "t" and state != "result":
            out.append(el.text or "")
    return "".join(out)
