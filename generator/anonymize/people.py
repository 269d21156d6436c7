"""People: a name before or after a title (马校长, 校长陈建国), a byline, a famous speaker."""

from __future__ import annotations

import re

from .lexicon import Lexicon, Span, Token
from .words import (
    AMBIGUOUS_SURNAMES,
    BYLINE_LABEL_RE,
    FUNCTION_CHARS,
    MERGED_TITLE_RE,
    NEVER_IN_NAMES,
    NOT_GIVEN,
    RARE,
    SPEECH_FILLERS,
    SPEECH_VERBS,
    SURNAMES,
    TITLES,
)


def find_persons(text: str, tokens: list[Token], lex: Lexicon) -> list[Span]:
    """People: a name before a title (马校长, 张兆林主任, 云明同志) or a verb of speech."""
    spans = []
    for i, (word, _, end) in enumerate(tokens):
        if word in TITLES and not _plural(tokens, i):
            start = _name_before_title(text, tokens, i, lex) if i else None
            if start is not None:
                spans.append(Span(start, end, "person"))
            after = _name_after_title(tokens, i, lex)
            if after is not None:
                spans.append(Span(tokens[i][1], after, "person"))
        elif _merged_person(word, lex) or _famous_speaker(tokens, i, lex):
            spans.append(Span(tokens[i][1], end, "person"))
    return spans


def _plural(tokens: list[Token], i: int) -> bool:
    """老师们, 同志们: a title in the plural names no one."""
    return i + 1 < len(tokens) and tokens[i + 1][0] == "们"


def _name_before_title(text: str, tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Start of the name before the title at token i (张兆林|主任, 王明华|同志), or None."""
    parts = _name_parts(tokens, i, lex)
    for k in range(len(parts)):  # longest first, always on token boundaries
        name = "".join(tokens[j][0] for j in parts[k:])
        start = tokens[parts[k]][1]
        if _surname(name[0]) and (len(name) == 1 or not _common(name, lex)):
            return start
        if len(name) == 2 and tokens[i][0] == "同志" and _bare_given_name(text, name, start, lex):
            return start
    return None


def _name_parts(tokens: list[Token], i: int, lex: Lexicon) -> list[int]:
    """Indexes of the tokens right before token i that may form a name (three characters at most)."""
    parts: list[int] = []
    chars = 0
    for j in range(i - 1, -1, -1):
        word = tokens[j][0]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or chars + len(word) > 3:
            break
        if len(word) == 1 and word in NEVER_IN_NAMES:
            break
        if (
            len(word) > 1
            and (word in lex.function or lex.freq.get(word, 0) >= RARE)
            and word not in lex.persons
        ):
            break
        parts.insert(0, j)
        chars += len(word)
    return parts


def _common(name: str, lex: Lexicon) -> bool:
    """An ordinary dictionary word, not a name (许多, 安全)."""
    return bool(lex.freq.get(name)) and name not in lex.persons


def _merged_person(word: str, lex: Lexicon) -> bool:
    """刘校长 as one dictionary token: a surname (and given name) glued to a title."""
    if len(word) < 3 or not _surname(word[0]) or not MERGED_TITLE_RE.fullmatch(word):
        return False
    return word in lex.persons or lex.freq.get(word, 0) < 100


def _name_after_title(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """校长陈建国, 园长王芳: a title followed by a full name; the name's end, or None."""
    if i + 1 >= len(tokens):
        return None
    word, _, end = tokens[i + 1]
    if 2 <= len(word) <= 3 and word in lex.persons and _surname(word[0]):
        return end
    if len(word) != 1 or not _surname(word):
        return None
    nxt = tokens[i + 2] if i + 2 < len(tokens) else ("", 0, end)
    if len(nxt[0]) == 2 and re.fullmatch(r"[\u4e00-\u9fff]+", nxt[0]) and nxt[0] not in lex.function:
        return nxt[2]  # 陈|建国
    chars = []
    for t in tokens[i + 2 : i + 4]:
        if len(t[0]) != 1 or t[0] in NOT_GIVEN or not "\u4e00" <= t[0] <= "\u9fff":
            break
        chars.append(t)
    if chars and not lex.freq.get(word + "".join(t[0] for t in chars)):
        return chars[-1][2]
    return None


def _surname(char: str) -> bool:
    """A character that starts a name: a common surname that is not also a function word."""
    return char in SURNAMES and char not in AMBIGUOUS_SURNAMES


def _bare_given_name(text: str, name: str, start: int, lex: Lexicon) -> bool:
    """述才同志: two characters, not a word, right after punctuation or 是/和 — a given name."""
    before = text[start - 1] if start else "，"
    if lex.freq.get(name, 0) >= RARE or any(
        ch in FUNCTION_CHARS or ch in "老女男小大新青诸" for ch in name[:1]
    ):
        return False
    return before in '，,、；;：:。 是和与及（(“"' or not before.strip()


def _famous_speaker(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """温家宝也强调: a known three-character name followed by a verb of speech."""
    word = tokens[i][0]
    return len(word) == 3 and word in lex.persons and word[0] in SURNAMES and _speaks(tokens, i)


def _speaks(tokens: list[Token], i: int) -> bool:
    """A known name followed (maybe after 也/曾/同志) by a verb of speech: 温家宝也强调."""
    for word, _, _ in tokens[i + 1 : i + 4]:
        if word in SPEECH_FILLERS:
            continue
        return word.startswith(SPEECH_VERBS)
    return False


def find_bylines(text: str, lex: Lexicon) -> list[Span]:
    """A short line naming a school and a person (某县城北小学 黄志勇, 汇报人：李明): the person."""
    spans = [
        Span(m.start(1), m.end(1), "person")
        for m in BYLINE_LABEL_RE.finditer(text)
        if _surname(m.group(1)[0])
    ]
    if len(text) > 40 or not re.search(r"\s", text.strip()):
        return spans
    for m in re.finditer(r"(?<!\S)([\u4e00-\u9fff]{2,3})(?!\S)", text):
        name = m.group(1)
        if name[0] in SURNAMES and (not lex.freq.get(name) or name in lex.persons):
            spans.append(Span(m.start(1), m.end(1), "person"))
    return spans
