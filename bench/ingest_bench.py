"""Prints how long ingesting the five seeds takes, cold and warm, and what each slow stage costs.

Cold: a fresh ``python generate.py ingest`` process, jieba's dictionary load included
(target: under 3 s).  Warm: ``pipeline.ingest`` again in this process, the dictionaries
already loaded.  Stages: cleaning the seeds, anonymizing their sections (names cache
emptied first) and grouping 600 sections into near-duplicates, each timed on its own.
"""

from __future__ import annotations

import copy
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "sources").glob("*.txt"))
sys.path.insert(0, str(ROOT))


def fresh_copy() -> Path:
    """A corpus folder holding only the raw sources and the domain dictionary."""
    tmp = Path(tempfile.mkdtemp(prefix="wengao-bench-"))
    shutil.copytree(ROOT / "corpus" / "sources", tmp / "sources")
    for name in ("topics.yaml", "userdict.txt", "repairs.yaml"):
        if (ROOT / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, tmp / name)
    return tmp


def cold() -> float:
    """Seconds for a fresh process to ingest the seeds into an empty corpus."""
    tmp = fresh_copy()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "ingest", str(tmp / "sources"), "--corpus", str(tmp)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def warm() -> float:
    """Seconds to ingest the seeds again in this process, dictionaries loaded."""
    from generator import pipeline

    pipeline.ingest([fresh_copy() / "sources"], fresh_copy())  # load dictionaries once
    tmp = fresh_copy()
    start = time.perf_counter()
    pipeline.ingest([tmp / "sources"], tmp)
    return time.perf_counter() - start


def median_time(prepare: Callable[[], object], run: Callable[[object], object], times: int = 3) -> float:
    """Median seconds of ``run(prepare())`` over ``times`` runs; preparing is not timed."""
    spans = []
    for _ in range(times):
        data = prepare()
        start = time.perf_counter()
        run(data)
        spans.append(time.perf_counter() - start)
    return statistics.median(spans)


def stages() -> None:
    """Clean, anonymize and dedup on the seeds, each alone, with the dictionaries already loaded."""
    from generator import anonymize, clean, dedup, read, segment
    from generator.anonymize.names import base_names

    raws = [read.read_file(p) for p in SEEDS]
    clean.split_articles(raws[0])  # converter and repair table: loaded once per process
    cleaning = median_time(lambda: raws, lambda rs: [clean.split_articles(r) for r in rs])
    print(f"clean 5 seeds:                              {cleaning:.2f} s")

    files = [clean.split_articles(r) for r in raws]
    anonymize.lexicon()  # jieba's dictionary: paid once per process, shared with tagging

    def segmented() -> list:
        base_names.cache_clear()
        return [([s for a in arts for s in segment.segment(a)], arts) for arts in files]

    naming = median_time(segmented, lambda data: [anonymize.anonymize(s, a) for s, a in data])
    print(f"anonymize 5 seeds (names cache empty):      {naming:.2f} s")

    sections = [s for secs, _ in segmented() for s in secs]
    grouping = median_time(lambda: many_sections(sections), dedup.group_duplicates)
    print(f"dedup 600 sections:                         {grouping:.2f} s")


def many_sections(seeds: list, n: int = 600) -> list:
    """The seeds' sections plus edited copies (a sentence inserted mid-paragraph) up to ``n``."""
    rnd = random.Random(7)
    many = [copy.deepcopy(s) for s in seeds]
    while len(many) < n:
        s = copy.deepcopy(rnd.choice(seeds))
        s.paragraphs = [p[: len(p) // 2] + "另外还要做好相关工作。" + p[len(p) // 2 :] for p in s.paragraphs]
        many.append(s)
    return many


if __name__ == "__main__":
    runs = sorted(cold() for _ in range(3))
    print(f"ingest 5 seeds, cold process (median of 3): {runs[1]:.2f} s   target < 3 s")
    print(f"ingest 5 seeds, warm in-process:            {warm():.2f} s")
    stages()
