"""The shape of the code in generator/: small functions, short lines, no oversized module.

Run as a script (``make lint``) it prints the figures; as a test it holds them to the limits.
A function's size is its lines from ``def`` to its last line, docstring included.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MEDIAN_LIMIT = 8
FUNCTION_LIMIT = 40
MODULE_LIMIT = 600


def function_sizes() -> list[tuple[int, str]]:
    """Return (lines, "module.py:function") for every function and method of the package."""
    sizes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(PACKAGE)}:{node.name}"
                sizes.append((node.end_lineno - node.lineno + 1, where))
    return sizes


def module_sizes() -> list[tuple[int, str]]:
    """Return (lines, path) for every module of the package."""
    paths = sorted(PACKAGE.rglob("*.py"))
    return [(len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(PACKAGE))) for p in paths]


def test_functions_are_small():
    sizes = function_sizes()
    assert statistics.median(n for n, _ in sizes) <= MEDIAN_LIMIT
    assert [w for n, w in sizes if n > FUNCTION_LIMIT] == []


def test_no_module_over_the_limit():
    assert [w for n, w in module_sizes() if n > MODULE_LIMIT] == []


def main() -> None:
    sizes = function_sizes()
    lines = sorted(n for n, _ in sizes)
    print(
        f"generator/：{len(sizes)} 个函数，行数中位数 {statistics.median(lines)}，"
        f"90% 分位 {lines[int(len(lines) * 0.9)]}，最长 {lines[-1]}"
        f"（限：中位数 ≤ {MEDIAN_LIMIT}，最长 ≤ {FUNCTION_LIMIT}）"
    )
    for n, where in sorted(sizes, reverse=True)[:10]:
        print(f"  {n:4d}  {where}")
    for n, where in sorted(module_sizes(), reverse=True)[:5]:
        print(f"  模块 {where}：{n} 行（限 {MODULE_LIMIT}）")


if __name__ == "__main__":
    sys.exit(main())
