"""What each line of a copied web page is: text, or a site's boilerplate, labels and lists.

Around a document sit a site's collection titles (…（精选3篇）), article labels (篇1：, 【一】),
editor's notes (小编…), counters and links, and a "related documents" list at the end; a page cut
off mid-text says so ("(未完…)").  Each line is classified once so the paragraph and article
steps only see text and the markers that start or end a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .shapes import CN_NUM, HAN_RE, MARKER, SENTENCE_MARK, is_title_like


@dataclass
class Line:
    """One source line after character-level cleaning, with what it is."""

    no: int  # 1-based line number in the source
    text: str
    kind: str = "text"  # text | blank | boiler | cut | label | collection | tail
    cut: bool = False  # the page was cut off after this line ("未完" marker)


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


def classify_lines(texts: list[str]) -> list[Line]:
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
    if collection and not MARKER.match(text):
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
    if len(text) < 16 or SENTENCE_MARK.search(text):
        return False
    grams = [text[i : i + 4] for i in range(len(text) - 3)]
    return any(grams.count(g) >= 3 for g in set(grams) if HAN_RE.search(g))


def label_title(text: str) -> str | None:
    """The title of an article label (篇1：X, 第一篇：X, 【一】X, X(一):).

    "" for a label without a title; None when the line is no label.
    """
    for pattern in _LABELS:
        m = pattern.match(text)
        if m and not SENTENCE_MARK.search(m.group(2).rstrip(":：")):
            return _bare_title(m.group(2))
    m = _LABEL_SUFFIX.match(text)
    if (
        m
        and not SENTENCE_MARK.search(m.group(1))
        and not MARKER.match(m.group(1))
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
