"""A user's template cannot exhaust the machine: what it would build or write past the limits stops
it at once with a Chinese error naming the template, and the shipped templates stay well inside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import synthetic as syn

from generator import render, selection
from generator.config import TEMPLATES_DIR
from generator.errors import UsageError
from generator.render.limits import LIMITS

ROOT = Path(__file__).resolve().parent.parent

# Each would take minutes and gigabytes without the limits.
RUNAWAY = {
    "a string repeated": "{{ 'x' * 300000000 }}",
    "a list repeated": "{{ ([1] * 300000000) | length }}",
    "a power": "{{ 9 ** 999999999 }}",
    "a %-format width": "{{ '%300000000d' % 1 }}",
    "a format() width": "{{ '{:>300000000}'.format(1) }}",
    "a method's width": "{{ 'x'.center(300000000) }}",
    "a filter's width": "{{ 'x' | center(300000000) }}",
    "an indent": "{{ ('a\\n' * 400000) | indent('x' * 500000) }}",
    "a replacement": "{{ ('x' * 1000) | replace('x', 'y' * 1000) }}",
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "a long output": "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
}


def user_templates(tmp_path: Path, template: str) -> Path:
    folder = tmp_path / "mine" / "summary"
    folder.mkdir(parents=True)
    (folder / "recipe.yaml").write_bytes((TEMPLATES_DIR / "summary" / "recipe.yaml").read_bytes())
    (folder / "template.md.j2").write_text("# 标题\n" + template + "\n", encoding="utf-8")
    return tmp_path / "mine"


def render_with(dirs: list[Path]):
    recipe = render.load_recipe("summary", dirs)
    outline = selection.select(syn.request("summary", chars=700), recipe, syn.corpus())
    return render.render(outline, dirs)


@pytest.mark.parametrize("what", list(RUNAWAY))
def test_a_runaway_template_stops_with_a_message_naming_it(tmp_path, what):
    mine = user_templates(tmp_path, RUNAWAY[what])
    with pytest.raises(UsageError, match="上限") as err:
        render_with([mine, TEMPLATES_DIR])
    assert str(mine / "summary" / "template.md.j2") in str(err.value)


def test_the_shipped_templates_stay_far_inside_the_limits():
    doc = render_with([TEMPLATES_DIR])
    assert 0 < len(doc.markdown) < LIMITS.max_chars / 20


def test_the_command_line_says_which_template_and_exits_2(tmp_path):
    mine = user_templates(tmp_path, RUNAWAY["a string repeated"])
    out = subprocess.run(
        [sys.executable, "generate.py", "summary", "--school", "甲中学", "--templates", str(mine)]
        + ["--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "template.md.j2" in out.stderr and "上限" in out.stderr
    assert "Traceback" not in out.stderr
