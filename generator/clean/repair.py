"""Documents damaged by a faulty simplified→traditional→simplified round trip (效劳 for 服务).

A word like 效劳 or 平安 is also correct Chinese, so an article counts as damaged only when
tell-tale words are frequent and of several kinds; then the substitution table repairs it.
The table is data (corpus/repairs.yaml) so it grows without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import config
from ..model import Article


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


def repair_article(article: Article, repairs: Repairs) -> None:
    """Repair title and paragraphs of a damaged article in place and mark it."""
    article.title = repair_text(article.title, repairs)
    for para in article.paras:
        para.text = repair_text(para.text, repairs)
    article.damaged = True
