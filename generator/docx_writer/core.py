"""docProps/core.xml: the title and author Word shows in a file's properties, and its date.

The date is the one the document states (成文日期 or the speech date), never the clock, so
the same request gives the same bytes and a batch can skip what it has written.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from .paragraph_xml import escape
from .paragraphs import INVALID_XML_RE, Para

CHINA_TZ = timezone(timedelta(hours=8), "CST")  # dates in a school document are Beijing dates
_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
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
    """Return docProps/core.xml with the title, the author and (when known) the document's date."""
    times = _TIME.format(_w3cdtf(created)) if created else ""
    title, author = (INVALID_XML_RE.sub("", v).strip() for v in (title, author))  # plain text, not Markdown
    return _CORE.format(title=escape(title), author=escape(author), times=times)


def _w3cdtf(moment: datetime) -> str:
    """UTC W3CDTF; a naive time is Beijing time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_date(paras: list[Para]) -> datetime | None:
    """Return the document's own date: the last one on a signature, speaker or subtitle line."""
    for para in reversed(paras):
        found = _DATE_RE.search(para.text) if para.kind in ("signature", "speaker", "subtitle") else None
        if found:
            try:
                return datetime(*map(int, found.groups()), tzinfo=CHINA_TZ)
            except ValueError:
                return None
    return None


def as_datetime(value: datetime | date) -> datetime:
    """Return a datetime as it is, and a date as its midnight, Beijing time."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=CHINA_TZ)
