"""The import rule: data flows one way, heavy libraries stay in their stage."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
BOTTOM = {
    "model",
    "config",
    "errors",
    "fsutil",
    "profile",
    "sentences",
    "lexicon",
    "period",
    "school",
    "corpus_lock",
    "skipped",
}
STAGES = {
    "read",
    "clean",
    "segment",
    "anonymize",
    "revise",
    "tag",
    "dedup",
    "store",
    "selection",
    "render",
    "docx_writer",
    "check",
}
TOP = {"pipeline", "batch", "cli", "cli_batch", "web"}
HEAVY = {
    "jieba": {"tag", "selection", "anonymize"},
    "jieba_fast_dat": {"tag", "anonymize"},
    "jinja2": {"render"},
    "docx": {"docx_writer", "read"},
}


def _files(name: str) -> list[Path]:
    """The files of a module: ``name.py``, or every file of the package ``name/`` (a stage may be one)."""
    folder = PACKAGE / name
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]


def _imports(path: Path) -> set[str]:
    """Package modules (first component after ``generator.``) and top-level libraries imported."""
    package = list(path.relative_to(PACKAGE).parent.parts)  # [] in generator/, ["clean"] in generator/clean/
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from .x import y / from ..x import y
                parts = package[: len(package) - node.level + 1] + (node.module or "").split(".")
                parts = [p for p in parts if p]
                names.update(parts[:1] or [a.name for a in node.names])
            elif node.module:
                names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
    return names


def test_bottom_modules_import_nothing_of_the_package_above_them():
    for name in BOTTOM:
        for path in _files(name):
            used = _imports(path) & (STAGES | TOP)
            assert not used, f"{path.name} imports {used}"


def test_stage_modules_never_import_each_other_or_the_top():
    for name in STAGES:  # a stage package's modules may import each other, never another stage
        for path in _files(name):
            used = _imports(path) & (STAGES | TOP)
            assert not (used - {name}), f"{path.relative_to(PACKAGE)} imports {used - {name}}"


def test_the_top_imports_downwards_only():
    """pipeline composes the stages; batch runs pipeline; the command line and the web page use
    both. A package (batch/) counts as its name."""
    level = {"pipeline": 0, "batch": 1, "cli": 2, "cli_batch": 2, "web": 2}
    for name, own in level.items():
        for path in _files(name):
            above = {m for m in _imports(path) if level.get(m, -1) > own}
            assert not above, f"{path.relative_to(PACKAGE)} imports {above}"


def test_heavy_libraries_stay_in_their_stage():
    for path in PACKAGE.rglob("*.py"):
        module = path.relative_to(PACKAGE).parts[0].removesuffix(".py")  # a package's files count as it
        for lib, allowed in HEAVY.items():
            if lib in _imports(path):
                assert module in allowed, f"{path.name} imports {lib}"


def test_generation_path_does_not_load_jieba():
    """A document is rendered without paying for jieba's dictionary."""
    code = (
        "import sys, tempfile, pathlib\n"
        "from generator import pipeline\n"
        "from generator.profile import make_profile\n"
        "from generator.model import Request\n"
        "c = pipeline.load_corpus()\n"
        "d = pipeline.generate(Request('summary', make_profile({'学校名称': '某校'}), ['食堂'], seed=1), c)\n"
        "pipeline.write_outputs(d, pathlib.Path(tempfile.mkdtemp()))\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
