"""Lines that are no part of any document, judged by what they say and how they look.

Around a copied document sit a site's navigation bar and breadcrumbs, meta lines (来源：…
作者：… 浏览：…), reading hints, advertisements, copyright and download lines.  No site's exact
words are listed: a line is judged by features — its words of site furniture, of advertising
and of school work (word lists in corpus/noise.yaml, which a user can extend), the number of
short link-like parts it is cut into, sentence punctuation, a call to click — and by the
whole-line rules of that file.  ``noise_reason`` says why a line goes (the reason is written
into the corpus notes); ``strip_furniture`` takes meta fields and reading hints off a line that
also holds a title ("学校财务工作总结　阅读：1536　时间：2023-01-09").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import config

NOISE_FILE = "noise.yaml"


@dataclass(frozen=True)
class NoiseSettings:
    """The limits the rules below work with."""

    short_line: int = 30  # a site's button or label line is at most this long (characters)
    ad_line: int = 80  # an advertisement is at most this long; longer lines are prose
    nav_parts: int = 3  # a navigation bar has at least this many parts
    nav_part_chars: int = 10  # ... each at most this long
    meta_line: int = 40  # a line opening with one meta field is meta when at most this long


SETTINGS = NoiseSettings()


@dataclass(frozen=True)
class NoiseRules:
    """The word lists and whole-line rules of corpus/noise.yaml, compiled."""

    site: re.Pattern  # 站点用语
    ads: re.Pattern  # 广告用语
    calls: re.Pattern  # 号召用语
    domain: re.Pattern  # 学校工作用语
    meta: re.Pattern  # 信息栏字段, as "field：" at a word start
    lines: tuple[tuple[re.Pattern, str], ...]  # 整行规则: (whole-line pattern, reason)
    collection: str  # 合集用语, as a regular-expression alternation


def load_noise_rules(path: Path | None = None) -> NoiseRules:
    """The rules from ``path``, else corpus/noise.yaml (config.CORPUS_DIR, then the shipped one)."""
    return _rules_for(str(path) if path else "", str(config.CORPUS_DIR))


@lru_cache(maxsize=8)
def _rules_for(path: str, corpus_dir: str) -> NoiseRules:
    """The rules of the first file that exists, looked up once per corpus folder."""
    candidates = (
        [path] if path else [Path(corpus_dir) / NOISE_FILE, config.PROJECT_ROOT / "corpus" / NOISE_FILE]
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return _load_file(str(candidate))
    return _rules_from({})


@lru_cache(maxsize=8)
def _load_file(path: str) -> NoiseRules:
    """Parse a noise.yaml once per process."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        return _rules_from(yaml.safe_load(fh) or {})


def _rules_from(data: dict) -> NoiseRules:
    """Compile the word lists into alternations (longest first) and the line rules."""
    fields = "|".join(map(re.escape, _longest_first(data.get("信息栏字段"))))
    return NoiseRules(
        site=_alternation(data.get("站点用语")),
        ads=_alternation(data.get("广告用语")),
        calls=_alternation(data.get("号召用语")),
        domain=_alternation(data.get("学校工作用语")),
        meta=re.compile(
            rf"(?:^|(?<=[\s|｜(（【\[]))(?:{fields or '(?!)'})\s*(?:[:：]|[|｜丨](?=\s*\S))", re.I
        ),
        lines=tuple((re.compile(str(r["规则"]), re.I), str(r["原因"])) for r in data.get("整行规则") or []),
        collection="|".join(map(re.escape, _longest_first(data.get("合集用语")))) or "(?!)",
    )


def _longest_first(words) -> list[str]:
    return sorted((str(w) for w in words or []), key=len, reverse=True)


def _alternation(words) -> re.Pattern:
    """One case-insensitive pattern matching any of the words (none: matches nothing)."""
    return re.compile("|".join(map(re.escape, _longest_first(words))) or "(?!)", re.I)


# ---------------------------------------------------------------- judging a line

_SENTENCE = re.compile(r"[，。；！？,;!?]")
_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_LINK_SEPARATORS = re.compile(r"\s*(?:[|｜>›»→/]|&gt;)+\s*")
_CONTACT = re.compile(
    r"\d{3,4}-\d{3,4}-\d{3,4}|1[3-9]\d{9}|微信号?\s*[:：]?\s*[A-Za-z][\w-]{4,}|QQ\s*[:：]?\s*\d{5,}"
)
_NAV_LABEL = re.compile(r"^[^，。；：:|>]{1,8}[：:]\s*")
_DATETIME = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2}")


def noise_reason(text: str, rules: NoiseRules) -> str | None:
    """Why a cleaned line is no part of a document (导航栏, 广告 …), or None when it may be."""
    text = text.strip()
    for test, reason in ((_is_meta, "网页信息"), (_is_nav, "导航栏")):
        if test(text, rules):
            return reason
    for pattern, reason in rules.lines:
        if pattern.fullmatch(text):
            return reason
    for test, reason in ((_is_ad, "广告"), (_is_site, "网站用语")):
        if test(text, rules):
            return reason
    return None


def _is_nav(text: str, rules: NoiseRules) -> bool:
    """首页 | 范文 | 工作总结 …, 当前位置：首页 > 工作计划: short parts between link separators,
    perhaps after a label (热门推荐：, 标签：)."""
    if _SENTENCE.search(text):
        return False
    text = _NAV_LABEL.sub("", text)
    linked = [p for p in _LINK_SEPARATORS.split(text) if p]
    if len(linked) >= SETTINGS.nav_parts and _short_parts(linked):
        return True
    spaced = text.split()
    many = len(spaced) >= SETTINGS.nav_parts + 1 or rules.site.search(text)
    return len(spaced) >= SETTINGS.nav_parts and _short_parts(spaced) and bool(many)


def _short_parts(parts: list[str]) -> bool:
    """Every part is a short word or two, as a link's text is (not a lone character or mark)."""
    return all(2 <= len(p) <= SETTINGS.nav_part_chars and _WORDY.search(p) for p in parts)


def _is_meta(text: str, rules: NoiseRules) -> bool:
    """来源：… 作者：… 浏览：…, a date and time stamp, or a short line opening with one field."""
    fields = len(rules.meta.findall(text))
    if fields >= 2 or _DATETIME.match(text):
        return True
    return fields == 1 and rules.meta.match(text) is not None and len(text) <= SETTINGS.meta_line


def _is_ad(text: str, rules: NoiseRules) -> bool:
    """A short line selling something unrelated to school work, usually with a call to click."""
    if len(text) > SETTINGS.ad_line:
        return False
    ads = len(rules.ads.findall(text))
    calls = len(rules.calls.findall(text)) + len(_CONTACT.findall(text))
    domain = len(rules.domain.findall(text))
    if ads and not domain:
        return calls > 0 or ads >= 2
    return ads >= 2 and calls > 0 and domain <= 1


def _is_site(text: str, rules: NoiseRules) -> bool:
    """A short line of a site's buttons and labels (热门文章, 【打印本页】【关闭窗口】)."""
    if len(text) > SETTINGS.short_line or _SENTENCE.search(text):
        return False
    return bool(rules.site.search(text)) and not rules.domain.search(text)


# ---------------------------------------------------------------- furniture on a title's line

_WIDE_GAP = re.compile(r"\s{2,}|\u3000+|\t+")
_HINT = re.compile(
    r"\s*[（(](?![^()（）]*未完)[^()（）]{0,24}(?:阅读|分钟|全文|字数|浏览)[^()（）]{0,24}[)）]\s*$"
)


def strip_furniture(text: str, rules: NoiseRules) -> str:
    """The line without meta fields or a reading hint that share it with real text.

    "学校财务工作总结　　阅读：1536　　时间：2023-01-09" → "学校财务工作总结";
    "学校食堂工作计划（阅读时间约5分钟）" → "学校食堂工作计划".
    """
    if _HINT.search(text) and len(text) <= 80:
        text = _HINT.sub("", text)
    parts = [p for p in _WIDE_GAP.split(text.strip()) if p]
    if len(parts) < 2:
        return text
    kept = [p for p in parts if not (rules.meta.match(p) or noise_reason(p, rules))]
    return " ".join(kept) if kept and len(kept) < len(parts) else text
