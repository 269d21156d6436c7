"""Traditional characters and pinyin glosses (學(xué)校) become plain simplified text."""

from __future__ import annotations

import re
from functools import lru_cache

from .shapes import HAN, HAN_RE, LOST

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvenmnm")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ve|ue|er|an|en|in|un|vn"
    r"|ia|ua|uo|io|a|o|e|i|u|v)"
)
_ZHE = re.compile(r"(?<![显卓原名巨编论专土昭遗译合拙新])著(?![作名称述录书])")


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's converter, created on first use (it loads its dictionaries)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC's t2s (t2s keeps 显著 intact; tw2s would make it 显着)."""
    return _t2s().convert(text)


def simplify(text: str) -> str:
    """OpenCC t2s; on a traditional page also 著 → 着 where it is the aspect particle (随著, 本著)."""
    out = to_simplified(text)
    changed = sum(1 for a, b in zip(text, out, strict=False) if a != b)
    if changed > 0.03 * max(1, len(HAN_RE.findall(text))):
        out = _ZHE.sub("着", out)
    return out


_PY = rf"[a-z{_TONES}]{{1,6}}"
GLOSS = re.compile(rf"(?<=[{HAN}{LOST}?\ufffd])\s?[(（]({_PY})[)）]")
_BARE_GLOSS = re.compile(rf"(?<=[{HAN}{LOST}?\ufffd])({_PY})[)）]")


def is_pinyin(word: str) -> bool:
    """A single pinyin syllable, with or without tone marks (xué, zhuàng, lü)."""
    return bool(_SYLLABLE.fullmatch(word.translate(_TONE_BASE)))


def remove_glosses(line: str) -> str:
    """學(xué)校 → 學校; also a gloss that lost its "(" (學xué)校) after a character or a lost byte."""
    line = GLOSS.sub(lambda m: "" if is_pinyin(m.group(1)) else m.group(0), line)
    return _BARE_GLOSS.sub(lambda m: "" if is_pinyin(m.group(1)) else m.group(0), line)
