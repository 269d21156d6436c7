"""The shipped corpus is exactly what ingesting corpus/sources/ produces (golden test)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import pipeline, store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def test_rebuilding_from_sources_gives_the_shipped_corpus(tmp_path):
    shutil.copytree(CORPUS / "sources", tmp_path / "sources")
    for name in ("topics.yaml", "userdict.txt", "repairs.yaml"):
        if (CORPUS / name).exists():
            shutil.copy(CORPUS / name, tmp_path / name)
    result = pipeline.ingest([tmp_path / "sources"], tmp_path)
    assert result.errors == []
    shipped = sorted(p.name for p in (CORPUS / "sections").glob("*.yaml"))
    rebuilt = sorted(p.name for p in (tmp_path / "sections").glob("*.yaml"))
    assert rebuilt == shipped and len(shipped) == 5
    for name in shipped:
        a = (CORPUS / "sections" / name).read_text(encoding="utf-8")
        b = (tmp_path / "sections" / name).read_text(encoding="utf-8")
        assert a == b, f"{name} differs: run `python generate.py ingest corpus/sources` and review the diff"


def test_ingesting_the_same_files_twice_adds_nothing(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "c")
    before = store.load(tmp_path / "c")
    result = pipeline.ingest([tmp_path / "c" / "sources"], tmp_path / "c")
    assert result.added == [] and len(result.unchanged) == 5
    assert store.load(tmp_path / "c").sections == before.sections
