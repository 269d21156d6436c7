"""Compiled copies of the hot modules (Cython), used only when built from the very sources here.

A batch spends its time in plain Python: choosing sections (selection), keeping the documents
apart (batch), rendering and writing (render, docx_writer, pipeline, model). Cython compiles
those modules as they are, without changing a line or a result (the same bytes, checked by
tests/test_speedups.py), and they run 15-20% faster. The Python files stay the only source:
``build()`` (run by ``make`` through ``main``) compiles copies of them into
``build/speedups-<python>/`` with a fingerprint of the sources, and ``activate()`` (called when
the package is imported) puts that folder first on the package's path only while the
fingerprint matches. An edited module, a missing compiler or ``WENGAO_PURE_PYTHON=1`` simply
means plain Python. This module imports nothing of the package.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

MODULES = ("model", "selection", "render", "docx_writer", "pipeline", "batch")
PURE_ENV = "WENGAO_PURE_PYTHON"  # set (to anything but "" or "0") to run the Python files
MANIFEST = "manifest.json"
PACKAGE = Path(__file__).resolve().parent
DIRECTIVES = {"language_level": 3, "annotation_typing": False}  # type hints stay hints, as in Python


def directory() -> Path:
    """Where the compiled modules of this interpreter live (``build/`` is never committed)."""
    return PACKAGE.parent / "build" / f"speedups-{sys.implementation.cache_tag}"


def fingerprint(folder: Path | None = None) -> str:
    """The sources (in ``folder``, by default the package's) the compiled modules must have been built from, and how."""
    digest = hashlib.sha256(repr((sys.implementation.cache_tag, MODULES, DIRECTIVES)).encode())
    for name in MODULES:
        digest.update(((folder or PACKAGE) / f"{name}.py").read_bytes())
    return digest.hexdigest()


def activate(package_path: list[str]) -> bool:
    """Put the compiled modules first on the package's path if they match the sources."""
    if os.environ.get(PURE_ENV, "") not in ("", "0") or not built():
        return False
    package_path.insert(0, str(directory()))
    return True


def active() -> bool:
    """Whether the modules imported are the compiled ones."""
    return str(directory()) in sys.modules["generator"].__path__


def build(jobs: int = os.cpu_count() or 1) -> Path:
    """Compile the modules into ``directory()``, replacing what was there only once all are built."""
    from Cython.Build import cythonize  # build-time only: importing the package never needs Cython
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    target = directory()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".speedups-") as tmp:
        work = Path(tmp)
        source = work / "src" / "generator"
        source.mkdir(parents=True)
        (source / "__init__.py").write_text("", encoding="utf-8")
        for name in MODULES:
            shutil.copyfile(PACKAGE / f"{name}.py", source / f"{name}.py")
        extensions = cythonize([Extension(f"generator.{name}", [str(source / f"{name}.py")]) for name in MODULES],
                               compiler_directives=DIRECTIVES, nthreads=jobs, quiet=True)
        command = build_ext(Distribution({"ext_modules": extensions, "script_name": "setup.py"}))
        command.build_lib, command.build_temp, command.parallel = str(work / "lib"), str(work / "tmp"), jobs
        command.ensure_finalized()
        command.run()
        ready = work / "ready"
        ready.mkdir()
        for built in (work / "lib" / "generator").iterdir():
            shutil.move(str(built), ready / built.name)
        # the copies' fingerprint: a module edited while compiling leaves this build unused
        (ready / MANIFEST).write_text(json.dumps({"fingerprint": fingerprint(source), "modules": MODULES}), encoding="utf-8")
        _replace(target, ready, work / "old")
    return target


def _replace(target: Path, ready: Path, old: Path) -> None:
    """Swap the new folder in: a process importing meanwhile sees the old build or the new one."""
    if target.exists():
        target.rename(old)
    ready.rename(target)


def built() -> bool:
    """Whether the compiled modules in ``directory()`` were built from the current sources."""
    try:
        manifest = json.loads((directory() / MANIFEST).read_text(encoding="utf-8"))
        return manifest.get("fingerprint") == fingerprint()
    except (OSError, ValueError, AttributeError):
        return False


def main() -> int:
    """Compile unless up to date (about a minute on two cores), or say in Chinese why plain Python will run."""
    if built():
        return 0
    print("正在编译加速模块（约一分钟，源文件改动后才需重新编译）……", file=sys.stderr)
    try:
        folder = build()
    except Exception as err:  # noqa: BLE001 - no compiler, no Cython, a full disk: Python still works
        print(f"未能编译加速模块（{type(err).__name__}: {err}），将以纯 Python 运行：结果相同，批量生成慢约一成半。",
              file=sys.stderr)
        return 0
    print(f"加速模块已编译：{folder}", file=sys.stderr)
    return 0
