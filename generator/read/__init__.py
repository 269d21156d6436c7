"""Ingest, step 1: find the input files and decode each to plain text.

Office staff hand over whatever they have: .txt saved by Notepad in GBK or UTF-16, UTF-8 with
or without a BOM, Word files with automatic numbering, old Word (.doc) and WPS (.wps) files,
PDFs, web pages saved from a browser, Markdown.  This stage turns each into a ``RawText``
whose line i is line i of the original for .txt and .md (so later stages can cite source
lines) and the lines of the extracted text for the others.  Every failure is an
``InputError`` with a Chinese message naming the file, why it failed and what to do;
``collect`` never raises, so one bad file never stops a batch.

One module per kind of input: ``text`` (encodings), ``markdown``, ``word`` (.docx with its
automatic numbers), ``office`` (.doc/.wps through LibreOffice), ``pdf`` (the text layer),
``html`` (the article of a page); ``files`` finds the files, ``settings`` holds the limits.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import RawText
from .files import collect, unsupported_message
from .html import read_html
from .markdown import strip_markdown
from .office import libreoffice, read_office
from .pdf import read_pdf
from .settings import SETTINGS
from .text import decode, normalize_newlines, read_bytes
from .word import chinese_number, format_number, read_docx

__all__ = [
    "SETTINGS",
    "chinese_number",
    "collect",
    "format_number",
    "libreoffice",
    "normalize_newlines",
    "read_file",
    "strip_markdown",
]


def read_file(path: Path) -> RawText:
    """Decode one file to text; raise InputError (Chinese) when it cannot be used."""
    path = Path(path)
    data = read_bytes(path)
    text, encoding = _text_of(path, data)
    if not text.strip():
        raise InputError(f"文件“{path.name}”中没有文字内容（只有空白），请检查文件是否保存完整。")
    return RawText(source=path.name, text=text, encoding=encoding)


def _text_of(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and what it was read as (an encoding, or the kind of document)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path), "docx"
    if suffix in (".doc", ".wps"):
        return read_office(path), suffix[1:]
    if suffix == ".pdf":
        return read_pdf(path), "pdf"
    if suffix in (".html", ".htm"):
        return read_html(path, data), "html"
    if suffix in (".txt", ".md"):
        text, encoding = decode(data, path)
        return (strip_markdown(text) if suffix == ".md" else text), encoding
    raise InputError(unsupported_message(path))
