"""How well ingest holds on web pages: noise left, names left, headings found, text kept.

Measures a corpus export (one mapping per section, as ``corpus export`` prints) against the
hand-written gold annotations of tests/data/pages/gold.yaml.  Used by
tests/test_pages_acceptance.py; run it as a script to see every miss:

    .venv/bin/python tests/page_scores.py            # ingest the pages into a temporary corpus
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
WINDOW = 8  # characters of a noise line's windows; a line is left when half its windows are


@dataclass
class Scores:
    """What the measure found, with the misses to show."""

    noise_total: int = 0
    noise_left: list[tuple[str, str]] = field(default_factory=list)  # (file, line)
    names_left: list[tuple[str, str, str]] = field(default_factory=list)  # (file, name, section id)
    headings_total: int = 0
    headings_missed: list[tuple[str, str]] = field(default_factory=list)
    keep_total: int = 0
    keep_lost: list[tuple[str, str]] = field(default_factory=list)

    @property
    def heading_recall(self) -> float:
        return 1 - len(self.headings_missed) / max(self.headings_total, 1)


_t2s = opencc.OpenCC("t2s")


def norm(text: str) -> str:
    """Simplified characters, letters and digits only: how a line is compared with the corpus."""
    return re.sub(r"[\W_]+", "", _t2s.convert(text)).lower()


def ingest_pages(corpus: Path, pages: Path = PAGES) -> list[dict]:
    """Ingest the pages into ``corpus`` through the command line and return its export."""
    base = [sys.executable, str(ROOT / "generate.py")]
    subprocess.run([*base, "ingest", str(pages), "--corpus", str(corpus)], capture_output=True, check=False)
    out = subprocess.run(
        [*base, "corpus", "export", "--corpus", str(corpus)], capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def measure(rows: list[dict], gold: dict) -> Scores:
    """Score the export of an ingested folder against its gold annotations."""
    scores = Scores()
    for name, want in gold.items():
        mine = [r for r in rows if Path(r["source"]).stem.startswith(Path(name).stem)]
        _score_file(name, want, mine, scores)
    return scores


def _score_file(name: str, want: dict, rows: list[dict], scores: Scores) -> None:
    """Add one file's noise, names, headings and kept sentences to the scores."""
    body = norm("\n".join(r["heading"] + r["text"] for r in rows))
    titles = "\n".join(norm(r["article_title"]) for r in rows)
    raw = "\n".join(_t2s.convert(r["heading"] + r["text"] + r["article_title"]) for r in rows)
    for line in want.get("noise") or []:
        scores.noise_total += 1
        if _left(line, body, titles, raw):
            scores.noise_left.append((name, line))
    for row in rows:
        reusable = row["heading"] + "\n" + row["text"] if row["reusable"] else ""
        scores.names_left += [(name, n, row["id"]) for n in want.get("names") or [] if n in reusable]
    headings = [norm(r["heading"]) for r in rows if r["heading"]]
    for heading in want.get("headings") or []:
        scores.headings_total += 1
        if not any(_same(norm(heading), h) for h in headings):
            scores.headings_missed.append((name, heading))
    for sentence in want.get("keep") or []:
        scores.keep_total += 1
        if norm(sentence) not in body:
            scores.keep_lost.append((name, sentence))


def _left(line: str, body: str, titles: str, raw: str) -> bool:
    """Whether a noise line survives: whole in a title or the text, or half of it in the text.

    Half means half of its 8-character windows; titles count only whole, since a collection title
    rightly leaves its document's title behind.  A line of under four letters (【一】, 范文3) is
    looked for as it is written.
    """
    short = norm(line)
    if len(short) < 4:
        return re.sub(r"\s+", "", _t2s.convert(line)) in re.sub(r"\s+", "", raw)
    if short in body or short in titles:
        return True
    windows = [short[i : i + WINDOW] for i in range(len(short) - WINDOW + 1)]
    return len(windows) > 1 and sum(w in body for w in windows) * 2 >= len(windows)


def _same(expected: str, found: str) -> bool:
    """A gold heading matches a stored one up to punctuation (names may be placeholders)."""
    found = re.sub(r"学校名称|学校简称|所在地", "", found)
    return bool(found) and (expected == found or expected in found or found in expected)


def load_gold(pages: Path = PAGES) -> dict:
    return yaml.safe_load((pages / "gold.yaml").read_text(encoding="utf-8"))


def report(scores: Scores) -> str:
    """The figures and every miss, one a line."""
    lines = [
        f"noise left: {len(scores.noise_left)} of {scores.noise_total}",
        f"names left in reusable text: {len(scores.names_left)}",
        f"heading recall: {scores.heading_recall:.3f} ({scores.headings_total - len(scores.headings_missed)}"
        f"/{scores.headings_total})",
        f"kept sentences lost: {len(scores.keep_lost)} of {scores.keep_total}",
    ]
    lines += [f"  noise  {f}: {line}" for f, line in scores.noise_left]
    lines += [f"  name   {f}: {n} in {sid}" for f, n, sid in scores.names_left]
    lines += [f"  head   {f}: {h}" for f, h in scores.headings_missed]
    lines += [f"  lost   {f}: {s}" for f, s in scores.keep_lost]
    return "\n".join(lines)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    with tempfile.TemporaryDirectory() as tmp:
        print(report(measure(ingest_pages(Path(tmp) / "corpus", folder), load_gold(folder))))
