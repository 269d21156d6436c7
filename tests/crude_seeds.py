"""A crude split of the seed files into Sections, for testing tag and dedup on real text.

It stands in for clean/segment (written separately) so these tests see the genre's real
wording: one article per collection label, one section per numbered line, each preamble
line a section of its own, traditional text converted and pinyin glosses removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.model import Section, Topic

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_LABEL = re.compile(
    r"^(篇\d+[：:]|第[一二三四五六七八九十]+篇[：:]|.{2,20}[（(][一二三四五六七八九十]+[)）][：:])\s*(.*)$"
)
_JUNK = re.compile(
    r"精选|小编|仅供参考|您可能关注|举报|人还看了|原创力|文档评论|发布于|千字|页$|^- |^\d+$|^\s*$"
)
_CN = "一二三四五六七八九十"
_MARKERS = (
    (1, re.compile(rf"^[{_CN}]+[、，,.]\s*")),
    (2, re.compile(rf"^[（(][{_CN}]+[)）]、?\s*")),
    (3, re.compile(r"^[\d１２３４５６７８９０]+[、.．]\s*")),
    (4, re.compile(r"^[（(]\d+[)）]、?\s*|^[⑴⑵⑶⑷⑸⑹①②③④⑤⑥]\s*")),
    (5, re.compile(rf"^第[{_CN}]+[，,.]\s*")),
)


def load_topics(path: Path = ROOT / "corpus" / "topics.yaml") -> list[Topic]:
    """The topics file as list[Topic] (the format store.py reads)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Topic(t["name"], list(t.get("aliases") or []), list(t.get("keywords") or [])) for t in data]


def seed_lines(path: Path) -> list[str]:
    """The file's lines, simplified and without pinyin glosses when it is traditional."""
    text = path.read_text(encoding="utf-8")
    if "學" in text or "們" in text:
        import opencc

        text = _PINYIN.sub("", opencc.OpenCC("t2s").convert(text))
    return text.splitlines()


def split_seed(path: Path) -> list[Section]:
    """Sections of one seed file, crudely: see the module docstring."""
    sections: list[Section] = []
    article, title, parents = 0, "", {}
    for n, raw in enumerate(seed_lines(path), 1):
        line = raw.strip()
        if _JUNK.search(line):
            continue
        label = _LABEL.match(line)
        if label or article == 0 or _is_title(line) or _after_signature(sections, article):
            article, parents = article + 1, {}
            title = (
                ((label.group(2) if label else "") or line)
                if (label or article == 1 or _is_title(line))
                else title
            )
            if label or _is_title(line) or article == 1:
                continue
        last = sections[-1] if sections else None
        if last and last.article == f"a{article}" and last.heading and not _numbered(line):
            last.paragraphs.append(line)
            last.lines = (last.lines[0], n)
            continue
        sections.append(_section(path, article, title, n, line, len(sections), parents))
    return sections


_KIND_TITLE = re.compile(r"(计划|总结|总计|汇报|方案|讲话|讲话稿|感想|发言)$")
_SIGNATURE = re.compile(r"^\S{2,20}\s*(\d{4}|[二〇○0]{4})年\S{1,3}月\S*$")


def _is_title(line: str) -> bool:
    """A document title: short, unnumbered, ending in the name of a kind (……工作计划)."""
    return len(line) <= 40 and not _numbered(line) and bool(_KIND_TITLE.search(line))


def _after_signature(sections: list[Section], article: int) -> bool:
    """A new document starts after a signature line (school and date)."""
    last = sections[-1] if sections else None
    return bool(last and last.article == f"a{article}" and _SIGNATURE.match(last.text.strip()))


def _numbered(line: str) -> bool:
    return any(p.match(line) for _, p in _MARKERS)


def _section(path: Path, article: int, title: str, n: int, line: str, index: int, parents: dict) -> Section:
    """One section from one line: a numbered point, or a plain paragraph at level 0."""
    level, rest = 0, line
    for lvl, pattern in _MARKERS:
        if pattern.match(line):
            level, rest = lvl, pattern.sub("", line, count=1)
            break
    short = level and len(rest) <= 30 and "。" not in rest.rstrip("。")
    heading, paras = (rest.rstrip("。：:"), []) if short else ("", [rest])
    sid = f"{path.stem}-a{article}-s{index:03d}"
    parent = (
        next((parents[k] for k in sorted(parents, reverse=True) if 0 < k < level), None) if level else None
    )
    if level:
        parents[level] = sid
        for k in [k for k in parents if k > level]:
            del parents[k]
    return Section(sid, path.name, f"a{article}", title, (n, n), level, heading, paras, parent=parent)


def all_seed_sections() -> list[Section]:
    """Every seed file split crudely, in file order."""
    out: list[Section] = []
    for path in sorted(SOURCES.glob("*.txt")):
        out.extend(split_seed(path))
    return out
