"""Text after a byte lost in a faulty GBK conversion, read again where it can be.

Pages converted through GBK sometimes lose one byte: "?" (or U+FFFD) replaces it and the
following characters are read one byte off ("。現" shows as "?,F").  Reading the bytes again
one byte back restores them; what cannot be restored becomes LOST and its sentence is dropped.
"""

from __future__ import annotations

from functools import lru_cache

from .shapes import LOST
from .traditional import GLOSS, to_simplified

_FIRST_GUESS = "。校，、；："  # what a lost first byte most often belonged to
_COMMON_PUNCT = set("。，、；：？！“”‘’（）《》…—")


def repair_lost_bytes(line: str) -> str:
    """Undo the one-byte shift after each "?" that stands for a lost byte; leave real question marks."""
    out, i = [], 0
    while i < len(line):
        if line[i] in "?\ufffd" and i + 1 < len(line) and not line[i + 1].isspace():
            text, end = _unshift(line, i)
            if text is not None:
                out.append(text)
                i = end
                continue
        out.append(line[i])
        i += 1
    return "".join(out)


def _unshift(line: str, start: int) -> tuple[str | None, int]:
    """Decode the shifted run after ``line[start]``; (None, start) when "?" is a real question mark."""
    best: list = [[], start + 1]  # the longest readable beginning, kept when no reading gets through
    found = _search(line, start + 1, -1, [], _prev_han(line, start), best)
    if found is not None:
        return found
    if line[start] == "?" and not _looks_garbled(line, start + 1):
        return None, start
    prefix = "".join(best[0]) if len(best[0]) >= 2 and best[0][0] != LOST else ""
    return prefix + LOST, _garbage_end(line, best[1] if prefix else start + 1)


def _search(
    line: str, j: int, pending: int | None, out: list[str], prev: str, best: list
) -> tuple[str, int] | None:
    """Depth-first over the readings of ASCII characters; a reading must decode to common text.

    ``pending`` is the byte still waiting for its partner (-1: the lost byte itself).
    """
    if len(out) > len(best[0]):
        best[0], best[1] = out, j
    if j >= len(line):  # the line ended inside the run: its last character is lost
        return ("".join(out) + LOST, j) if len(out) >= 3 else None
    for data, resync in _readings(line[j]):
        result = _feed(data, pending, out, prev)
        if result is None:
            continue
        new_out, new_pending = result
        if resync or new_pending is None:
            if _aligned_ok(line, j + 1) and new_out:
                return "".join(new_out), j + 1
            continue
        found = _search(line, j + 1, new_pending, new_out, prev, best)
        if found is not None:
            return found
    return None


def _readings(ch: str) -> list[tuple[bytes | None, bool]]:
    """Byte readings of one displayed character: (bytes, ends the run); None bytes = a swallowed byte.

    A site that made full-width marks half-width turned byte pair A3xx into one ASCII character,
    so an ASCII character is either that pair or a raw byte that re-aligns the text.
    """
    if ch.isascii():
        full = (bytes([0xA3, ord(ch) + 0x80]), False)
        if ch == "?":
            return [full, (None, True)]
        if not 0x21 <= ord(ch) <= 0x7E:
            return [(bytes([ord(ch)]), True)]
        return [(bytes([ord(ch)]), True), full] if ch.isalnum() else [full, (bytes([ord(ch)]), True)]
    try:
        return [(ch.encode("gbk"), False)]
    except UnicodeEncodeError:
        return []


def _feed(
    data: bytes | None, pending: int | None, out: list[str], prev: str
) -> tuple[list[str], int | None] | None:
    """Pair the pending byte with new bytes; None when a pair does not decode to common text."""
    out = list(out)
    if data is None:  # a "?" that swallowed the byte completing the pending pair
        return out + [LOST], None
    for byte in data:
        if pending is None:
            pending = byte
            continue
        char = _first_char(byte, prev) if pending == -1 else _pair(pending, byte)
        if char is None:
            return None
        out.append(char)
        pending = None
    return out, pending


def _first_char(second: int, prev: str) -> str:
    """The character whose lost first byte we cannot see, guessed from its second byte."""
    guesses = [c for c in _FIRST_GUESS if c.encode("gbk")[1] == second]
    if "校" in guesses and prev in "学學":
        return "校"
    return guesses[0] if guesses else LOST


def _pair(first: int, second: int) -> str | None:
    """Decode one re-aligned byte pair; None unless it is common Chinese text."""
    try:
        char = bytes([first, second]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if _common(char) else None


@lru_cache(maxsize=4096)
def _common(char: str) -> bool:
    """Common punctuation, or a character whose simplified form is in GB2312 level 1 (3755 chars)."""
    if char in _COMMON_PUNCT:
        return True
    try:
        code = to_simplified(char).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xB0 <= code[0] <= 0xD7


def _aligned_ok(line: str, j: int) -> bool:
    """After re-alignment the next few characters must read as ordinary text, not more garbage."""
    chars = [c for c in GLOSS.sub("", line[j : j + 24]) if "\u4e00" <= c <= "\u9fff"][:3]
    return all(_common(c) for c in chars)


def _prev_han(line: str, i: int) -> str:
    """The character before position ``i``, skipping a pinyin gloss."""
    head = GLOSS.sub("", line[:i])
    return head[-1] if head else ""


def _looks_garbled(line: str, j: int) -> bool:
    """After a "?": a letter, another "?", or uncommon characters mean misread bytes follow."""
    ch = line[j]
    return (ch.isascii() and ch.isalnum()) or ch in "?\ufffd" or not _aligned_ok(line, j)


def _garbage_end(line: str, j: int) -> int:
    """Where an unreadable run ends: at the next "?", space or clause mark."""
    while j < len(line) and line[j] not in "?\ufffd ,，;；。":
        j += 1
    return j
