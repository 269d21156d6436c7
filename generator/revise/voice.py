"""Voices no school document uses: a superior office's (各校要…) and one person's (本人…, 我深知…).

A sentence in such a voice leaves its section. An article that speaks as one person throughout
(a 述职 or a personal report: three or more such cues) lends none of its personal sections to a
school's document, even where a sentence carries no cue of its own.
"""

from __future__ import annotations

from collections import defaultdict

from ..lexicon import FitWords
from ..model import Section
from .text import filter_sentences, retire

FOREIGN = ("上级", "个人")
PERSONAL = ("个人", "下属")
PERSONAL_ARTICLE = 3  # cues of one person's voice that make a whole article personal


def drop_foreign_voices(section: Section, words: FitWords) -> None:
    """Drop the sentences in a superior's or one person's voice; a heading in one retires the section."""
    if any(words.find(section.heading, words.voices.get(v, ())) for v in FOREIGN):
        retire(section, "标题是上级部门或个人述职的口吻，不再复用")
        return
    filter_sentences(section, lambda sentence: _why(sentence, words))


def _why(sentence: str, words: FitWords) -> str:
    if words.find(sentence, words.voices.get("上级", ())):
        return "删除上级部门口吻的句子"
    if words.find(sentence, words.voices.get("个人", ())):
        return "删除个人述职口吻的句子"
    return ""


def personal_articles(sections: list[Section], words: FitWords) -> set[str]:
    """The articles (source, article id) that speak as one person throughout."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for s in sections:
        text = s.heading + "\n" + s.text
        counts[(s.source, s.article)] += sum(len(words.find(text, words.voices.get(v, ()))) for v in PERSONAL)
    return {f"{src}#{art}" for (src, art), n in counts.items() if n >= PERSONAL_ARTICLE}


def pupils_articles(sections: list[Section], words: FitWords) -> set[str]:
    """The articles (source, article id) spoken to pupils (尊敬的老师们、同学们：… 同学们，当你们…):
    no document the tool writes speaks to them, and their other sections (你们可知道…) do too."""
    cues = words.voices.get("学生", ())
    return {f"{s.source}#{s.article}" for s in sections if words.find(s.heading + "\n" + s.text, cues)}


def retire_personal(section: Section, words: FitWords) -> None:
    """In a personal article, a section with any personal cue is personal through and through."""
    text = section.heading + "\n" + section.text
    if any(words.find(text, words.voices.get(v, ())) for v in PERSONAL):
        retire(section, "出自个人述职，这一节是个人的口吻，不作学校文稿的素材")
