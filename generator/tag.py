"""Tag sections with role, topics, kinds, mood and search tokens (DESIGN.md, Corpus).

Selection fills a recipe's slots by role and mood, covers requested topics by the topic
tags and ranks by BM25 over the tokens, so every section needs all of them. The rules are
word lists for the genre (school office documents), not cases keyed to one source:
headings and a point's lead clause are the strongest cue, then the article's kind (from
its title), the section's place in the article, its parent's role and its wording.

jieba is imported lazily here (generation never loads it) and the domain dictionary
(corpus/userdict.txt) is added once per process.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .config import KINDS, ROLES
from .model import Section, Topic

GENERAL_TOPIC = "后勤综合"  # the fallback topic: a section about logistics work in general

_PLACEHOLDER = re.compile(r"\{[^{}\s]{1,12}\}")
_LEAD = re.compile(r"^[^，。；：！？,.;:!?]{2,30}")
_DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九0Oo]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月")
_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_ALL_DIGITS = re.compile(r"^[\d.,%]+$")

_loaded_dicts: set[str] = set()

# ---------------------------------------------------------------- word lists

# Article kind from its title; earlier entries win (a 总结讲话 is a speech).
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("speech", ("讲话", "发言", "致辞", "动员", "报告会", "演讲")),
    ("report", ("汇报", "述职", "报告", "简报", "感想")),
    ("scheme", ("方案", "办法", "细则", "预案")),
    ("plan", ("计划", "要点", "打算", "安排", "规划")),
    ("summary", ("总结", "总计", "小结", "回顾")),
)

# Heading (or lead clause) cues: role, weight per matching word.
_HEAD_CUES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "guiding-thought",
        5,
        ("指导思想", "主导思想", "总体思路", "工作思路", "指导原则", "基本原则", "总体要求", "基本思路"),
    ),
    ("goals", 4, ("工作目标", "目标任务", "总体目标", "具体目标", "奋斗目标", "目标")),
    (
        "safeguards",
        4,
        (
            "保障措施",
            "组织保障",
            "制度保障",
            "经费保障",
            "条件保障",
            "机制保障",
            "加强领导",
            "组织领导",
            "组织机构",
            "领导小组",
            "保障机制",
        ),
    ),
    (
        "measures",
        3,
        (
            "措施",
            "重点工作",
            "工作要点",
            "主要工作",
            "主要任务",
            "工作任务",
            "具体安排",
            "工作安排",
            "实施步骤",
            "步骤",
            "行事历",
            "工作重点",
            "突出重点",
            "重点抓好",
            "打算",
            "设想",
            "下一步",
            "今后",
        ),
    ),
    (
        "review",
        3,
        (
            "回顾",
            "成绩",
            "成效",
            "取得",
            "一年来",
            "过去",
            "完成情况",
            "工作情况",
            "进展",
            "得到了",
            "有了",
            "明显提升",
            "明显增强",
            "明显提高",
            "明显强化",
            "在不断",
            "不断得到",
        ),
    ),
    (
        "experience",
        5,
        ("经验", "体会", "感受", "启示", "感想", "做法", "是关键", "是核心", "是根本", "是保障"),
    ),
    ("problems", 4, ("问题", "不足", "差距", "薄弱", "困难", "短板")),
    (
        "significance",
        3,
        ("认清形势", "形势", "重要性", "意义", "认识", "地位", "功能", "紧迫感", "必要性", "作用", "育人"),
    ),
    ("requirements", 3, ("要求", "意见", "希望", "建议", "意识", "职责", "纪律")),
    ("closing", 4, ("结束语", "结语")),
)

_HEAD_WORDS = sorted(((w, r) for r, _, ws in _HEAD_CUES for w in ws), key=lambda wr: (-len(wr[0]), wr[0]))

# Verbs that open a directive heading: their role depends on the article's kind.
_ACTION_VERBS = (
    "加强",
    "做好",
    "抓好",
    "搞好",
    "提高",
    "提升",
    "完善",
    "建立",
    "健全",
    "落实",
    "推进",
    "强化",
    "规范",
    "严格",
    "树立",
    "明确",
    "开展",
    "狠抓",
    "增强",
    "端正",
    "钻研",
    "改善",
    "坚持",
    "优化",
    "聚焦",
    "压实",
    "立足",
    "突出",
    "深化",
    "创新",
    "整章建制",
)

_ADVERBS = re.compile(r"^(要|切实|进一步|继续|努力|认真|重点|全面|着力|大力|扎实|积极|不断|持续|始终)+")

# Wording cues in the text: role, words (each distinct word counts 0.5, at most 2.5 per role;
# problem words are specific, so they count 0.7, at most 3.5).
_TEXT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "significance",
        (
            "重要组成部分",
            "重要性",
            "意义",
            "基础",
            "前提",
            "地位",
            "不可或缺",
            "举足轻重",
            "生命线",
            "兵马未动",
            "至关重要",
            "必然要求",
            "重要阵地",
            "重要环节",
            "重要作用",
            "不可替代",
        ),
    ),
    (
        "review",
        (
            "取得",
            "成绩",
            "成效",
            "一年来",
            "以来",
            "回顾",
            "完成了",
            "实现了",
            "得到了",
            "显著",
            "圆满",
            "有效地",
            "确保了",
            "保证了",
            "提高了",
            "增强了",
        ),
    ),
    ("experience", ("经验", "体会", "感受", "启示", "实践证明", "是关键", "是核心", "是保障", "得益于")),
    (
        "problems",
        (
            "问题",
            "不足",
            "差距",
            "薄弱",
            "欠缺",
            "不够",
            "有待",
            "仍需",
            "不到位",
            "缺乏",
            "不平衡",
            "不规范",
            "不健全",
        ),
    ),
    ("guiding-thought", ("指导思想", "为指导", "为指针", "宗旨", "围绕", "总体思路", "指导下")),
    ("goals", ("目标", "力争", "争创", "达到")),
    ("requirements", ("要求", "希望", "必须", "务必", "一定要", "不得", "严禁", "大家要")),
    (
        "measures",
        ("措施", "加强", "做好", "抓好", "完善", "建立", "健全", "落实", "定期", "严格执行", "制定"),
    ),
    ("safeguards", ("保障措施", "领导小组", "组织领导", "加强领导", "组长", "经费保障", "责任追究")),
)

# "X是Y的重要内容 / 必然要求 / 基础" : a point that states why something matters.
_COPULA = re.compile(
    r"^[^，。；]{2,16}是[^。；]{2,40}(内容|要求|需要|保障|基础|前提|条件|环节|阵地|组成部分|生命线|任务)$"
)

_CLOSING_WORDS = ("让我们", "谢谢", "坚信", "相信", "最后", "祝", "新台阶", "新局面", "再创", "辛苦了")
_ADDRESS = (
    "同志",
    "老师",
    "同学",
    "同事",
    "领导",
    "来宾",
    "朋友",
    "负责人",
    "各位",
    "家长",
    "职工",
    "员工",
    "代表",
)
_HELLO = ("大家好", "上午好", "下午好", "早上好", "晚上好")

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

_STOP_TEXT = (
    "的 地 得 了 着 过 和 与 及 以及 或 或者 等 等等 是 在 为 为了 对 对于 把 被 将 要 也 都 就 又 还 而 并 并且 且 之 "
    "其 该 这 那 这些 那些 这个 那个 这样 那样 这种 此 我 我们 你 你们 他 他们 她 它 它们 大家 自己 各 每 一 一个 "
    "一些 有 有的 没有 不 没 很 更 最 非常 十分 能 能够 可 可以 会 应 应该 应当 如 如果 因为 所以 但 但是 因此 由于 "
    "通过 从 向 到 于 以 让 使 给 上 下 中 里 内 外 时 后 前 之一 方面 进行 已经 已 个 们 所 则 即 再 着 啊 吧 呢 吗 "
    "同志 同志们 好 些 做 个 项 者 来 去 下来 起来 其中 以及 还要 一是 二是 三是 四是 五是 首先 其次 第一 第二 第三"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())

# Body role of an article kind: what its numbered points mostly are.
_ROLE_KINDS: dict[str, tuple[str, ...]] = {
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
_FAMILY = {
    "speech": ("speech",),
    "report": ("summary", "report"),
    "summary": ("summary", "report"),
    "plan": ("plan", "scheme"),
    "scheme": ("plan", "scheme"),
}
_MOOD_FAMILY = {"review": ("summary", "report"), "directive": ("plan", "scheme"), "neutral": ("speech",)}

# How strongly a parent heading's role passes to its points: a 指导思想 or 工作目标 heading
# names what every point under it is; a 主要工作 heading's points may also be goals or safeguards.
_PARENT_WEIGHT = {
    "guiding-thought": 4.0,
    "goals": 4.0,
    "safeguards": 4.0,
    "significance": 3.0,
    "experience": 3.0,
    "problems": 3.0,
}

_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


# ---------------------------------------------------------------- entry point


@dataclass
class _Place:
    """Where a section stands in its article: what role rules that depend on position need."""

    kind: str  # the article's kind from its title, "" when the title does not say
    index: int  # 0-based position in the article
    count: int  # sections in the article
    preamble: bool  # level 0 and before the article's first heading
    after_greeting: bool  # every earlier section of the article is a salutation
    parent_role: str
    headed: bool  # the article has a heading somewhere after this section


def tag(sections: list[Section], topics: list[Topic], userdict: Path | None = None) -> None:
    """Set role, topics, kinds, mood and tokens on every section, in place."""
    jieba = _jieba(userdict)
    matcher = TopicMatcher(topics)
    roles: dict[str, str] = {}
    for article in _articles(sections):
        kind = article_kind(article[0].article_title)
        first_heading = next((k for k, x in enumerate(article) if x.level > 0 or x.heading), len(article))
        for i, section in enumerate(article):
            place = _place(article, i, first_heading, kind, roles)
            _tag_one(section, place, matcher, jieba)
            roles[section.id] = section.role


def _tag_one(section: Section, place: _Place, matcher: TopicMatcher, jieba) -> None:
    """Tag one section; an existing role (salutation, signature from segment) is kept."""
    heading, body = _plain(section.heading), _plain("\n".join(section.paragraphs))
    words = [w for w in jieba.lcut(heading + "\n" + body) if w.strip()]
    section.mood = _heading_mood(heading, place.kind) or mood_of(words, place.kind, heading + "\n" + body)
    raw = section.heading + "\n" + section.text
    section.role = section.role or role_of(heading, body, section.level, place, section.mood, raw)
    section.topics = matcher.match(heading, body)
    section.kinds = kinds_for(section.role, section.mood, place.kind)
    section.tokens = search_tokens(words, jieba.dt.FREQ)


def _jieba(userdict: Path | None):
    """Import jieba quietly and add the domain dictionary once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    if userdict is not None and Path(userdict).is_file():
        key = str(Path(userdict).resolve())
        if key not in _loaded_dicts:
            for word, freq, pos in read_userdict(Path(userdict)):
                jieba.add_word(word, freq, pos)
            _loaded_dicts.add(key)
    return jieba


def read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba user dictionary: ``word [freq] [pos]`` a line, ``#`` comments allowed."""
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        pos = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, pos))
    return entries


def _articles(sections: list[Section]) -> list[list[Section]]:
    """Sections grouped by (source, article), in their original order."""
    groups: dict[tuple[str, str], list[Section]] = defaultdict(list)
    for s in sections:
        groups[(s.source, s.article)].append(s)
    return list(groups.values())


def _place(article: list[Section], i: int, first_heading: int, kind: str, roles: dict[str, str]) -> _Place:
    """Position facts for section ``i`` of ``article``."""
    s = article[i]
    greeting_only = all(x.role == "salutation" or _is_greeting(x) for x in article[:i])
    return _Place(
        kind,
        i,
        len(article),
        s.level == 0 and i < first_heading,
        greeting_only,
        roles.get(s.parent or "", ""),
        first_heading < len(article),
    )


def _plain(text: str) -> str:
    """Text without placeholders, so ``{学校名称}`` is neither a cue nor a token."""
    return _PLACEHOLDER.sub(" ", text)


# ---------------------------------------------------------------- article kind


def article_kind(title: str) -> str:
    """The document kind a title names (讲话 → speech, 计划 → plan, …), "" when none."""
    for kind, words in _KIND_WORDS:
        if any(w in title for w in words):
            return kind
    return ""


# ---------------------------------------------------------------- mood


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


def _heading_mood(heading: str, kind: str) -> str:
    """In a speech, plan or scheme a heading that sets a task (加强… / 努力做好…) makes the part directive."""
    if kind not in ("speech", "plan", "scheme") or not heading:
        return ""
    tasks = any(v in heading[:6] for v in _ACTION_VERBS) or any(
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


# ---------------------------------------------------------------- role


def role_of(heading: str, body: str, level: int, place: _Place, mood: str, raw: str = "") -> str:
    """The section's role from its position, heading, wording, parent, article kind and mood."""
    fixed = _positional_role(heading, body, place, raw)
    if fixed:
        return fixed
    scores = _cue_scores(heading, body, level, place.kind, mood)
    if place.preamble and place.headed and max(scores.values(), default=0.0) < 2:
        return "opening"
    _add_priors(scores, place, mood)
    return max(scores.items(), key=lambda kv: (kv[1], -_ROLE_ORDER[kv[0]]))[0]


def _positional_role(heading: str, body: str, place: _Place, raw: str) -> str:
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


def _is_greeting(section: Section) -> bool:
    """A section that is only a salutation or greeting (segment may not have marked it)."""
    return _is_greeting_text((section.heading + section.text).strip())


def _is_greeting_text(text: str) -> bool:
    """A salutation line (同志们：/ 尊敬的老师们、同学们：) or a greeting (大家好！)."""
    if not 0 < len(text) <= 40 or "\n" in text or "。" in text:
        return False
    if any(h in text for h in _HELLO):
        return True
    return text.endswith(("：", ":")) and any(a in text for a in _ADDRESS)


def _closing_score(body: str) -> float:
    """How much the text sounds like the end of a speech or document."""
    head = body.strip()[:40]
    score = sum(1.0 for w in _CLOSING_WORDS if w in body)
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


def _add_priors(scores: dict[str, float], place: _Place, mood: str) -> None:
    """The parent's role, the article kind's usual role and the mood tip close calls."""
    parent = place.parent_role
    if parent in _ROLE_KINDS and parent not in ("salutation", "signature"):
        scores[parent] += _PARENT_WEIGHT.get(parent, 2.0)
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
    if _COPULA.match(sentence or lead):
        scores["significance"] += weight * 4
        return
    hits: dict[str, int] = defaultdict(int)
    rest = lead
    for word, role in _HEAD_WORDS:  # longest first: 保障措施 is not also 措施
        if word in rest:
            hits[role] += 1
            rest = rest.replace(word, "\u3000")
    for role, w, _ in _HEAD_CUES:
        scores[role] += weight * w * min(hits[role], 2)
    reach = len(lead) if weight >= 1 else 6
    if _ADVERBS.sub("", lead).startswith(_ACTION_VERBS):
        scores[_usual_role(kind, mood)] += weight * 3
    elif any(v in lead[:reach] for v in _ACTION_VERBS):
        scores[_usual_role(kind, mood)] += weight * 2


def _first_sentence(body: str) -> str:
    """A point's first sentence, where "X是Y的重要内容" states its claim."""
    return re.split(r"[。；！？!?;]", body.strip(), maxsplit=1)[0][:60]


def _add_text_cues(scores: dict[str, float], body: str) -> None:
    """Each distinct cue word in the text adds a little, capped so long texts do not swamp headings."""
    for role, words in _TEXT_CUES:
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


# ---------------------------------------------------------------- kinds


def kinds_for(role: str, mood: str, article: str) -> list[str]:
    """Document kinds a section fits, from its role, mood and the kind of its own article."""
    if role in ("opening", "closing"):
        fits = set(_FAMILY.get(article) or _MOOD_FAMILY.get(mood, ("speech",)))
    elif role == "measures" and mood == "review":
        fits = {"summary", "report"}
    else:
        fits = set(_ROLE_KINDS.get(role, ()))
    if article and role not in ("salutation", "signature", "opening", "closing"):
        fits.add(article)
    return [k for k in KINDS if k in fits]


# ---------------------------------------------------------------- topics


class TopicMatcher:
    """Scores a text against the topics' keywords; longer keywords win over the words inside them."""

    def __init__(self, topics: list[Topic]):
        self.topics = topics
        self.owners: dict[str, list[int]] = defaultdict(list)
        for i, topic in enumerate(topics):
            for word in dict.fromkeys([topic.name, *topic.keywords]):
                self.owners[word].append(i)
        words = sorted(self.owners, key=lambda w: (-len(w), w))
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def match(self, heading: str, body: str) -> list[str]:
        """Topic names best first (at most 3); the general topic when nothing specific stands out."""
        scores = self.scores(heading, body)
        general = [i for i, t in enumerate(self.topics) if t.name == GENERAL_TOPIC]
        specific = {i: v for i, v in scores.items() if i not in general}
        best = max(specific.values(), default=0.0)
        if best < 1.5:
            return [self.topics[general[0]].name if general else GENERAL_TOPIC]
        ranked = sorted(specific, key=lambda i: (-specific[i], i))
        return [self.topics[i].name for i in ranked if specific[i] >= max(1.0, best * 0.34)][:3]

    def scores(self, heading: str, body: str) -> dict[int, float]:
        """Keyword hits per topic index: a heading hit counts 3, a text hit 1."""
        scores: dict[int, float] = defaultdict(float)
        if self.pattern is None:
            return scores
        for text, weight in ((heading, 3.0), (body, 1.0)):
            for m in self.pattern.finditer(text):
                for i in self.owners[m.group(0)]:
                    scores[i] += weight
        return scores


# ---------------------------------------------------------------- tokens


def search_tokens(words: list[str], freq: dict[str, int]) -> list[str]:
    """BM25 tokens: words and their dictionary sub-words (as jieba's search mode), no stop words."""
    out: list[str] = []
    for word in words:
        w = word.strip().lower()
        if not w or w in _STOP_WORDS or not _WORDY.search(w) or _ALL_DIGITS.match(w):
            continue
        out.extend(_sub_words(w, freq))
        out.append(w)
    return out


def _sub_words(word: str, freq: dict[str, int]) -> list[str]:
    """2- and 3-character dictionary words inside a longer word (食品安全 → 食品, 安全)."""
    subs: list[str] = []
    for n in (2, 3):
        if len(word) > n:
            subs.extend(
                g
                for g in (word[i : i + n] for i in range(len(word) - n + 1))
                if freq.get(g) and g not in _STOP_WORDS
            )
    return subs
