"""Write wengao's Markdown as a GB/T 9704-2012 Word file, about 1 ms a document.

python-docx builds a slim, fully styled base package once per process; each document then
only needs its ``word/document.xml`` (paragraph XML joined as a string, text escaped) and
``docProps/core.xml``, zipped next to the base's unchanged parts. Formatting lives in named
styles, so a Word user can restyle a whole document at once.

Modules, in the order a document passes them:
    paragraphs      the renderer's Markdown read back into paragraphs; the page's blank lines
    dates           dates in Arabic numerals (2026年3月5日)
    paragraph_xml   each paragraph as one w:p
    core            docProps/core.xml: title, author, the document's own date
    styles          the style table: fonts, sizes, page geometry and the style XML
    base            the slim styled base package, built once with python-docx
    package         to_docx(): the document's parts zipped with the base's
    dump            a .docx as a reader sees it, for golden tests
"""

from .core import core_xml, document_date
from .dates import arabic_dates
from .dump import dump, dump_text
from .package import CORE_PART, DOCUMENT_PART, document_xml, pack, prepare, to_docx
from .paragraph_xml import para_xml, split_lead
from .paragraphs import Para, from_known, layout, parse

__all__ = [
    "CORE_PART",
    "DOCUMENT_PART",
    "Para",
    "arabic_dates",
    "core_xml",
    "document_date",
    "document_xml",
    "dump",
    "dump_text",
    "from_known",
    "layout",
    "pack",
    "para_xml",
    "parse",
    "prepare",
    "split_lead",
    "to_docx",
]
