"""Word lists derived from big tables, kept between runs in the corpus folder's cache.

Deriving the lexicon's word lists from jieba's dictionary and reading the place-name table take
about 0.4 s each, a quarter of ingesting the seeds; both depend only on their source files.  The
result is pickled under ``<corpus>/.cache/`` (where the parsed corpus is kept too), keyed by the
source files' paths, sizes and modification times and this module's data version, and built
again whenever one of them changes.  A folder that cannot be written simply goes without.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .. import config
from ..fsutil import atomic_write_bytes

T = TypeVar("T")
VERSION = 1  # raise when what is derived changes, so old caches are rebuilt


def cached(name: str, sources: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned last time for the same ``sources``."""
    path = config.CORPUS_DIR / ".cache" / f"{name}.pickle"
    key = [VERSION] + [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources if p.is_file()]
    with contextlib.suppress(
        OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError
    ):
        stored_key, value = pickle.loads(path.read_bytes())
        if stored_key == key:
            return value
    value = build()
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value
