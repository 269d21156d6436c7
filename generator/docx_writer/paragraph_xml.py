"""The paragraph writer: each paragraph as one w:p of word/document.xml.

The style carries all formatting, so a paragraph is its style id and its escaped text. A
heading may hold a lead sentence followed by body text (（一）加强领导。学校成立……): the text
after the lead goes in a run of the 标题段正文 character style.
"""

from __future__ import annotations

from .paragraphs import Para

_OPEN = {
    "body": "<w:p>",
    "blank": "<w:p/>",
    "title": '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>',
    "subtitle": '<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr>',
    "speaker": '<w:p><w:pPr><w:pStyle w:val="Speaker"/></w:pPr>',
    "salutation": '<w:p><w:pPr><w:pStyle w:val="Salutation"/></w:pPr>',
    "signature": '<w:p><w:pPr><w:pStyle w:val="Signature"/></w:pPr>',
} | {f"h{n}": f'<w:p><w:pPr><w:pStyle w:val="Heading{n}"/></w:pPr>' for n in range(1, 5)}
# the same openings for a paragraph kept with the next one
_OPEN_KEEP = {
    kind: xml.replace("</w:pPr>", "<w:keepNext/></w:pPr>")
    if "<w:pPr>" in xml
    else xml.rstrip("/>") + "><w:pPr><w:keepNext/></w:pPr>"
    for kind, xml in _OPEN.items()
}
# a heading paragraph holding body text is not kept with the next one (its style would keep it)
_OPEN_LOOSE = {
    kind: xml.replace("</w:pPr>", '<w:keepNext w:val="0"/></w:pPr>')
    for kind, xml in _OPEN.items()
    if kind[0] == "h"
}
EMPTY_PARAGRAPH = _OPEN["blank"]
_RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
_REST_RUN = '<w:r><w:rPr><w:rStyle w:val="HeadingText"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


def escape(text: str) -> str:
    """Return text XML-escaped for a w:t element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_lead(text: str) -> tuple[str, str]:
    """Return a heading's lead sentence (to the first 。) and the body text after it in the same paragraph."""
    end = text.find("。") + 1
    if 0 < end < len(text) and text[end:].strip():
        return text[:end], text[end:]
    return text, ""


def para_xml(para: Para) -> str:
    """Return one w:p: the paragraph's style id and its text."""
    opening = (_OPEN_KEEP if para.keep else _OPEN).get(para.kind) or _OPEN["body"]
    if para.kind == "blank":
        return opening + ("</w:p>" if para.keep else "")
    if para.kind[0] == "h":
        lead, rest = split_lead(para.text)
        opening = _OPEN_LOOSE[para.kind] if rest and not para.keep else opening
        runs = _RUN.format(escape(lead)) + (_REST_RUN.format(escape(rest)) if rest else "")
        return opening + runs + "</w:p>"
    return opening + _RUN.format(escape(para.text)) + "</w:p>"
