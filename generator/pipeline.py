"""The only place where stages are composed: ingest() and generate().

Stage modules never import each other; this module wires them together so each stage
can be tested on its own and replaced without touching the others.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import store
from .config import CORPUS_DIR, KINDS, SCHOOL_ITEM, TEMPLATES_DIR, TEXT_CACHE, VERSION
from .corpus_lock import corpus_locked, not_writable
from .errors import CorpusError, InputError
from .fsutil import atomic_write_bytes
from .model import Corpus, Document, Outline, Request, Section, SourceInfo, Topic, count_chinese
from .skipped import folder_notes

if TYPE_CHECKING:
    from .selection import SelectionIndex

# ---------------------------------------------------------------- ingest


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)  # source names newly ingested
    unchanged: list[str] = field(default_factory=list)  # already in the corpus, same content
    errors: list[str] = field(default_factory=list)  # Chinese messages, one per failed file
    sections: int = 0
    skipped: list[str] = field(default_factory=list)  # files of the folders given left out, and why


def ingest(paths: list[Path], corpus_dir: Path = CORPUS_DIR, progress=None, on_wait=None) -> IngestResult:
    """Read, clean, segment, anonymize and tag files, then store the corpus atomically; under the
    corpus lock (``on_wait`` hears it when another ingest holds it)."""
    with corpus_locked(corpus_dir, on_wait):
        corpus = (
            store.load(corpus_dir)
            if store.exists(corpus_dir)
            else Corpus(topics=store.load_topics(corpus_dir))
        )
        return _ingest_into(corpus, paths, corpus_dir, progress)


def rebuild(corpus_dir: Path = CORPUS_DIR, progress=None, on_wait=None) -> IngestResult:
    """Rebuild the whole corpus from corpus/sources/ (after the cleaning rules changed)."""
    with corpus_locked(corpus_dir, on_wait):
        fresh = Corpus(topics=store.load_topics(corpus_dir))
        return _ingest_into(fresh, [corpus_dir / "sources"], corpus_dir, progress)


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest is: which file of how many, and how far into that file."""

    path: Path
    file: int  # 1-based number of the file being read
    files: int  # files to read in all
    done: float  # share of this file done, 0 to 1


# Documents of one file anonymized and tagged together: names found in one are looked for in
# the others (two versions of one school's plan), and a large collection is worked through and
# reported a group at a time.
ARTICLES_PER_GROUP = 20


def _ingest_into(corpus: Corpus, paths: list[Path], corpus_dir: Path, progress) -> IngestResult:
    """Add every readable file under ``paths`` to ``corpus``, regroup duplicates, save."""
    from . import dedup, read

    result = IngestResult()
    files, result.errors = read.collect(paths)
    result.skipped, empty = folder_notes(paths, files)
    result.errors += empty
    fresh: dict[str, tuple[SourceInfo, list[Section]]] = {}  # stored name -> new source, in file order
    known = {s.sha256: s.name for s in corpus.sources}  # content digest -> stored name
    stems = {Path(s.name).stem.casefold(): s.name for s in corpus.sources}  # base name -> stored name
    for number, path in enumerate(files, start=1):
        report = _reporter(progress, path, number, len(files))
        report(0.0)
        _ingest_one(path, corpus, corpus_dir, result, fresh, known, stems, report)
        report(1.0)
    corpus.sources = [s for s in corpus.sources if s.name not in fresh] + [i for i, _ in fresh.values()]
    kept = [s for s in corpus.sections if s.source not in fresh]
    corpus.sections = kept + [s for _, sections in fresh.values() for s in sections]
    dedup.group_duplicates(corpus.sections)
    store.save(corpus, corpus_dir)
    result.sections = len(corpus.sections)
    return result


def _reporter(progress, path: Path, number: int, total: int):
    """A function taking the share of the file done, calling ``progress`` with the whole picture."""
    if progress is None:
        return lambda done: None
    return lambda done: progress(IngestProgress(path, number, total, done))


def _ingest_one(
    path: Path,
    corpus: Corpus,
    corpus_dir: Path,
    result: IngestResult,
    fresh: dict,
    known: dict,
    stems: dict,
    report,
) -> None:
    """Ingest one file into ``fresh`` unless a file with the same content is ``known`` already;
    ``stems`` holds the stored names by base name (see _store_source)."""
    from . import read

    try:
        raw = read.read_file(path)
    except InputError as err:
        result.errors.append(str(err))
        return
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest in known:
        result.unchanged.append(known[digest])
        return
    raw.source = _store_source(path, corpus_dir, stems)
    sections, articles = build_sections(raw, corpus.topics, store.userdict(corpus_dir), corpus_dir, report)
    if not sections:
        result.errors.append(f"文件“{path}”中没有找到可用的正文段落，已跳过。")
        return
    fresh[raw.source] = (SourceInfo(raw.source, digest, raw.encoding, [a.title for a in articles]), sections)
    known[digest] = raw.source
    result.added.append(raw.source)
    _copy_source(path, corpus_dir / "sources" / raw.source)


def build_sections(
    raw, topics: list[Topic], userdict: Path | None, corpus_dir: Path | None = None, report=None
) -> tuple[list[Section], list]:
    """Run clean → segment → anonymize → revise → tag on one decoded file (no storage);
    ``corpus_dir`` holds the word lists revise and tag read (fit.yaml, copyedit.yaml).

    A large file goes through a block of whole documents at a time, and the documents of a
    block ARTICLES_PER_GROUP at a time; ``report`` hears the share of the file done after each.
    """
    from . import (  # ingest stages: generation never loads them
        anonymize,
        clean,
        lexicon,
        revise,
        segment,
        tag,
    )

    fit_words = lexicon.fit_words(corpus_dir)
    lines = raw.text.count("\n") + 1
    sections: list[Section] = []
    articles: list = []
    for block in clean.blocks(raw):
        found = clean.split_articles(replace(block, first_article=len(articles) + 1))
        for start in range(0, len(found), ARTICLES_PER_GROUP):
            group = found[start : start + ARTICLES_PER_GROUP]
            group_sections = [s for article in group for s in segment.segment(article)]
            anonymize.anonymize(group_sections, group)
            revise.revise(group_sections, corpus_dir)
            tag.tag(group_sections, topics, userdict, fit_words)
            sections += group_sections
            if report:
                report(min(1.0, group[-1].paras[-1].end / lines))
        articles += found
    return sections, articles


def _store_source(path: Path, corpus_dir: Path, stems: dict[str, str]) -> str:
    """The name a raw file keeps in corpus/sources/: its own, else ``name_2`` … when another source
    has its base name (总结.docx and 总结.txt: the base name keys the stored file and the section
    ids) or a different file lies there. Copied by _copy_source once it gave sections."""
    target_dir = corpus_dir / "sources"
    mine = (target_dir / path.name).resolve() == path.resolve()  # a file of sources/ read again
    target, n = target_dir / path.name, 2
    while _taken(target, path, stems, mine):
        target, n = target_dir / f"{path.stem}_{n}{path.suffix}", n + 1
    stems[target.stem.casefold()] = target.name
    return target.name


def _taken(target: Path, path: Path, stems: dict[str, str], mine: bool) -> bool:
    """``target`` cannot be this file's stored name: another source has its base name, or a
    different file lies there. A file of sources/ read again keeps its own name."""
    owner = stems.get(target.stem.casefold())
    if owner is not None and not (mine and owner == path.name == target.name):
        return True
    return _other_file(target, path)


def _other_file(target: Path, path: Path) -> bool:
    """A different file lies at ``target`` (the file itself, or a copy of it, may be used)."""
    return target.exists() and target.resolve() != path.resolve() and target.read_bytes() != path.read_bytes()


def _copy_source(path: Path, target: Path) -> None:
    """Keep the raw file in corpus/sources/ (never edited there) unless it is there already; a file
    of sources/ that needs another name (corpus rebuild) is renamed."""
    if target.exists():
        return
    try:
        if path.parent.resolve() == target.parent.resolve():
            path.rename(target)
        else:
            atomic_write_bytes(target, path.read_bytes())
    except OSError as err:
        raise CorpusError(not_writable(target.parent, err)) from err


def preview(path: Path, corpus_dir: Path = CORPUS_DIR) -> tuple[list[Section], list]:
    """Clean and segment a file without storing anything (web upload preview)."""
    from . import read

    topics = store.load_topics(corpus_dir)
    return build_sections(read.read_file(path), topics, store.userdict(corpus_dir), corpus_dir)


# ---------------------------------------------------------------- generate


@dataclass(eq=False)
class Library(Corpus):
    """A corpus loaded for generation, with selection's index of it built once: every document
    planned from the library (a batch plans thousands) reads the same index. It is the Corpus it
    was loaded as for every other reader; its sections are not to be changed."""

    index: SelectionIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from .selection import SelectionIndex

        self.index = SelectionIndex(self)


def load_corpus(corpus_dir: Path = CORPUS_DIR) -> Library:
    """The stored corpus, ready for generation."""
    corpus = store.load(corpus_dir)
    return Library(corpus.sources, corpus.sections, corpus.topics)


def _index(corpus: Corpus) -> SelectionIndex:
    """The selection index of a library; a corpus built by hand is indexed for this one use."""
    from .selection import SelectionIndex

    return corpus.index if isinstance(corpus, Library) else SelectionIndex(corpus)


def generate(request: Request, corpus: Corpus, templates_dir: Path | None = None, spread=None) -> Document:
    """Select corpus sections for the request's recipe and render the Markdown document."""
    return render_outline(plan(request, corpus, templates_dir, spread), templates_dir)


def _length_warnings(doc: Document, outline: Outline) -> list[str]:
    """Say so when the corpus had too little material to reach the length asked for."""
    from .selection import target_chars

    target = target_chars(outline.request, outline.recipe)
    if doc.chars >= target * 0.9:
        return []
    if outline.batched:
        return [
            f"篇幅偏短：素材库中这类素材不多，本篇又要避开本批其他学校已用的素材，只写了 {doc.chars} 字"
            f"（目标约 {target} 字）。"
            "导入更多同类文稿（python generate.py ingest 文件…）后重新生成，可以写得更完整。"
        ]
    return [
        f"素材不足：{'、'.join(outline.request.topics) or '所选主题'}方面可用的素材只够写 {doc.chars} 字"
        f"（目标约 {target} 字）。"
        "可以导入更多同类文稿（python generate.py ingest 文件…）、增加主题或减少字数。"
    ]


def plan(request: Request, corpus: Corpus, templates_dir: Path | None = None, spread=None) -> Outline:
    """The selection half of generate(): which sections go into which slot.

    ``spread`` (selection.Spread) lowers the score of sections other documents of a batch
    already use, so a batch's documents differ from one another.
    """
    from . import render, selection

    recipe = render.load_recipe(request.kind, _template_dirs(templates_dir))
    return selection.select(request, recipe, _index(corpus), spread=spread)


def render_outline(outline: Outline, templates_dir: Path | None = None, checked: bool = True) -> Document:
    """The rendering half of generate(): the outline laid out by the kind's template, and checked
    (文稿体检) unless ``checked`` is False (a batch measuring a draft's paragraphs)."""
    from . import render

    doc = render.render(outline, _template_dirs(templates_dir))
    doc.warnings.extend([*outline.notes, *_length_warnings(doc, outline)])
    doc.findings = check_document(doc, topics=[*outline.request.topics, *outline.topics]) if checked else []
    return doc


def swap(outline: Outline, section_id: str, corpus: Corpus, templates_dir: Path | None = None) -> Outline:
    """换一段: the outline with one section replaced by the next-best alternative for its slot.

    Everything else stays as it was; the replaced section is excluded from then on.
    """
    from . import selection

    return selection.replace(outline, section_id, _index(corpus))


def list_kinds(templates_dir: Path | None = None) -> list[tuple[str, str, str]]:
    """(kind, Chinese name, one-line description) for every available template kind."""
    from . import render

    return render.list_kinds(_template_dirs(templates_dir))


def prepare_writers(templates_dir: Path | None = None) -> None:
    """Load what rendering and writing need once per process: recipes, templates, the Word base."""
    from . import docx_writer

    list_kinds(templates_dir)
    docx_writer.prepare()


def _template_dirs(user_dir: Path | None) -> list[Path]:
    """A user's folder first, so its kinds override the built-in ones of the same name."""
    return [user_dir, TEMPLATES_DIR] if user_dir else [TEMPLATES_DIR]


FORMATS = ("docx", "md", "html", "json")


def write_outputs(doc: Document, out_dir: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write the document's files atomically; the manifest (.json) is always written.

    The folder is made once here, not for every file (a batch writes four files a row).
    """
    from . import docx_writer, render

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = (
        doc.file_stem
        or f"{doc.request.profile.get('学校名称', '文稿')}_{KINDS.get(doc.request.kind, '文稿')}"
    )
    files: list[tuple[str, str | bytes]] = []
    if "md" in formats:
        files.append(("md", doc.markdown))
    if "html" in formats:
        files.append(("html", render.to_html(doc)))
    if "docx" in formats:
        known = [(p.kind, p.text) for p in doc.paras]
        files.append(
            ("docx", docx_writer.to_docx(doc.markdown, title=doc.title, author=_author(doc), known=known))
        )
    files.append(("json", manifest_json(doc)))
    written: list[Path] = []
    for ext, content in files:
        path = out_dir / f"{stem}.{ext}"
        data = content.encode("utf-8") if isinstance(content, str) else content
        atomic_write_bytes(path, data, make_parent=False)
        written.append(path)
    return written


_json_text = json.JSONEncoder(ensure_ascii=False).encode  # no indent: json's C encoder, ~5× faster


def manifest_json(doc: Document) -> str:
    """The manifest as JSON that reads and diffs well: one field a line, one paragraph a line."""
    lines = [f"{_json_text(key)}: {_json_text(value)}" for key, value in _manifest_head(doc).items()]
    lines.append('"paragraphs": [\n' + ",\n".join(map(_para_json, doc.paras)) + "\n]")
    return "{\n" + ",\n".join(lines) + "\n}\n"


_json_str = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (json's C function)


def _para_json(para) -> str:
    """``_json_text(_para_dict(para))``, a few times faster."""
    return _para_line(para.kind, para.text, para.section_id)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _para_line(kind: str, text: str, section: str | None) -> str:
    """_para_json of these fields; remembered, as a batch's documents repeat most paragraphs."""
    section_json = "null" if section is None else _json_str(section)
    return (
        f'{{"kind": {_json_str(kind)}, "text": {_json_str(text)}, "section": {section_json}, '
        f'"origin": "{origin_of(section)}"}}'
    )


def origin_of(section: str | None) -> str:
    """Where a paragraph comes from: the school's own items (school), the template (template) or a
    corpus section (corpus, its id in "section")."""
    if section is None:
        return "template"
    return "school" if section.startswith(SCHOOL_ITEM) else "corpus"


def _para_dict(para) -> dict:
    return {
        "kind": para.kind,
        "text": para.text,
        "section": para.section_id,
        "origin": origin_of(para.section_id),
    }


def _author(doc: Document) -> str:
    return doc.request.profile.get("学校名称") or "wengao"


def manifest(doc: Document) -> dict:
    """Everything needed to explain and regenerate a document."""
    paragraphs = [_para_dict(p) for p in doc.paras]
    return _manifest_head(doc) | {"paragraphs": paragraphs}


def _manifest_head(doc: Document) -> dict:
    """The manifest but its paragraphs."""
    return {
        "program": "wengao",
        "version": VERSION,
        "request": request_dict(doc.request),
        "seed": doc.request.seed,
        "title": doc.title,
        "chars": doc.chars,
        "reading_minutes": doc.minutes,
        "warnings": doc.warnings,
        "findings": doc.findings,
    }


def request_dict(request: Request) -> dict:
    """``dataclasses.asdict(request)``, written out: asdict deep-copies field by field, and a batch
    writes a manifest for every row."""
    profile = request.profile
    return {
        "kind": request.kind,
        "profile": {
            "fields": dict(profile.fields),
            "extra": dict(profile.extra),
            "items": list(profile.items),
            "figures": dict(profile.figures),
            "notes": list(profile.notes),
        },
        "topics": list(request.topics),
        "chars": request.chars,
        "minutes": request.minutes,
        "seed": request.seed,
        "exclude": list(request.exclude),
    }


# ---------------------------------------------------------------- check (文稿体检)


def check_document(
    doc: Document, corpus_dir: Path = CORPUS_DIR, topics: list[str] | None = None
) -> list[dict]:
    """The check's findings on a generated document, for its request's school, kind and period
    (``topics``: the document's, the school's own items' included; by default the requested)."""
    from . import check, period

    request = doc.request
    fields = dict(request.profile.fields)
    known = period.fill_period(fields, request.kind, fields.get("期间", ""))
    topics = request.topics if topics is None else topics
    ctx = check.context_for(doc.paras, request.profile, request.kind, topics, corpus_dir, known_period=known)
    return [f.as_dict() for f in check.check_paragraphs(doc.paras, ctx)]


@dataclass
class CheckedFile:
    """One file's check: its findings and its length in Chinese characters."""

    path: Path
    findings: list
    chars: int


def check_file(path: Path, profile=None, kind: str = "", corpus_dir: Path = CORPUS_DIR) -> CheckedFile:
    """文稿体检 of any .docx, .md or .txt: its text against the rules, a .docx also against the format."""
    from . import check

    suffix = path.suffix.lower()
    if suffix not in (".docx", ".md", ".txt"):
        raise InputError(
            f"文件“{path}”不是 .docx、.md 或 .txt 文件，无法体检。Word 的 .doc 请先另存为 .docx。"
        )
    paras = check.from_markdown(_markdown_text(path)) if suffix == ".md" else check.from_lines(_lines(path))
    ctx = check.context_for(paras, profile, kind, corpus_dir=corpus_dir)
    findings = check.check_paragraphs(paras, ctx)
    if suffix == ".docx":
        findings += check.check_docx(path.read_bytes())
    return CheckedFile(path, findings, sum(count_chinese(p.text) for p in paras))


def _markdown_text(path: Path) -> str:
    """A Markdown file's own text (the read stage would strip its marks)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"无法读取文件“{path}”：请确认文件存在且为 UTF-8 编码。") from err


def _lines(path: Path) -> list[str]:
    """A .txt or .docx file's lines, decoded as ingest decodes them."""
    from . import read

    return read.read_file(path).text.splitlines()
