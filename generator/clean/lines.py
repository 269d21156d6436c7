"""Character-level cleaning of a decoded file, line by line, before anything reads its words."""

from __future__ import annotations

import html
import re

from .boilerplate import Line, classify_lines
from .lost_bytes import repair_lost_bytes
from .shapes import LOST
from .traditional import GLOSS, remove_glosses, simplify

_HTML_TAG = re.compile(r"<(script|style)\b.*?</\1>|</?[a-zA-Z][^<>]{0,300}>|<!--.*?-->", re.I)


def prepare_lines(text: str, first_line: int = 1) -> list[Line]:
    """Character-level cleaning of every line, then what each line is (text, label, boilerplate …)."""
    raw_lines = re.split(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", text)
    glossy = len(GLOSS.findall(text)) >= 3
    cleaned = [_decode_line(line, glossy) for line in raw_lines]
    simplified = simplify("\n".join(cleaned)).split("\n")
    return classify_lines([_normalize_width(s) for s in simplified], first_line)


def _decode_line(line: str, glossy: bool) -> str:
    """HTML tags and entities out; on glossed pages lost bytes repaired and pinyin glosses removed."""
    if "<" in line or "&" in line:
        line = html.unescape(_HTML_TAG.sub("", line))
    line = line.replace("\ufeff", "").replace("\u200b", "")
    if glossy:
        line = repair_lost_bytes(line)
    elif "\ufffd" in line:
        line = line.replace("\ufffd", LOST)
    return remove_glosses(line)


_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,
    0xA0: 0x20,
    0x200B: None,
}


def _normalize_width(line: str) -> str:
    """Full-width digits and letters to ASCII, ideographic spaces to spaces, "1．" to "1."."""
    line = line.translate(_WIDTH)
    return re.sub(r"(?<=\d)．", ".", line).strip()
