"""The command line as a user meets it: Chinese messages, exit statuses, files written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "sources" / "001_c84e72c3b6af63ba.txt"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args], cwd=cwd, capture_output=True, text=True
    )


def _dictionary(corpus: Path) -> None:
    for name in ("topics.yaml", "userdict.txt", "repairs.yaml"):
        if (ROOT / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, corpus / name)


def test_help_is_chinese():
    out = run("--help")
    assert out.returncode == 0
    assert "用法" in out.stdout and "命令" in out.stdout and "生成工作总结" in out.stdout
    assert "Usage" not in out.stdout and "Show this message" not in out.stdout


def test_bad_files_are_named_and_the_rest_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _dictionary(corpus)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    good = tmp_path / "good.txt"
    shutil.copy(SEED, good)
    out = run(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "broken.docx"),
        str(good),
        str(tmp_path / "missing.txt"),
        "--corpus",
        str(corpus),
    )
    assert out.returncode == 1
    text = out.stdout + out.stderr
    for name in ("empty.txt", "binary.txt", "broken.docx", "missing.txt"):
        assert name in text
    assert "已导入" in text
    exported = run("corpus", "export", "--corpus", str(corpus))
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {r["source"] for r in rows} == {"good.txt"}
    assert (corpus / "sources" / "good.txt").read_bytes() == SEED.read_bytes()


def test_ingesting_twice_does_not_duplicate(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _dictionary(corpus)
    assert run("ingest", str(SEED), "--corpus", str(corpus)).returncode == 0
    first = run("corpus", "export", "--corpus", str(corpus)).stdout
    again = run("ingest", str(SEED), "--corpus", str(corpus))
    assert again.returncode == 0 and "跳过" in again.stdout
    assert run("corpus", "export", "--corpus", str(corpus)).stdout == first


def test_corpus_commands_on_the_shipped_corpus():
    stats = run("corpus", "stats")
    assert stats.returncode == 0 and "段落节" in stats.stdout
    listing = run("corpus", "list").stdout.splitlines()
    first_id = listing[0].split("\t")[0]
    shown = run("corpus", "show", first_id)
    assert shown.returncode == 0 and first_id in shown.stdout
    assert "共找到" in run("corpus", "search", "食堂").stdout
    missing = run("corpus", "show", "no-such-id")
    assert missing.returncode == 1 and "no-such-id" in missing.stderr


def test_corpus_check_lists_possible_names_left_without_failing(tmp_path):
    from generator import store

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns(".cache"))
    loaded = store.load(corpus)
    section = next(s for s in loaded.sections if s.reusable and s.paragraphs)
    section.paragraphs[0] = "我们到祁连县学习了后勤管理的经验。" + section.paragraphs[0]
    store.save(loaded, corpus)
    out = run("corpus", "check", "--corpus", str(corpus))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "可能残留" in out.stdout and f"{section.id}：祁连县（地名）" in out.stdout


def test_missing_corpus_is_explained(tmp_path):
    out = run("corpus", "stats", "--corpus", str(tmp_path))
    assert out.returncode == 1 and "ingest" in out.stderr


@pytest.mark.parametrize("kind", ["speech", "plan", "summary", "scheme", "report"])
def test_generate_each_kind(tmp_path, kind):
    out = run(
        kind, "--school", "青山县实验小学", "--topics", "食堂,安全", "--seed", "2", "--out", str(tmp_path)
    )
    assert out.returncode == 0, out.stderr
    names = sorted(p.suffix for p in tmp_path.iterdir())
    assert names == [".docx", ".html", ".json", ".md"]
    md = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert "青山县实验小学" in md


def test_the_period_and_the_inferred_facts(tmp_path):
    """--period sets what the document covers; what was inferred of the school is said."""
    out = run(
        "plan", "--school", "城关镇第一小学", "--period", "学年", "--format", "md", "--out", str(tmp_path)
    )
    assert out.returncode == 0, out.stderr
    title = next(tmp_path.glob("*.md")).read_text(encoding="utf-8").splitlines()[0]
    assert re.fullmatch(r"# 城关镇第一小学\d{4}—\d{4}学年后勤工作计划", title)
    said = " ".join(out.stdout.split())
    assert "学段为小学（按校名推断）" in said and "城乡为县城" in said
    assert re.search(r"期间为\d{4}—\d{4}学年（按文种和日期推断）", said)  # which 学年: from the date
    bad = run("plan", "--school", "城关镇第一小学", "--period", "季度", "--out", str(tmp_path))
    assert bad.returncode == 1 and "期间" in bad.stderr and "学年" in bad.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("summary", "--school", "甲", "--chars", "3000", "--minutes", "5").returncode == 2
    bad_topic = run("summary", "--school", "甲", "--topics", "火星探测", "--out", str(tmp_path))
    assert bad_topic.returncode == 2 and "火星探测" in bad_topic.stderr
    assert run("summary").returncode == 2
    assert run("summary", "--school", "甲", "--format", "pdf").returncode == 2


def test_profile_error_names_the_field(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("学校名称: 甲校\n学生人数: 很多\n", encoding="utf-8")
    out = run("summary", "--profile", str(profile), "--out", str(tmp_path))
    assert out.returncode == 1 and "学生人数" in out.stderr


def test_templates_lists_the_five_kinds():
    out = run("templates")
    assert out.returncode == 0
    for kind in ("speech", "plan", "summary", "scheme", "report"):
        assert kind in out.stdout


def test_too_little_material_is_said_not_hidden(tmp_path):
    out = run("summary", "--school", "甲校", "--chars", "20000", "--out", str(tmp_path), "--format", "md")
    assert out.returncode == 0 and "素材不足" in out.stdout and "20000" in out.stdout
    manifest = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert any("素材不足" in w for w in manifest["warnings"])
    ok = run("plan", "--school", "甲校", "--chars", "1500", "--out", str(tmp_path), "--format", "md")
    assert "素材不足" not in ok.stdout


def test_check_reports_each_problem_and_exits_1_when_something_is_found():
    sample = Path(__file__).parent / "data" / "check_sample.md"
    out = run("check", str(sample))
    assert out.returncode == 1
    assert "【check_sample.md】发现 28 处问题" in out.stdout
    assert "学段不符｜第 6 段（食堂管理）" in out.stdout and "建议：" in out.stdout


def test_check_of_a_clean_document_exits_0():
    clean = Path(__file__).parent / "data" / "check_clean.md"
    out = run("check", str(clean))
    assert out.returncode == 0 and "未发现问题" in out.stdout


def test_check_refuses_a_file_it_cannot_read(tmp_path):
    pdf = tmp_path / "总结.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    out = run("check", str(pdf))
    assert out.returncode == 1 and ".docx、.md 或 .txt" in out.stderr


def test_generation_says_what_the_check_found(tmp_path):
    out = run("plan", "--school", "甲校", "--out", str(tmp_path), "--format", "md")
    assert "文稿体检：" in out.stdout
    manifest = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert isinstance(manifest["findings"], list)


def test_a_kind_of_ones_own_is_written_and_batched(tmp_path):
    """A kind a user adds in --templates (here a copy of the plan named 后勤工作安排) is listed,
    written by `write`, and run in a batch."""
    kind = tmp_path / "tpl" / "arrangement"
    shutil.copytree(ROOT / "templates" / "plan", kind)
    recipe = kind / "recipe.yaml"
    recipe.write_text(re.sub(r"(?m)^name: .*$", "name: 后勤工作安排", recipe.read_text("utf-8")), "utf-8")
    templates = str(tmp_path / "tpl")
    assert "arrangement" in run("templates", "--templates", templates).stdout
    out = run(
        "write", "arrangement", "--templates", templates, "--school", "青山县实验小学", "--out", str(tmp_path)
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "青山县实验小学_后勤工作安排.docx").is_file()
    roster = tmp_path / "名单.csv"
    roster.write_text("学校名称,校长\n青山县实验小学,王明\n", encoding="utf-8")
    batch = run(
        "batch", str(roster), "--kind", "arrangement", "--templates", templates, "--out", str(tmp_path / "b")
    )
    assert batch.returncode == 0, batch.stderr
    assert (tmp_path / "b" / "青山县实验小学_后勤工作安排.docx").is_file()
    assert run("write", "nosuch", "--school", "甲", "--out", str(tmp_path)).returncode == 2
