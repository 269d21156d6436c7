"""Role: what part of a document a section is (salutation, review, measures, closing …).

Headings and a point's lead clause are the strongest cue, then the article's kind, the
section's place in the article, its parent's role and its wording.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..config import ROLES
from ..model import Section
from .cues import (
    ACTION_VERBS,
    ADDRESS,
    ADVERBS,
    CLOSING_WORDS,
    COPULA,
    HEAD_CUES,
    HEAD_WORDS,
    HELLO,
    PARENT_WEIGHT,
    TEXT_CUES,
)
from .kinds import ROLE_KINDS

# A point's lead clause, up to its first punctuation mark.
_LEAD = re.compile(r"^[^，。；：！？,.;:!?]{2,30}")
# A date (2024年3月): a short line holding one at a document's end is its signature.
_DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九0Oo]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月")
# Equal scores go to the role listed first in config.ROLES.
_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


@dataclass
class Place:
    """Where a section stands in its article: what role rules that depend on position need."""

    kind: str  # the article's kind from its title, "" when the title does not say
    index: int  # 0-based position in the article
    count: int  # sections in the article
    preamble: bool  # level 0 and before the article's first heading
    after_greeting: bool  # every earlier section of the article is a salutation
    parent_role: str
    headed: bool  # the article has a heading somewhere after this section


def role_of(heading: str, body: str, level: int, place: Place, mood: str, raw: str = "") -> str:
    """The section's role from its position, heading, wording, parent, article kind and mood."""
    fixed = _positional_role(heading, body, place, raw)
    if fixed:
        return fixed
    scores = _cue_scores(heading, body, level, place.kind, mood)
    if place.preamble and place.headed and max(scores.values(), default=0.0) < 2:
        return "opening"
    _add_priors(scores, place, mood)
    return max(scores.items(), key=lambda kv: (kv[1], -_ROLE_ORDER[kv[0]]))[0]


def _positional_role(heading: str, body: str, place: Place, raw: str) -> str:
    """Roles decided by place alone: greetings, the opening paragraph, the closing, the signature."""
    text = (heading + body).strip()
    if _is_greeting_text(text):
        return "salutation"
    if place.index == place.count - 1 and _is_signature(raw):
        return "signature"
    if place.preamble and place.after_greeting and not heading:
        return "opening"
    if place.index >= place.count - 2 and _closing_score(body) >= 2:
        return "closing"
    return ""


def _is_signature(raw: str) -> bool:
    """A school and date line at the end (``史寨小学 2024年3月`` or ``{学校名称} {日期}``)."""
    raw = raw.strip()
    return len(raw) < 60 and "。" not in raw and bool(_DATE.search(raw) or "{日期}" in raw)


def is_greeting(section: Section) -> bool:
    """A section that is only a salutation or greeting (segment may not have marked it)."""
    return _is_greeting_text((section.heading + section.text).strip())


def _is_greeting_text(text: str) -> bool:
    """A salutation line (同志们：/ 尊敬的老师们、同学们：) or a greeting (大家好！)."""
    if not 0 < len(text) <= 40 or "\n" in text or "。" in text:
        return False
    if any(h in text for h in HELLO):
        return True
    return text.endswith(("：", ":")) and any(a in text for a in ADDRESS)


def _closing_score(body: str) -> float:
    """How much the text sounds like the end of a speech or document."""
    head = body.strip()[:40]
    score = sum(1.0 for w in CLOSING_WORDS if w in body)
    if head.startswith(("同志们", "各位", "老师们", "同学们", "最后")):
        score += 1.5
    if len(body) < 40 and ("谢谢" in body or "辛苦" in body):
        score += 2
    return score


def _cue_scores(heading: str, body: str, level: int, kind: str, mood: str) -> dict[str, float]:
    """Add up the heading (or a numbered point's lead clause) and wording cues for each role."""
    scores: dict[str, float] = defaultdict(float)
    if heading:
        _add_head_cues(scores, heading, 1.0, kind, mood)
    elif level > 0:
        _add_head_cues(scores, _lead_clause(body), 0.7, kind, mood, _first_sentence(body))
    _add_text_cues(scores, body)
    return scores


def _add_priors(scores: dict[str, float], place: Place, mood: str) -> None:
    """The parent's role, the article kind's usual role and the mood tip close calls."""
    parent = place.parent_role
    if parent in ROLE_KINDS and parent not in ("salutation", "signature"):
        scores[parent] += PARENT_WEIGHT.get(parent, 2.0)
    usual = _usual_role(place.kind, mood)
    scores[_looking_back(scores) if usual == "review" else usual] += 1.0
    if mood == "review":
        scores[_looking_back(scores)] += 1.0
    elif mood == "directive":
        scores["requirements" if place.kind == "speech" else "measures"] += 1.0


def _looking_back(scores: dict[str, float]) -> str:
    """Past-tense text is review, unless its own cues clearly make it experience or problems."""
    other = max(("experience", "problems"), key=lambda r: scores.get(r, 0.0))
    return other if scores.get(other, 0.0) >= 2 and scores[other] > scores.get("review", 0.0) else "review"


def _lead_clause(body: str) -> str:
    """The first clause of a point without a heading (``1、加强食堂管理，…`` → 加强食堂管理)."""
    m = _LEAD.match(body.strip())
    return m.group(0) if m else ""


def _add_head_cues(
    scores: dict[str, float], lead: str, weight: float, kind: str, mood: str, sentence: str = ""
) -> None:
    """Heading words count most; a verb-led heading takes the article kind's body role."""
    if COPULA.match(sentence or lead):
        scores["significance"] += weight * 4
        return
    hits: dict[str, int] = defaultdict(int)
    rest = lead
    for word, role in HEAD_WORDS:  # longest first: 保障措施 is not also 措施
        if word in rest:
            hits[role] += 1
            rest = rest.replace(word, "\u3000")
    for role, w, _ in HEAD_CUES:
        scores[role] += weight * w * min(hits[role], 2)
    reach = len(lead) if weight >= 1 else 6
    if ADVERBS.sub("", lead).startswith(ACTION_VERBS):
        scores[_usual_role(kind, mood)] += weight * 3
    elif any(v in lead[:reach] for v in ACTION_VERBS):
        scores[_usual_role(kind, mood)] += weight * 2


def _first_sentence(body: str) -> str:
    """A point's first sentence, where "X是Y的重要内容" states its claim."""
    return re.split(r"[。；！？!?;]", body.strip(), maxsplit=1)[0][:60]


def _add_text_cues(scores: dict[str, float], body: str) -> None:
    """Each distinct cue word in the text adds a little, capped so long texts do not swamp headings."""
    for role, words in TEXT_CUES:
        each, cap = (0.7, 3.5) if role == "problems" else (0.5, 2.5)
        scores[role] += min(cap, each * sum(1 for w in words if w in body))


def _usual_role(kind: str, mood: str) -> str:
    """What an ordinary point of this article kind is (plan → measures, summary → review …)."""
    if kind == "speech":
        return "review" if mood == "review" else "requirements"
    if kind in ("plan", "scheme"):
        return "measures"
    if kind in ("summary", "report"):
        return "review"
    return "review" if mood == "review" else "measures"
