"""What the shipped corpus must be, measured through `corpus export`: clean, anonymous, tagged."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import opencc
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# Names of the five sources' schools, people and places.
SOURCE_NAMES = [
    "洛阳时代外国语学校",
    "洛阳",
    "吴起县",
    "吴起",
    "史寨小学",
    "史寨",
    "麗景",
    "丽景",
    "张兆林",
    "黄志勇",
    "肖作后",
    "官挡",
    "官当",
]
PINYIN = re.compile(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
BOILERPLATE = re.compile(
    r"精选\d*篇|通用\d+篇|^篇\d|第[一二三四五六七八九十]+篇[：:]|小编|仅供参考|举报|投稿|阅读量|发布于|千字|"
    r"您可能关注|人还看了|未完|全文共|<[a-z/][^>]*>|【[一二三四五六七八九十]】"
)
DAMAGED = ["效劳", "原那么", "准那么", "本钱", "根底", "平安"]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    out = subprocess.run(
        [sys.executable, "generate.py", "corpus", "export"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def _texts(row: dict) -> str:
    return row["heading"] + "\n" + row["text"] + "\n" + row["article_title"]


def test_no_traditional_characters(rows):
    t2s = opencc.OpenCC("t2s")
    bad = {ch for r in rows for ch in _texts(r) if t2s.convert(ch) != ch}
    assert not bad


def test_no_pinyin_glosses_and_no_boilerplate(rows):
    for r in rows:
        assert not PINYIN.search(_texts(r)), r["id"]
        for line in _texts(r).splitlines():
            assert not BOILERPLATE.search(line), (r["id"], line)


def test_no_damaged_words_left_in_the_damaged_article(rows):
    damaged = [r for r in rows if r["source"].startswith("000_") and r["article"] == "a3"]
    assert damaged
    text = "".join(_texts(r) for r in damaged)
    for word in DAMAGED:
        assert word not in text, word


def test_all_nineteen_articles(rows):
    articles = Counter(r["source"][:3] for r in {(r["source"], r["article"]): r for r in rows}.values())
    assert dict(articles) == {"000": 4, "001": 2, "002": 3, "003": 9, "004": 1}


def test_headings_recovered(rows):
    golden = yaml.safe_load((ROOT / "tests" / "data" / "seed_headings.yaml").read_text(encoding="utf-8"))
    wanted = [(src, h) for src, arts in golden.items() for art in arts for _, h in art["headings"]]
    found = {(r["source"], re.sub(r"\s", "", r["heading"])) for r in rows}
    found_by_source = {}
    for src, head in found:
        found_by_source.setdefault(src, []).append(head)
    hits = sum(any(_same(h, f) for f in found_by_source.get(src, [])) for src, h in wanted)
    assert hits / len(wanted) >= 0.95, f"{hits}/{len(wanted)}"


def _same(expected: str, found: str) -> bool:
    """A golden heading matches a stored one up to punctuation (names may be placeholders)."""
    norm = lambda s: re.sub(r"[\W_]|\{[^}]*\}", "", s)  # noqa: E731
    e, f = norm(expected), norm(found)
    return bool(f) and (e == f or e in f or f in e)


def test_no_source_names_in_reusable_text(rows):
    for r in rows:
        if r["reusable"]:
            for name in SOURCE_NAMES:
                assert name not in r["heading"] + r["text"], (r["id"], name)


def test_every_section_has_role_and_topic(rows):
    for r in rows:
        assert r["role"] and r["topics"] and r["kinds"] and r["mood"], r["id"]


def test_corpus_check_passes():
    out = subprocess.run(
        [sys.executable, "generate.py", "corpus", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_near_duplicates_grouped_across_the_two_plans_of_seed_003(rows):
    groups = Counter(r["dup_group"] for r in rows if r["dup_group"])
    assert groups and max(groups.values()) >= 2
    same_source = [r for r in rows if r["dup_group"] and r["source"].startswith("003_")]
    assert len({r["article"] for r in same_source}) >= 2
