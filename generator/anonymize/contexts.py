"""People named without a title next to them, found by where they stand and by jieba's tagger.

``people`` finds a name beside a title (马校长, 校长陈建国).  Documents also name people in
lists (车国梁、闻丽芬、栾海涛四位同志; 成员：曹文斌、蒋丽娟), after a duty (组长：钱国栋,
食堂负责人阮秀英, 教研组长滕文远), inside fixed phrases (在龚建华的带领下) and on their own.
A *name-shaped* word is two or three characters on token boundaries, led by a surname, holding
no function character and not an ordinary dictionary word.  It is a name where the context
says so; elsewhere, a three-character one is a name when jieba's part-of-speech tagger (with its
HMM for unknown words) tags it ``nr`` — the tagger is slow, so it reads only the few words
around such a candidate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer
from .lexicon import Lexicon, Span, Token
from .words import ADMIN_SUFFIXES, AMBIGUOUS_SURNAMES, DUTIES, NEVER_IN_NAMES, RARE, SURNAMES, TITLES

_HAN = re.compile(r"[\u4e00-\u9fff]+")
# A list of people ends in a count and a title (四位同志, 两位师傅) or 等 (…等同志).
_LIST_END = re.compile(r"^(?:[两二三四五六七八九十\d]{1,2}(?:位|名|个)|等)")
# Fixed phrases around a name: 在X的带领下, 由X负责.
_FRAMES = (
    re.compile(r"在([\u4e00-\u9fff]{2,3})(?:同志|老师)?的(?:带领|领导|指导|帮助|关心|关怀|组织|主持)"),
    re.compile(r"由([\u4e00-\u9fff]{2,3})(?:同志|老师)?(?:负责|牵头|主持|担任|分管|带队)"),
    re.compile(r"(?:感谢|表扬|祝贺)([\u4e00-\u9fff]{2,3})(?:同志|老师|师傅)"),
)
_ROLES = tuple(sorted((r for r in DUTIES | TITLES if len(r) > 1), key=len, reverse=True))
TAGGER_WINDOW = 4  # characters of context on each side the tagger reads around a candidate
# A given name is no ordinary word this common (素质 in 高素质); 建华, 振华, 宝山 are rarer.
GIVEN_NAME_FREQ = 1000
NOT_IN_GIVEN_NAMES = NEVER_IN_NAMES | frozenset("一二两三四五六七八九十百千万有无没")


def find_listed_people(text: str, tokens: list[Token], lex: Lexicon, known: list[Span]) -> list[Span]:
    """People in lists, after duties, inside fixed phrases, or tagged as names by jieba.

    ``known`` are the names other detectors found in the text: the slow tagger is not asked
    about them again.
    """
    shaped = _shaped(text, tokens, lex)
    found = set(_in_lists(text, shaped)) | set(_after_duties(text, shaped)) | set(_in_frames(text, lex))
    found |= {
        (s, e) for s, e in shaped if (s, e) not in found and not _covered(s, e, known) and _tagged(text, s, e)
    }
    return [Span(s, e, "person") for s, e in sorted(found)]


def _covered(start: int, end: int, spans: list[Span]) -> bool:
    return any(span.start < end and start < span.end for span in spans)


def tagged_people(text: str, tokens: list[Token], lex: Lexicon) -> list[Span]:
    """Name-shaped words jieba's tagger reads as names, whatever their context."""
    return [Span(s, e, "person") for s, e in _shaped(text, tokens, lex) if _tagged(text, s, e)]


def _tagged(text: str, start: int, end: int) -> bool:
    """A name with nothing around it to say so: three characters, a surname that is no everyday
    word as well (管好物, 常态化, 成实效 are words), and jieba's tagger reading it as a name."""
    return end - start == 3 and text[start] not in AMBIGUOUS_SURNAMES and _tagged_name(text, start, end)


def _shaped(text: str, tokens: list[Token], lex: Lexicon) -> list[tuple[int, int]]:
    """Name-shaped spans on the tokens' boundaries."""
    starts = {s for _, s, _ in tokens}
    ends = {e for _, _, e in tokens}
    return [(s, e) for s, e in _candidates(text, starts, ends) if name_shaped(text[s:e], lex)]


def _candidates(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int]]:
    """Spans of two or three Chinese characters on token boundaries, led by a surname."""
    spans = []
    for start in sorted(starts):
        if start < len(text) and text[start] in SURNAMES:
            spans += [(start, start + n) for n in (3, 2) if start + n in ends]
    return spans


def name_shaped(word: str, lex: Lexicon) -> bool:
    """Two or three characters, a surname first, no function character or numeral, not a place
    and not an ordinary word (文明新 starts with 文明, 高素质 ends in 素质: words, not names)."""
    if not 2 <= len(word) <= 3 or not _HAN.fullmatch(word) or word[0] not in SURNAMES:
        return False
    if any(ch in NOT_IN_GIVEN_NAMES for ch in word[1:]) or word[-1] in ADMIN_SUFFIXES or _is_place(word, lex):
        return False
    if lex.freq.get(word, 0) > 0 and (word not in lex.persons or lex.freq[word] >= RARE):
        return False  # an ordinary word (jieba's dictionary also lists prefixes, with no frequency)
    head_word = len(word) == 3 and lex.freq.get(word[:2], 0) >= RARE
    common_given = len(word) == 3 and lex.freq.get(word[1:], 0) >= GIVEN_NAME_FREQ
    return not head_word and not common_given


def _is_place(word: str, lex: Lexicon) -> bool:
    """A place jieba knows (榆林, 延安) or a full name of the place-name table; a town's bare name
    is not enough (王强 is also the name of a town)."""
    return word in lex.place_names or word in lex.place_stems or word in gazetteer().names


def _in_lists(text: str, shaped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names separated by 、 (or 和/与 before the last) when the list ends in a count of people or
    two of its names are unknown words."""
    found = []
    for run in _runs(text, shaped):
        end = run[-1][1]
        counted = bool(_LIST_END.match(text[end : end + 3]))
        if counted or len(run) >= 2 and _after_duty(text, run[0][0]) is not None or len(run) >= 3:
            found += run
    return found


def _runs(text: str, shaped: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Maximal runs of name-shaped spans separated by one 、/和/与 (three-character spans first)."""
    by_start: dict[int, tuple[int, int]] = {}
    for s, e in shaped:
        by_start.setdefault(s, (s, e))
    runs, taken = [], set()
    for start in sorted(by_start):
        if start in taken:
            continue
        run = [by_start[start]]
        while run[-1][1] < len(text) and text[run[-1][1]] in "、和与" and run[-1][1] + 1 in by_start:
            run.append(by_start[run[-1][1] + 1])
        taken.update(s for s, _ in run)
        if len(run) >= 2:
            runs.append(run)
    return runs


def _after_duties(text: str, shaped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """组长：钱国栋, 食堂负责人阮秀英, 教研组长滕文远: a name right after a duty or title."""
    return [(s, e) for s, e in shaped if _after_duty(text, s) is not None]


def _after_duty(text: str, start: int) -> str | None:
    """The duty or title that ends right before ``start`` (a colon and spaces allowed, also inside
    it: 组　长：), or None."""
    head = re.sub(r"[：:]+$", "", re.sub(r"\s", "", text[max(0, start - 10) : start]))
    return next((role for role in _ROLES if head.endswith(role)), None)


def _in_frames(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """在龚建华的带领下, 由X负责, 感谢X同志: a name-shaped word inside a fixed phrase."""
    return [m.span(1) for frame in _FRAMES for m in frame.finditer(text) if name_shaped(m.group(1), lex)]


def _tagged_name(text: str, start: int, end: int) -> bool:
    """Whether jieba's tagger reads the candidate as a person's name (nr) starting at its start."""
    left = max(0, start - TAGGER_WINDOW)
    pos = left
    for word, flag in _tag(text[left : end + TAGGER_WINDOW]):
        if pos == start:
            return flag.startswith("nr") and len(word) >= 1 and pos + len(word) <= end
        pos += len(word)
    return False


@lru_cache(maxsize=4096)
def _tag(window: str) -> tuple[tuple[str, str], ...]:
    """jieba's part-of-speech tags of a short window (imported here: only this check needs posseg)."""
    import jieba.posseg

    return tuple((p.word, p.flag) for p in jieba.posseg.cut(window))
