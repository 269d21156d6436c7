"""Rendering: lay an outline out with its kind's Jinja2 template, as the project's Markdown.

Each kind is a folder ``<templates>/<kind>/`` with ``recipe.yaml`` (the outline's slots)
and ``template.md.j2``; macros shared by all kinds live in ``<templates>/_common/``. A
user's folder comes first, so its kinds (and macros) override the built-in ones.

Templates run in Jinja2's sandbox with StrictUndefined. Corpus and profile text reach a
template only as data (strings it prints), so ``{{ 7*7 }}`` inside a paragraph is printed
as it is. The template writes one paragraph per line; the renderer numbers the headings
(一、 （一） 1. （1）), traces every paragraph to its corpus section and writes the
Markdown and the HTML preview.

Modules, in the order a document passes them:
    recipes      recipe.yaml of each kind: the outline's slots
    text         clean_text and the trace marker around a section's text
    sections     the chosen sections as items and groups under headings
    phrasing     ``pick``: which phrasing of a template's own sentence to use
    context      everything a template may read
    sandbox      the sandboxed Jinja2 environment that runs the template
    paragraphs   the template's lines as traced paragraphs, and the Markdown of them
    numbering    一、 （一） 1. （1） in front of headings
    document     render(): all of the above into a Document
    preview      the HTML preview page
"""

from .document import render, safe_stem
from .numbering import cn_number, count_word, number_headings, tidy_heading
from .paragraphs import parse_lines, to_markdown
from .preview import PREVIEW_CSS, markdown_to_html_fragment, paras_to_html, to_html
from .recipes import list_kinds, load_recipe
from .text import clean_text

__all__ = [
    "PREVIEW_CSS",
    "clean_text",
    "cn_number",
    "count_word",
    "list_kinds",
    "load_recipe",
    "markdown_to_html_fragment",
    "number_headings",
    "paras_to_html",
    "parse_lines",
    "render",
    "safe_stem",
    "tidy_heading",
    "to_html",
    "to_markdown",
]
