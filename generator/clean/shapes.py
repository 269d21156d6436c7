"""What the lines of a school document look like, as every cleaning step recognises them.

Character classes, numbering markers (一、 （一） 1. ①), salutations, signatures and titles:
the splitting of lines, paragraphs and articles all ask the same questions of a line.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
LOST = "\ue000"  # stands for a character lost to a broken byte; its sentence is dropped
FW_PUNCT = "。，、；：？！“”‘’（）《》〈〉【】〔〕…—·"
CTX = HAN + FW_PUNCT + LOST  # characters that make a neighbouring ASCII mark "Chinese"
CN_NUM = "一二三四五六七八九十"
FINAL = "。！？；：…"  # a paragraph ending in one of these is complete
CLOSERS = "”’」』）》〕】"

HAN_RE = re.compile(f"[{HAN}]")
CTX_RE = re.compile(f"[{CTX}]")
SENTENCE_MARK = re.compile(r"[，。；！？：,;!?:]")

# Numbering markers at a paragraph's start: level 1 (一、), level 2 (（一）), items (1. （1） ①).
_MARK_L1 = rf"[{CN_NUM}]{{1,3}}、"
_MARK_L2 = rf"(?:[（(][{CN_NUM}]{{1,3}}[)）]|[㈠-㈩])"
_MARK_ITEM = r"(?:\d{1,2}(?:、|\.(?!\d))|[（(]\d{1,2}[)）]|\d{1,2}[)）]|[①-⑳⑴-⒇⒈-⒛])"
MARKER = re.compile(rf"^(?:{_MARK_L1}|{_MARK_L2}|{_MARK_ITEM}|第[{CN_NUM}\d]+[篇章节部分])")
HEAD_MARKER = re.compile(rf"^(?:{_MARK_L1}|{_MARK_L2}|第[{CN_NUM}\d]+[篇章节部分])")
ARABIC = re.compile(r"^(\d{1,2})(?:、|\.(?!\d))")
SALUTE = re.compile(
    r"^(?:尊敬的|亲爱的|各位)?[^，。！？]{0,24}?(?:同志|老师|同学|领导|来宾|朋友|同事|职工|员工|工友|"
    r"家长|负责人|代表)们?[：:]"
)
_DATE = (
    r"(?:\d{4}|[〇○零一二三四五六七八九0Oo]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
_ORG = (
    r"(?:学校|小学|中学|幼儿园|学院|大学|中心|教育局|教体局|办公室|总务处|后勤处|后勤部|委员会|政府|校长室)"
)
SIGNATURE = re.compile(rf"^(?!.*[，。；！？：,;:!?])(?:.{{0,30}}{_DATE}|.{{2,30}}{_ORG}(?:\s+\S{{2,4}})?)$")
# The kinds of document a title ends with.
_KINDS = (
    r"(?:讲话稿|讲话|讲稿|发言稿|发言|致辞|演讲稿|总结|计划|方案|汇报|报告|规划|意见|感想|体会|心得|材料|"
    r"纪要|简报)"
)


def is_title_like(text: str) -> bool:
    """A document title: short, no sentence punctuation, no numbering, ends with a kind of document."""
    if not 4 <= len(text) <= 50 or SENTENCE_MARK.search(text) or MARKER.match(text):
        return False
    return bool(re.search(rf"{_KINDS}(?:[（(][^()（）]{{1,12}}[)）])?$", text))
