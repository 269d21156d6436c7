"""The corpus's word lists that say where a text fits and how to copy-edit it.

``fit.yaml`` lists cue words for stages, settings, boarding and voices; ``copyedit.yaml`` the
typos, superseded names and dated formulas of the corpus. Both are files a user edits in the
corpus folder. Ingest (tag, clean) and the document check read them through this module, so
a rule added once serves both. Loaded once per folder and process; standard library and PyYAML.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import CORPUS_DIR, PROJECT_ROOT
from .errors import CorpusError

FIT_FILE = "fit.yaml"
COPYEDIT_FILE = "copyedit.yaml"
LEVELS = ("幼儿园", "小学", "初中", "高中", "中职")
VOICES = ("上级", "个人", "下属", "讲话", "学生")
SETTINGS = ("城市", "县城", "农村")


_SOLVING = re.compile(r"(?:解决|处理|发现|反映|研究|排查|整改)[^。，；]{0,10}(?:问题|困难|隐患)")


@dataclass(frozen=True)
class CueGroup:
    """Words that limit a text to some values (stages, settings) wherever one of them occurs."""

    words: tuple[str, ...]
    allowed: frozenset[str]


@dataclass(frozen=True, eq=False)
class FitWords:
    """The cue words of fit.yaml (loaded once per file: equal and hashed by identity, so a check's
    context that holds them can key a cache)."""

    stages: tuple[CueGroup, ...] = ()
    settings: tuple[CueGroup, ...] = ()
    boarding: tuple[str, ...] = ()
    voices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    functions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    masks: tuple[str, ...] = ()  # words blanked before looking for cues (提高 hides the 高一 of 提高一步)
    wording: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # stage → (原, 新)

    def worded(self, text: str, stage: str) -> str:
        """The text in a stage's own words (学生 → 幼儿 for a kindergarten), per fit.yaml's 用语."""
        for old, new in self.wording.get(stage, ()):
            text = text.replace(old, new)
        return text

    def names_problem(self, text: str) -> bool:
        """True when a text states a shortcoming (not merely 及时解决…问题, a task)."""
        return bool(self.find(_SOLVING.sub("", text), self.functions.get("问题", ())))

    def find(self, text: str, words: tuple[str, ...]) -> list[str]:
        """Return the cue words of ``words`` in a text, after blanking the masking words."""
        return list(_found(text, words, self.masks)) if words else []


@functools.lru_cache(maxsize=65536)
def _found(text: str, words: tuple[str, ...], masks: tuple[str, ...]) -> tuple[str, ...]:
    """The cue words of ``words`` in a text. Remembered: a batch's documents share most sentences,
    and the check asks each sentence for every cue group (this halves the check of a batch)."""
    masked = _masked(text, masks)
    return tuple(w for w in words if w in masked) if _any_of(words).search(masked) else ()


@functools.lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list: a text without any of them is passed over in one search."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@functools.lru_cache(maxsize=4096)
def _masked(text: str, masks: tuple[str, ...]) -> str:
    """The text with the masking words blanked (asked once per sentence for every cue group)."""
    return _any_of(masks).sub(lambda m: "\0" * len(m[0]), text) if masks else text


@dataclass(frozen=True)
class Edit:
    """One copy-edit: ``old`` becomes ``new``; ``note`` says which list it came from."""

    old: str
    new: str
    note: str


@dataclass(frozen=True)
class Barred:
    """A dated formula: a sentence holding ``word`` is dropped, for ``reason``."""

    word: str
    reason: str


@dataclass(frozen=True, eq=False)
class CopyEdits:
    """The lists of copyedit.yaml (equal and hashed by identity, as FitWords)."""

    edits: tuple[Edit, ...] = ()
    barred: tuple[Barred, ...] = ()


def _path(corpus_dir: Path | None, name: str) -> Path:
    """Return the corpus's own file, else the shipped one (a new corpus folder has none)."""
    for folder in (corpus_dir, CORPUS_DIR, PROJECT_ROOT / "corpus"):
        if folder is not None and (Path(folder) / name).is_file():
            return Path(folder) / name
    raise CorpusError(f"找不到素材库的词表文件“{name}”，请从项目自带的 corpus/ 中复制一份到素材库目录。")


def _read(path: Path) -> dict:
    """Parse a YAML word list, naming the file in any error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise CorpusError(f"词表文件“{path}”无法读取或格式有误：{err}。请检查冒号、引号和缩进。") from err
    if not isinstance(data, dict):
        raise CorpusError(f"词表文件“{path}”应为“名称: 内容”的形式。")
    return data


def fit_words(corpus_dir: Path | None = None) -> FitWords:
    """Return the cue words of the corpus's fit.yaml."""
    return _fit_words(_path(corpus_dir, FIT_FILE))


@functools.lru_cache(maxsize=8)
def _fit_words(path: Path) -> FitWords:
    data = _read(path)
    boarding = data.get("寄宿") or {}
    return FitWords(
        stages=tuple(_groups(data.get("学段"), path, "学段", LEVELS)),
        settings=tuple(_groups(data.get("城乡"), path, "城乡", SETTINGS)),
        boarding=_words(boarding.get("词") if isinstance(boarding, dict) else boarding, path, "寄宿"),
        voices={k: _words(v, path, f"口吻/{k}") for k, v in (data.get("口吻") or {}).items()},
        functions={k: _words(v, path, f"作用/{k}") for k, v in (data.get("作用") or {}).items()},
        masks=_words(data.get("不算"), path, "不算"),
        wording={k: _replacements(v, path, f"用语/{k}") for k, v in (data.get("用语") or {}).items()},
    )


def _replacements(items: object, path: Path, name: str) -> tuple[tuple[str, str], ...]:
    """A list of {原: …, 新: …} entries, in the order written (a longer 原 first)."""
    if not isinstance(items, list):
        raise CorpusError(f"词表文件“{path}”中“{name}”应为列表，例如 [{{原: 学生, 新: 幼儿}}]。")
    return tuple(_pair(e, "原", "新", path) for e in items)


def _groups(items: object, path: Path, name: str, values: tuple[str, ...]) -> list[CueGroup]:
    """Parse a list of {适用: [...], 词: [...]} entries, checking the values against ``values``."""
    groups = []
    for n, item in enumerate(items or [], 1):
        if not isinstance(item, dict):
            raise CorpusError(f"词表文件“{path}”中“{name}”的第 {n} 项应写“适用”和“词”。")
        allowed = frozenset(_words(item.get("适用"), path, name))
        unknown = allowed - set(values)
        if unknown:
            raise CorpusError(
                f"词表文件“{path}”中“{name}”的第 {n} 项有未知的值：{'、'.join(sorted(unknown))}。"
            )
        groups.append(CueGroup(_words(item.get("词"), path, name), allowed))
    return groups


def _words(items: object, path: Path, name: str) -> tuple[str, ...]:
    """A list of words, as strings."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise CorpusError(f"词表文件“{path}”中“{name}”应为列表，例如 [词一, 词二]。")
    return tuple(str(w).strip() for w in items if str(w).strip())


def copy_edits(corpus_dir: Path | None = None) -> CopyEdits:
    """Return the lists of the corpus's copyedit.yaml."""
    return _copy_edits(_path(corpus_dir, COPYEDIT_FILE))


@functools.lru_cache(maxsize=8)
def _copy_edits(path: Path) -> CopyEdits:
    data = _read(path)
    fixes = data.get("改正") or []
    edits = [Edit(*_pair(e, "错", "正", path), str(e.get("原因") or "错别字")) for e in fixes]
    edits += [Edit(*_pair(e, "旧", "新", path), "过时的名称") for e in data.get("替换") or []]
    barred = [Barred(*_pair(e, "词", "原因", path)) for e in data.get("删") or []]
    edits.sort(key=lambda e: -len(e.old))  # the longest first, so a specific entry wins
    return CopyEdits(tuple(edits), tuple(barred))


def _pair(entry: object, a: str, b: str, path: Path) -> tuple[str, str]:
    """The two fields of one entry, both required."""
    if not isinstance(entry, dict) or not entry.get(a) or entry.get(b) is None:
        raise CorpusError(f"词表文件“{path}”中有一项应写“{a}”和“{b}”：{entry}。")
    return str(entry[a]), str(entry[b])


# 帐 is the standard character only in 帐篷, 蚊帐 and the like; accounts are written 账.
_ZHANG = re.compile(r"帐(?![篷幕子幔])(?<!蚊帐)(?<!营帐)(?<!罗帐)")
# 〔〕 belongs to a document number (〔2024〕7号) only.
_HEXAGON = re.compile(r"〔(?!\d{4}〕)([^〔〕]{0,20})〕")
# Titles in a row take no 顿号 between them: 《甲》《乙》, not 《甲》、《乙》 (GB/T 15834).
TITLE_COMMA = re.compile(r"》、(?=《)")


def apply_edits(text: str, edits: CopyEdits) -> tuple[str, list[str]]:
    """Return the text copy-edited, and a note for each change."""
    notes = []
    for edit in edits.edits:
        if edit.old in text and edit.old != edit.new:
            text = text.replace(edit.old, edit.new)
            notes.append(f"{edit.note}：“{edit.old}”改为“{edit.new}”")
    rules = (
        (_ZHANG, "账", "“帐”统一为“账”"),
        (_HEXAGON, r"（\1）", "“〔〕”改为“（）”"),
        (TITLE_COMMA, "》", "并列的书名号之间去掉顿号"),
    )
    for pattern, new, note in rules:
        text, n = pattern.subn(new, text)
        if n:
            notes.append(note)
    return text, notes


def barred_in(text: str, edits: CopyEdits) -> Barred | None:
    """Return the dated formula a text holds, or None."""
    return next((b for b in edits.barred if b.word in text), None)


def cues(text: str, words: tuple[str, ...]) -> list[str]:
    """Return the cue words that occur in a text."""
    return [w for w in words if w in text]
