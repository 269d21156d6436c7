"""Selection: choose corpus sections for the slots of a document kind's recipe.

Relevance to the requested topics by BM25 over the tokens tagged at ingest, every requested topic
covered, role and mood that fit each slot, one section per near-duplicate group, a length budget
per slot, seeded sampling among the best candidates so other seeds give other documents, and an
optional ``Spread`` that steers the documents of a batch away from one another. The chosen text
is filled from the school profile here, so the renderer only lays it out.

Modules: ``index`` (what selection reads of a corpus, built once per loaded corpus), ``budget``
(lengths), ``tiers`` and ``ranking`` (candidates and their scores), ``filling`` (groups filled and
the length balanced), ``text`` (fill, tidy and trim), ``topics``, ``spread``, ``outline`` (select
and replace), ``settings`` (every tuning value, documented).
"""

from .budget import overhead, target_chars
from .index import SelectionIndex, is_general, query_terms
from .outline import replace, select
from .settings import SETTINGS, TOPIC_KEY, SelectionSettings
from .spread import SharedCounts, Spread, spread_key
from .text import fill, tidy_heading, trim
from .topics import resolve_topics, topic_help

__all__ = [
    "SETTINGS",
    "TOPIC_KEY",
    "SelectionIndex",
    "SelectionSettings",
    "SharedCounts",
    "Spread",
    "fill",
    "is_general",
    "overhead",
    "query_terms",
    "replace",
    "resolve_topics",
    "select",
    "spread_key",
    "target_chars",
    "tidy_heading",
    "topic_help",
    "trim",
]
