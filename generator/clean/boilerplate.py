"""What each line of a copied web page is: text, or a site's boilerplate, labels and lists.

Around a document sit a site's collection titles (《…》通用8篇, …怎么写（精选5篇）), article labels
(篇1：, 【一】, （精选篇2）, 范文3, …怎么写1), editor's notes (小编…), counters and links, site
furniture judged by ``noise``, and a "related documents" list at the end; a page cut off
mid-text says so ("(未完…)").  Each line is classified once so the paragraph and article steps
only see text and the markers that start or end a document; a dropped line keeps its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .noise import NoiseRules, load_noise_rules, noise_reason, strip_furniture
from .shapes import CN_NUM, HAN_RE, MARKER, SENTENCE_MARK, is_title_like


@dataclass
class Line:
    """One source line after character-level cleaning, with what it is."""

    no: int  # 1-based line number in the source
    text: str
    kind: str = "text"  # text | blank | boiler | cut | label | collection | tail
    cut: bool = False  # the page was cut off after this line ("未完" marker)
    reason: str = ""  # why the line goes or was cut to a title (导航栏, 广告, 篇目标签 …), for the notes
    page: str = ""  # the line as the page has it, when ``text`` keeps only a title


_BOILER = [
    (re.compile(p), reason)
    for p, reason in (
        (r"[-•·*]?\s*\d{1,3}", "页码"),  # "- 0", a bare page number
        (r"[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*(?:共\s*\d+\s*页)?", "页码"),  # "— 2 —", "第2页 共5页"
        (r"[-•·*]?\s*约\s*[\d.]+\s*[千万]?字.*", "网页信息"),  # "约3.37千字"
        (r"[-•·*]?\s*约?\s*\d+\s*页", "网页信息"),  # "约 4页"
        (
            r"[-•·*]?\s*(?:举报|投稿|下载|收藏|分享|打印|评论|点赞|关注|复制|纠错|展开全文|阅读全文|立即下载|下载文档|"
            r"免费下载|在线阅读|加入收藏|返回顶部|返回首页|上一篇|下一篇|相关推荐|扫一扫|分享到)(?:\s*[:：]?\s*[\d(（].*)?",
            "网站用语",
        ),
        (r"(?:(?:举报|投稿|下载|收藏|分享|打印|评论|点赞|关注|复制|纠错)\s*[|/·]?\s*){2,}", "网站用语"),
        (
            r".{0,40}(?:发布于|阅读量|浏览量|阅读次数|浏览次数|下载次数|下载券|人阅读|次阅读|次下载|文档评论|原创力文档|"
            r"百度文库|道客巴巴|豆丁网|人人文库|金锄头文库|淘豆网|第一范文网|学习啦|版权所有|版权归|免责声明|本文(?:来源|来自)|"
            r"上传(?:者|时间|于)|文档(?:大小|格式|页数)).{0,40}",
            "网页信息",
        ),
        (
            r".*(?:小编|仅供参考|仅作参考|可供.{0,4}参考|欢迎(?:大家|您)?(?:阅读|参考|借鉴|分享|收藏|下载)|"
            r"希望对(?:你|您|大家)有所?帮助|希望能帮助到|供大家参考|"
            r"(?:为|给)大家(?:整理|收集|精心|分享|推荐)|(?:为|给)(?:大家|您|你)(?:整理|收集|分享|推荐|带来)的|"
            r"一起来看看|来看看吧|快来参考|"
            r"希望大家(?:能够)?喜欢|精心(?:整理|收集|挑选)的).*",
            "编者的话",
        ),
        (r"[-•·*]?\s*.+\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)", "相关文章"),  # "related documents" items
        (r".*(?:https?://|www\.|\.com\b|\.cn\b).*", "网址"),  # addresses: never part of a school document
        (r"(?:上一篇|下一篇)\s*[:：].*", "网站用语"),  # links to the site's neighbouring pages
    )
]
_CUT_LINE = re.compile(r"^[(（]?\s*未完.{0,24}$")  # "(未完，全文共3024字)" on a line of its own
_TAIL = re.compile(
    r"^.{0,10}(?:您可能关注的文档|看过.{1,40}的人还看了|相关推荐|猜你喜欢|热门推荐|推荐阅读|延伸阅读|"
    r"相关文章|相关范文|更多相关|相关文档|精品推荐|为你推荐|大家都在看|热门文章|最新文章|相关阅读).{0,10}[:：]?$"
)
_CUT = re.compile(r"[(（]?\s*未完[，,]?\s*(?:全文|请)?.{0,16}[)）]?\s*$")
_N = rf"[{CN_NUM}\d]{{1,3}}"
_OPEN, _CLOSE = r"[（(【\[]", r"[)）】\]]"


@dataclass(frozen=True)
class _Shapes:
    """Label and collection patterns built with the collection words of corpus/noise.yaml."""

    labels: tuple[re.Pattern, ...]  # a label with its title after the marker (篇1：X, 【一】X)
    suffixed: tuple[re.Pattern, ...]  # a title with the label after it (X（精选篇1）, X怎么写1, X篇2)
    bare: re.Pattern  # a label alone (范文3, （精选篇2）, 篇三)
    collection: re.Pattern  # a collection title with a count (《X》通用8篇, X怎么写(精选5篇))
    uncounted: re.Pattern  # a collection title without one (X范文大全)
    trailing: re.Pattern  # collection words, counts and brackets at a title's end


@lru_cache(maxsize=8)
def _shapes(rules: NoiseRules) -> _Shapes:
    """Compile the shapes once per rule set."""
    words = rf"(?:{rules.collection})"
    ordinal = rf"(?:篇\s*{_N}|第\s*{_N}\s*篇)"
    return _Shapes(
        labels=(
            re.compile(rf"^[【\[]\s*(?:第|篇)?\s*{_N}\s*篇?\s*[】\]]\s*(.*)$"),
            re.compile(rf"^{words}?\s*(?:篇|范文)\s*{_N}\s*[:：、.]\s*(.*)$"),
            re.compile(rf"^第\s*{_N}\s*篇\s*[:：、.]?\s*(.*)$"),
        ),
        suffixed=(
            re.compile(rf"^(.{{2,40}}?)\s*{_OPEN}?\s*{words}*\s*{ordinal}\s*{_CLOSE}?\s*[:：]?$"),
            re.compile(rf"^(.{{2,40}}?{words})\s*(?:\d{{1,2}}|[{CN_NUM}]{{1,2}})\s*[:：]?$"),
            re.compile(rf"^(?![（(【\[])(.{{2,40}}?)\s*[（(]\s*{_N}\s*[)）]\s*([:：]?)$"),
            re.compile(r"^(.{4,40}?\D)(\d{1,2})\s*[:：]?$"),
        ),
        bare=re.compile(
            rf"^{_OPEN}?\s*{words}*\s*(?:篇\s*{_N}|范文\s*{_N}|第\s*{_N}\s*篇)\s*{_CLOSE}?\s*[:：]?$"
        ),
        collection=re.compile(
            rf"^(.{{2,60}}?)\s*(?:{_OPEN}\s*{words}*\s*共?\s*\d{{1,3}}\s*篇\s*{words}*\s*{_CLOSE}|"
            rf"{words}+\s*\d{{1,3}}\s*篇\s*{words}*)\s*$"
        ),
        uncounted=re.compile(r"^(.{2,60}?)(?:范文大全|大全|合集|汇编|集锦|范文精选|精选范文|范文汇总)$"),
        trailing=re.compile(rf"(?:{words}|\s|\d+\s*篇|[（(【\[《》】\])）])+$"),
    )


def classify_lines(texts: list[str], first_line: int = 1) -> list[Line]:
    """Label every line; after a "related documents" list everything is site tail until the next label."""
    rules = load_noise_rules()
    lines, in_tail = [], False
    for no, text in enumerate(texts, start=first_line):
        line = _classify(no, text, rules)
        if line.kind == "label":
            in_tail = False
        elif line.kind == "tail" or in_tail:
            in_tail, line.kind = True, "tail"
        lines.append(line)
    return lines


def _classify(no: int, text: str, rules: NoiseRules) -> Line:
    """What one cleaned line is; labels and collection titles keep only their title text."""
    if not text:
        return Line(no, "", "blank")
    original, text = text, strip_furniture(text, rules)
    if not text:
        return Line(no, original, "boiler", reason=noise_reason(original, rules) or "阅读提示")
    if _TAIL.match(text):
        return Line(no, text, "tail", reason="相关文章列表")
    reason = noise_reason(text, rules)
    if reason:
        return Line(no, original, "boiler", reason=reason)
    label = label_title(text, rules)
    if label is not None:
        return Line(no, label, "label", reason="篇目标签", page=original)
    collection = collection_title(text, rules)
    if collection is not None:
        return Line(no, collection, "collection", reason="合集标题", page=original)
    if _CUT_LINE.match(text):
        return Line(no, text, "cut")
    reason = boilerplate_reason(text)
    if reason:
        return Line(no, original, "boiler", reason=reason)
    cut = _CUT.search(text)
    if cut and cut.start() > 0:
        return Line(no, text[: cut.start()].rstrip(), "text", cut=True)
    return Line(no, text)


def is_boilerplate(text: str) -> bool:
    """A site's line (counter, editor's note, link, page number …), never part of a document."""
    return boilerplate_reason(text) is not None


def boilerplate_reason(text: str) -> str | None:
    """What kind of site line this is (页码, 编者的话 …), or None when it is none."""
    text = text.strip()
    reason = next((reason for p, reason in _BOILER if p.fullmatch(text)), None)
    return reason or ("网站用语" if _is_spam(text) else None)


def _is_spam(text: str) -> bool:
    """A keyword-stuffed SEO line: no sentence punctuation, one phrase repeated three times or more."""
    if len(text) < 16 or SENTENCE_MARK.search(text):
        return False
    grams = [text[i : i + 4] for i in range(len(text) - 3)]
    return any(grams.count(g) >= 3 for g in set(grams) if HAN_RE.search(g))


def label_title(text: str, rules: NoiseRules | None = None) -> str | None:
    """The title of an article label (篇1：X, 第一篇：X, 【一】X, X(一):, X（精选篇2）, X怎么写1).

    "" for a label without a title (范文3, 【二】); None when the line is no label.
    """
    shapes = _shapes(rules or load_noise_rules())
    if shapes.bare.match(text):
        return ""
    for pattern in shapes.labels:
        m = pattern.match(text)
        if m and not SENTENCE_MARK.search(m.group(1).rstrip(":：")):
            return bare_title(m.group(1), rules)
    for pattern in shapes.suffixed:
        m = pattern.match(text)
        if m and _is_label_title(m, text, shapes):
            return bare_title(m.group(1), rules)
    return None


def _is_label_title(m: re.Match, text: str, shapes: _Shapes) -> bool:
    """The text before a label suffix is a title: no sentence, no numbering, a document kind or a colon."""
    head = m.group(1)
    if SENTENCE_MARK.search(head) or MARKER.match(head):
        return False
    colon = text.endswith((":", "：")) and len(m.groups()) > 1
    return colon or is_title_like(shapes.trailing.sub("", head).lstrip("《"))


def collection_title(text: str, rules: NoiseRules | None = None) -> str | None:
    """The title a collection heading names (《学校后勤工作总结》通用8篇 → 学校后勤工作总结), or None."""
    shapes = _shapes(rules or load_noise_rules())
    if MARKER.match(text) or SENTENCE_MARK.search(text):
        return None
    m = shapes.collection.match(text) or shapes.uncounted.match(text)
    return bare_title(m.group(1), rules) if m else None


def bare_title(title: str, rules: NoiseRules | None = None) -> str:
    """A title without book marks, trailing punctuation, collection words (范文, 怎么写) or a count."""
    title = _shapes(rules or load_noise_rules()).trailing.sub("", title.strip())
    return title.strip(" :：、.。-—《》")


# ---------------------------------------------------------------- notes

NOTE_CHARS = 30  # a dropped line is quoted in its note up to this many characters


def dropped_notes(lines: list[Line]) -> list[tuple[int, str]]:
    """(line number, Chinese note) for every line cleaning dropped or cut to a title.

    A "related documents" list gets one note for its whole run of lines.
    """
    notes: list[tuple[int, str]] = []
    tail: list[Line] = []
    for line in lines:
        if line.kind == "tail":
            tail.append(line)
            continue
        if tail:
            notes.append(_tail_note(tail))
            tail = []
        if line.kind in ("boiler", "label", "collection"):
            notes.append((line.no, f"删除网页杂项（{line.reason}）：{_excerpt(line.page or line.text)}"))
    if tail:
        notes.append(_tail_note(tail))
    return notes


def _tail_note(tail: list[Line]) -> tuple[int, str]:
    """One note for a "related documents" list: how many lines, and its first."""
    shown = [line for line in tail if line.text]
    return tail[
        0
    ].no, f"删除网页杂项（相关文章列表，{len(shown)}行）：{_excerpt(shown[0].text if shown else '')}"


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS] + "…"
