"""Markdown files: the syntax taken off line by line, so line numbers stay those of the file."""

from __future__ import annotations

import re

_MD_RULES = [
    (re.compile(r"^\s{0,3}#{1,6}\s*"), ""),  # headings
    (re.compile(r"\s+#+\s*$"), ""),  # closing hashes of a heading
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+(\[[ xX]\]\s+)?"), ""),  # bullets and task boxes; "1." stays
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<!\*)\*(?![\s*])(.+?)(?<![\s*])\*(?!\*)"), r"\1"),  # italic *x* (also between Chinese)
    (re.compile(r"(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])"), r"\1"),  # italic _x_ (not snake_case)
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strike-through
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
]
_MD_BLANK = re.compile(r"^\s*(```.*|~~~.*|([-*_]\s*){3,}|\|?[\s:|-]+\|[\s:|-]*|\[[^\]]+\]:\s*\S+.*)$")


def strip_markdown(text: str) -> str:
    """Markdown to plain text line by line (line count kept), leaving numbering such as "1." intact."""
    lines = text.split("\n")
    lines = _blank_front_matter(lines)
    return "\n".join(_strip_md_line(line) for line in lines)


def _blank_front_matter(lines: list[str]) -> list[str]:
    """Blank a YAML front-matter block ("---" ... "---") at the top: it is metadata, not text."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _strip_md_line(line: str) -> str:
    """One line without Markdown syntax; fences, rules and table separators become blank."""
    if _MD_BLANK.match(line):
        return ""
    for pattern, repl in _MD_RULES:
        line = pattern.sub(repl, line)
    if line.count("|") >= 2:  # a table row: its cells, separated by spaces
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line
