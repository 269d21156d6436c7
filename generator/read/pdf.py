"""PDF files: the text layer, page by page, with pdfplumber.

pdfplumber was chosen over pypdf by reading back Chinese PDFs made with LibreOffice: pdfplumber
returns every character in order, while pypdf moved Chinese quotation marks (“预防为主” came out
as “”预防为主) and put spaces between digits and characters (2024 年2 月).  Lines come as the
page sets them; cleaning joins the sentences a line break cut.  A scanned PDF has no text layer:
it is refused with advice, not read as a handful of stray words.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .settings import SETTINGS
from .text import normalize_newlines


def read_pdf(path: Path) -> str:
    """The text of every page, pages separated by a line break."""
    pages = _page_texts(path)
    chinese = len(re.findall(r"[\u4e00-\u9fff]", "".join(pages)))
    if chinese < SETTINGS.pdf_min_chars_per_page * max(len(pages), 1):
        raise InputError(
            f"PDF 文件“{path.name}”里几乎没有可以复制的文字，可能是扫描件或图片。"
            "请先用 WPS、Word 或其他文字识别（OCR）工具转成可编辑的文字，另存为 .docx 或 .txt 后再导入。"
        )
    return normalize_newlines("\n".join(pages))


def _page_texts(path: Path) -> list[str]:
    """Each page's text (pdfplumber imported here: only PDF input needs it)."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as document:
            return [page.extract_text() or "" for page in document.pages]
    except Exception as err:  # pdfminer raises many kinds for a broken or locked file
        raise InputError(
            f"PDF 文件“{path.name}”无法打开（已损坏或设置了密码）。"
            "请用 PDF 阅读器打开确认，去掉密码或重新导出 PDF 后再导入。"
        ) from err
