"""Segmentation: one cleaned article → its sections, in document order, forming a heading tree.

Why a tree: the renderer renumbers headings itself and selection takes whole headings or single
enumerated points, so every numbered heading, every numbered point and every paragraph lead
(第一，/ 一是 / 首先) must become a section that knows its level and its parent.

How the tree is found (build for the genre, not for one file):

* **Markers.** A paragraph may start with a numbering marker of one of these styles, listed
  in their customary order: 第一部分/第一章, 一、(also 一，一．), （一）(一), 1、1.1．, （1）(1)1),
  ①. Paragraph *leads* (第一，第二是…, 一是…二是…, 其一, 首先…其次…最后) count only when at least
  two of them follow each other with consecutive ordinals; a lone 首先 or 第一 is plain text.
* **Relative levels.** In every stretch of text the highest-ranking style present is the top
  level there, whatever its absolute rank: a summary that uses only 1、2、3、 gets level-1
  headings written 1、. Styles found inside a heading's body go one level deeper. ``level`` is
  therefore the logical depth (1 = top heading of the article); leads are one level below the
  heading whose body holds them. ``marker`` keeps the source's marker for tracing.
* **Heading or point.** A numbered paragraph that is a short title (no sentence end inside,
  at most 40 characters) is a heading; so is one with a short lead sentence followed by text
  ("（一）加强领导。各级要……", a run-in heading) when it has body paragraphs or sub-items of its
  own. A run of numbered paragraphs none of which has anything of its own before the next one
  is a run of *points*: each point is its own section whose heading is its lead sentence ("" when
  that sentence is longer than a title: a first clause is no heading, its sentence goes on) and
  whose paragraphs are the whole point without its marker. A heading's paragraphs are the text
  after its lead sentence plus its body paragraphs.
* **Groups.** Points and leads inside a heading's body get that heading as parent, at its
  level + 1. Where there is no enclosing heading (a speech whose only structure is 1、2、3、 or
  第一，第二，), the points are the article's top level (level 1) and each run gets a
  *synthetic parent*: a level-0 section with heading "", no paragraphs and ``lines`` spanning
  its children, so the run stays one group. A numbering restart (1、2、3、 then 1、2、 again)
  starts a new run: a new synthetic parent at article level, or under a real heading a new
  sequence of siblings (a group is a sequence of siblings whose markers count up).
* **Plain text** right after a heading stays in that heading. Text that follows a run of points
  or the children of a heading becomes a section with heading "" at the children's level: its own
  unit, never glued to the last point. At article level (an opening before the first heading)
  each paragraph is a section of its own: one paragraph greets, the next reviews the term, the
  next names its problems, and each is reused for that job. For leads the paragraphs after
  a lead belong to it (speeches continue a lead over several paragraphs) until the next lead or
  a paragraph introducing a new list ("…有三点感受。", "…如下：").
* **Frame.** At the start, a repeated title line is dropped, a byline (school and name) becomes
  role "signature", a salutation (同志们：, 尊敬的各位领导：, 大家上午好！) role "salutation"; a
  salutation sharing its line with the first sentence is split off. At the end, school and date
  lines become role "signature", and a closing paragraph after the last marker (同志们，…, 总之,
  以上, 谢谢) starts a level-0 section of its own. No other role is set: tagging is another stage.

Section ids are ``<source stem>-a<article>-sNN`` numbered in document order, so they are stable
for as long as the source text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .model import Article, Para, Section

# ---------------------------------------------------------------- markers

_CN = "一二三四五六七八九十"
_NUM = f"[{_CN}]{{1,3}}"
_DIG = "[0-9０-９]{1,2}"

# Customary rank of each numbered style: the lowest rank present in a stretch is its top level.
STYLE_RANK: dict[str, int] = {"part": 0, "cn": 1, "pcn": 2, "num": 3, "pnum": 4, "circle": 5}

_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第({_NUM})(?:部分|章|编)[、，,．.：:\s]*")),
    ("pcn", re.compile(rf"^(?:[（(]\s*({_NUM})\s*[）)]|([㈠-㈩]))\s*[、，,．.：:]?\s*")),
    ("cn", re.compile(rf"^({_NUM})\s*[、，,．.](?![0-9０-９])\s*")),
    ("pnum", re.compile(rf"^(?:[（(]\s*({_DIG})\s*[）)]|({_DIG})[）)]|([⑴-⒇]))\s*[、，,．.]?\s*")),
    ("num", re.compile(rf"^(?:({_DIG})\s*(?:、|[．.](?![0-9０-９]))|([⒈-⒛]))\s*")),
    ("circle", re.compile(r"^([①-⑳])\s*[、．.]?\s*")),
)

_LEADS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"^第({_NUM})(?:个方面|方面|点)?(?:就是|是)?[，、,．.。：:]?\s*(?=要|是|[^次线批届名位年天号种章部节条期轮步])"
    ),
    re.compile(rf"^其({_NUM})[，、,：:]\s*"),
    re.compile(rf"^({_NUM})(?:是|要|则)[，,：:]?\s*"),
)
_SEQUENCE_LEADS = re.compile(
    r"^(首先|其次|再次|最后)(?![，、,：:]?\s*(?:祝|谢谢|感谢|表示|强调))[，、,：:]?\s*"
)
_SEQUENCE_ORDINAL = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}  # 0 = "the next one"

# A paragraph that announces a new list ends the lead run before it.
_LEAD_IN = re.compile(
    rf"(?:[：:]$)|(?:(?:几|[两{_CN}]|\d+)(?:点|个方面|方面|条)[^。！？]{{0,8}}[。！？]$)|(?:如下[。：:]?$)"
)

# ---------------------------------------------------------------- frame lines

_SENTENCE_PUNCT = re.compile(r"[，。！？；,!?;]")
_VOCATIVE = re.compile(
    r"同志|领导|老师|同学|来宾|嘉宾|朋友|同事|同仁|员工|家长|伙伴|各位|诸位|代表|职工|工友|师傅"
)
_SALUTE = re.compile(r"^((?:尊敬的)?[^，。！？；：:,!?;]{1,40}[：:])\s*(.*)$")
_GREETING = re.compile(
    r"^(?:大家|各位|同志们|老师们|同学们|朋友们)?[，,]?(?:上午|下午|早上|晚上|中午)?好[！!。.]?$"
)
_DATE = (
    r"(?:(?:\d{4}|[〇○零一二三四五六七八九0Ｏ]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?"
    r"|\d{4}\s*[.．/\-]\s*\d{1,2}(?:\s*[.．/\-]\s*\d{1,2})?)"
)
_DATE_LINE = re.compile(rf"^(.*?)\s*{_DATE}$")
_ORG = (
    r"(?:学校|小学|中学|初中|高中|完小|中心校|幼儿园|学院|大学|教学点|总务处|后勤处|政教处|教务处|办公室|"
    r"委员会|教育局|政府|处|室|科|组|校)"
)
_ORG_LINE = re.compile(rf"^[^\s]{{2,30}}{_ORG}$")
_BYLINE = re.compile(rf"^[^\s]{{2,30}}{_ORG}\s+[\u4e00-\u9fff]{{2,4}}$")
_DOC_KIND = re.compile(
    r"(讲话|讲话稿|发言|致辞|计划|总结|方案|汇报|报告|感想|体会|意见|办法|制度|细则|通知|规划|材料)$"
)
_CLOSING = re.compile(
    r"^(同志们|同事们|老师们|各位|总之|综上|总而言之|以上|最后[，,]|让我们|我相信|我坚信|相信|谢谢|"
    r"实践证明|事实证明|衷心祝愿|祝愿|祝大家|(?:学校|我校|我们)虽|虽然我们|展望)"  # 学校虽做了…，但…我们将…
)

# Where a lead sentence ends: sentence punctuation, or a space between two words.
_BOUNDARY = re.compile(r"[。！？；：:;!?]|(?<=[\u4e00-\u9fff）)”])\s+(?=[\u4e00-\u9fff“（(])")
_TRIM = "。：:，,；;．.、 \u3000"
MAX_TITLE = 40  # a heading line or lead sentence is at most this long


@dataclass
class _Item:
    """One paragraph with its marker, if any: style "" = plain, "lead", or a numbered style."""

    para: Para
    text: str
    style: str = ""
    ordinal: int = 0
    marker: str = ""
    body: str = ""


@dataclass
class _Block:
    """A numbered paragraph and the paragraphs up to the next marker of the same style."""

    head: _Item
    sub: list[_Item] = field(default_factory=list)


def _classify(para: Para) -> _Item:
    """Find a paragraph's marker so the tree builder works on styles and ordinals only."""
    text = para.text.strip()
    for style, pattern in _STYLES:
        m = pattern.match(text)
        if m and m.end() < len(text):
            digits = next(g for g in m.groups() if g)
            return _Item(para, text, style, _ordinal(digits), m.group(0).strip(), text[m.end() :].strip())
    return _lead(para, text) or _Item(para, text, body=text)


def _lead(para: Para, text: str) -> _Item | None:
    """A paragraph lead (第一，/ 一是 / 首先), or None; its run is checked later."""
    m = _SEQUENCE_LEADS.match(text)
    if m and m.end() < len(text):
        return _Item(para, text, "lead", _SEQUENCE_ORDINAL[m.group(1)], m.group(0).strip(), text[m.end() :])
    for pattern in _LEADS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return _Item(
                para, text, "lead", _ordinal(m.group(1)), m.group(0).strip(), text[m.end() :].strip()
            )
    return None


def _ordinal(token: str) -> int:
    """一 → 1, 十二 → 12, "３" → 3, "②" → 2, "⑵" → 2: numbering compares ordinals, not spellings."""
    for first, last in (("①", "⑳"), ("⑴", "⒇"), ("⒈", "⒛"), ("㈠", "㈩")):
        if first <= token[0] <= last:
            return ord(token[0]) - ord(first) + 1
    if token[0] in _CN:
        return _cn_ordinal(token)
    return int(token.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _cn_ordinal(token: str) -> int:
    """Chinese numerals up to 九十九 (enough for any list in a school document)."""
    digits = [_CN.index(ch) + 1 for ch in token]
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:
        return 10 + digits[1]
    return digits[0] * 10 + (digits[2] if len(digits) > 2 else 0)


def _validate_leads(items: list[_Item]) -> None:
    """Keep leads only in runs of two or more with consecutive ordinals; others become plain."""
    run: list[_Item] = []
    for item in items:
        if item.style == "lead":
            ordinal = item.ordinal or (run[-1].ordinal + 1 if run else 0)
            if run and ordinal == run[-1].ordinal + 1:
                item.ordinal = ordinal
                run.append(item)
                continue
            _close_lead_run(run)
            run = [item]
        elif item.style:
            _close_lead_run(run)
            run = []
    _close_lead_run(run)


def _close_lead_run(run: list[_Item]) -> None:
    """A "run" of one lead is just a sentence starting with 第一 or 首先."""
    if len(run) == 1:
        run[0].style, run[0].marker, run[0].body = "", "", run[0].text


# ---------------------------------------------------------------- headings


def split_lead(body: str) -> tuple[str, str, bool]:
    """(heading, rest, complete) of a numbered paragraph's text after its marker.

    complete: the heading is the whole first sentence (or the whole short line), so the
    rest can be read without it; otherwise there is no heading ("") and rest is the whole
    text: a first clause is no heading, since its sentence goes on in the body (a heading cut
    from 不在校园内狂奔、追逐，做危险的游戏… leaves a body that says the opposite).
    """
    body = body.strip()
    m = _BOUNDARY.search(body)
    if m is None and len(body) <= MAX_TITLE:
        return body.strip(_TRIM), "", True
    if m is not None and 0 < m.start() <= MAX_TITLE:
        return body[: m.start()].strip(_TRIM), body[m.end() :].strip(), True
    return "", body, False


def _is_heading_run(blocks: list[_Block]) -> bool:
    """Headings own text before their next sibling; points stand alone one after another.

    Text after the last of several points is a wrap-up, not that point's body, unless the
    last one is a bare title followed by sub-items of its own.
    """
    if any(b.sub for b in blocks[:-1]):
        return True
    last = blocks[-1]
    if not last.sub:
        return False
    _, rest, complete = split_lead(last.head.body)
    if len(blocks) == 1:
        return complete
    return rest == "" and last.sub[0].style not in ("", "lead")


# ---------------------------------------------------------------- builder


class _Builder:
    """Emits sections in document order and tracks their line ranges."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.stem = Path(article.source).stem
        self.sections: list[Section] = []
        self.synthetic: set[str] = set()

    def emit(self, level: int, heading: str, items: list[_Item], texts: list[str], **kw) -> Section:
        """Append a section; ``items`` give its lines, ``texts`` its paragraphs."""
        n = len(self.sections) + 1
        lines = (min(i.para.start for i in items), max(i.para.end for i in items))
        sec = Section(
            id=f"{self.stem}-{self.article.id}-s{n:02d}",
            source=self.article.source,
            article=self.article.id,
            article_title=self.article.title,
            lines=lines,
            level=level,
            heading=heading,
            paragraphs=[t for t in texts if t],
            **kw,
        )
        self.sections.append(sec)
        if sec.parent in self.synthetic:
            self._widen(self.sections_by_id(sec.parent), lines)
        return sec

    def sections_by_id(self, sid: str) -> Section:
        """The synthetic parent being filled is always recent; search from the end."""
        return next(s for s in reversed(self.sections) if s.id == sid)

    def append(self, sec: Section, items: list[_Item]) -> None:
        """Add paragraphs to an existing section and widen its lines."""
        sec.paragraphs.extend(i.text for i in items if i.text)
        self._widen(sec, (min(i.para.start for i in items), max(i.para.end for i in items)))

    def synthetic_parent(self, first: _Item) -> Section:
        """A level-0 section without heading or text that keeps a run of points together."""
        sec = self.emit(0, "", [first], [])
        self.synthetic.add(sec.id)
        return sec

    @staticmethod
    def _widen(sec: Section, lines: tuple[int, int]) -> None:
        sec.lines = (min(sec.lines[0], lines[0]), max(sec.lines[1], lines[1]))

    # -------------------------------------------------------- structure

    def build(self, items: list[_Item], depth: int, parent: Section | None) -> None:
        """Split a stretch at its top numbered style; recurse into each heading's body."""
        styles = {i.style for i in items if i.style not in ("", "lead")}
        if not styles:
            self.body(items, depth, parent)
            return
        top = min(styles, key=STYLE_RANK.__getitem__)
        first = next(n for n, i in enumerate(items) if i.style == top)
        self.build(items[:first], depth, parent)
        for run in _runs(_blocks(items[first:], top)):
            self.run(run, depth, parent)

    def run(self, blocks: list[_Block], depth: int, parent: Section | None) -> None:
        """Emit one run of same-style numbered paragraphs as headings or as points."""
        if _is_heading_run(blocks):
            for block in blocks:
                self.heading(block, depth, parent)
            return
        group = parent or self.synthetic_parent(blocks[0].head)
        for block in blocks:
            self.point(block.head, [], depth, group)
        self.build(blocks[-1].sub, depth, parent)

    def heading(self, block: _Block, depth: int, parent: Section | None) -> None:
        """A heading section, then its body and sub-items one level deeper."""
        head, rest, complete = split_lead(block.head.body)
        texts = [rest] if complete else [block.head.body]
        sec = self.emit(depth, head, [block.head], texts, marker=block.head.marker, parent=_pid(parent))
        self.build(block.sub, depth + 1, sec)

    def point(self, item: _Item, more: list[_Item], level: int, parent: Section | None) -> Section:
        """One enumerated point: heading is its lead sentence, paragraphs its whole text."""
        head, _, _ = split_lead(item.body)
        texts = [item.body] + [i.text for i in more]
        return self.emit(level, head, [item, *more], texts, marker=item.marker, parent=_pid(parent))

    def body(self, items: list[_Item], depth: int, parent: Section | None) -> None:
        """Plain paragraphs and lead runs: text stays with its heading, leads become points."""
        for kind, chunk in _lead_chunks(items):
            if kind == "text":
                self.text(chunk, depth, parent)
            else:
                self.lead_run(chunk, depth, parent)

    def lead_run(self, chunk: list[list[_Item]], depth: int, parent: Section | None) -> None:
        """第一…第二… / 一是…二是…: one point per lead, with the paragraphs that follow it."""
        group = parent or self.synthetic_parent(chunk[0][0])
        for lead, *more in chunk:
            self.point(lead, more, depth, group)

    def text(self, items: list[_Item], depth: int, parent: Section | None) -> None:
        """Plain text joins the heading it follows, else becomes a heading-less section."""
        if not items:
            return
        last = self.sections[-1] if self.sections else None
        if parent is not None and last is parent and parent.id not in self.synthetic:
            self.append(parent, items)
            return
        if parent is None:  # an article's own paragraphs (its opening): each does its own job
            for item in items:
                self.emit(0, "", [item], [item.text])
            return
        self.emit(depth, "", items, [i.text for i in items], parent=_pid(parent))


def _pid(sec: Section | None) -> str | None:
    return sec.id if sec else None


def _blocks(items: list[_Item], top: str) -> list[_Block]:
    """Cut a stretch that starts with a ``top`` marker into one block per such marker."""
    blocks: list[_Block] = []
    for item in items:
        if item.style == top:
            blocks.append(_Block(item))
        else:
            blocks[-1].sub.append(item)
    return blocks


def _runs(blocks: list[_Block]) -> Iterator[list[_Block]]:
    """A marker that does not count up (1、2、3、 then 1、) starts a new run."""
    run: list[_Block] = []
    for block in blocks:
        if run and block.head.ordinal <= run[-1].head.ordinal:
            yield run
            run = []
        run.append(block)
    if run:
        yield run


def _lead_chunks(items: list[_Item]) -> Iterator[tuple[str, list]]:
    """("text", items) and ("leads", [[lead, continuation…], …]) chunks in order."""
    text: list[_Item] = []
    leads: list[list[_Item]] = []
    for item in items:
        if item.style == "lead":
            if text:
                yield "text", text
                text = []
            if leads and item.ordinal != leads[-1][0].ordinal + 1:
                yield "leads", leads
                leads = []
            leads.append([item])
        elif leads and not text and not _LEAD_IN.search(item.text):
            leads[-1].append(item)
        else:
            if leads:
                yield "leads", leads
                leads = []
            text.append(item)
    if leads:
        yield "leads", leads
    if text:
        yield "text", text


# ---------------------------------------------------------------- frame


def _is_title_line(text: str, title: str) -> bool:
    """The article title repeated as its first paragraph, perhaps with the school before it."""
    norm = re.sub(r"\s+", "", text)
    if title and norm == re.sub(r"\s+", "", title):
        return True
    return len(norm) <= MAX_TITLE and not _SENTENCE_PUNCT.search(text) and bool(_DOC_KIND.search(norm))


def _is_byline(text: str) -> bool:
    """School (and speaker) under the title: "某某小学 张三"."""
    return (
        len(text) <= 40
        and not _SENTENCE_PUNCT.search(text)
        and bool(_BYLINE.match(text) or _ORG_LINE.match(text))
    )


def _salutation(text: str) -> tuple[str, str] | None:
    """(salutation, rest of the line) when the paragraph opens with one, else None."""
    if _GREETING.match(text):
        return text, ""
    m = _SALUTE.match(text)
    if not m or not _VOCATIVE.search(m.group(1)):
        return None
    rest = m.group(2).strip()
    if _GREETING.match(rest):
        return text, ""
    return m.group(1), rest


def _is_signature(text: str) -> bool:
    """A closing line naming the school and/or the date: "某某小学  2024年3月", "二〇二四年一月十日"."""
    text = text.strip()
    if len(text) > 40 or re.search(r"[，。！？；：,!?;:]", text):
        return False
    m = _DATE_LINE.match(text)
    if m:
        prefix = m.group(1).strip()
        return prefix == "" or bool(_ORG_LINE.match(prefix) or _BYLINE.match(prefix))
    return bool(_ORG_LINE.match(text) or _BYLINE.match(text))


def _frame_start(items: list[_Item], title: str, b: _Builder) -> list[_Item]:
    """Drop a repeated title, emit byline and salutation sections; return the rest."""
    n = 0
    while n < len(items) and n < 5:
        item = items[n]
        if n == 0 and not item.style and _is_title_line(item.text, title):
            n += 1
            continue
        if not item.style and _is_byline(item.text):
            b.emit(0, "", [item], [item.text], role="signature")
            n += 1
            continue
        sal = None if item.style else _salutation(item.text)
        if sal is None:
            break
        _emit_salutation(b, item, sal[0])
        n += 1
        if sal[1]:
            return [_classify(Para(sal[1], item.para.start, item.para.end)), *items[n:]]
    return items[n:]


def _emit_salutation(b: _Builder, item: _Item, text: str) -> None:
    """Consecutive salutation lines (同志们： / 大家好！) form one section."""
    last = b.sections[-1] if b.sections else None
    if last is not None and last.role == "salutation":
        b.append(last, [_Item(item.para, text)])
    else:
        b.emit(0, "", [item], [text], role="salutation")


def _split_end(items: list[_Item]) -> tuple[list[_Item], list[_Item], list[_Item]]:
    """(body, closing, signature): signature lines at the end, closing after the last marker."""
    cut = len(items)
    while cut > 0 and not items[cut - 1].style and _is_signature(items[cut - 1].text):
        cut -= 1
    body, signature = items[:cut], items[cut:]
    last = max((n for n, i in enumerate(body) if i.style), default=-1)
    start = last + 1 if last >= 0 else max(1, len(body) - 3)
    if last >= 0 and body[last].style != "lead" and split_lead(body[last].body)[1] == "":
        start += 1  # a bare heading keeps at least its first paragraph
    for n in range(start, len(body)):
        if _CLOSING.match(body[n].text):
            return body[:n], body[n:], signature
    return body, [], signature


# ---------------------------------------------------------------- entry point


def segment(article: Article) -> list[Section]:
    """The article's sections in document order (see the module docstring for the rules)."""
    items = [_classify(p) for p in article.paras if p.text.strip()]
    b = _Builder(article)
    items = _frame_start(items, article.title, b)
    _validate_leads(items)
    body, closing, signature = _split_end(items)
    b.build(body, 1, None)
    if closing:
        b.emit(0, "", closing, [i.text for i in closing])
    if signature:
        b.emit(0, "", signature, [i.text for i in signature], role="signature")
    _attach_notes(b.sections, article.notes)
    return b.sections


def _attach_notes(sections: list[Section], notes: list[tuple[int, str]]) -> None:
    """What cleaning dropped goes into the notes of the section at or after its line (else the last)."""
    texts = [s for s in sections if s.paragraphs] or sections
    for line, note in notes:
        target = next((s for s in texts if s.lines[1] >= line), texts[-1] if texts else None)
        if target is not None:
            target.notes.append(note)
