"""A large file cut into blocks of whole documents, so ingest holds one block at a time.

A downloaded 范文大全 of several megabytes holds hundreds of documents, each under a label
(篇3：, 【四】, 范文5).  Cleaning, segmenting and tagging such a file at once would hold all of
it, several times over, in memory and report nothing until the end; cut before a label once a
block is long enough, every block is a few whole documents.  A file without labels is cut at a
blank line only when it is far longer than a block, where a document may be cut in two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..model import RawText
from .boilerplate import label_title

BLOCK_CHARS = 200_000  # a block ends at the first label after this many characters
FORCED_BLOCK_CHARS = 3 * BLOCK_CHARS  # without a label, at the first blank line after this many


def blocks(raw: RawText) -> Iterator[RawText]:
    """The file's text in blocks of whole documents; a small file is one block, ``raw`` itself."""
    if len(raw.text) <= BLOCK_CHARS:
        yield raw
        return
    lines = raw.text.split("\n")
    start, size = 0, 0
    for k, line in enumerate(lines):
        if size >= BLOCK_CHARS and _starts_document(line, size):
            yield _block(raw, lines, start, k)
            start, size = k, 0
        size += len(line) + 1
    yield _block(raw, lines, start, len(lines))


def _starts_document(line: str, size: int) -> bool:
    """A label line starts a document; past the forced size any blank line will do."""
    text = line.strip()
    if not text:
        return size >= FORCED_BLOCK_CHARS
    return len(text) <= 60 and label_title(text) is not None


def _block(raw: RawText, lines: list[str], start: int, end: int) -> RawText:
    """Lines ``start``–``end`` (0-based, end excluded) as a RawText that knows where it begins."""
    return replace(raw, text="\n".join(lines[start:end]), first_line=raw.first_line + start)
