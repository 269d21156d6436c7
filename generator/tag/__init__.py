"""Ingest, step 5: tag sections with role, topics, kinds, mood and search tokens.

Selection fills a recipe's slots by role and mood, covers requested topics by the topic
tags and ranks by BM25 over the tokens, so every section needs all of them.  The rules are
word lists for the genre (school office documents), not cases keyed to one source.  One
module per tag: ``roles`` (with the word lists in ``cues``), ``mood``, ``kinds``, ``topics``,
``tokens``; ``sections`` tags a file's sections.

jieba is imported on first use (generation never loads it) and the domain dictionary
(corpus/userdict.txt) is added once per process.
"""

from .kinds import article_kind
from .mood import mood_of
from .sections import read_userdict, tag
from .topics import GENERAL_TOPIC, TopicMatcher

__all__ = ["GENERAL_TOPIC", "TopicMatcher", "article_kind", "mood_of", "read_userdict", "tag"]
