"""Nothing a user ingests is lost: sources sharing a base name, ingests at the same time, a save killed
half-way, a file that gives nothing; and ``corpus check`` finds what went wrong before."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile import read_only, wait_until

from generator import corpus_lock, pipeline, store
from generator.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"
FIRST = SOURCES / "001_c84e72c3b6af63ba.txt"
SECOND = SOURCES / "004_f72a3532c3335d82.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def corpus(tmp_path) -> Path:
    """An empty corpus folder with the shipped word lists."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("topics.yaml", "userdict.txt", "repairs.yaml"):
        if (ROOT / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, folder / name)
    return folder


def exported(corpus: Path) -> list[dict]:
    out = run("corpus", "export", "--corpus", str(corpus))
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def alone(corpus_root: Path, source: Path) -> int:
    """How many sections ``source`` gives when it is ingested into a corpus of its own."""
    folder = corpus_root / f"alone-{source.name}"
    shutil.copytree(corpus_root / "corpus", folder, ignore=shutil.ignore_patterns("sections", "sources"))
    return pipeline.ingest([source], folder).sections


def same_base_name(tmp_path: Path) -> tuple[Path, Path]:
    """总结.txt and 总结.md: two different documents whose names differ only in the extension."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIRST, folder / "总结.txt")
    shutil.copy(SECOND, folder / "总结.md")
    return folder / "总结.txt", folder / "总结.md"


def assert_both_kept(corpus: Path, expected: int) -> None:
    rows = exported(corpus)
    assert len({r["source"] for r in rows}) == 2
    assert len(rows) == expected
    assert len({r["id"] for r in rows}) == len(rows)  # every section keeps an id of its own
    assert run("corpus", "check", "--corpus", str(corpus)).returncode == 0


# ---------------------------------------------------------------- one base name, two sources


def test_two_sources_with_one_base_name_in_one_run_are_both_kept(tmp_path, corpus):
    txt, md = same_base_name(tmp_path)
    expected = alone(tmp_path, txt) + alone(tmp_path, md)
    out = run("ingest", str(txt), str(md), "--corpus", str(corpus))
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("已导入") == 2 and f"共 {expected} 个段落节" in out.stdout
    assert_both_kept(corpus, expected)


def test_two_sources_with_one_base_name_in_two_runs_are_both_kept(tmp_path, corpus):
    txt, md = same_base_name(tmp_path)
    expected = alone(tmp_path, txt) + alone(tmp_path, md)
    assert run("ingest", str(txt), "--corpus", str(corpus)).returncode == 0
    assert run("ingest", str(md), "--corpus", str(corpus)).returncode == 0
    assert_both_kept(corpus, expected)
    names = sorted(p.name for p in (corpus / "sections").iterdir())
    assert names == ["总结.yaml", "总结_2.yaml"]  # readable names, one per source


def test_a_rebuild_keeps_sources_with_one_base_name(tmp_path, corpus):
    txt, md = same_base_name(tmp_path)
    expected = alone(tmp_path, txt) + alone(tmp_path, md)
    (corpus / "sources").mkdir()
    shutil.copy(txt, corpus / "sources")
    shutil.copy(md, corpus / "sources")
    out = run("corpus", "rebuild", "--corpus", str(corpus))
    assert out.returncode == 0, out.stderr
    assert_both_kept(corpus, expected)


def test_stored_files_are_keyed_uniquely_whatever_the_names():
    names = store.file_names(["plan.md", "plan.txt", "plan.md.txt", "Plan.doc", "总结.docx", "要点.txt"])
    assert len({n.casefold() for n in names.values()}) == 6
    assert names["总结.docx"] == "总结.yaml" and names["要点.txt"] == "要点.yaml"


# ---------------------------------------------------------------- ingests at the same time


def test_a_second_ingest_waits_for_the_first_and_both_are_kept(tmp_path, corpus):
    assert run("ingest", str(FIRST), "--corpus", str(corpus)).returncode == 0
    lines: list[str] = []
    with corpus_lock.corpus_locked(corpus):  # another ingest is saving
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "generate.py"), "ingest", str(SECOND), "--corpus", str(corpus)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
        reader.start()
        wait_until(lambda: any("等它完成后继续" in line for line in lines), 60, "第二个导入说明在等待")
        assert proc.poll() is None  # it waits, it does not save over the first
    assert proc.wait(timeout=120) == 0
    reader.join(timeout=10)
    assert any("已导入" in line for line in lines)
    assert {r["source"] for r in exported(corpus)} == {FIRST.name, SECOND.name}


def test_two_ingests_started_together_both_keep_their_sources(tmp_path, corpus):
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "generate.py"), "ingest", str(path), "--corpus", str(corpus)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (FIRST, SECOND)
    ]
    for proc in procs:
        assert proc.wait(timeout=180) == 0, proc.stderr.read()
    assert {r["source"] for r in exported(corpus)} == {FIRST.name, SECOND.name}
    assert sorted(p.name for p in (corpus / "sources").iterdir()) == sorted([FIRST.name, SECOND.name])


def test_a_lock_held_too_long_is_a_clear_error(corpus):
    with corpus_lock.corpus_locked(corpus):
        waits: list[str] = []
        with (
            pytest.raises(CorpusError, match="被另一个导入占用"),
            corpus_lock.corpus_locked(corpus, waits.append, corpus_lock.LockSettings(wait=0.3)),
        ):
            pass
        assert waits and "等它完成后继续" in waits[0]


def test_ingest_into_a_read_only_corpus_says_so(tmp_path):
    with read_only(tmp_path / "ro") as folder:
        out = run("ingest", str(FIRST), "--corpus", str(folder / "corpus"))
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert "无法写入素材库" in out.stderr and "权限" in out.stderr


# ---------------------------------------------------------------- leftovers and what check sees


def test_a_save_killed_half_way_is_cleaned_up_by_the_next_run(corpus):
    assert run("ingest", str(FIRST), "--corpus", str(corpus)).returncode == 0
    left = corpus / ".sections.k9x2ab"  # what a save killed before its swap leaves
    shutil.copytree(corpus / "sections", left)
    half = corpus / "sources" / f".{SECOND.name}.1a2b3c4d.tmp"  # a raw copy killed half-way
    half.write_bytes(SECOND.read_bytes()[:100])
    check = run("corpus", "check", "--corpus", str(corpus))
    assert check.returncode == 1 and left.name in check.stdout and half.name in check.stdout
    assert run("ingest", str(SECOND), "--corpus", str(corpus)).returncode == 0
    assert not left.exists() and not half.exists()
    assert run("corpus", "check", "--corpus", str(corpus)).returncode == 0


def test_check_finds_a_source_without_sections(corpus):
    assert run("ingest", str(FIRST), "--corpus", str(corpus)).returncode == 0
    shutil.copy(SECOND, corpus / "sources" / "没有段落节.txt")  # as an overwritten or lost save leaves it
    check = run("corpus", "check", "--corpus", str(corpus))
    assert check.returncode == 1 and "没有段落节.txt" in check.stdout and "rebuild" in check.stdout


def test_check_finds_sections_without_their_source(corpus):
    assert run("ingest", str(FIRST), "--corpus", str(corpus)).returncode == 0
    (corpus / "sources" / FIRST.name).unlink()
    check = run("corpus", "check", "--corpus", str(corpus))
    assert check.returncode == 1 and FIRST.name in check.stdout


def test_a_file_that_gives_no_sections_leaves_no_copy(tmp_path, corpus):
    thin = tmp_path / "只有标题.txt"
    thin.write_text("通知\n", encoding="utf-8")
    out = run("ingest", str(thin), str(FIRST), "--corpus", str(corpus))
    assert out.returncode == 1 and "只有标题.txt" in out.stdout
    assert sorted(p.name for p in (corpus / "sources").iterdir()) == [FIRST.name]
    assert run("corpus", "check", "--corpus", str(corpus)).returncode == 0


# ---------------------------------------------------------------- folders


def test_an_empty_folder_is_an_error_naming_it(tmp_path, corpus):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    out = run("ingest", str(empty), "--corpus", str(corpus))
    assert out.returncode == 1 and "空文件夹" in out.stdout and "是空的" in out.stdout


def test_files_a_folder_holds_but_ingest_leaves_out_are_named_with_a_reason(tmp_path, corpus):
    folder = tmp_path / "文稿"
    folder.mkdir()
    shutil.copy(FIRST, folder / "总结.txt")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / ".备份").mkdir()
    shutil.copy(SECOND, folder / ".备份" / "旧稿.txt")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    out = run("ingest", str(folder), "--corpus", str(corpus))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    for name, why in ((".DS_Store", "隐藏"), ("旧稿.txt", "隐藏"), ("照片.jpg", ".jpg")):
        assert any(name in line and why in line and "跳过" in line for line in lines), name
    nothing = tmp_path / "只有图片"
    nothing.mkdir()
    (nothing / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    out = run("ingest", str(nothing), "--corpus", str(corpus))
    assert out.returncode == 1 and "没有可以导入的文稿" in out.stdout and "照片.jpg" in out.stdout


def test_the_web_page_commit_takes_the_same_lock(corpus):
    from fastapi.testclient import TestClient

    from generator.web.app import create_app

    assert run("ingest", str(FIRST), "--corpus", str(corpus)).returncode == 0
    with TestClient(create_app(corpus), base_url="http://127.0.0.1") as client:
        upload = {"files": ("计划.txt", SECOND.read_bytes(), "text/plain")}
        preview = client.post("/api/corpus/preview", files=upload).json()["preview_id"]
        answer = {}
        address = f"/api/corpus/commit/{preview}"
        commit = threading.Thread(target=lambda: answer.update(r=client.post(address)))
        with corpus_lock.corpus_locked(corpus):  # an ingest from the command line is saving
            commit.start()
            commit.join(timeout=2)
            assert commit.is_alive() and not answer  # the page's commit waits for it
        commit.join(timeout=120)
        assert answer["r"].status_code == 200, answer["r"].text
    assert {r["source"] for r in exported(corpus)} == {FIRST.name, "计划.txt"}
