"""Render an outline into a Document: template, paragraphs, heading numbers, checks."""

from __future__ import annotations

from pathlib import Path

from ..config import CHARS_PER_MINUTE
from ..fsutil import safe_name
from ..model import Document, Outline, chinese_chars
from .context import template_context
from .numbering import number_headings
from .paragraphs import check_leftovers, parse_lines, to_markdown
from .sandbox import run_template


def render(outline: Outline, dirs: list[Path]) -> Document:
    """Render the outline with its kind's template into a numbered, traced Markdown document."""
    recipe = outline.recipe
    text = run_template(recipe, dirs, template_context(outline))
    paras = number_headings(parse_lines(text, recipe))
    profile = outline.request.profile
    check_leftovers(
        paras, tuple(v for v in [*profile.fields.values(), *profile.items] if v and str(v).strip())
    )
    chars = sum(chinese_chars(p.text) for p in paras)
    school = outline.request.profile.get("学校名称")
    return Document(
        outline.request,
        paras[0].text,
        to_markdown(paras),
        paras,
        chars,
        round(chars / CHARS_PER_MINUTE, 1),
        f"{safe_name(school)}_{safe_name(recipe.name)}",
    )


def safe_stem(name: str) -> str:
    """Return a file name stem every system accepts (a batch's rule: fsutil.safe_name)."""
    return safe_name(name)
