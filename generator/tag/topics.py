"""Topics: which of the domain's topics (食堂, 安全, 宿舍 …) a section is about."""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Topic

GENERAL_TOPIC = "后勤综合"  # the fallback topic: a section about logistics work in general


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
