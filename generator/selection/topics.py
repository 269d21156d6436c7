"""Topics: what users type resolved to topic names, and the seeded draw of default topics."""

from __future__ import annotations

import random
import re
from itertools import combinations

from ..errors import UsageError
from ..model import Slot, Topic
from .budget import overhead
from .settings import TOPIC_KEY
from .state import Document
from .tiers import mood_level


def resolve_topics(words: list[str], topics: list[Topic]) -> list[str]:
    """Map what users type (食堂, 安全, 维修) to topic names; unknown words are a usage error."""
    names: list[str] = []
    for word in (w for item in words for w in re.split(r"[,，、;；\s]+", item) if w):
        name = _resolve_one(word, topics)
        if name is None:
            raise UsageError(
                f"未知的主题“{word}”。可用的主题有：{topic_help(topics)}。"
                "请用 --topics 指定，多个主题用逗号分隔。"
            )
        if name not in names:
            names.append(name)
    return names


def _resolve_one(word: str, topics: list[Topic]) -> str | None:
    """Exact name, exact alias or keyword, then the closest name or alias containing the word."""
    for test in (lambda t: word == t.name, lambda t: word in t.aliases, lambda t: word in t.keywords):
        hits = [t for t in topics if test(t)]
        if hits:
            return hits[0].name
    hits = [t for t in topics if word in t.name or any(word in a for a in t.aliases)]
    hits = hits or [t for t in topics if any(len(a) > 1 and a in word for a in [t.name, *t.aliases])]
    if not hits:
        return None
    return min(hits, key=lambda t: (not t.name.startswith(word), len(t.name))).name


def topic_help(topics: list[Topic]) -> str:
    """The valid topics with a few of the short words users may type, for error messages."""
    return "；".join(f"{t.name}（{'、'.join(t.aliases[:3])}）" if t.aliases else t.name for t in topics)


def default_topics(doc: Document, target: int) -> list[str]:
    """No --topics: a seeded draw among the topics with most material for the topic slots.

    In a batch, material the earlier documents used counts for less, so schools differ.
    """
    slot = next((s for s in doc.recipe.slots if s.per_topic), None)
    if slot is None:
        return []
    counts = _topic_counts(doc, slot)
    share = slot.share / sum(s.share for s in doc.recipe.slots)
    want = max(2, min(4, round((target - overhead(doc.recipe, 3)) * share / 450)))
    weighted = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return _draw(doc, random.Random(doc.seed_text("topics")), weighted, want)


def _topic_counts(doc: Document, slot: Slot) -> dict[str, float]:
    """Each topic's material for the slot, a section weighing less the more of the batch used it
    (and nothing when the profile cannot fill it), added in the order of the material."""
    counts: dict[str, float] = {}
    for i, key, topics in _topic_material(doc, slot):
        if i not in doc.unready and i not in doc.unfit:
            fresh = 1.0 - doc.spread.share(key) if doc.spread else 1.0
            weight = fresh**2 + 0.01
            for topic in topics:
                counts[topic] = counts.get(topic, 0) + weight
    return counts


def _topic_material(doc: Document, slot: Slot) -> list[tuple[int, str, list[str]]]:
    """(index, spread key, specific topics) of the usable sections of the slot's roles in its
    mood, kept on the index."""
    index = doc.index
    key = ("topic material", tuple(slot.roles), slot.mood)
    if key not in index.material:
        material = [
            (i, index.facts[i].key, list(dict.fromkeys(index.facts[i].specific)))
            for i in index.pool(slot.roles)
            if mood_level(index.sections[i], slot) == 0
        ]
        index.remember(index.material, key, material)
    return index.material[key]


def _draw(doc: Document, rng: random.Random, weighted: list[tuple[str, float]], want: int) -> list[str]:
    """Draw ``want`` distinct names, each with probability proportional to its weight; in a batch
    a topic weighs ``topic_decay`` less per drawn topic some earlier document shares with it, and
    once more for the topic itself (two schools on the same topics would tell of the same few
    achievements)."""
    names, weights = [name for name, _ in weighted], [weight for _, weight in weighted]
    chosen: list[str] = []
    while names and len(chosen) < want:
        drawn = weights
        if doc.batched:
            factors = _topic_factors(doc, chosen, names)
            drawn = [w * factor for w, factor in zip(weights, factors, strict=True)]
        name = rng.choices(names, drawn)[0]
        chosen.append(name)
        k = names.index(name)  # the drawn one leaves the pool
        del names[k], weights[k]
    return chosen


def _topic_factors(doc: Document, chosen: list[str], names: list[str]) -> list[float]:
    """Each name's weight factor: ``topic_decay`` to the power of one more than the most drawn
    topics an earlier document on it shares (1 for a topic no earlier document took).

    The documents holding every topic of a subset of the drawn ones are found once per subset;
    a name's count is the largest subset whose documents it meets."""
    holders = doc.spread.holders
    together = []  # (size, the documents that took every topic of a subset of the drawn ones)
    for size in range(len(chosen), 0, -1):
        for subset in combinations(chosen, size):
            docs = holders.get(TOPIC_KEY + subset[0], set())
            for topic in subset[1:]:
                docs = docs & holders.get(TOPIC_KEY + topic, set())
            together.append((size, docs))
    decay, factors = doc.index.settings.topic_decay, []
    for name in names:
        mine = holders.get(TOPIC_KEY + name)
        if not mine:
            factors.append(1.0)
            continue
        most = next((size for size, docs in together if not docs.isdisjoint(mine)), 0)
        factors.append(decay ** (most + 1))
    return factors
