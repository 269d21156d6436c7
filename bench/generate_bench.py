"""Prints how long generating one document takes (the target: a cold run under 0.4 s).

Cold: a fresh ``python generate.py summary --school 某校 --out TMP`` process, wall time,
median of several runs: interpreter start, imports, corpus load, selection, rendering and
all four files written.
In-process: milliseconds per document with the corpus and templates already loaded,
selection + rendering alone, then with the .docx/.md/.html/.json files written as well.

    python bench/generate_bench.py [--runs 7] [--docs 200]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOPICS = [["食堂", "安全", "维修"], ["宿舍", "财务"], ["安全", "绿化"], []]


def cold_once() -> float:
    """Wall time of one fresh command-line generation."""
    with tempfile.TemporaryDirectory(prefix="wengao-bench-") as out:
        command = [sys.executable, str(ROOT / "generate.py"), "summary", "--school", "某校", "--out", out]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"生成失败（退出码 {done.returncode}）：{done.stderr.strip() or done.stdout.strip()}")
    return elapsed


def in_process(docs: int) -> tuple[float, float]:
    """(ms per document for select + render, ms per document including writing the files)."""
    from generator import pipeline
    from generator.model import Request
    from generator.profile import make_profile

    corpus = pipeline.load_corpus()
    kinds = ["summary", "plan", "speech", "scheme", "report"]
    requests = [
        Request(
            kinds[i % len(kinds)],
            make_profile({"学校名称": f"第{i}实验学校"}),
            TOPICS[i % len(TOPICS)],
            seed=i,
        )
        for i in range(docs)
    ]
    pipeline.generate(requests[0], corpus)  # warm the corpus index and the compiled templates
    start = time.perf_counter()
    documents = [pipeline.generate(r, corpus) for r in requests]
    generated = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="wengao-bench-") as out:
        start = time.perf_counter()
        for doc in documents:
            pipeline.write_outputs(doc, Path(out))
        written = time.perf_counter() - start
    return generated / docs * 1000, (generated + written) / docs * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description="生成速度基准")
    parser.add_argument("--runs", type=int, default=7, help="冷启动运行次数（取中位数）")
    parser.add_argument("--docs", type=int, default=200, help="进程内生成的文稿篇数")
    args = parser.parse_args()
    cold_once()  # let the OS cache the files first
    runs = [cold_once() for _ in range(args.runs)]
    print(
        f"generate.py summary, cold process (median of {args.runs}): {statistics.median(runs):.3f} s   "
        f"(min {min(runs):.3f}, max {max(runs):.3f})   target < 0.4 s"
    )
    select_render, with_files = in_process(args.docs)
    print(
        f"in-process, select + render:          {select_render:.2f} ms per document ({args.docs} documents)"
    )
    print(f"in-process, + .docx .md .html .json:  {with_files:.2f} ms per document")


if __name__ == "__main__":
    main()
