"""Ingest, step 2: clean a decoded file and split it into articles (DESIGN.md; issue 2 "Cleaning").

School documents arrive as copies of web pages and Word files.  Around the text sit a site's
boilerplate (collection titles, 篇1： labels, 小编 lines, download counters, "related documents"
lists); inside it, traditional characters with pinyin glosses (學(xué)校), bytes lost by a
faulty GBK conversion, lines broken by page breaks, half-width punctuation, stray page numbers,
and whole documents damaged by a faulty simplified→traditional→simplified round trip (效劳 for
服务, 原那么 for 原则).  One file may hold several documents, with or without labels.

``split_articles`` returns each document as an ``Article``: a clean, boilerplate-free title and
its paragraphs, each with the source lines it came from.  Headings keep their numbering
marker ("一、认清形势") because segmentation reads it.  Every rule is written for the genre
(web pages of school documents), not for one file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import config
from .model import Article, Para, RawText

# ---------------------------------------------------------------- character classes

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
LOST = "\ue000"  # stands for a character lost to a broken byte; its sentence is dropped
FW_PUNCT = "。，、；：？！“”‘’（）《》〈〉【】〔〕…—·"
CTX = HAN + FW_PUNCT + LOST  # characters that make a neighbouring ASCII mark "Chinese"
CN_NUM = "一二三四五六七八九十"
FINAL = "。！？；：…"  # a paragraph ending in one of these is complete
CLOSERS = "”’」』）》〕】"

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvenmnm")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ve|ue|er|an|en|in|un|vn"
    r"|ia|ua|uo|io|a|o|e|i|u|v)"
)


# ---------------------------------------------------------------- the converter (created once)

_converter = None


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC's t2s (t2s keeps 显著 intact; tw2s would make it 显着)."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


# ---------------------------------------------------------------- repair table


@dataclass
class Repairs:
    """How to recognise and repair a document damaged by a faulty round trip (corpus/repairs.yaml)."""

    tells: list[str] = field(default_factory=list)  # words almost never correct: 原那么, 效劳
    min_tells: int = 3  # an article is damaged with at least this many tell-tale words ...
    min_kinds: int = 2  # ... of at least this many different kinds
    rules: list[tuple[re.Pattern, str]] = field(default_factory=list)  # damaged → correct
    title_typos: list[tuple[re.Pattern, str]] = field(default_factory=list)  # applied to every title


# Used only when no repairs.yaml can be found at all: the core of the shipped table.
_DEFAULT_REPAIRS = {
    "tells": ["原那么", "准那么", "效劳", "根底", "本钱", "别离"],
    "rules": [
        {"find": "效劳", "to": "服务"},
        {"find": "原那么", "to": "原则"},
        {"find": "准那么", "to": "准则"},
        {"find": "本钱", "to": "成本"},
        {"find": "根底", "to": "基础"},
        {"find": "局部", "to": "部分"},
        {"find": "平安", "to": "安全"},
        {"find": "标准", "to": "规范"},
        {"find": "表达", "to": "体现"},
        {"find": "缺乏(?=[，。；、）]|与|和|之|$)", "to": "不足"},
        {"find": "开展(?=[和与的及，。；！？、]|$)", "to": "发展"},
    ],
    "title_typos": [{"find": "工作总计(?!划)", "to": "工作总结"}],
}


def load_repairs(path: Path | None = None) -> Repairs:
    """The repair table from ``path``, else corpus/repairs.yaml (config.CORPUS_DIR, then the shipped one)."""
    candidates = (
        [path]
        if path
        else [config.CORPUS_DIR / "repairs.yaml", config.PROJECT_ROOT / "corpus" / "repairs.yaml"]
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return _load_repairs_file(str(candidate))
    return _repairs_from(_DEFAULT_REPAIRS)


@lru_cache(maxsize=8)
def _load_repairs_file(path: str) -> Repairs:
    """Parse a repairs.yaml once per process."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        return _repairs_from(yaml.safe_load(fh) or {})


def _repairs_from(data: dict) -> Repairs:
    """Build the table; ``find`` values are regular expressions, ``to`` their replacements."""

    def compiled(entries: list) -> list[tuple[re.Pattern, str]]:
        return [(re.compile(e["find"]), str(e["to"])) for e in entries or []]

    return Repairs(
        tells=list(data.get("tells") or []),
        min_tells=int(data.get("min_tells", 3)),
        min_kinds=int(data.get("min_kinds", 2)),
        rules=compiled(data.get("rules")),
        title_typos=compiled(data.get("title_typos")),
    )


# ---------------------------------------------------------------- public entry


def split_articles(raw: RawText, repairs: Repairs | None = None) -> list[Article]:
    """Clean ``raw`` and return the documents it holds, numbered from 1."""
    repairs = repairs or load_repairs()
    lines = prepare_lines(raw.text)
    items = _paragraphs(lines)
    drafts = _Splitter(repairs).split(items)
    articles = []
    for draft in drafts:
        article = _finish(draft, raw.source, len(articles) + 1, repairs)
        if article.paras:
            articles.append(article)
    return articles


# ---------------------------------------------------------------- step 1: lines


@dataclass
class Line:
    """One source line after character-level cleaning, with what it is."""

    no: int  # 1-based line number in the source
    text: str
    kind: str = "text"  # text | blank | boiler | cut | label | collection | tail
    cut: bool = False  # the page was cut off after this line ("未完" marker)


def prepare_lines(text: str) -> list[Line]:
    """Character-level cleaning of every line, then what each line is (text, label, boilerplate …)."""
    raw_lines = re.split(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", text)
    glossy = len(_GLOSS.findall(text)) >= 3
    cleaned = [_decode_line(line, glossy) for line in raw_lines]
    simplified = _simplify("\n".join(cleaned)).split("\n")
    return _classify_all([_normalize_width(s) for s in simplified])


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


_HTML_TAG = re.compile(r"<(script|style)\b.*?</\1>|</?[a-zA-Z][^<>]{0,300}>|<!--.*?-->", re.I)


def _simplify(text: str) -> str:
    """OpenCC t2s; on a traditional page also 著 → 着 where it is the aspect particle (随著, 本著)."""
    out = to_simplified(text)
    changed = sum(1 for a, b in zip(text, out, strict=False) if a != b)
    if changed > 0.03 * max(1, len(_HAN_RE.findall(text))):
        out = _ZHE.sub("着", out)
    return out


_HAN_RE = re.compile(f"[{HAN}]")
_CTX_RE = re.compile(f"[{CTX}]")
_ZHE = re.compile(r"(?<![显卓原名巨编论专土昭遗译合拙新])著(?![作名称述录书])")

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


# ---------------------------------------------------------------- pinyin glosses

_PY = rf"[a-z{_TONES}]{{1,6}}"
_GLOSS = re.compile(rf"(?<=[{HAN}{LOST}?\ufffd])\s?[(（]({_PY})[)）]")
_BARE_GLOSS = re.compile(rf"(?<=[{HAN}{LOST}?\ufffd])({_PY})[)）]")


def is_pinyin(word: str) -> bool:
    """A single pinyin syllable, with or without tone marks (xué, zhuàng, lü)."""
    return bool(_SYLLABLE.fullmatch(word.translate(_TONE_BASE)))


def remove_glosses(line: str) -> str:
    """學(xué)校 → 學校; also a gloss that lost its "(" (學xué)校) after a character or a lost byte."""
    line = _GLOSS.sub(lambda m: "" if is_pinyin(m.group(1)) else m.group(0), line)
    return _BARE_GLOSS.sub(lambda m: "" if is_pinyin(m.group(1)) else m.group(0), line)


# ---------------------------------------------------------------- lost GBK bytes
# Pages converted through GBK sometimes lose one byte: "?" (or U+FFFD) replaces it and the
# following characters are read one byte off ("。現" shows as "?,F").  Reading the bytes again
# one byte back restores them; what cannot be restored becomes LOST and its sentence is dropped.

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
    chars = [c for c in _GLOSS.sub("", line[j : j + 24]) if "\u4e00" <= c <= "\u9fff"][:3]
    return all(_common(c) for c in chars)


def _prev_han(line: str, i: int) -> str:
    """The character before position ``i``, skipping a pinyin gloss."""
    head = _GLOSS.sub("", line[:i])
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


# ---------------------------------------------------------------- step 2: what a line is

_BOILER = [
    re.compile(p)
    for p in (
        r"[-•·*]?\s*\d{1,3}",  # "- 0", a bare page number
        r"[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*(?:共\s*\d+\s*页)?",  # "— 2 —", "第2页 共5页"
        r"[-•·*]?\s*约\s*[\d.]+\s*[千万]?字.*",  # "约3.37千字"
        r"[-•·*]?\s*约?\s*\d+\s*页",  # "约 4页"
        r"[-•·*]?\s*(?:举报|投稿|下载|收藏|分享|打印|评论|点赞|关注|复制|纠错|展开全文|阅读全文|立即下载|下载文档|"
        r"免费下载|在线阅读|加入收藏|返回顶部|返回首页|上一篇|下一篇|相关推荐|扫一扫|分享到)(?:\s*[:：]?\s*[\d(（].*)?",
        r"(?:(?:举报|投稿|下载|收藏|分享|打印|评论|点赞|关注|复制|纠错)\s*[|/·]?\s*){2,}",  # "收藏 分享 举报"
        r".{0,40}(?:发布于|阅读量|浏览量|阅读次数|浏览次数|下载次数|下载券|人阅读|次阅读|次下载|文档评论|原创力文档|"
        r"百度文库|道客巴巴|豆丁网|人人文库|金锄头文库|淘豆网|第一范文网|学习啦|版权所有|版权归|免责声明|本文(?:来源|来自)|"
        r"上传(?:者|时间|于)|文档(?:大小|格式|页数)).{0,40}",
        r".*(?:小编|仅供参考|仅作参考|欢迎阅读|希望对(?:你|您|大家)有所?帮助|希望能帮助到|欢迎借鉴|供大家参考|"
        r"(?:为|给)大家(?:整理|收集|精心|分享|推荐)).*",  # an editor's note
        r"[-•·*]?\s*.+\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)",  # "related documents" items
        r".*(?:https?://|www\.|\.com\b|\.cn\b).*",  # addresses: never part of a school document
    )
]
_CUT_LINE = re.compile(r"^[(（]?\s*未完.{0,24}$")  # "(未完，全文共3024字)" on a line of its own
_TAIL = re.compile(
    r"^.{0,10}(?:您可能关注的文档|看过.{1,40}的人还看了|相关推荐|猜你喜欢|热门推荐|推荐阅读|延伸阅读|"
    r"相关文章|相关范文|更多相关|相关文档|精品推荐|为你推荐|大家都在看).{0,10}[:：]?$"
)
_CUT = re.compile(r"[(（]?\s*未完[，,]?\s*(?:全文|请)?.{0,16}[)）]?\s*$")
_LABELS = [
    re.compile(p)
    for p in (
        rf"^[【\[]\s*([{CN_NUM}\d]{{1,3}})\s*[】\]]\s*(.*)$",  # 【一】学校后勤工作总结
        rf"^(?:篇|范文|精选范文|精选)\s*([{CN_NUM}\d]{{1,3}})\s*[:：、.]\s*(.*)$",  # 篇1：…, 范文一：…
        rf"^第\s*([{CN_NUM}\d]{{1,3}})\s*篇\s*[:：、.]?\s*(.*)$",  # 第一篇：…
    )
]
_LABEL_SUFFIX = re.compile(rf"^(?![（(【\[])(.{{2,40}}?)\s*[（(]\s*([{CN_NUM}\d]{{1,3}})\s*[)）]\s*[:：]?$")
_LABEL_COUNTED = re.compile(  # 学校安全工作计划范文篇1, …精选篇一, …第2篇, …范文3
    rf"^(?![（(【\[])(.{{2,40}}?)\s*(?:篇\s*[{CN_NUM}\d]{{1,3}}|第\s*[{CN_NUM}\d]{{1,3}}\s*篇|"
    rf"(?<=范文)\s*[{CN_NUM}\d]{{1,3}})\s*[:：]?$"
)
_COLLECTION = re.compile(
    r"^([^，。；！？,;!?]{2,60}?)\s*(?:[（(【\[]\s*(?:精选|通用|推荐|优秀|热门|最新|经典|实用|整理)?"
    r"\s*\d{1,3}\s*篇\s*(?:范文)?\s*[)）】\]]|(?:精选|通用|推荐|优秀|热门|最新|经典|实用|整理)"
    r"\s*\d{1,3}\s*篇\s*(?:范文)?)\s*$"
)
_KINDS = r"(?:讲话稿|讲话|讲稿|发言稿|发言|致辞|演讲稿|总结|计划|方案|汇报|报告|规划|意见|感想|体会|心得|材料|纪要|简报)"
_SENTENCE_MARK = re.compile(r"[，。；！？：,;!?:]")


def _classify_all(texts: list[str]) -> list[Line]:
    """Label every line; after a "related documents" list everything is site tail until the next label."""
    lines, in_tail = [], False
    for no, text in enumerate(texts, start=1):
        line = _classify(no, text)
        if line.kind == "label":
            in_tail = False
        elif line.kind == "tail" or in_tail:
            in_tail, line.kind = True, "tail"
        lines.append(line)
    return lines


def _classify(no: int, text: str) -> Line:
    """What one cleaned line is; labels and collection titles keep only their title text."""
    if not text:
        return Line(no, "", "blank")
    if _TAIL.match(text):
        return Line(no, text, "tail")
    label = label_title(text)
    if label is not None:
        return Line(no, label, "label")
    collection = _COLLECTION.match(text)
    if collection and not _MARKER.match(text):
        return Line(no, _bare_title(collection.group(1)), "collection")
    if _CUT_LINE.match(text):
        return Line(no, text, "cut")
    if is_boilerplate(text):
        return Line(no, text, "boiler")
    cut = _CUT.search(text)
    if cut and cut.start() > 0:
        return Line(no, text[: cut.start()].rstrip(), "text", cut=True)
    return Line(no, text)


def is_boilerplate(text: str) -> bool:
    """A site's line (counter, editor's note, link, page number …), never part of a document."""
    text = text.strip()
    return any(p.fullmatch(text) for p in _BOILER) or _is_spam(text)


def _is_spam(text: str) -> bool:
    """A keyword-stuffed SEO line: no sentence punctuation, one phrase repeated three times or more."""
    if len(text) < 16 or _SENTENCE_MARK.search(text):
        return False
    grams = [text[i : i + 4] for i in range(len(text) - 3)]
    return any(grams.count(g) >= 3 for g in set(grams) if _HAN_RE.search(g))


def label_title(text: str) -> str | None:
    """The title of an article label (篇1：X, 第一篇：X, 【一】X, X(一):), "" if it has none; None if no label."""
    for pattern in _LABELS:
        m = pattern.match(text)
        if m and not _SENTENCE_MARK.search(m.group(2).rstrip(":：")):
            return _bare_title(m.group(2))
    m = _LABEL_SUFFIX.match(text)
    if (
        m
        and not _SENTENCE_MARK.search(m.group(1))
        and not _MARKER.match(m.group(1))
        and (text.endswith((":", "：")) or is_title_like(m.group(1)))
    ):
        return _bare_title(m.group(1))
    m = _LABEL_COUNTED.match(text)
    if m and is_title_like(_bare_title(m.group(1))):
        return _bare_title(m.group(1))
    return None


def _bare_title(title: str) -> str:
    """A title without trailing punctuation, collection words (范文, 合集) or a count (精选4篇)."""
    title = re.sub(
        r"\s*[（(【\[]?\s*(?:精选|通用|推荐|优秀|热门|最新|经典|实用)?\s*\d+\s*篇\s*[)）】\]]?\s*$", "", title
    )
    title = re.sub(r"(?:范文|合集|大全|汇编|精选)+$", "", title.strip())
    return title.strip(" :：、.。-—")


# ---------------------------------------------------------------- step 3: punctuation and spacing

_ASCII_MARKS = ((",", "，"), (";", "；"), (":", "："), ("!", "！"), ("?", "？"))


def normalize_punctuation(s: str) -> str:
    """Half-width marks in Chinese context to full width; "1." / 2024-2025 / 1.8 stay as they are."""
    s = re.sub(r"\.{3,}|。{3,}|…+|(?:\.\s){3,}", "……", s)
    s = re.sub(rf"(?<=[{HAN}])\s*and\s*(?=[{HAN}])", "和", s)
    s = re.sub(rf"^第([{CN_NUM}]{{1,3}})\s*[.．](?=\S)", r"第\1，", s)
    s = _fix_parens(s)
    for ascii_mark, wide in _ASCII_MARKS:
        mark = re.escape(ascii_mark)
        s = re.sub(rf"(?<=[{CTX}])\s*{mark}\s*|\s*{mark}\s*(?=[{HAN}“‘（《])", wide, s)
    s = re.sub(rf"(?<=[{HAN}{CLOSERS}])\s*[.．](?![\d.a-zA-Z])\s*", "。", s)
    s = fix_quotes(s)
    s = re.sub(rf"\s+(?=[{FW_PUNCT}])|(?<=[{FW_PUNCT}])\s+", "", s)
    return s


def _fix_parens(s: str) -> str:
    """ASCII brackets around or next to Chinese become （）: (试行) → （试行）, (1)以身作则 → （1）以身作则."""

    def wide(m: re.Match) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        chinese = _HAN_RE.search(m.group(1)) or _CTX_RE.match(before) or _CTX_RE.match(after)
        return f"（{m.group(1)}）" if chinese else m.group(0)

    s = re.sub(r"\(([^()]{0,80})\)", wide, s)
    s = re.sub(rf"(?<=[{CTX}])\(|\((?=[{HAN}])", "（", s)
    return re.sub(rf"(?<=[{HAN}])\)|\)(?=[{HAN}])", "）", s)


def fix_quotes(s: str) -> str:
    """ASCII quotes in Chinese text to “…” and ‘…’; a lone stray apostrophe is removed."""
    if not _HAN_RE.search(s):
        return s
    if '"' in s:
        parts = s.split('"')
        s = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in enumerate(parts[1:], start=1))
    s = re.sub(
        r"'([^'\n]{1,40})'", lambda m: f"‘{m.group(1)}’" if _HAN_RE.search(m.group(1)) else m.group(0), s
    )
    return re.sub(rf"(?<=[{CTX}])'|'(?=[{HAN}])", "", s)


_MEASURE = set(
    "个台万千百元名位所次年月日天人项条件张本间米平亩吨辆套份篇期届小分余多倍周岁节课门种类批家层栋幢块把支箱包斤公场处点号级%％"
)


def remove_page_numbers(s: str) -> str:
    """A page number left inside a sentence ("亲自 1 下厨房") goes; "购置 20 台" keeps its number."""

    def repl(m: re.Match) -> str:
        return (m.group(1) if m.group(2) in _MEASURE else "") + m.group(2)

    return re.sub(rf"(?<=[{HAN}])\s+(\d{{1,3}})\s+([{HAN}])", repl, s)


def _tidy_spaces(s: str) -> str:
    """Spaces between Chinese characters are copy errors in prose; elsewhere runs become one space."""
    if re.search("[，。；！？]", s):
        s = re.sub(rf"(?<=[{CTX}])\s+(?=[{CTX}])", "", s)
    return re.sub(r"\s{2,}", " ", s)


def normalize_marker(s: str) -> str:
    """Numbering at a paragraph's start in one form: 一, / 一. → 一、; （一）、 → （一）; 1， → 1、."""
    s = re.sub(rf"^([{CN_NUM}]{{1,3}})\s*[,，.．:：]\s*(?=\S)", r"\1、", s)
    s = re.sub(rf"^([（(][{CN_NUM}\d]{{1,3}}[)）])\s*[、，,.．]\s*", r"\1", s)
    s = re.sub(r"^(\d{1,2}[.、])\s+(?=\S)", r"\1", s)
    return re.sub(rf"^(\d{{1,2}})\s*[，,]\s*(?=[{HAN}])", r"\1、", s)


def drop_lost(s: str) -> str:
    """Cut the text a LOST character damaged: a guessed character would be wrong text.

    The sentence ends before the damaged clause ("…本职工作，把我们?作…" → "…本职工作。"); a damaged
    connector at a sentence's start ("总?，在全体…") goes alone and the rest of the sentence stays.
    """
    if LOST not in s:
        return s
    sentences = re.findall(r"[^。！？；]*[。！？；]*", s)
    return "".join(_cut_sentence(x) if LOST in x else x for x in sentences)


def _cut_sentence(sentence: str) -> str:
    """One sentence without its damaged part (see drop_lost)."""
    clauses = sentence.rstrip("。！？；").split("，")
    k = next(i for i, c in enumerate(clauses) if LOST in c)
    rest = clauses[k + 1 :]
    if k == 0 and len(clauses[0].replace(LOST, "")) <= 2 and rest and LOST not in "".join(rest):
        return "，".join(rest) + sentence[len(sentence.rstrip("。！？；")) :]
    return "，".join(clauses[:k]) + "。" if k else ""


# ---------------------------------------------------------------- step 4: paragraphs

_MARK_L1 = rf"[{CN_NUM}]{{1,3}}、"
_MARK_L2 = rf"[（(][{CN_NUM}]{{1,3}}[)）]"
_MARK_ITEM = r"(?:\d{1,2}(?:、|\.(?!\d))|[（(]\d{1,2}[)）]|\d{1,2}[)）]|[①-⑳⑴-⒇])"
_MARKER = re.compile(rf"^(?:{_MARK_L1}|{_MARK_L2}|{_MARK_ITEM}|第[{CN_NUM}\d]+[篇章节部分])")
_HEAD_MARKER = re.compile(rf"^(?:{_MARK_L1}|{_MARK_L2}|第[{CN_NUM}\d]+[篇章节部分])")
_ARABIC = re.compile(r"^(\d{1,2})(?:、|\.(?!\d))")
_OPENER = re.compile(
    r"^(?:以上|下面|同志们|同学们|老师们|各位|总之|最后|首先|其次|再次|另外|此外|今天|当前|目前|"
    r"近年来|回顾|为此|在此|借此|综上|希望|相信|让我们|谢谢|大家)"
)
_SALUTE = re.compile(
    r"^(?:尊敬的|亲爱的|各位)?[^，。！？]{0,24}?(?:同志|老师|同学|领导|来宾|朋友|同事|职工|员工|工友|"
    r"家长|负责人|代表)们?[：:]"
)
_GREETING = re.compile(r"^大家.{0,3}好[！!。]?$")
_CLOSING = re.compile(r"谢谢(?:大家|各位)?[！!。.]?$")
_DATE = r"(?:\d{4}|[〇○零一二三四五六七八九0Oo]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
_ORG = (
    r"(?:学校|小学|中学|幼儿园|学院|大学|中心|教育局|教体局|办公室|总务处|后勤处|后勤部|委员会|政府|校长室)"
)
_SIGNATURE = re.compile(rf"^(?!.*[，。；！？：,;:!?])(?:.{{0,30}}{_DATE}|.{{2,30}}{_ORG}(?:\s+\S{{2,4}})?)$")


@dataclass
class Item:
    """A paragraph being built: cleaned text and the source lines it spans."""

    text: str
    start: int
    end: int
    kind: str = "text"  # text | label | collection | tail
    cut: bool = False


def _paragraphs(lines: list[Line]) -> list[Item]:
    """Text lines cleaned, split where one line holds several paragraphs, and joined where a page broke."""
    items: list[Item] = []
    for line in lines:
        if line.kind in ("blank", "boiler"):
            continue
        if line.kind == "cut":
            if items and items[-1].kind == "text":
                items[-1].cut = True
            continue
        if line.kind != "text":
            items.append(Item(line.text, line.no, line.no, line.kind))
            continue
        pieces = [p for p in _pieces(line.text) if p]
        for k, piece in enumerate(pieces):
            item = Item(piece, line.no, line.no, cut=line.cut and k == len(pieces) - 1)
            if items and items[-1].kind == "text" and should_join(items[-1].text, piece):
                _join(items[-1], item)
            else:
                items.append(item)
    return [i for i in items if i.kind != "text" or i.text]


def _pieces(text: str) -> list[str]:
    """One line as its paragraphs, each with punctuation, markers and spacing normalized."""
    text = normalize_punctuation(text)
    pieces = []
    for part in _split_trailing_heading(text):
        for item in _split_items(part):
            pieces.extend(_split_glued_heading(item))
    return [_finish_piece(p) for p in pieces]


def _finish_piece(text: str) -> str:
    """Marker, page numbers, spaces and lost characters of one paragraph piece."""
    text = normalize_marker(text.strip())
    text = _tidy_spaces(remove_page_numbers(text))
    return drop_lost(text).strip()


def _split_trailing_heading(text: str) -> list[str]:
    """ "…如下。二、明确责任目标" : a level-1 heading run onto the end of a paragraph gets its own."""
    m = re.search(rf"(?<=[。！？])\s*([{CN_NUM}]{{1,3}}[、，,.．][^。！？；]{{2,40}})$", text)
    return [text[: m.start()], m.group(1)] if m and m.start() > 0 else [text]


def _split_items(text: str) -> list[str]:
    """ "2．…。3．…" : consecutive numbered items written on one line become one paragraph each."""
    m = _ARABIC.match(text)
    if not m:
        return [text]
    pieces, n = [], int(m.group(1))
    rest = text
    while True:
        nxt = re.search(rf"(?<=[。！？；])\s*(?={n + 1}(?:、|\.(?!\d)))", rest)
        if not nxt:
            return pieces + [rest]
        pieces.append(rest[: nxt.start()])
        rest, n = rest[nxt.end() :], n + 1


def _split_glued_heading(text: str) -> list[str]:
    """ "二、提升效益 无论是…" : a heading and its text run together with a space get split."""
    m = re.match(r"^(\S{3,40}?)\s+(\S.{9,})$", text)
    if not m or not _MARKER.match(text) or len(_HAN_RE.findall(m.group(1))) < 2:
        return [text]
    if not re.search("[。！？；]", m.group(1)) and _HAN_RE.search(m.group(2)[:1]):
        return [m.group(1), m.group(2)]
    return [text]


def _join(prev: Item, item: Item) -> None:
    """Continue ``prev`` with the next piece of its broken sentence."""
    prev.text += item.text
    prev.end = item.end
    prev.cut = item.cut


def should_join(prev: str, cur: str) -> bool:
    """Whether ``cur`` continues the sentence ``prev`` left unfinished at a line or page break."""
    if not prev or not cur or prev[-1] in FINAL + CLOSERS + "!?":
        return False
    if prev[-1] not in "，、" and _standalone(prev):
        return False
    return not (_MARKER.match(cur) or _OPENER.match(cur) or _whole_line(cur))


def _whole_line(text: str) -> bool:
    """A heading, title, signature or salutation: never the continuation of a broken sentence."""
    return bool(
        _HEAD_MARKER.match(text) or is_title_like(text) or _SIGNATURE.match(text) or _SALUTE.match(text)
    )


def _standalone(text: str) -> bool:
    """A line that is complete on its own: heading, title, signature, salutation, a short label."""
    if _whole_line(text):
        return True
    if _MARKER.match(text):
        return len(text) < 25 or "，" not in text
    return len(text) < 12 and "，" not in text


def is_title_like(text: str) -> bool:
    """A document title: short, no sentence punctuation, no numbering, ends with a kind of document."""
    if not 4 <= len(text) <= 50 or _SENTENCE_MARK.search(text) or _MARKER.match(text):
        return False
    return bool(re.search(rf"{_KINDS}(?:[（(][^()（）]{{1,12}}[)）])?$", text))


# ---------------------------------------------------------------- step 5: articles


@dataclass
class Draft:
    """An article being collected."""

    title: str = ""  # the document's own title line
    group: str = ""  # title of the label or collection that covers it
    items: list[Item] = field(default_factory=list)
    body: bool = False  # has real text (not only title, salutation, byline)
    ended: bool = False  # signed or closed: further text belongs to another document

    def first(self) -> str:
        """The first paragraph: two versions of one document start alike."""
        return self.items[0].text if self.items else ""


class _Splitter:
    """Walk the paragraphs and cut them into documents at labels, titles, signatures and closings."""

    def __init__(self, repairs: Repairs) -> None:
        self.repairs = repairs
        self.drafts: list[Draft] = []
        self.collection = ""
        self.group = ""
        self.current = Draft()
        self.in_tail = False

    def split(self, items: list[Item]) -> list[Draft]:
        """All documents of the file, in order, each with a title."""
        for k, item in enumerate(items):
            nxt = items[k + 1] if k + 1 < len(items) else None
            self._step(item, nxt)
        self._close()
        self._name_untitled()
        return self.drafts

    def _step(self, item: Item, nxt: Item | None) -> None:
        """Route one paragraph or marker line."""
        if item.kind == "collection":
            self.collection = self.collection or self._typo(item.text)
        elif item.kind == "label":
            self._label(self._typo(item.text))
        elif item.kind == "tail":
            self._tail()
        elif not self.in_tail:
            self._text(item, nxt)

    def _label(self, title: str) -> None:
        """A label starts a document; a title standing alone before the first label names the collection."""
        if self.current.title and not self.current.items and not self.drafts:
            self.collection = self.collection or self.current.title
            self.current = Draft()
        self._close()
        self.group = title or self.collection
        self.current = Draft(group=self.group)
        self.in_tail = False

    def _tail(self) -> None:
        """A site's "related documents" list: the document before it ends (maybe cut off)."""
        if self.current.items:
            self.current.items[-1].cut = True
        self._close()
        self.current = Draft(group=self.group)
        self.in_tail = True

    def _text(self, item: Item, nxt: Item | None) -> None:
        """A paragraph: a title, the start of another document, or text of the current one."""
        text = item.text
        if is_title_like(text) and self._title_starts(nxt):
            self._title(text)
            return
        if self._starts_new(item):
            self._close()
            self.current = Draft(group=self.group)
        self._add(item)

    def _title_starts(self, nxt: Item | None) -> bool:
        """A title-like line is a title before any text, after a signature, or over a salutation."""
        if not self.current.body or self.current.ended:
            return nxt is not None and nxt.kind in ("text", "label")
        return nxt is not None and bool(_SALUTE.match(nxt.text))

    def _title(self, text: str) -> None:
        """Give the current document its own title, or start a new document under it."""
        if self.current.body or self.current.items:
            self._close()
            self.current = Draft(group=self.group)
        own = self._typo(text)
        group = self.current.group
        self.current.title = group if group and re.sub(r"\s", "", own).endswith(group) else own

    def _starts_new(self, item: Item) -> bool:
        """Another document begins: after a signature or closing, at a salutation, or when numbering restarts."""
        cur = self.current
        if not cur.body:
            return False
        if cur.ended and not _SIGNATURE.match(item.text):
            return True
        return bool(_SALUTE.match(item.text)) or _restarts(cur.items[-1].text, item.text)

    def _add(self, item: Item) -> None:
        """Append a paragraph and note whether it is text, a signature or a closing."""
        cur, text = self.current, item.text
        signature = _SIGNATURE.match(text) is not None
        if cur.body and (signature or _CLOSING.search(text)):
            cur.ended = True
        if not (signature or _SALUTE.match(text) or _GREETING.match(text)):
            cur.body = True
        cur.items.append(item)

    def _close(self) -> None:
        """Keep the current document if it has any paragraph, and begin an empty one."""
        if self.current.items:
            self.drafts.append(self.current)
        self.current = Draft(group=self.group)

    def _name_untitled(self) -> None:
        """A document without a title line: a second version of the one before takes its title,
        otherwise the label's or the collection's title, otherwise the file's first title."""
        fallback = next((d.title for d in self.drafts if d.title), "") or self.collection
        for k, draft in enumerate(self.drafts):
            if draft.title:
                continue
            before = self.drafts[k - 1] if k else None
            if before and before.title and _same_start(before, draft):
                draft.title = before.title
            else:
                draft.title = draft.group or self.collection or fallback

    def _typo(self, title: str) -> str:
        """Correct a site's typical title typo (工作总计 → 工作总结)."""
        for pattern, repl in self.repairs.title_typos:
            title = pattern.sub(repl, title)
        return title


def _restarts(prev: str, cur: str) -> bool:
    """ "6、…" followed directly by "1、…": a new list with nothing between means a new document."""
    a, b = _ARABIC.match(prev), _ARABIC.match(cur)
    return bool(a and b and int(b.group(1)) == 1 and int(a.group(1)) >= 3)


def _same_start(a: Draft, b: Draft) -> bool:
    """Whether two documents open with the same paragraph (ignoring punctuation)."""
    return re.sub(r"\W", "", a.first()) == re.sub(r"\W", "", b.first())


# ---------------------------------------------------------------- step 6: finishing an article


def _finish(draft: Draft, source: str, index: int, repairs: Repairs) -> Article:
    """Turn a draft into an Article: cut-off endings trimmed, final stops added, damage repaired."""
    paras = []
    for item in draft.items:
        text = trim_cut(item.text) if item.cut else item.text
        if text:
            paras.append(Para(add_stop(text), item.start, item.end))
    article = Article(source=source, index=index, title=draft.title or "无标题文稿", paras=paras)
    if is_damaged(article, repairs):
        _repair(article, repairs)
    return article


def trim_cut(text: str) -> str:
    """A page cut off mid-sentence: drop the dangling fragment after the last complete clause."""
    if text[-1] in FINAL + CLOSERS:
        return text
    m = re.search(r"^.*[。！？；]", text)
    if not m:
        return ""
    return re.sub("[；]$", "。", m.group(0))


def add_stop(text: str) -> str:
    """Prose that lost its final stop gets "。"; headings, titles, signatures and salutations do not."""
    core = text.rstrip(CLOSERS)
    if not core or core[-1] in FINAL + "，、" or text[-1] in "：:":
        return text
    if _HEAD_MARKER.match(text) and len(text) <= 40:
        return text
    if _MARKER.match(text) and len(text) <= 25:
        return text
    if _SIGNATURE.match(text) or is_title_like(text) or _SALUTE.match(text):
        return text
    prose = "，" in text or len(text) >= 25
    return text + "。" if prose else text


# ---------------------------------------------------------------- round-trip damage


def damage_score(text: str, repairs: Repairs) -> tuple[int, int]:
    """How many tell-tale words (原那么, 效劳 …) the text holds, and how many different ones."""
    counts = [text.count(word) for word in repairs.tells]
    return sum(counts), sum(1 for c in counts if c)


def is_damaged(article: Article, repairs: Repairs) -> bool:
    """Damaged when tell-tale words are frequent and of several kinds; a single 效劳 is not enough."""
    text = article.title + "\n" + "\n".join(p.text for p in article.paras)
    total, kinds = damage_score(text, repairs)
    return total >= repairs.min_tells and kinds >= repairs.min_kinds


def repair_text(text: str, repairs: Repairs) -> str:
    """Apply the substitution table (in order) to the text of a damaged article."""
    for pattern, repl in repairs.rules:
        text = pattern.sub(repl, text)
    return text


def _repair(article: Article, repairs: Repairs) -> None:
    """Repair title and paragraphs of a damaged article in place and mark it."""
    article.title = repair_text(article.title, repairs)
    for para in article.paras:
        para.text = repair_text(para.text, repairs)
    article.damaged = True
