"""The reading stage's settings, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadSettings:
    """What the readers accept and how long they wait."""

    # File types read, by suffix. .doc and .wps need LibreOffice to convert them (see office.py).
    suffixes: tuple[str, ...] = (".txt", ".md", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")
    # Seconds LibreOffice may take to convert one old Word or WPS file; a large file takes a few.
    convert_timeout: float = 120.0
    # A PDF whose pages average fewer Chinese characters than this has no text layer worth reading
    # (a scan): it is refused with advice to run OCR rather than ingested as a few stray words.
    pdf_min_chars_per_page: int = 20


SETTINGS = ReadSettings()
