"""One file's paragraphs cut into documents, each with its title, finished and repaired."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Para, RawText
from .boilerplate import dropped_notes
from .lines import prepare_lines
from .paragraphs import Item, paragraphs_of
from .repair import Repairs, is_damaged, load_repairs, repair_article
from .shapes import ARABIC, CLOSERS, FINAL, HEAD_MARKER, MARKER, SALUTE, SIGNATURE, is_title_like

_GREETING = re.compile(r"^大家.{0,3}好[！!。]?$")
_CLOSING = re.compile(r"谢谢(?:大家|各位)?[！!。.]?$")


def split_articles(raw: RawText, repairs: Repairs | None = None) -> list[Article]:
    """Clean ``raw`` and return the documents it holds, numbered from 1."""
    repairs = repairs or load_repairs()
    lines = prepare_lines(raw.text, raw.first_line)
    items = paragraphs_of(lines)
    drafts = _Splitter(repairs).split(items)
    articles = []
    for draft in drafts:
        article = _finish(draft, raw.source, raw.first_article + len(articles), repairs)
        if article.paras:
            articles.append(article)
    _attach_notes(articles, dropped_notes(lines))
    return articles


def _attach_notes(articles: list[Article], notes: list[tuple[int, str]]) -> None:
    """Each note goes to the article the dropped line stands in, else the next one (else the last)."""
    for line, note in notes:
        target = next((a for a in articles if line <= a.paras[-1].end), articles[-1] if articles else None)
        if target is not None:
            target.notes.append((line, note))


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
        return nxt is not None and bool(SALUTE.match(nxt.text))

    def _title(self, text: str) -> None:
        """Give the current document its own title, or start a new document under it."""
        if self.current.body or self.current.items:
            self._close()
            self.current = Draft(group=self.group)
        own = self._typo(text)
        group = self.current.group
        self.current.title = group if group and re.sub(r"\s", "", own).endswith(group) else own

    def _starts_new(self, item: Item) -> bool:
        """Another document begins: after a signature or closing, at a salutation, or when numbering
        restarts."""
        cur = self.current
        if not cur.body:
            return False
        if cur.ended and not SIGNATURE.match(item.text):
            return True
        return bool(SALUTE.match(item.text)) or _restarts(cur.items[-1].text, item.text)

    def _add(self, item: Item) -> None:
        """Append a paragraph and note whether it is text, a signature or a closing."""
        cur, text = self.current, item.text
        signature = SIGNATURE.match(text) is not None
        if cur.body and (signature or _CLOSING.search(text)):
            cur.ended = True
        if not (signature or SALUTE.match(text) or _GREETING.match(text)):
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
    a, b = ARABIC.match(prev), ARABIC.match(cur)
    return bool(a and b and int(b.group(1)) == 1 and int(a.group(1)) >= 3)


def _same_start(a: Draft, b: Draft) -> bool:
    """Whether two documents open with the same paragraph (ignoring punctuation)."""
    return re.sub(r"\W", "", a.first()) == re.sub(r"\W", "", b.first())


# ---------------------------------------------------------------- finishing an article


def _finish(draft: Draft, source: str, index: int, repairs: Repairs) -> Article:
    """Turn a draft into an Article: cut-off endings trimmed, final stops added, damage repaired."""
    paras = []
    for item in draft.items:
        text = trim_cut(item.text) if item.cut else item.text
        if text:
            paras.append(Para(add_stop(text), item.start, item.end))
    article = Article(source=source, index=index, title=draft.title or "无标题文稿", paras=paras)
    if is_damaged(article, repairs):
        repair_article(article, repairs)
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
    if HEAD_MARKER.match(text) and len(text) <= 40:
        return text
    if MARKER.match(text) and len(text) <= 25:
        return text
    if SIGNATURE.match(text) or is_title_like(text) or SALUTE.match(text):
        return text
    prose = "，" in text or len(text) >= 25
    return text + "。" if prose else text
