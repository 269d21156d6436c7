"""The corpus on disk: one UTF-8 YAML file per source under ``corpus/sections/``.

YAML with one paragraph per line diffs well and a person can read and correct it. The
whole ``sections/`` folder is written to a temporary folder and swapped in with renames,
so a crash never leaves a half-written corpus; ``load`` recovers from an interrupted swap.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path

import yaml

from .config import CORPUS_DIR, FUNCTIONS, KINDS, MOODS, PLACEHOLDERS, ROLES
from .errors import CorpusError
from .fsutil import atomic_write_bytes
from .lexicon import LEVELS, SETTINGS
from .model import Condition, Corpus, Fit, Section, SourceInfo, Topic

SECTIONS = "sections"
_OLD = ".sections.old"
_TMP_PREFIX = ".sections."  # a save writes into .sections.XXXX before the swap
_CACHE = ".cache/corpus.pickle"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SECTION_KEYS = [f.name for f in fields(Section)]
_FIT_KEYS = [f.name for f in fields(Fit)]
_FIT_DEFAULTS = asdict(Fit())
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,12})\}")

# ---------------------------------------------------------------- load


def exists(corpus_dir: Path) -> bool:
    """True when ``corpus_dir`` holds a stored corpus (or an interrupted swap of one)."""
    return (corpus_dir / SECTIONS).is_dir() or (corpus_dir / _OLD).is_dir()


def load(corpus_dir: Path = CORPUS_DIR) -> Corpus:
    """Read every per-source file; raise CorpusError naming the file on a schema error.

    Parsing YAML costs ~0.1 s, a third of a document's budget, so the parsed corpus is
    kept in ``.cache/`` keyed by the files' sizes and times and reused while they hold.
    """
    folder = _sections_dir(corpus_dir)
    files = sorted(folder.glob("*.yaml")) if folder else []
    model_file = Path(__file__).with_name("model.py")  # a changed data model invalidates the cache
    key = _cache_key(files + [p for p in [_dictionary_file(corpus_dir, "topics.yaml")] if p] + [model_file])
    cached = _read_cache(corpus_dir, key)
    if cached is not None:
        return cached
    corpus = Corpus(topics=load_topics(corpus_dir))
    for path in files:
        info, sections = _read_source_file(path)
        corpus.sources.append(info)
        corpus.sections.extend(sections)
    _write_cache(corpus_dir, key, corpus)
    return corpus


def _cache_key(paths: list[Path]) -> list:
    return [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]


def _read_cache(corpus_dir: Path, key: list) -> Corpus | None:
    """The pickled corpus if it was made from exactly these files, else None."""
    try:
        with open(corpus_dir / _CACHE, "rb") as fh:
            stored_key, corpus = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        return None
    return corpus if stored_key == key else None


def _write_cache(corpus_dir: Path, key: list, corpus: Corpus) -> None:
    """Best effort: a read-only corpus folder simply goes without a cache."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(corpus_dir / _CACHE, pickle.dumps((key, corpus), protocol=pickle.HIGHEST_PROTOCOL))


def _sections_dir(corpus_dir: Path) -> Path | None:
    """The live sections folder, falling back to the old one left by an interrupted swap."""
    for name in (SECTIONS, _OLD):
        if (corpus_dir / name).is_dir():
            return corpus_dir / name
    return None


def _read_source_file(path: Path) -> tuple[SourceInfo, list[Section]]:
    """Parse one per-source YAML file into its SourceInfo and sections."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        titles = {a["id"]: a["title"] for a in data["articles"]}
        info = SourceInfo(data["source"], data["sha256"], data["encoding"], list(titles.values()))
        return info, [_section(d, data["source"], titles) for d in data["sections"]]
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise CorpusError(f"素材库文件“{path}”格式有误（{err}），请修正该文件或重新导入素材。") from err


def _section(d: dict, source: str, titles: dict[str, str]) -> Section:
    """Build a Section from its stored mapping; derived fields are filled back in."""
    d = dict(d)
    d["source"] = source
    d["article_title"] = titles.get(d["article"], "")
    d["lines"] = tuple(d["lines"])
    d["tokens"] = [sys.intern(t) for t in (d.get("tokens") or "").split()]  # a few thousand distinct words
    d["fit"] = _fit(d.get("fit") or {})
    d["conditions"] = [_condition(c) for c in d.get("conditions") or []]
    return Section(**{k: v for k, v in d.items() if k in _SECTION_KEYS})


def _fit(d: dict) -> Fit:
    """A Fit from its stored mapping (keys left out keep their defaults)."""
    return Fit(**{k: v for k, v in d.items() if k in _FIT_KEYS})


def _condition(d: dict) -> Condition:
    """A Condition from its stored mapping: where it is, what it says, and its fit."""
    return Condition(int(d["para"]), int(d.get("sentence", -1)), str(d["text"]), _fit(d))


def load_topics(corpus_dir: Path = CORPUS_DIR) -> list[Topic]:
    """The domain topics: the corpus folder's own topics.yaml, else the built-in one."""
    path = _dictionary_file(corpus_dir, "topics.yaml")
    if path is None:
        return []
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
    return [Topic(t["name"], list(t.get("aliases") or []), list(t.get("keywords") or [])) for t in data]


def userdict(corpus_dir: Path = CORPUS_DIR) -> Path | None:
    """The jieba user dictionary of domain words kept beside the corpus."""
    return _dictionary_file(corpus_dir, "userdict.txt")


def _dictionary_file(corpus_dir: Path, name: str) -> Path | None:
    for folder in (corpus_dir, CORPUS_DIR):
        if (folder / name).is_file():
            return folder / name
    return None


# ---------------------------------------------------------------- save


def save(corpus: Corpus, corpus_dir: Path = CORPUS_DIR) -> None:
    """Write all per-source files into a fresh folder, then swap it in (the caller holds the
    corpus lock, so the temporary folders a killed save left behind are removed first)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    clear_leftovers(corpus_dir)
    tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=corpus_dir))
    names = file_names([info.name for info in corpus.sources])
    by_source: dict[str, list[Section]] = {}
    for section in corpus.sections:
        by_source.setdefault(section.source, []).append(section)
    try:
        for info in corpus.sources:
            text = dump_source(info, by_source.get(info.name, []))
            (tmp / names[info.name]).write_text(text, encoding="utf-8")
        _swap(tmp, corpus_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def file_names(sources: list[str]) -> dict[str, str]:
    """Each source's YAML file in sections/: its base name where that is its own (plan.md →
    plan.yaml), else its whole name (总结.docx and 总结.txt → 总结.docx.yaml and 总结.txt.yaml),
    numbered where even that is taken; compared ignoring case, as Windows and macOS do."""
    stems = Counter(Path(name).stem.casefold() for name in sources)
    taken: set[str] = set()
    names: dict[str, str] = {}
    for name in sources:
        base = Path(name).stem if stems[Path(name).stem.casefold()] == 1 else name
        candidate, n = base, 2
        while candidate.casefold() in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate.casefold())
        names[name] = f"{candidate}.yaml"
    return names


def leftovers(corpus_dir: Path) -> list[Path]:
    """What an interrupted save or copy left: temporary sections folders (.sections.XXXX, and
    .sections.old beside a live sections/) and half-copied sources (.<name>.<random>.tmp)."""
    found = [p for p in corpus_dir.glob(_TMP_PREFIX + "*") if p.is_dir() and p.name != _OLD]
    if (corpus_dir / SECTIONS).is_dir() and (corpus_dir / _OLD).is_dir():
        found.append(corpus_dir / _OLD)
    found += (corpus_dir / "sources").glob(".*.tmp")
    return sorted(found)


def clear_leftovers(corpus_dir: Path) -> None:
    """Remove what leftovers() finds; only under the corpus lock, when no save is running."""
    for path in leftovers(corpus_dir):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _swap(tmp: Path, corpus_dir: Path) -> None:
    """Replace sections/ by ``tmp`` with renames; load() reads .sections.old in between."""
    live, old = corpus_dir / SECTIONS, corpus_dir / _OLD
    if old.exists() and live.exists():
        shutil.rmtree(old)
    if live.exists():
        live.rename(old)
    tmp.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def dump_source(info: SourceInfo, sections: list[Section]) -> str:
    """One source's YAML text: paragraphs one per line, keys in a fixed order."""
    articles = sorted({(s.article, s.article_title) for s in sections}, key=lambda a: int(a[0][1:]))
    data = {
        "source": info.name,
        "sha256": info.sha256,
        "encoding": info.encoding,
        "articles": [{"id": a, "title": t} for a, t in articles],
        "sections": [_stored(s) for s in sections],
    }
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def _stored(s: Section) -> dict:
    """The mapping stored for a section (source and article title live at file level)."""
    d = {k: getattr(s, k) for k in _SECTION_KEYS if k not in ("source", "article_title")}
    d["lines"] = list(s.lines)
    d["tokens"] = " ".join(s.tokens)
    d["fit"] = asdict(s.fit)
    d["conditions"] = [_stored_condition(c) for c in s.conditions]
    return d


def _stored_condition(c: Condition) -> dict:
    """A condition as stored: where, what, and only the fit values that limit it."""
    limits = {k: v for k, v in asdict(c.fit).items() if v != _FIT_DEFAULTS[k]}
    return {"para": c.para, "sentence": c.sentence, "text": c.text, **limits}


# ---------------------------------------------------------------- inspect


def export(corpus: Corpus) -> Iterator[dict]:
    """One plain mapping per section for ``corpus export``: the fields a reviewer reads first."""
    for s in corpus.sections:
        yield {
            "id": s.id,
            "source": s.source,
            "article": s.article,
            "article_title": s.article_title,
            "lines": list(s.lines),
            "level": s.level,
            "heading": s.heading,
            "text": s.text,
            "role": s.role,
            "topics": s.topics,
            "kinds": s.kinds,
            "mood": s.mood,
            "placeholders": s.placeholders,
            "reusable": s.reusable,
            "dup_group": s.dup_group,
            "marker": s.marker,
            "parent": s.parent,
            "paragraphs": s.paragraphs,
            "notes": s.notes,
            "fit": asdict(s.fit),
            "conditions": [_stored_condition(c) for c in s.conditions],
        }


def stats(corpus: Corpus) -> dict:
    """Counts a person wants to see before trusting the corpus."""
    secs = corpus.sections
    return {
        "来源文件": len(corpus.sources),
        "文章": len({(s.source, s.article) for s in secs}),
        "段落节": len(secs),
        "可复用": sum(s.reusable for s in secs),
        "近似重复组": len({s.dup_group for s in secs if s.dup_group}),
        "汉字数": sum(s.chars for s in secs),
        "按作用": dict(Counter(ROLES.get(s.role, s.role) for s in secs).most_common()),
        "按主题": dict(Counter(t for s in secs for t in s.topics).most_common()),
        "按文种": dict(Counter(KINDS.get(k, k) for s in secs for k in s.kinds).most_common()),
    }


def search(corpus: Corpus, query: str = "", role: str = "", topic: str = "") -> list[Section]:
    """Sections whose heading or text contains every word of ``query``, filtered by role/topic."""
    words = query.split()
    wanted = resolve_topic(corpus, topic) if topic else set()
    return [
        s
        for s in corpus.sections
        if (not role or s.role == role)
        and (not topic or wanted & set(s.topics))
        and all(w in s.heading + s.text for w in words)
    ]


def resolve_topic(corpus: Corpus, word: str) -> set[str]:
    """Topic names meant by what a user typed: a name, an alias, else names containing it."""
    exact = {t.name for t in corpus.topics if word == t.name or word in t.aliases}
    return exact or {t.name for t in corpus.topics if word in t.name}


def check(corpus: Corpus, corpus_dir: Path = CORPUS_DIR) -> list[str]:
    """Schema and consistency problems, as Chinese sentences; empty when all is well."""
    problems: list[str] = []
    seen: set[str] = set()
    topic_names = {t.name for t in corpus.topics}
    for s in corpus.sections:
        problems.extend(_check_section(s, seen, topic_names))
        seen.add(s.id)
    for info in corpus.sources:
        if not (corpus_dir / "sources" / info.name).is_file():
            problems.append(f"来源文件“{info.name}”不在 {corpus_dir / 'sources'} 中。")
    problems.extend(_check_files(corpus, corpus_dir))
    return problems


def _check_files(corpus: Corpus, corpus_dir: Path) -> Iterator[str]:
    """Raw copies no stored source names, and what an interrupted save left behind."""
    known = {info.name for info in corpus.sources}
    folder = corpus_dir / "sources"
    raw = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    for name in raw:
        if name not in known and not name.startswith("."):
            yield (
                f"来源文件“{name}”在 {folder} 中，素材库里却没有它的段落节（导入未完成或被覆盖）："
                "请重新导入该文件，或运行 corpus rebuild。"
            )
    for path in leftovers(corpus_dir):
        yield f"“{path}”是一次被中断的保存留下的临时文件，下次导入时会自动删除（也可以直接删除）。"


def _check_section(s: Section, seen: set[str], topic_names: set[str]) -> Iterator[str]:
    """Every rule a stored section must satisfy."""
    where = f"段落节 {s.id}"
    if s.id in seen:
        yield f"{where}：编号重复。"
    if s.role not in ROLES:
        yield f"{where}：作用“{s.role}”不在允许的列表中（{'、'.join(ROLES)}）。"
    if not s.topics or (topic_names and not set(s.topics) <= topic_names):
        yield f"{where}：主题为空或不在 topics.yaml 中：{s.topics}。"
    if not set(s.kinds) <= set(KINDS) or not s.kinds:
        yield f"{where}：适用文种有误：{s.kinds}。"
    if s.mood not in MOODS:
        yield f"{where}：语气“{s.mood}”应为 {'、'.join(MOODS)} 之一。"
    if not (0 < s.lines[0] <= s.lines[1]):
        yield f"{where}：行号范围 {list(s.lines)} 无效。"
    yield from _check_placeholders(s, where)
    yield from _check_fit(s, where)


FIT_VALUES = {
    "voice": ("school", "leader", "subordinate", "students"),
    "function": ("", *FUNCTIONS),
    "tense": ("", "done", "todo"),
}


def _check_fit(s: Section, where: str) -> Iterator[str]:
    """Fit values must be known words; a condition must still match its paragraph."""
    for name, allowed in FIT_VALUES.items():
        if getattr(s.fit, name) not in allowed:
            choices = "、".join(a or "（空）" for a in allowed)
            yield f"{where}：fit.{name}“{getattr(s.fit, name)}”应为 {choices} 之一。"
    unknown = set(s.fit.stages) - set(LEVELS) | set(s.fit.settings) - set(SETTINGS)
    if unknown:
        yield f"{where}：fit 中有未知的学段或城乡：{'、'.join(sorted(unknown))}。"
    for c in s.conditions:
        if c.para >= len(s.paragraphs) or c.text not in s.paragraphs[c.para]:
            yield (
                f"{where}：条件“{c.text[:20]}…”与第 {c.para + 1} 段的文字不符"
                "（段落改过后请一并修改或删去该条件）。"
            )


def _check_placeholders(s: Section, where: str) -> Iterator[str]:
    """Placeholders in text must be known fields and listed in ``placeholders``."""
    used = set(_PLACEHOLDER.findall(s.heading + s.text))
    unknown = used - set(PLACEHOLDERS)
    if unknown:
        yield f"{where}：未知占位符 {sorted(unknown)}。"
    if used - unknown != set(s.placeholders):
        yield f"{where}：占位符列表 {s.placeholders} 与正文中的 {sorted(used)} 不一致。"
