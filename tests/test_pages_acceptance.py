"""Ingesting documents nobody tuned for: 28 made-up web pages measured against their gold annotations.

The pages (tests/data/pages/) copy the shapes of real 范文 sites, WeChat articles and document
libraries around school documents; tests/page_scores.py measures an ingested corpus the way
tests/test_corpus_acceptance.py measures the seeds: site noise left, names left in reusable
text, headings found, and document sentences kept (so noise is not removed by removing text).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from page_scores import Scores, ingest_pages, load_gold, measure, report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pages") / "corpus"


@pytest.fixture(scope="module")
def scores(corpus) -> Scores:
    return measure(ingest_pages(corpus), load_gold())


def test_at_most_one_noise_line_in_twenty_two_stays(scores):
    assert len(scores.noise_left) * 22 <= scores.noise_total, report(scores)


def test_no_name_or_dated_reference_in_reusable_text(scores):
    assert scores.names_left == [], report(scores)


def test_headings_of_every_form_are_found(scores):
    assert scores.heading_recall >= 0.95, report(scores)


def test_the_documents_own_sentences_are_kept(scores):
    assert scores.keep_lost == [], report(scores)


def test_the_pages_corpus_passes_its_check_and_shows_what_was_dropped(corpus, scores):
    base = [sys.executable, str(ROOT / "generate.py")]
    check = subprocess.run(
        [*base, "corpus", "check", "--corpus", str(corpus)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    show = subprocess.run(
        [*base, "corpus", "show", "p01_houqin_zongjie-a1-s01", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    notes = json.loads(show.stdout)["notes"]
    assert any("导航栏" in n for n in notes) and any("合集标题" in n for n in notes)
