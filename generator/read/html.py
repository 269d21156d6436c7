"""Web pages saved from a browser (.html): the article's text, not the page around it.

readability-lxml (the algorithm of Firefox's reader view) picks the block holding the article
and leaves navigation, sidebars and footers out; what it lets through (a site's meta line, an
ad inside the article, "上一篇") the cleaning stage's noise rules remove.  It was preferred to
trafilatura, which found the same text on the test pages but brings date and URL parsers
ingest does not need.  The page's title comes first when the article does not already start
with it.  Block elements and <br> end lines, as a browser shows them.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .text import decode, normalize_newlines

_BLOCKS = re.compile(
    r"<(?:br|/p|/div|/h[1-6]|/li|/tr|/td|/th|/table|/section|/article|/blockquote)\b[^>]*>", re.I
)
_TAGS = re.compile(r"<[^>]+>")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def read_html(path: Path, data: bytes) -> str:
    """The article of a saved page as lines of text, its title first."""
    from readability import Document  # imported here: only web pages need it

    page = _decode_page(data, path)
    try:
        document = Document(page)
        article, title = document.summary(html_partial=True), document.short_title()
    except Exception as err:  # lxml/readability raise several kinds for a broken page
        raise InputError(
            f"网页文件“{path.name}”无法解析，请在浏览器中打开后复制正文，另存为 .txt 再导入。"
        ) from err
    lines = [line.strip() for line in _text(article).split("\n")]
    lines = [line for line in lines if line]
    if title and not (lines and _same(lines[0], title)):
        lines.insert(0, title.strip())
    return normalize_newlines("\n".join(lines))


def _decode_page(data: bytes, path: Path) -> str:
    """The page's characters: its declared charset when it has one, else detected like a .txt."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)[0]


def _text(html: str) -> str:
    """HTML to text: a line break for each block end and <br>, tags out, entities resolved."""
    import html as entities

    return entities.unescape(_TAGS.sub("", _BLOCKS.sub("\n", html)))


def _same(line: str, title: str) -> bool:
    return re.sub(r"\s", "", line) == re.sub(r"\s", "", title)
