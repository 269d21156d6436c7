"""Compiled copies of the hot modules (generator/speedups.py): used, and changing nothing."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator import batch, speedups

ROOT = Path(__file__).resolve().parent.parent
RUN = """
import json, sys
from generator import batch, selection
rows = json.loads(sys.argv[2])
for kind, n in (("summary", 200), ("plan", 40)):
    batch.run(rows[:n], kind, sys.argv[1] + "/" + kind, jobs=2, formats=("md", "docx"))
print(selection.__file__)
"""


def roster(n: int) -> list[dict]:
    stages = ["小学", "初中", "高中"]
    return [{"学校名称": f"清水县第{i}{stages[i % 3]}", "校长": f"校长{i:03d}", "县区": "清水县",
             "学生人数": str(400 + i), "教师人数": str(30 + i % 40), batch.ROW_KEY: i + 2} for i in range(n)]


def run_batches(out: Path, pure: bool) -> str:
    """A windowed batch of 200 summaries and an exactly checked one of 40 plans, in a new process."""
    env = {**os.environ, speedups.PURE_ENV: "1" if pure else ""}
    done = subprocess.run([sys.executable, "-c", RUN, str(out), json.dumps(roster(200))], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_make_compiled_the_hot_modules_and_they_are_the_ones_imported():
    assert speedups.built(), "make 应已编译加速模块（见 generator/speedups.py）"
    assert speedups.active()
    for name in speedups.MODULES:
        module = importlib.import_module(f"generator.{name}")
        assert Path(module.__file__).parent == speedups.directory() and module.__file__.endswith(".so")


def test_compiled_and_plain_python_write_the_same_bytes(tmp_path):
    compiled, pure = tmp_path / "compiled", tmp_path / "pure"
    assert run_batches(compiled, pure=False).endswith(".so")
    assert run_batches(pure, pure=True).endswith("selection.py")
    files = sorted(p.relative_to(compiled) for p in compiled.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".docx"]) == 240
    assert files == sorted(p.relative_to(pure) for p in pure.rglob("*") if p.is_file())
    for name in files:
        if name.name not in (batch.REPORT_NAME, batch.STATE_NAME):  # they hold seconds
            assert (compiled / name).read_bytes() == (pure / name).read_bytes(), name


def test_an_edited_module_is_run_as_python(tmp_path, monkeypatch):
    """The compiled copy of a module counts only while its source is the one it was built from."""
    sources = tmp_path / "generator"
    sources.mkdir()
    for name in speedups.MODULES:
        shutil.copyfile(speedups.PACKAGE / f"{name}.py", sources / f"{name}.py")
    folder = speedups.directory()
    monkeypatch.setattr(speedups, "PACKAGE", sources)
    monkeypatch.setattr(speedups, "directory", lambda: folder)
    path: list[str] = []
    assert speedups.activate(path) and path == [str(folder)]
    (sources / "selection.py").write_text((sources / "selection.py").read_text(encoding="utf-8") + "\n# 改动\n",
                                          encoding="utf-8")
    path.clear()
    assert not speedups.built() and not speedups.activate(path) and path == []


def test_plain_python_on_request(monkeypatch):
    monkeypatch.setenv(speedups.PURE_ENV, "1")
    path: list[str] = []
    assert not speedups.activate(path) and path == []
