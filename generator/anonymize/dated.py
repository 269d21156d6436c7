"""Dated formulas: slogans and phrases bound to a year or an event, read from corpus/dated.yaml.

A sentence that celebrates 建校七十周年, greets 党的二十大 or reports on 新冠 epidemic measures is
wrong the day another school reuses it in another year.  The formulas are data so a user can
add the campaigns of their own province; every group of the file is a list of regular
expressions, and a sentence matching any of them is dropped with the note "含过时的提法".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import config

DATED_FILE = "dated.yaml"


def dated_pattern(path: Path | None = None) -> re.Pattern:
    """One pattern for every formula of ``path``, else corpus/dated.yaml (the corpus folder's, then
    the shipped one); a pattern matching nothing when no file exists."""
    return _pattern_for(str(path) if path else "", str(config.CORPUS_DIR))


@lru_cache(maxsize=8)
def _pattern_for(path: str, corpus_dir: str) -> re.Pattern:
    """The pattern of the first file that exists, looked up once per corpus folder (every sentence
    of an ingest asks)."""
    candidates = (
        [path] if path else [Path(corpus_dir) / DATED_FILE, config.PROJECT_ROOT / "corpus" / DATED_FILE]
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return _load(str(candidate))
    return re.compile("(?!)")


@lru_cache(maxsize=8)
def _load(path: str) -> re.Pattern:
    """Parse a dated.yaml once per process into one alternation."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        groups = yaml.safe_load(fh) or {}
    formulas = [str(f) for group in groups.values() for f in group or []]
    return re.compile("|".join(f"(?:{f})" for f in formulas) or "(?!)")
