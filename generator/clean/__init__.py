"""Ingest, step 2: clean a decoded file and split it into articles.

School documents arrive as copies of web pages and Word files.  Around the text sit a site's
boilerplate (collection titles, 篇1： labels, 小编 lines, download counters, "related documents"
lists); inside it, traditional characters with pinyin glosses (學(xué)校), bytes lost by a
faulty GBK conversion, lines broken by page breaks, half-width punctuation, stray page numbers,
and whole documents damaged by a faulty simplified→traditional→simplified round trip (效劳 for
服务, 原那么 for 原则).  One file may hold several documents, with or without labels.

``split_articles`` returns each document as an ``Article``: a clean, boilerplate-free title and
its paragraphs, each with the source lines it came from.  Headings keep their numbering
marker ("一、认清形势") because segmentation reads it.  Every rule is written for the genre
(web pages of school documents), not for one file.

The steps, one module each: ``lines`` (character-level cleaning, with ``traditional`` and
``lost_bytes``), ``boilerplate`` (what each line is), ``paragraphs`` (splitting and joining
lines, with ``punctuation``), ``articles`` (cutting a file into documents) and ``repair``
(round-trip damage); ``shapes`` holds what they all recognise in a line.  ``noise`` judges
site furniture by its features (rules in corpus/noise.yaml); ``blocks`` cuts a large file into
blocks of whole documents so it is cleaned a block at a time.
"""

from .articles import split_articles
from .blocks import blocks
from .boilerplate import collection_title, label_title
from .punctuation import normalize_marker, normalize_punctuation, remove_page_numbers
from .repair import Repairs, load_repairs, repair_text
from .traditional import remove_glosses

__all__ = [
    "Repairs",
    "blocks",
    "collection_title",
    "label_title",
    "load_repairs",
    "normalize_marker",
    "normalize_punctuation",
    "remove_glosses",
    "remove_page_numbers",
    "repair_text",
    "split_articles",
]
