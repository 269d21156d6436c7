"""The stored corpus: round trip, atomic swap, schema check, export fields."""

from __future__ import annotations

import json

import pytest

from generator import store
from generator.errors import CorpusError
from generator.model import Corpus, Section, SourceInfo, Topic

TOPICS = [Topic("食堂与饮食安全", ["食堂"], ["食堂"]), Topic("安全总体", ["安全"], ["安全"])]


def _section(n: int, **kw) -> Section:
    base = dict(
        id=f"x-a1-s{n:02d}",
        source="x.txt",
        article="a1",
        article_title="学校后勤工作总结",
        lines=(n, n + 1),
        level=1,
        heading=f"标题{n}",
        paragraphs=[f"{{学校名称}}第{n}段。", "第二段。"],
        role="review",
        topics=["食堂与饮食安全"],
        kinds=["summary"],
        mood="review",
        placeholders=["学校名称"],
        tokens=["食堂", "安全"],
    )
    base.update(kw)
    return Section(**base)


def _corpus(*sections: Section) -> Corpus:
    return Corpus([SourceInfo("x.txt", "ab" * 32, "utf-8", ["学校后勤工作总结"])], list(sections), TOPICS)


def _save(tmp_path, corpus: Corpus):
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "x.txt").write_text("原文", encoding="utf-8")
    (tmp_path / "topics.yaml").write_text(
        "- name: 食堂与饮食安全\n  aliases: [食堂]\n  keywords: [食堂]\n"
        "- name: 安全总体\n  aliases: [安全]\n  keywords: [安全]\n",
        encoding="utf-8",
    )
    store.save(corpus, tmp_path)


def test_round_trip_keeps_every_field(tmp_path):
    original = _corpus(_section(1), _section(2, dup_group="g001", reusable=False, notes=["删除含人名的句子"]))
    _save(tmp_path, original)
    loaded = store.load(tmp_path)
    assert loaded.sections == original.sections
    assert [t.name for t in loaded.topics] == ["食堂与饮食安全", "安全总体"]


def test_stored_text_is_readable_yaml_one_paragraph_per_line(tmp_path):
    _save(tmp_path, _corpus(_section(1)))
    text = (tmp_path / "sections" / "x.yaml").read_text(encoding="utf-8")
    assert "- '{学校名称}第1段。'" in text or '- "{学校名称}第1段。"' in text
    assert "\\u" not in text  # Chinese stays Chinese


def test_interrupted_swap_is_recovered(tmp_path):
    _save(tmp_path, _corpus(_section(1)))
    (tmp_path / "sections").rename(tmp_path / ".sections.old")  # crash between the two renames
    assert store.exists(tmp_path)
    assert [s.id for s in store.load(tmp_path).sections] == ["x-a1-s01"]
    _save(tmp_path, _corpus(_section(1), _section(2)))
    assert not (tmp_path / ".sections.old").exists()
    assert len(store.load(tmp_path).sections) == 2


def test_failed_save_leaves_the_old_corpus(tmp_path, monkeypatch):
    _save(tmp_path, _corpus(_section(1)))

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_swap", boom)
    with pytest.raises(OSError):
        store.save(_corpus(_section(1), _section(2)), tmp_path)
    assert len(store.load(tmp_path).sections) == 1
    assert not list(tmp_path.glob(".sections.*"))


def test_broken_file_names_itself(tmp_path):
    _save(tmp_path, _corpus(_section(1)))
    (tmp_path / "sections" / "x.yaml").write_text("source: [\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="x.yaml"):
        store.load(tmp_path)


def test_check_passes_a_good_corpus_and_names_problems(tmp_path):
    _save(tmp_path, _corpus(_section(1)))
    assert store.check(store.load(tmp_path), tmp_path) == []
    bad = _corpus(
        _section(1, role="nonsense"),
        _section(1),
        _section(3, topics=[]),
        _section(4, paragraphs=["{学校}的{校长}"], placeholders=["校长"]),
        _section(5, mood="?"),
    )
    problems = "\n".join(store.check(bad, tmp_path))
    assert "nonsense" in problems and "编号重复" in problems and "主题为空" in problems
    assert "未知占位符" in problems and "语气" in problems


def test_export_has_every_field_a_reviewer_reads(tmp_path):
    _save(tmp_path, _corpus(_section(1)))
    row = next(store.export(store.load(tmp_path)))
    for key in (
        "id",
        "source",
        "article",
        "article_title",
        "lines",
        "level",
        "heading",
        "text",
        "role",
        "topics",
        "kinds",
        "mood",
        "placeholders",
        "reusable",
        "dup_group",
    ):
        assert key in row
    assert row["text"] == "{学校名称}第1段。\n第二段。"
    json.dumps(row, ensure_ascii=False)


def test_search_filters(tmp_path):
    c = _corpus(
        _section(1),
        _section(2, role="measures", topics=["安全总体"], paragraphs=["加强门卫值守。"], placeholders=[]),
    )
    assert [s.id for s in store.search(c, "门卫")] == ["x-a1-s02"]
    assert [s.id for s in store.search(c, "", role="review")] == ["x-a1-s01"]
    assert [s.id for s in store.search(c, "", topic="安全")] == ["x-a1-s02"]
