"""What the detectors work on: jieba's tokens, word lists derived from its dictionary, and Spans.

jieba is imported on first use (generation never loads it): its dictionary (~0.7 s) is paid
once per process, shared with ``tag``; tokenizing runs without HMM (fast, and unknown names
stay as runs of single characters, which is the signal the detectors use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import cached
from .words import ADMIN_SUFFIXES, FUNCTION_CHARS, GENERIC_PLACE_ENDINGS, GENERIC_PLACES, SLOGAN_PLACE

Token = tuple[str, int, int]  # a jieba token: word, start, end


@dataclass(frozen=True)
class Span:
    """A detected name in a text: [start, end) and what it is."""

    start: int
    end: int
    kind: str  # school | stem | place | place_org | person | other_school


@dataclass(eq=False)
class Lexicon:
    """What jieba's dictionary tells about words: frequencies, function words, place names."""

    freq: dict[str, int]
    function: frozenset[str]
    places: frozenset[str]
    place_stems: frozenset[str]
    place_names: frozenset[str]  # every dictionary word tagged ns (榆林, 延安 …)
    persons: frozenset[str]
    proper: frozenset[str]  # dictionary words tagged as names, places, organisations
    tokenize: Callable[[str], list[Token]]  # jieba without HMM: (word, start, end)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load jieba once and derive the word lists this stage needs from its dictionary."""
    import jieba  # lazy: the generation path never loads jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    dictionary = jieba.dt.dictionary or str(Path(jieba.__file__).with_name("dict.txt"))
    lists = cached("lexicon", [Path(dictionary)], lambda: _word_lists(jieba))
    return Lexicon(jieba.dt.FREQ, *lists, tokenize=_fast_tokenizer(dictionary))


def _word_lists(jieba) -> tuple[frozenset[str], ...]:
    """function words, places, place stems, place names, persons, proper nouns of jieba's dictionary
    (the order of Lexicon's fields)."""
    with jieba.dt.get_dict_file() as handle:
        text = handle.read().decode("utf-8")
    ns = set(re.findall(r"^(\S+) \d+ ns\r?$", text, re.M))
    function = frozenset(
        re.findall(
            r"^(\S+) \d+ (?:v|vd|vg|vi|vn|vq|p|c|cc|d|dg|r|rr|rz|rg|u|uj|ul|uz|ud|ug|uv|m|mq|q|qv|qt|f|t|tg|"
            r"y|e|o|a|ad|an|ag|z|b|h|k)\r?$",
            text,
            re.M,
        )
    )
    persons = frozenset(re.findall(r"^(\S{2,3}) \d+ (?:nr|nrfg)\r?$", text, re.M))
    proper = frozenset(re.findall(r"^(\S{2,4}) \d+ (?:nr|nrt|nrfg|ns|nz|nt|s)\r?$", text, re.M))
    places = frozenset(w for w in ns if is_place_word(w))
    stems = frozenset(w[:-1] for w in places if len(w) >= 3 and w[:-1] in ns and w[:-1] not in GENERIC_PLACES)
    return function, places, stems, frozenset(ns), persons, proper


def _fast_tokenizer(dictionary: str) -> Callable[[str], list[Token]]:
    """jieba's tokenizer without HMM, run by jieba_fast_dat over jieba's own dictionary.

    The tokens are jieba's (the same dictionary and algorithm, in C++; tests/test_anonymize.py
    compares them on the seeds), about ten times faster: tokenizing is a third of an ingest's
    time. Domain words of corpus/userdict.txt are not added here, so a text is cut the same way
    whatever was tagged before it.
    """
    import jieba_fast_dat

    fast = jieba_fast_dat.Tokenizer(dictionary=dictionary)
    fast.initialize()

    def tokenize(s: str) -> list[Token]:
        return list(fast.tokenize(s, HMM=False))

    return tokenize


def is_place_word(word: str) -> bool:
    """A dictionary place name with an administrative suffix, not a generic word like 山区."""
    if (
        word[-1] not in ADMIN_SUFFIXES
        or word.endswith(GENERIC_PLACE_ENDINGS)
        or re.search(SLOGAN_PLACE, word)
    ):
        return False
    stem = word[:-1]
    if len(word) == 2:
        return (
            word[-1] in "县州"
            and stem not in FUNCTION_CHARS
            and stem not in "一二三四五六七八九十大小外邻郡九神诸"
        )
    return stem not in GENERIC_PLACES
