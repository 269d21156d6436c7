"""The Markdown paragraph model: the template's output read into traced paragraphs, and back.

A template writes one paragraph per line: ``#`` to ``#####`` for the title and headings of
levels 1-4, a ``{: .class }`` line after a paragraph to make it a speaker line, subtitle,
salutation or signature. The project's Markdown is the same, with a blank line between
paragraphs (Python-Markdown's attr_list reads the classes).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ProfileError, UsageError
from ..model import DocPara, Recipe
from .text import clean_text, unmark

CLASS_LINE = re.compile(r"\{:\s*\.(speaker|subtitle|salutation|signature)\s*\}")
# paragraph kind → the Markdown class that marks it (a date is a signature line)
CLASS_OF = {
    "speaker": "speaker",
    "subtitle": "subtitle",
    "salutation": "salutation",
    "signature": "signature",
    "date": "signature",
}
_HEADING_KINDS = {1: "title", 2: "h1", 3: "h2", 4: "h3", 5: "h4"}  # number of # → paragraph kind
_LEVEL_PREFIX = {kind: "#" * hashes + " " for hashes, kind in _HEADING_KINDS.items()}
_POINT_NUMBER = re.compile(r"^(\d+)\.(\s)")
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
# Text that must never reach a document: template years, XX, ××, 某某, unfilled {字段}.
_LEFTOVER = re.compile(
    r"20[xX×ｘＸ]{2}|(?<![A-Za-z])[xX×ｘＸ]{2,}(?![A-Za-z])|某某|○○|(?<!\{)\{([^{}\s]{1,12})\}(?!\})"
)


def parse_lines(text: str, recipe: Recipe) -> list[DocPara]:
    """Return the template's output, one paragraph per line, as traced paragraphs (not yet numbered)."""
    paras: list[DocPara] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        cls = CLASS_LINE.fullmatch(line)
        if cls and paras and paras[-1].kind == "body":
            paras[-1].kind = _class_kind(cls[1], paras[-1].text)
        elif not cls:
            paras.append(_para(line))
    paras = [p for p in paras if p.text]
    if not paras or paras[0].kind != "title" or sum(p.kind == "title" for p in paras) != 1:
        raise UsageError(f"模板“{Path(recipe.folder) / recipe.template}”应以唯一的一行“# 标题”开头。")
    return paras


def _class_kind(cls: str, text: str) -> str:
    """The kind a class line gives the paragraph above it; a signature line holding a date is a date."""
    return "date" if cls == "signature" and _DATE.fullmatch(text) else cls


def _para(line: str) -> DocPara:
    """One output line: its level from the leading #, its section from the trace marker.

    Body text is cleaned again (a template may print anything), and a leading "1. " becomes
    "1． ", so that Markdown does not read the paragraph as a numbered list.
    """
    hashes = len(line) - len(line.lstrip("#"))
    kind = _HEADING_KINDS.get(hashes, "body") if line[hashes : hashes + 1] == " " else "body"
    text = line[hashes + 1 :].strip() if kind != "body" else line
    section, text = unmark(text)
    if kind == "body":
        text = _POINT_NUMBER.sub(r"\1．\2", clean_text(text))
    return DocPara(kind, text, section)


def check_leftovers(paras: list[DocPara], given: tuple[str, ...] = ()) -> None:
    """Refuse a document holding anything like 20xx, XX, ××, 某某 or an unfilled {字段}; the user's
    own values (``given``: a school named 某某小学 in a draft) are theirs to keep."""
    for para in paras:
        found = next((m for m in _LEFTOVER.finditer(para.text) if not _within(para.text, m, given)), None)
        if found and found[1]:
            raise ProfileError(
                f"文稿中的“{{{found[1]}}}”没有填写：请在 --profile 文件里填写“{found[1]}”字段后重试。"
            )
        if found:
            raise ProfileError(
                f"文稿中仍有未替换的占位内容“{found[0]}”（“{para.text[:24]}…”）。"
                "请检查学校信息（--profile 文件或花名册）中的各项是否填写完整。"
            )


def _within(text: str, match: re.Match, values: tuple[str, ...]) -> bool:
    """True when the match lies inside one of the user's values where the text has it."""
    start, end = match.span()
    for value in values:
        at = text.find(value)
        while at != -1:
            if at <= start and end <= at + len(value):
                return True
            at = text.find(value, at + 1)
    return False


def to_markdown(paras: list[DocPara]) -> str:
    """Return the project's Markdown: one block per paragraph, classes on a line of their own."""
    blocks = []
    for para in paras:
        block = _LEVEL_PREFIX.get(para.kind, "") + para.text
        if para.kind in CLASS_OF:
            block += "\n{: ." + CLASS_OF[para.kind] + " }"
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"
