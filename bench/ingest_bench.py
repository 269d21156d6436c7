"""Prints how long ingesting the five seeds takes (issue 2 target: under 3 s), cold and warm.

Cold: a fresh ``python generate.py ingest`` process, jieba's dictionary load included.
Warm: ``pipeline.ingest`` again in this process, the dictionaries already loaded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    tmp = fresh_copy()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "ingest", str(tmp / "sources"), "--corpus", str(tmp)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def warm() -> float:
    from generator import pipeline

    pipeline.ingest([fresh_copy() / "sources"], fresh_copy())  # load dictionaries once
    tmp = fresh_copy()
    start = time.perf_counter()
    pipeline.ingest([tmp / "sources"], tmp)
    return time.perf_counter() - start


if __name__ == "__main__":
    runs = sorted(cold() for _ in range(3))
    print(f"ingest 5 seeds, cold process (median of 3): {runs[1]:.2f} s   target < 3 s")
    print(f"ingest 5 seeds, warm in-process:            {warm():.2f} s")
