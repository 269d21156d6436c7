"""Repeat rules: the same paragraph, sentence or phrase said twice in one document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..sentences import SeenSentences, bigrams, overlap, split_clauses, split_sentences
from .findings import Context, Finding, Para, finding

PARAGRAPH_SHARE = 0.6  # two paragraphs this alike say the same thing
SHORT_PARAGRAPH = 30  # below this many characters, a paragraph repeats another only if
SHORT_SHARE = 0.85  # this alike: short parallel lines share their common words
SENTENCE_SHARE = 0.75  # two sentences this alike say the same thing
ITEM_SHARE = 0.6  # two items of one list this alike are one item twice
MIN_SENTENCE = 12  # shorter sentences repeat naturally (继续做好……工作。)
MIN_CLAUSE = 6
_GENERIC_CLAUSE = re.compile(r"^(?:做好|搞好|抓好|干好|加强|做)[\u4e00-\u9fff]{0,4}工作$")
_PUNCT = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
_LABEL = re.compile(r"^[\w—\-　 ]{1,12}[：:]")  # a line of a schedule or a list: 3月：… / 组长：…


def check(paras: list[Para], ctx: Context) -> Iterator[Finding]:
    """Yield the repeats across a document's paragraphs: a paragraph or a sentence said again."""
    body = [p for p in paras if p.kind == "body"]
    repeated = list(_paragraphs(body))
    yield from repeated
    told = {f.index for f in repeated}
    yield from _sentences([p for p in body if p.index not in told])


def paragraph(para: Para, ctx: Context) -> Iterator[Finding]:
    """Yield the repeats within one paragraph: a phrase twice, an item of a list twice."""
    if para.kind == "body":
        yield from _clauses(para)
        yield from _items(para)


def _paragraphs(body: list[Para]) -> Iterator[Finding]:
    """Paragraphs that say the same as an earlier one; two short ones only when nearly the same
    (责任分工：由办公室牵头… and 责任部门：安全办… are parallel lines, not one line twice)."""
    prints = [(p, bigrams(p.text)) for p in body if len(p.text) >= 20]
    for n, (para, mine) in enumerate(prints):
        earlier = next((p for p, other in prints[:n] if overlap(mine, other) >= _share(para, p)), None)
        if earlier is not None:
            yield finding(
                "repeat.paragraph",
                "段落重复",
                para,
                para.text,
                f"与第 {earlier.index} 段意思重复：删去一段或合并。",
            )


def _share(a: Para, b: Para) -> float:
    """How alike two paragraphs must be to say the same: more so when either is short."""
    return PARAGRAPH_SHARE if min(len(a.text), len(b.text)) >= SHORT_PARAGRAPH else SHORT_SHARE


def _sentences(body: list[Para]) -> Iterator[Finding]:
    """Sentences that repeat one in another paragraph (near-duplicate paragraphs are reported once).

    Each sentence is compared only with the earlier ones it shares a character pair with, found
    through an index of pairs, not with every earlier sentence."""
    seen = SeenSentences()
    for para in body:
        for sentence in split_sentences(para.text):
            if len(_PUNCT.sub("", sentence)) < MIN_SENTENCE:
                continue
            earlier = seen.alike(sentence, SENTENCE_SHARE, other_than=para)
            if earlier is not None:
                yield finding(
                    "repeat.sentence",
                    "句子重复",
                    para,
                    sentence,
                    f"这句话与第 {earlier.index} 段中的一句意思重复：删去其一。",
                )
                break
            seen.add(sentence, para)


def _clauses(para: Para) -> Iterator[Finding]:
    """The same phrase twice within one paragraph (当好家理好财…当好家理好财)."""
    seen: list[str] = []
    for clause in (c for s in split_sentences(para.text) for c in split_clauses(s)):
        key = re.sub(r"^(?:同时|并且|并|也|还|要|又)+", "", _PUNCT.sub("", clause))
        if (
            len(key) >= MIN_CLAUSE
            and not _GENERIC_CLAUSE.match(key)
            and any(key in o or o in key for o in seen)
        ):
            yield finding(
                "repeat.clause", "短语重复", para, para.text, f"“{key}”在同一段中说了两次：删去一处。", key
            )
            return
        if len(key) >= MIN_CLAUSE:
            seen.append(key)


def _items(para: Para) -> Iterator[Finding]:
    """The same item twice in a list written on one labelled line (a month of a schedule)."""
    label = _LABEL.match(para.text)
    if not label:
        return  # a list in a sentence (抓好……；建立……；) names parallel things, not one thing twice
    items = [i for i in re.split(r"[；;]", para.text[label.end() :]) if len(i) >= 6]
    prints = [bigrams(i) for i in items]
    for n in range(1, len(items)):
        if any(overlap(prints[n], prints[m]) >= ITEM_SHARE for m in range(n)):
            yield finding(
                "repeat.item", "事项重复", para, items[n], "同一行中两项工作说的是一件事：删去一项。"
            )
            return
