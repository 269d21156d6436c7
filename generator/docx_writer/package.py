"""The .docx of a document: its word/document.xml and docProps/core.xml zipped with the base's parts.

The base's other parts are the same for every document, so they are compressed once and
copied as bytes; only the document's own two parts are compressed for each document, and
written after them (the order of a package's parts carries no meaning). bench/docx_bench.py
measures it: zipping every part for each document takes about five times as long (1.1 ms
against 0.23 ms) and nearly doubles the time of a whole .docx. Every zip entry has a fixed
time, so the same document gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime

from .base import base_package
from .core import as_datetime, core_xml, document_date
from .paragraph_xml import EMPTY_PARAGRAPH, para_xml
from .paragraphs import Para, from_known, layout, parse

DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def to_docx(
    markdown: str,
    title: str,
    author: str,
    *,
    created: datetime | date | None = None,
    known: Iterable[tuple[str, str]] | None = None,
) -> bytes:
    """Return the complete .docx file for a rendered Markdown document.

    ``created`` passes a timestamp through to docProps/core.xml; without it the date the
    document states (signature or speaker line) is used, and none when it states none.
    ``known``: the renderer's own (kind, text) paragraphs of ``markdown``, which spare reading
    it back (see from_known).
    """
    paras = layout((known is not None and from_known(known)) or parse(markdown))
    moment = as_datetime(created) if created is not None else document_date(paras)
    return pack({DOCUMENT_PART: document_xml(paras), CORE_PART: core_xml(title, author, moment)})


def document_xml(paras: list[Para]) -> str:
    """Return the whole word/document.xml, on the base package's namespaces and section."""
    base = base_package()
    body = "".join(para_xml(p) for p in paras) or EMPTY_PARAGRAPH  # Word wants one paragraph at least
    return base.doc_head + body + base.doc_tail


def prepare() -> None:
    """Build the base now (a batch's workers do it while the first rows are planned)."""
    _static_zip(_own_names((DOCUMENT_PART, CORE_PART)))


def pack(own: dict[str, str]) -> bytes:
    """Return the base's parts zipped, with ``own`` (part name → XML text) in place of the base's own."""
    base = base_package()
    names = _own_names(own)
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


def _own_names(own: Iterable[str]) -> tuple[str, ...]:
    """The base's part names a document brings itself, in the base's order."""
    return tuple(name for name, _ in base_package().parts if name in own)


@functools.cache
def _static_zip(own_names: tuple[str, ...]) -> tuple[bytes, tuple[zipfile.ZipInfo, ...]]:
    """The base's parts other than ``own_names``, zipped once: the entries' bytes (up to the
    central directory) and their ZipInfo records, offsets counted from the start."""
    base = base_package()
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
