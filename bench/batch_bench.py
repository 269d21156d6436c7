"""Batch speed: N summaries from a synthetic roster, against docxtpl and a floor.

In one run, on the same machine and the same number of processes:
- wengao end to end (``batch.run``: roster rows → selection with spread → render → files),
  .docx only (plus the .json manifest, always written) and with every format;
- docxtpl rendering the same documents' text (a .docx template built once with python-docx,
  holding a Jinja loop over paragraphs — what users would otherwise use);
- a floor: the bare zip of a precomputed ``document.xml`` written to a file.
Prints documents per second and the ratios. ``--profile`` adds where the time goes (one
process, cProfile). Target: ≥ 300 docs/s on 2 cores and ≥ 4× docxtpl.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import batch, pipeline  # noqa: E402


def synthetic_roster(n: int) -> list[dict]:
    """``n`` fictional schools with the columns office rosters carry."""
    counties = ["东城县", "西山县", "南湖区", "北岭县", "青河区", "石门县"]
    stages = ["小学", "初中", "高中", "九年一贯制学校"]
    return [
        {
            "学校名称": f"{counties[i % 6]}第{i + 1}{stages[i % 4]}",
            "校长": f"校长{i + 1:05d}",
            "县区": counties[i % 6],
            "学段": stages[i % 4],
            "学生人数": str(300 + i % 2000),
            "教师人数": str(20 + i % 150),
            batch.ROW_KEY: i + 2,
        }
        for i in range(n)
    ]


def time_wengao(n: int, jobs: int, formats: tuple[str, ...], work: Path) -> tuple[float, Path]:
    """Seconds for a whole batch (corpus load, roster rows, selection, rendering, files)."""
    out = work / ("wengao-" + "-".join(formats))
    start = time.perf_counter()
    result = batch.run(synthetic_roster(n), "summary", out, batch.BatchOptions(jobs=jobs, formats=formats))
    seconds = time.perf_counter() - start
    assert result.count(batch.OK) == n, [r.reason for r in result.rows if r.status != batch.OK][:3]
    print(f"  {'、'.join(formats)}：{seconds:.2f} 秒，文稿间最大重合 {result.max_overlap:.0%}")
    return seconds, out


def docxtpl_template(path: Path) -> Path:
    """A plain python-docx document holding a Jinja loop over paragraphs (built once)."""
    import docx

    document = docx.Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("{%p for p in paras %}")
    document.add_paragraph("{{ p }}")
    document.add_paragraph("{%p endfor %}")
    document.save(path)
    return path


def _docxtpl_one(args: tuple[str, str, dict]) -> None:
    from docxtpl import DocxTemplate

    template, target, context = args
    document = DocxTemplate(template)
    document.render(context)
    document.save(target)


def contexts(out: Path) -> list[dict]:
    """The same documents' title and paragraph texts, read back from wengao's manifests."""
    items = []
    for manifest in sorted(out.glob("*.json")):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        items.append(
            {"title": data["title"], "paras": [p["text"] for p in data["paragraphs"] if p["kind"] != "title"]}
        )
    return items


def time_docxtpl(items: list[dict], jobs: int, work: Path) -> float:
    template = docxtpl_template(work / "docxtpl-template.docx")
    target = work / "docxtpl"
    target.mkdir()
    args = [(str(template), str(target / f"{i}.docx"), ctx) for i, ctx in enumerate(items)]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_docxtpl_one, args, chunksize=8)
    return time.perf_counter() - start


def _floor_one(args: tuple[bytes, str]) -> None:
    xml, target = args
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    Path(target).write_bytes(buffer.getvalue())


def time_floor(xml: bytes, n: int, jobs: int, work: Path) -> float:
    target = work / "floor"
    target.mkdir()
    args = [(xml, str(target / f"{i}.docx")) for i in range(n)]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_floor_one, args, chunksize=32)
    return time.perf_counter() - start


STEPS = {
    ("pipeline", "load_corpus"): "读取素材库",
    ("roster", "parse_rows"): "花名册→请求",
    ("guard", "add"): "选材与查重（按行顺序，含重选）",
    ("pipeline", "plan"): "  其中：选材（selection，含分散）",
    ("guard", "_phrase"): "  其中：模板句式错开",
    ("overlap", "measure"): "  其中：与已选文稿比对",
    ("pipeline", "render_outline"): "渲染 Markdown",
    ("docx_writer", "to_docx"): "生成 .docx",
    ("pipeline", "manifest_json"): "清单 JSON",
    ("fsutil", "atomic_write_bytes"): "原子写文件",
    ("overlap", "body_keys"): "重合度指纹",
    ("journal", "request_hash"): "请求指纹",
    ("journal", "add"): "续做记录",
    ("overlap", "overlaps"): "计算最大重合",
}


def profile(n: int, work: Path) -> None:
    """Where one process spends its time, by step of the batch (cProfile, so slower than real):
    ``n`` summaries planned and rendered in this process, then the 25 functions taking most time
    of their own."""
    profiler = cProfile.Profile()
    profiler.enable()
    batch.run(synthetic_roster(n), "summary", work / "profile", batch.BatchOptions(jobs=1, formats=("docx",)))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(v[3] for v in stats.stats.values())
    print(f"\n耗时分布（单进程 {n} 份，cProfile 计时，总计 {total:.2f} 秒）：")
    cumulative = {(Path(f).stem, name): v[3] for (f, _, name), v in stats.stats.items()}
    for step, label in STEPS.items():
        if step in cumulative:
            print(f"  {label:<24}{cumulative[step]:7.3f} 秒  {cumulative[step] / total:5.1%}")
    print("\n自身耗时最多的函数：")
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description="批量生成速度：wengao 与 docxtpl、下限的对比。")
    parser.add_argument("--n", type=int, default=1000, help="文稿份数（默认 1000）。")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="进程数（默认为 CPU 核数）。")
    parser.add_argument(
        "--docxtpl-n", type=int, default=0, help="docxtpl 只生成这么多份（默认与 --n 相同）。"
    )
    parser.add_argument("--profile", action="store_true", help="另用单进程（cProfile）分析耗时分布。")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wengao-batch-bench-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    n, jobs = args.n, args.jobs
    print(f"{n} 份工作总结，{jobs} 个进程，{os.cpu_count()} 个 CPU 核：")
    docx_s, out = time_wengao(n, jobs, ("docx",), work)
    all_s, _ = time_wengao(n, jobs, pipeline.FORMATS, work)
    items = contexts(out)[: args.docxtpl_n or n]
    tpl_s = time_docxtpl(items, jobs, work)
    with zipfile.ZipFile(next(out.glob("*.docx"))) as archive:
        xml = archive.read("word/document.xml")
    floor_s = time_floor(xml, n, jobs, work)
    rates = {
        "wengao .docx（含 .json 清单）": n / docx_s,
        "wengao 全部格式（docx/md/html/json）": n / all_s,
        "docxtpl（同样的文稿）": len(items) / tpl_s,
        "下限（预先算好的 document.xml 仅压缩写盘）": n / floor_s,
    }
    for name, rate in rates.items():
        print(f"  {name:<36}{rate:8.0f} 份/秒   每核 {rate / jobs:6.0f}")
    ours, tpl, floor = n / docx_s, len(items) / tpl_s, n / floor_s
    print(
        f"  wengao / docxtpl = {ours / tpl:.1f} 倍（目标 ≥ 4 倍）；wengao / 下限 = {ours / floor:.0%}；"
        f"目标 ≥ 300 份/秒：{'达到' if ours >= 300 else '未达到'}"
    )
    if args.profile:
        profile(min(n, 500), work)


if __name__ == "__main__":
    main()
