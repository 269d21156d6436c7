"""Every mistake a user can make on the command line ends in a Chinese sentence and the right exit
status (2: the command was called wrongly, 1: an input could not be used), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import make_unreadable, read_only
from typer.testing import CliRunner

from generator import batch, cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "sources" / "001_c84e72c3b6af63ba.txt"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def refused(out: subprocess.CompletedProcess, status: int, *words: str) -> None:
    """The command failed with ``status`` and said why in Chinese, naming ``words``."""
    assert out.returncode == status, (out.stdout, out.stderr)
    text = out.stdout + out.stderr
    assert "Traceback" not in text and "Error:" not in text, text
    assert "错误" in text or "失败" in text, text
    for word in words:
        assert word in text, (word, text)


def roster(path: Path) -> Path:
    path.write_text("学校名称,校长\n甲中学,王明\n乙小学,李强\n丙中学,张华\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- the output folder


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "一个文件"
    path.write_text("不是文件夹", encoding="utf-8")
    return path


def test_output_folder_that_is_a_file_or_under_one(tmp_path, a_file):
    for out in (a_file, a_file / "子目录"):
        refused(run("summary", "--school", "甲中学", "--out", str(out)), 2, str(out), "--out")
        refused(run("batch", str(roster(tmp_path / "r.csv")), "--out", str(out)), 2, str(out), "--out")


def test_output_folder_that_is_read_only(tmp_path):
    with read_only(tmp_path / "只读") as out:
        refused(run("summary", "--school", "甲中学", "--out", str(out)), 2, "没有权限", "--out")
        refused(run("batch", str(roster(tmp_path / "r.csv")), "--out", str(out)), 2, "没有权限", "--out")


def test_a_school_name_too_long_for_a_file_name_is_shortened_as_a_batch_does(tmp_path):
    school = "青山县" + "很长的名字" * 60  # 303 characters, 909 bytes
    out = run("summary", "--school", school, "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    docx = next(tmp_path.glob("*.docx"))
    assert docx.stem == f"{batch.safe_name(school)}_工作总结"
    assert len(docx.name.encode("utf-8")) < 255


# ---------------------------------------------------------------- option values


def test_minutes_that_are_not_a_number(tmp_path):
    for value in ("nan", "NaN"):
        out = run("speech", "--school", "甲中学", "--minutes", value, "--out", str(tmp_path))
        refused(out, 2, "--minutes")
    assert not list(tmp_path.iterdir())


def test_a_profile_date_that_does_not_exist(tmp_path):
    profile = tmp_path / "学校.yaml"
    profile.write_text("学校名称: 甲中学\n日期: 2026-13-45\n", encoding="utf-8")
    refused(run("summary", "--profile", str(profile), "--out", str(tmp_path)), 1, "2026-13-45", "日期")


def test_templates_folder_that_does_not_exist(tmp_path, a_file):
    for folder in (tmp_path / "没有这个目录", a_file):
        refused(run("summary", "--school", "甲中学", "--templates", str(folder)), 2, "模板目录", str(folder))
        refused(run("batch", str(roster(tmp_path / "r.csv")), "--templates", str(folder)), 2, "模板目录")
        refused(run("templates", "--templates", str(folder)), 2, "模板目录")


def test_serve_refuses_a_port_out_of_range_before_starting():
    for port in ("70000", "-1", "0"):
        out = run("serve", "--port", port, timeout=30)
        refused(out, 2, "--port")
        assert "已启动" not in out.stdout


def test_serve_refuses_a_corpus_folder_that_does_not_exist(tmp_path):
    out = run("serve", "--corpus", str(tmp_path / "没有这个素材库"), timeout=30)
    refused(out, 1, "没有这个素材库", "--corpus")
    assert "已启动" not in out.stdout


def test_help_shows_defaults_without_markup_escapes():
    out = run("summary", "--help")
    assert out.returncode == 0 and "[默认：0]" in out.stdout and "\\[" not in out.stdout


# ---------------------------------------------------------------- files the user names


def test_a_folder_given_as_a_roster(tmp_path):
    refused(run("batch", str(tmp_path), "--out", str(tmp_path / "out")), 1, "是文件夹", str(tmp_path))


def invoke(*args: str):
    """The command in this process, where a file can be made unreadable even for root."""
    return CliRunner().invoke(cli.app, list(args))


def assert_said_in_chinese(result, *words: str) -> None:
    text = result.output
    assert result.exit_code in (1, 2) and "not readable" not in text and "Traceback" not in text, text
    for word in words:
        assert word in text, (word, text)


def test_unreadable_files_are_named_in_chinese(tmp_path, monkeypatch):
    text = tmp_path / "总结.txt"
    text.write_bytes(SEED.read_bytes())
    profile = tmp_path / "学校.yaml"
    profile.write_text("学校名称: 甲中学\n", encoding="utf-8")
    names = roster(tmp_path / "名单.csv")
    for path in (text, profile, names):
        make_unreadable(path, monkeypatch)
    corpus = tmp_path / "corpus"
    assert_said_in_chinese(invoke("ingest", str(text), "--corpus", str(corpus)), "无法读取", "总结.txt")
    assert_said_in_chinese(invoke("check", str(text)), "无法读取", "总结.txt")
    assert_said_in_chinese(invoke("summary", "--profile", str(profile), "--out", str(tmp_path)), "学校.yaml")
    batch_run = invoke("batch", str(names), "--out", str(tmp_path / "out"))
    assert_said_in_chinese(batch_run, "无法读取", "名单.csv")
    assert os.access(SEED, os.R_OK)  # the rest of the machine reads as before
