"""Plain text as the renderer handles it: one clean line, and the trace marker that ties a
paragraph to the corpus section it came from.

The marker (a section id between two private-use characters, which no text holds) travels
through the template with the text and is taken off again when the output is read back.
"""

from __future__ import annotations

import re

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")
_PRIVATE = re.compile("[\ue000-\uf8ff\x00-\x08\x0b-\x1f\x7f]")
_LINE_START = re.compile(r"^(?:[#>]+\s*|[-+*]\s+)+")  # what would make a line a heading, quote or list
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# What clean_text may change: control or private-use characters, runs of spaces, spaces at
# either end, "{:", a first character that could start a heading, quote or list.
_UNCLEAN = re.compile("[\x00-\x1f\x7f\ue000-\uf8ff]|  |\\{:|^[\\s#>+*-]|\\s$")


def clean_text(text: str) -> str:
    """Return one line of plain text that cannot start a heading, list or quote, nor set a class.

    Other characters stay as written (a corpus ``{{ 7*7 }}`` is printed as it is); the HTML
    preview escapes everything it shows. Most text is clean already and comes back unchanged.
    """
    text = str(text)
    if not _UNCLEAN.search(text):
        return text
    text = _SPACES.sub(" ", _PRIVATE.sub("", text)).strip()
    return _LINE_START.sub("", text.replace("{:", "{ :"))


def mark(section_id: str, text: str) -> str:
    """Return ``text`` with the marker of its section in front (empty text stays empty)."""
    return f"{MARK_OPEN}{section_id}{MARK_CLOSE}{text}" if text else ""


def unmark(text: str) -> tuple[str | None, str]:
    """Return the first marker's section id and the text without markers (stripped when one was found)."""
    found = MARK.search(text)
    return (found[1], MARK.sub("", text).strip()) if found else (None, text)


def strip_marks(text: str) -> str:
    """Return the text without any marker."""
    return MARK.sub("", text)
