"""JSON payloads and the preview HTML the web page shows.

Every text that reaches the browser is either JSON (the page puts it in with
``textContent``) or HTML built here from escaped text and then passed through nh3 with a
short allow-list, so a school name like ``<script>`` is shown, never run.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

import nh3

from ..config import KINDS, MOODS, ROLES, SCHOOL_FIGURES, SCHOOL_ITEM
from ..model import Corpus, DocPara, Document, Outline, Section
from ..pipeline import origin_of

# Paragraph kinds of a rendered document → the HTML element that shows them.
_TAGS = {
    "title": "h1",
    "subtitle": "p",
    "speaker": "p",
    "salutation": "p",
    "h1": "h2",
    "h2": "h3",
    "h3": "h4",
    "h4": "h5",
    "body": "p",
    "signature": "p",
    "date": "p",
}
_ALLOWED_TAGS = {"article", "div", "h1", "h2", "h3", "h4", "h5", "p"}
_ALLOWED_ATTRS = {"*": {"class", "data-para"}, "div": {"class", "data-section"}}
_UNSAFE_FILE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


# ---------------------------------------------------------------- documents


def document_payload(doc_id: str, outline: Outline, doc: Document, corpus: Corpus) -> dict:
    """What /api/generate and the swap endpoint return for a stored document."""
    req = doc.request
    return {
        "id": doc_id,
        "kind": req.kind,
        "kind_name": KINDS.get(req.kind, req.kind),
        "title": doc.title,
        "chars": doc.chars,
        "minutes": doc.minutes,
        "warnings": list(doc.warnings),
        "findings": list(doc.findings),
        "seed": req.seed,
        "topics": list(req.topics),
        "school": req.profile.get("学校名称"),
        "outline": outline_payload(outline, corpus),
        "preview_html": preview_html(doc),
        "downloads": {fmt: f"/api/documents/{doc_id}/download?format={fmt}" for fmt in FORMATS},
    }


def outline_payload(outline: Outline, corpus: Corpus) -> list[dict]:
    """The chosen sections slot by slot, each with the source it came from."""
    by_id = corpus.by_id()
    return [
        {
            "slot": slot,
            "sections": [
                {
                    "section_id": c.section_id,
                    "heading": c.heading,
                    "topic": c.topic,
                    "chars": sum(len(p) for p in c.paragraphs),
                    "origin": origin_of(c.section_id),
                    "items": item_numbers(c.section_id),
                    "figures": c.section_id == SCHOOL_FIGURES,
                    "source": source_payload(by_id.get(c.section_id)),
                }
                for c in chosen
            ],
        }
        for slot, chosen in outline.slots.items()
    ]


def chosen_ids(outline: Outline) -> list[str]:
    """Section ids of an outline in document order."""
    return [c.section_id for chosen in outline.slots.values() for c in chosen]


def item_numbers(section_id: str) -> list[int]:
    """The numbers of the school's own items a section holds (``school:1+2`` → [1, 2]), for the
    page to say which 工作要点 it wrote; [] for the figures (school:数据) and any corpus section."""
    if not section_id.startswith(SCHOOL_ITEM):
        return []
    numbers = section_id.removeprefix(SCHOOL_ITEM).split("+")
    return [int(n) for n in numbers] if all(n.isdigit() for n in numbers) else []


def source_payload(section: Section | None) -> dict | None:
    """Where a section came from: file, article title and line range."""
    if section is None:
        return None
    return {
        "file": section.source,
        "article": section.article,
        "article_title": section.article_title,
        "lines": list(section.lines),
    }


def preview_html(doc: Document) -> str:
    """The document as it will print, each section (corpus or the school's own) wrapped with its
    id; every paragraph carries its number (the check's findings point at it) and a body paragraph
    its origin (o-school, o-template, o-corpus)."""
    parts = ['<article class="doc">']
    runs = [
        (sid, list(paras)) for sid, paras in groupby(enumerate(doc.paras, 1), key=lambda n: n[1].section_id)
    ]
    wrapped = _wrapped_runs(runs)
    for index, (section_id, paras) in enumerate(runs):
        inner = "".join(_para_html(number, p) for number, p in paras)
        if index in wrapped:
            parts.append(f'<div class="sec" data-section="{html.escape(section_id)}">{inner}</div>')
        else:
            parts.append(inner)
    parts.append("</article>")
    return sanitize("".join(parts))


def _wrapped_runs(runs: list[tuple[str | None, list]]) -> set[int]:
    """The runs of paragraphs shown as a section's block: one per section, the run holding its body.
    A section's heading can stand apart, as its part's heading with the school's item under it
    before the section's text: it is shown bare, so the page has one block and one 换一段 a section."""
    chosen: dict[str, int] = {}
    for index, run in enumerate(runs):
        section_id = run[0]
        if section_id and (
            section_id not in chosen or _has_body(run) and not _has_body(runs[chosen[section_id]])
        ):
            chosen[section_id] = index
    return set(chosen.values())


def _has_body(run: tuple[str | None, list]) -> bool:
    """Whether a run of numbered paragraphs holds body text, not only headings."""
    return any(p.kind == "body" for _, p in run[1])


def _para_html(number: int, p: DocPara) -> str:
    """One paragraph: an allow-listed element, its text escaped."""
    tag = _TAGS.get(p.kind, "p")
    origin = f" o-{origin_of(p.section_id)}" if p.kind == "body" else ""
    return (
        f'<{tag} class="k-{html.escape(p.kind)}{origin}" data-para="{number}">{html.escape(p.text)}</{tag}>'
    )


def sanitize(fragment: str) -> str:
    """nh3 with a short allow-list: whatever slipped through cannot carry script."""
    return nh3.clean(fragment, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes=set())


def download_name(doc: Document, fmt: str) -> str:
    """``<学校>_<文种>.docx`` with characters Windows or macOS refuse replaced."""
    school = doc.request.profile.get("学校名称") or "文稿"
    stem = _UNSAFE_FILE_CHARS.sub("_", f"{school}_{KINDS.get(doc.request.kind, '文稿')}").strip(". ")
    return f"{stem[:80] or '文稿'}.{fmt}"


# ---------------------------------------------------------------- corpus


def section_payload(s: Section) -> dict:
    """A corpus section as the 素材库 page lists it."""
    return {
        "id": s.id,
        "level": s.level,
        "heading": s.heading,
        "paragraphs": list(s.paragraphs),
        "chars": s.chars,
        "role": s.role,
        "role_name": ROLES.get(s.role, s.role),
        "topics": list(s.topics),
        "kinds": [KINDS.get(k, k) for k in s.kinds],
        "mood": s.mood,
        "mood_name": MOODS.get(s.mood, s.mood),
        "reusable": s.reusable,
        "dup_group": s.dup_group,
        "placeholders": list(s.placeholders),
        "notes": list(s.notes),
        "source": source_payload(s),
    }


def preview_file_payload(name: str, sections: list[Section], articles: list) -> dict:
    """One uploaded file cleaned and segmented: its articles with their sections."""
    return {
        "name": name,
        "ok": True,
        "error": "",
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "sections": [section_payload(s) for s in sections if s.article == a.id],
            }
            for a in articles
        ],
        "sections": len(sections),
    }


def preview_error_payload(name: str, message: str) -> dict:
    """A file that could not be read: its Chinese reason, nothing else."""
    return {"name": name, "ok": False, "error": message, "articles": [], "sections": 0}
