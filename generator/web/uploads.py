"""Upload limits and checks: size, count, type by suffix and by content.

A file is refused with a Chinese message before any stage sees it: too big (413), too
many (413), a suffix or content that is not what it claims (415), empty (422). Names
are reduced to a safe base name, so an upload can never address a path.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024

CORPUS_SUFFIXES = (".docx", ".txt", ".md")
CHECK_SUFFIXES = (".docx", ".md", ".txt")  # what 文稿体检 reads (pipeline.check_file)
ROSTER_SUFFIXES = (".xlsx", ".csv")
# Word and WPS files the check cannot read as they are, but can once saved again as .docx.
OLD_WORD_SUFFIXES = (".doc", ".wps", ".docm", ".dot", ".dotx", ".rtf")

# Signatures of common binary formats that must never pass as text.
_BINARY_MAGIC = (
    b"PK\x03\x04",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"Rar!",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')


@dataclass(frozen=True)
class Limits:
    """How much one request may upload and how many entries the app keeps."""

    file_bytes: int = 5 * MB
    files: int = 20
    roster_rows: int = 20000
    documents: int = 300
    previews: int = 20
    jobs: int = 8

    @property
    def body_bytes(self) -> int:
        """A whole request: every allowed file at full size plus form overhead."""
        return self.file_bytes * self.files + MB


class UploadError(Exception):
    """A refused upload: ``status`` is the HTTP status, ``str(err)`` the Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def size_text(n: int) -> str:
    """5242880 → '5 MB', as people read file sizes."""
    return f"{n / MB:g} MB" if n >= MB else f"{n / 1024:g} KB"


def read_limited(fileobj, name: str, limits: Limits) -> bytes:
    """Read an uploaded file, refusing it as soon as it passes the size limit."""
    data = fileobj.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        raise UploadError(
            413, f"文件“{name}”超过了 {size_text(limits.file_bytes)} 的上限，请拆分或压缩后再上传。"
        )
    if not data.strip():
        raise UploadError(422, f"文件“{name}”是空的，请选择有内容的文件。")
    return data


def check_count(n: int, limits: Limits) -> None:
    """At least one file, at most ``limits.files``."""
    if n == 0:
        raise UploadError(422, "没有收到文件，请先选择要上传的文件。")
    if n > limits.files:
        raise UploadError(413, f"一次最多上传 {limits.files} 个文件，这次选择了 {n} 个，请分批上传。")


def safe_name(filename: str | None, fallback: str = "上传文件") -> str:
    """The base name of an uploaded file with unsafe characters replaced (never a path)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = _UNSAFE_NAME.sub("_", base).strip("._ ")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = (stem or fallback)[:60]
    return f"{stem}.{suffix.lower()[:8]}" if suffix else stem


def check_corpus_file(name: str, data: bytes) -> None:
    """A document to add to the corpus: .docx that is a Word package, or text."""
    suffix = Path(name).suffix.lower()
    if suffix not in CORPUS_SUFFIXES:
        raise UploadError(
            415,
            f"不支持文件“{name}”的类型：素材只能是 .docx、.txt 或 .md 文件（旧版 .doc 请先另存为 .docx）。",
        )
    _check_document_content(name, suffix, data)


def check_checkable_file(name: str, data: bytes) -> None:
    """A document to check: .docx, .md or .txt, its content what its name says. Another type is a
    400 that says what to do: an old Word or WPS file is saved again as .docx first."""
    suffix = Path(name).suffix.lower()
    if suffix in OLD_WORD_SUFFIXES:
        raise UploadError(
            400,
            f"文件“{name}”不是 .docx 格式，无法检查："
            "请用 Word 或 WPS 打开它，“另存为”Word 文档（.docx）后再上传。",
        )
    if suffix not in CHECK_SUFFIXES:
        raise UploadError(
            400,
            f"不支持文件“{name}”的类型：只能检查 .docx、.md 或 .txt 文件。"
            "请先把它另存为 Word 文档（.docx），或把文字复制到 .txt 文件中再上传。",
        )
    _check_document_content(name, suffix, data)


def _check_document_content(name: str, suffix: str, data: bytes) -> None:
    """A .docx must be a Word package; a .txt or .md must be text."""
    if suffix == ".docx":
        _require_zip_member(name, data, "word/document.xml", "Word 文档（.docx）")
    elif not looks_like_text(data):
        raise UploadError(
            415, f"文件“{name}”的内容不是文本，请确认它是纯文本（.txt）或 Markdown（.md）文件。"
        )


def check_roster_file(name: str, data: bytes) -> None:
    """A roster: .xlsx that is an Excel package, or CSV text."""
    suffix = Path(name).suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        raise UploadError(
            415, f"不支持文件“{name}”的类型：花名册只能是 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）。"
        )
    if suffix == ".xlsx":
        _require_zip_member(name, data, "xl/workbook.xml", "Excel 表格（.xlsx）")
    elif not looks_like_text(data):
        raise UploadError(415, f"文件“{name}”的内容不是 CSV 文本，请在 Excel 中“另存为 CSV”后再上传。")


def _require_zip_member(name: str, data: bytes, member: str, what: str) -> None:
    """Office files are zip packages; check that this one really is the claimed kind."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if member in zf.namelist():
                return
    except (zipfile.BadZipFile, ValueError):
        pass
    raise UploadError(
        415,
        f"文件“{name}”不是有效的{what}，可能已损坏或只是改了扩展名，请用 Office 或 WPS 重新保存后再上传。",
    )


def looks_like_text(data: bytes) -> bool:
    """Text in any encoding the reader accepts (UTF-8, GBK, UTF-16), not a binary file."""
    if data.startswith(_TEXT_BOMS):
        return True
    if data.startswith(_BINARY_MAGIC):
        return False
    head = data[:65536]
    if b"\x00" in head:
        return _looks_like_utf16(head)
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13, 27))
    return controls <= len(head) * 0.02


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: zero bytes only in the odd or only in the even positions."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return min(even, odd) == 0 and max(even, odd) > 0


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name_2``, ``name_3``… when an upload repeats a name."""
    path, n = folder / name, 2
    while path.exists():
        path = folder / f"{Path(name).stem}_{n}{Path(name).suffix}"
        n += 1
    return path
