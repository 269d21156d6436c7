"""Sentences of Chinese office prose: splitting, and the marks of text that cannot stand alone.

Ingest repairs what it can (a paragraph that opens with 同时 away from its predecessor, a list
announced and never given), selection keeps text whole, and the document check reports what is
left; all three ask the same questions of a sentence, so the answers live here, at the bottom of
the package (standard library only).
"""

from __future__ import annotations

import functools
import heapq
import re

from .config import TEXT_CACHE

# A sentence ends at 。！？ (or ；…… at the end of a paragraph) and keeps its closing quote.
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+[，,；;：:。！？!?]*")
_CN_NUMBER = "一二两三四五六七八九十"
CN_DIGITS = "一二三四五六七八九十"  # 1 … 10, as a list of points numbers them
_CN_VALUES = {c: n for n, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}

# Words that lean on a sentence before them: away from it, they point at nothing.
CONNECTORS = (
    "与此同时",
    "同时",
    "另外",
    "此外",
    "因此",
    "所以",
    "而且",
    "并且",
    "但是",
    "然而",
    "其次",
    "再次",
    "再者",
    "另一方面",
    "综上",
    "由此可见",
)
_CONNECTOR = re.compile(r"^(?:" + "|".join(CONNECTORS) + r")(?:[，,、]|(?=[要我们在对把将应]))")

# Words that refer back to something said before.
_BACK_REFERENCE = re.compile(
    r"^(?:上述|以上(?:这些|问题|工作|几点|各项)?|这些|这种|这样|这项|此项|该项|该|这是|对此|为此|由此|其中|好政策)"
)

# A count of points announced before they are given: 有三点感受、讲三点、五个方面、四大关口、以下几点.
_COUNT = re.compile(
    r"(?:[有讲提谈抓强调归纳概括建立严把做到落实]|以下|如下|下面)[^，。；]{0,12}?"
    r"([" + _CN_NUMBER + r"]|\d)(?:点|个方面|方面|项|条|大关口|个关键句|种|件事)"
)
_VAGUE_ITEMS = re.compile(  # …还存在一些问题和不足[，需要…整改]。 and nothing said of which
    r"存在(?:着)?(?:一些|若干|不少|诸多)[^。，；]{0,10}(?:问题|不足|困难|短板|差距)"
    r"(?:[，,](?:需要|必须|亟待|亟需|值得|应当|要)[^，。；]*(?:[，、][^，。；]*)?)?[。！]?$"
)
_INTRO_END = re.compile(r"(?:如下|以下|下面|几点|几个方面)[^。]{0,12}[：:]$|[：:]$")

# Enumerations: a first item needs a second.
_ENUMERATIONS = (
    ("一是", "二是"),
    ("⑴", "⑵"),
    ("①", "②"),
    ("（1）", "（2）"),
    ("(1)", "(2)"),
    ("第一，", "第二"),
    ("首先，", "其次|再次|然后|最后|第二|二是"),
)

_TERMINAL = "。！？!?；;…：:”’」』）)"
_NOUN_ENDING = re.compile(r"的[\u4e00-\u9fff]{1,6}[。.]?$")
# How a sentence without a subject starts when it is a task or a measure (加强…, 做好…, 不得…).
_VERB_START = re.compile(
    r"^(?:加强|做好|抓好|搞好|完善|建立|健全|落实|开展|推进|推行|提高|增强|改善|规范|严格|坚持|确保|实行|执行|组织|"
    r"全面|切实|进一步|认真|积极|重点|继续|不断|努力|强化|优化|制定|制订|定期|及时|经常|做到|实现|完成|加大|发挥|树立|"
    r"明确|注重|重视|保障|保证|防止|杜绝|严禁|禁止|要|将|不|把|对|以|为|在|由|让|使|向|从|按|根据|结合|围绕|通过)"
)


@functools.lru_cache(maxsize=TEXT_CACHE)
def split_sentences(text: str) -> tuple[str, ...]:
    """Return the sentences of a paragraph, punctuation kept, nothing lost or added.

    Remembered, like ``bigrams``: a batch's documents repeat most of their paragraphs, and the
    check of every document asks again (the check of 1,000 summaries runs about three times faster)."""
    return tuple(s for s in _SENTENCE.findall(text) if s)


_UNIT = re.compile(r"[^。！？!?；;]*[。！？!?；;]+[”’」』）)]*|[^。！？!?；;]+$")


@functools.lru_cache(maxsize=TEXT_CACHE)
def split_units(text: str) -> tuple[str, ...]:
    """Return a paragraph's sentences, a sentence cut further at ；: the items of a list (一是…；
    二是…；) are units of their own, so one of them can leave and the others stay."""
    return tuple(s for s in _UNIT.findall(text) if s)


def split_clauses(sentence: str) -> list[str]:
    """Return the clauses of a sentence (split after ，；：), punctuation kept."""
    return [c for c in _CLAUSE.findall(sentence) if c.strip()]


def leading_connector(text: str) -> str:
    """Return the connector a paragraph opens with (同时，…), or ""."""
    m = _CONNECTOR.match(text.strip())
    return m.group(0).rstrip("，,、") if m else ""


def drop_leading_connector(text: str) -> str:
    """Return the paragraph without its opening connector (同时，要… → 要…)."""
    m = _CONNECTOR.match(text.strip())
    return text.strip()[m.end() :].lstrip("，,、 ") if m else text


def back_reference(text: str) -> str:
    """Return the word a paragraph opens with that refers to what came before (上述, 这些…), or ""."""
    m = _BACK_REFERENCE.match(text.strip())
    return m.group(0) if m else ""


def announced_count(sentence: str) -> int:
    """Return how many points a sentence announces (讲三点 → 3), or 0."""
    for m in _COUNT.finditer(sentence):
        n = int(m[1]) if m[1].isdigit() else _CN_VALUES[m[1]]
        named = re.search(r"[和与及、]", m[0])  # 包括有形形象和无形形象两方面: the items are named
        if n >= 2 and not named:  # 有一种…, 每一项… announce nothing
            return n
    return 0


def announces_list(sentence: str) -> bool:
    """True when a sentence introduces items that must follow it (…如下： / 提几点要求： / 还存在一些
    不容忽视的问题和不足。 — which problems, the reader asks)."""
    return bool(_INTRO_END.search(sentence.strip()) or _VAGUE_ITEMS.search(sentence.strip()))


def unkept_announcements(units: list[str] | tuple[str, ...]) -> set[str]:
    """The units announcing points or a list (有三点感受。/ 提几点要求：/ 抓好五个方面…) that no
    items follow in ``units``."""
    return {
        u
        for n, u in enumerate(units)
        if _announces(u) and not _items_follow([*_after_colon(u), *units[n + 1 :]])
    }


def _after_colon(unit: str) -> list[str]:
    """The text after an announcement's colon in the same unit (…以下三方面：一是…), if any."""
    head, colon, rest = unit.partition("：")
    return [rest] if colon and rest.strip() else []


def _announces(unit: str) -> bool:
    return bool(announced_count(unit)) or announces_list(unit)


def _items_follow(rest: list[str] | tuple[str, ...]) -> bool:
    """True when the unit right after an announcement starts the items of a list (即…, 一是…)."""
    return bool(rest) and bool(_FIRST_ITEM.match(rest[0].strip()))


_FIRST_ITEM = re.compile(r"^(?:即|一是|一要|第一|首先|[（(][1一][）)]|[⑴①]|1[、.．])")


def unfinished_enumeration(text: str, following: str = "") -> str:
    """Return the first item marker of an enumeration whose second item never comes, or "".

    ``following`` is the text after the paragraph that may hold the next items (第一，… in one
    paragraph, 第二，… in the next)."""
    for first, second in _ENUMERATIONS:
        if first in text and not re.search(second, text[text.index(first) + len(first) :] + following):
            return first
    return ""


def ends_properly(text: str) -> bool:
    """True when a paragraph ends with sentence-final punctuation."""
    text = text.rstrip()
    return bool(text) and text[-1] in _TERMINAL


def is_fragment(paragraph: str) -> bool:
    """True for a body paragraph that is not a sentence: no closing punctuation, one short noun
    phrase (依法执教、依法治校的全面推进。), or a verb left without its object (…而影响。)."""
    text = paragraph.strip()
    if not text:
        return False
    if not ends_properly(text):
        return True
    sentences = split_sentences(text)
    if len(sentences) != 1 or len(text) > 24 or not sentences[0].rstrip("”’」』）)").endswith("。"):
        return False
    body = sentences[0].rstrip(_TERMINAL)
    if "，" in body or "：" in body:
        return False
    if _COPULA.search(body):
        return False  # 后勤工作是学校的基础工作。: a judgement, whole
    return body.endswith("而影响") or bool(_NOUN_ENDING.search(sentences[0]) and not starts_with_verb(body))


_COPULA = re.compile(r"..(?<![但还于就凡总可要只])是.")


def is_fragment_unit(unit: str) -> bool:
    """True for a sentence inside a paragraph that is only a noun phrase (依法执教、依法治校的全面推进。)
    or a verb left without its object (…而影响。); stricter than is_fragment, as the sentences
    around it carry the paragraph."""
    body = unit.strip().rstrip(_TERMINAL)
    if not body or "，" in body:
        return False
    return body.endswith("而影响") or bool(_NOMINAL.match(body) and not _PREDICATE.search(body))


_NOMINAL = re.compile(
    r"^[^，。；]{2,24}的(?:全面|深入|进一步)?(?:推进|发展|建立|实施|落实|提高|加强|开展|完善)$"
)
_PREDICATE = re.compile(r"[是有要在了将能会使让]")


_ACTION = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,3}?)(?:加强|做好|抓好|搞好|完善|建立|健全|落实|开展|推进|推行|提高|增强|改善|规范|严格|坚持|"
    r"确保|实行|执行|组织|强化|优化|制定|制订|完成|加大|发挥|树立|明确|注重|重视|保障|保证|防止|杜绝|严禁|禁止|定期|及时)"
)


def starts_with_action(text: str) -> bool:
    """True when a line is a task in itself (坚持民主理财, 全方位做好供奶服务), not a phrase
    (在本职岗位上)."""
    return bool(_ACTION.match(text.strip()))


_DEMAND = re.compile(r"必须|务必|应当|应该|(?<![重主需只就])要(?![求点素紧害闻])|严把|严格|切实|确保|坚持")


def demands(text: str) -> bool:
    """True when a text says what is to be done (…必须警钟长鸣, 要建立…), not only why or how
    things stand (学生食堂是…的重要部位。)."""
    return bool(_DEMAND.search(text))


def starts_with_verb(body: str) -> bool:
    """True when a clause opens with a verb, perhaps after a short adverb (全方位做好…)."""
    return bool(
        _VERB_START.match(body)
        or _VERB_START.match(body[1:])
        or _VERB_START.match(body[2:])
        or _VERB_START.match(body[3:])
    )


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=TEXT_CACHE)
def bigrams(text: str) -> frozenset[str]:
    """Return the character pairs of the Chinese characters of a text (a cheap fingerprint)."""
    chars = _NOT_HAN.sub("", text)
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


def overlap(a: set[str], b: set[str]) -> float:
    """Return how much of the smaller fingerprint the other one contains (0 to 1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@functools.lru_cache(maxsize=TEXT_CACHE)
def sketch(text: str, size: int = 3) -> tuple[str, ...]:
    """The ``size`` smallest character triples of a text: texts that say the same share them."""
    chars = _NOT_HAN.sub("", text)
    return tuple(heapq.nsmallest(size, {chars[i : i + 3] for i in range(len(chars) - 2)}))


_LIST = re.compile(r"[^，,；;：:。！？!?、]+(?:、[^，,；;：:。！？!?、]+)+")


def drop_list_items(text: str, words: tuple[str, ...]) -> str:
    """Drop the items of a 、-list that hold one of ``words``: 教学楼、宿舍楼、食堂 → 教学楼、食堂, and
    教学楼、宿舍楼的水电管线 → 教学楼的水电管线 (what the dropped item says of its word stays), and
    进一步优化实验室、功能室管理 → 进一步优化功能室管理 (the verb a first item carries stays). A list
    whose every item would go is left as it is (the whole sentence is another matter)."""

    def mend(m: re.Match) -> str:
        items = m[0].split("、")
        kept: list[str] = []
        carried = ""  # what a dropped first item says before its word (进一步优化实验室 → 进一步优化)
        for n, item in enumerate(items):
            found = next((w for w in words if w in item), None)
            if found is None:
                kept.append(carried + item if not kept else item)
            elif kept and n and "的" in item:
                kept[-1] += item[item.index("的") :]
            elif n == 0 and starts_with_verb(item[: item.index(found)]):
                carried = item[: item.index(found)]  # a verb, not a noun (学生食宿… lends no 学生)
        return "、".join(kept) if kept and len(kept) < len(items) else m[0]

    return _LIST.sub(mend, text)


# A counted announcement (抓好五个方面的管理, 建立五项制度, 严把四大关口) whose list follows later.
_COUNTED = re.compile(
    r"(抓好|建立|严把|做好|落实|坚持|实行|强化)([二三四五六七八九十])(个方面|项制度|项|大关口|大|条|点)"
)


def recount(text: str) -> str:
    """The numbers of a paragraph's counted announcements set to the items its lists now hold:
    抓好五个方面的管理…即抓好A、B、C、D (a fifth item, for boarders, went) → 抓好四个方面的管理. The
    list is the first clause after the announcement's sentence that starts with its verb."""
    out, last = [], 0
    for m in _COUNTED.finditer(text):
        stop = text.find("。", m.end())
        listed = re.search(re.escape(m[1]) + r"([^；;。]+)", text[stop + 1 :]) if stop >= 0 else None
        count = listed[1].count("、") + 1 if listed else 0
        if 1 < count <= len(CN_DIGITS) and CN_DIGITS[count - 1] != m[2]:
            out.append(text[last : m.start(2)] + CN_DIGITS[count - 1])
            last = m.end(2)
    return "".join(out) + text[last:]


def repeated_clauses(text: str, least: int = 6) -> list[str]:
    """The clauses of a paragraph that repeat an earlier one of it (当好家理好财…同时要当好家理好财)."""
    seen: list[str] = []
    repeats = []
    for clause in (c for s in split_sentences(text) for c in split_clauses(s)):
        key = re.sub(r"^(?:同时|并且|并|也|还|要|又)+", "", re.sub(r"[^\u4e00-\u9fff]", "", clause))
        if len(key) >= least and any(key in other or other in key for other in seen):
            repeats.append(clause)
        elif len(key) >= least:
            seen.append(key)
    return repeats


class SeenSentences:
    """Sentences seen so far, found by a small sketch of each (its three smallest character
    triples). Sentences that say the same share most triples, so they share sketch entries; only
    those are compared in full. Used by the check (a repeat in a document) and by selection (a
    section must not bring what the document already says)."""

    def __init__(self) -> None:
        self.by_triple: dict[str, list[tuple[object, frozenset[str]]]] = {}

    def add(self, sentence: str, tag: object = None) -> None:
        entry = (tag, bigrams(sentence))
        for triple in sketch(sentence):
            self.by_triple.setdefault(triple, []).append(entry)

    def alike(self, sentence: str, share: float, other_than: object = None) -> object | None:
        """The tag of an earlier sentence (not one tagged ``other_than``) sharing ``share`` of
        the shorter one's character pairs; None when there is none."""
        mine = bigrams(sentence)
        for triple in sketch(sentence):
            for tag, pairs in self.by_triple.get(triple, ()):
                if (other_than is None or tag is not other_than) and overlap(mine, pairs) >= share:
                    return tag if tag is not None else True
        return None
