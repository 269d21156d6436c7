"""Mood: whether a section looks back (review), asks for action (directive) or neither."""

from __future__ import annotations

from .cues import ACTION_VERBS

# Mood cues. Single characters are counted on jieba tokens (so 重要/需要 are not 要 and
# 为了/了解 are not 了); longer words are counted in the text.
_REVIEW_CHARS = {"了": 1.0, "已": 1.5, "曾": 1.0}
_REVIEW_WORDS = {
    "已经": 1.5,
    "完成": 0.5,
    "完成了": 0.5,
    "取得": 1.5,
    "实现了": 1.0,
    "过去": 1.0,
    "一年来": 1.5,
    "以来": 1.0,
    "去年": 1.0,
    "回顾": 1.0,
    "成绩": 1.0,
    "成效": 1.0,
    "显著": 1.0,
    "先后": 0.5,
    "得到了": 1.0,
    "有了": 1.0,
    "明显": 0.5,
    "不断增强": 0.5,
    "不断提高": 0.5,
}
_DIRECTIVE_CHARS = {"要": 1.0, "将": 1.0, "应": 1.0}
_DIRECTIVE_WORDS = {
    "必须": 1.5,
    "应当": 1.0,
    "应该": 1.0,
    "进一步": 1.0,
    "确保": 1.0,
    "务必": 1.5,
    "切实": 0.5,
    "力争": 1.0,
    "今后": 1.0,
    "下一步": 1.0,
    "不得": 1.0,
    "严禁": 1.0,
    "一律": 0.5,
    "希望": 1.0,
    "争取": 1.0,
    "加强": 0.3,
    "完善": 0.3,
    "建立": 0.3,
    "做好": 0.3,
    "抓好": 0.3,
    "落实": 0.3,
    "严格": 0.3,
    "定期": 0.3,
    "坚持": 0.3,
}


def mood_of(words: list[str], kind: str = "", text: str | None = None) -> str:
    """review (looks back), directive (asks for action) or neutral, from tense and modal words."""
    text = "".join(words) if text is None else text
    back = _weigh(words, text, _REVIEW_CHARS, _REVIEW_WORDS)
    ahead = _weigh(words, text, _DIRECTIVE_CHARS, _DIRECTIVE_WORDS)
    if back + ahead >= 1 and back > ahead * 1.25:
        return "review"
    if back + ahead >= 1 and ahead > back * 1.25:
        return "directive"
    return _kind_mood(kind)


def _weigh(words: list[str], text: str, chars: dict[str, float], longer: dict[str, float]) -> float:
    """Sum of cue weights: one-character cues as whole tokens, longer cues as substrings."""
    return sum(chars.get(w, 0.0) for w in words) + sum(v * text.count(k) for k, v in longer.items())


def heading_mood(heading: str, kind: str) -> str:
    """In a speech, plan or scheme a heading that sets a task (加强… / 努力做好…) makes the part directive."""
    if kind not in ("speech", "plan", "scheme") or not heading:
        return ""
    tasks = any(v in heading[:6] for v in ACTION_VERBS) or any(
        w in heading for w in ("要", "必须", "努力", "确保")
    )
    looks_back = any(w in heading for w in ("回顾", "成绩", "成效", "取得", "经验", "体会", "问题", "不足"))
    return "directive" if tasks and not looks_back else ""


def _kind_mood(kind: str) -> str:
    """The mood an article kind implies when the wording does not decide."""
    if kind in ("summary", "report"):
        return "review"
    if kind in ("plan", "scheme"):
        return "directive"
    return "neutral"
