"""Document kinds: the kind an article's title names, and the kinds a section fits."""

from __future__ import annotations

from ..config import KINDS

# Article kind from its title; earlier entries win (a 总结讲话 is a speech).
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("speech", ("讲话", "发言", "致辞", "动员", "报告会", "演讲")),
    ("report", ("汇报", "述职", "报告", "简报", "感想")),
    ("scheme", ("方案", "办法", "细则", "预案")),
    ("plan", ("计划", "要点", "打算", "安排", "规划")),
    ("summary", ("总结", "总计", "小结", "回顾")),
)

# Body role of an article kind: what its numbered points mostly are.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "salutation": ("speech",),
    "significance": ("speech", "scheme"),
    "review": ("summary", "report", "speech"),
    "experience": ("summary", "report", "speech"),
    "problems": ("summary", "report", "speech"),
    "guiding-thought": ("plan", "scheme"),
    "goals": ("plan", "scheme"),
    "requirements": ("speech", "scheme", "plan"),
    "measures": ("plan", "scheme", "speech"),
    "safeguards": ("plan", "scheme"),
    "signature": ("plan", "summary", "scheme", "report"),
}
# Kinds an opening or closing fits, by its article's kind, else by its mood: a speech's
# opening suits speeches, a summary's also reports.
_FAMILY = {
    "speech": ("speech",),
    "report": ("summary", "report"),
    "summary": ("summary", "report"),
    "plan": ("plan", "scheme"),
    "scheme": ("plan", "scheme"),
}
_MOOD_FAMILY = {"review": ("summary", "report"), "directive": ("plan", "scheme"), "neutral": ("speech",)}


def article_kind(title: str) -> str:
    """The document kind a title names (讲话 → speech, 计划 → plan, …), "" when none."""
    for kind, words in _KIND_WORDS:
        if any(w in title for w in words):
            return kind
    return ""


def kinds_for(role: str, mood: str, article: str) -> list[str]:
    """Document kinds a section fits, from its role, mood and the kind of its own article."""
    if role in ("opening", "closing"):
        fits = set(_FAMILY.get(article) or _MOOD_FAMILY.get(mood, ("speech",)))
    elif role == "measures" and mood == "review":
        fits = {"summary", "report"}
    else:
        fits = set(ROLE_KINDS.get(role, ()))
    if article and role not in ("salutation", "signature", "opening", "closing"):
        fits.add(article)
    return [k for k in KINDS if k in fits]
