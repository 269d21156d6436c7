"""Recipes: each kind's outline as slots, read from ``<templates>/<kind>/recipe.yaml``.

A user's folder comes first in the search path, so its kinds override the built-in ones of
the same name. Every fault of a recipe is a Chinese message naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..config import FUNCTIONS, KINDS, MOODS, ROLES
from ..errors import UsageError
from ..model import Recipe, Slot

RECIPE = "recipe.yaml"


def load_recipe(kind: str, dirs: list[Path]) -> Recipe:
    """Return the recipe of ``kind`` from the first folder that has it (a user's folder comes first)."""
    if re.fullmatch(r"[\w\-]+", kind or "") and not kind.startswith(("_", ".")):
        for folder in dirs:
            path = Path(folder) / kind / RECIPE
            if path.is_file():
                return _read_recipe(path, kind)
    available = "、".join(f"{k}（{name}）" for k, name, _ in list_kinds(dirs))
    raise UsageError(f"未知的文种“{kind}”。可用的文种有：{available or '（没有找到任何模板）'}。")


def list_kinds(dirs: list[Path]) -> list[tuple[str, str, str]]:
    """Return (kind, Chinese name, one-line description) of every kind in ``dirs``; the first folder wins."""
    found: dict[str, tuple[str, str, str]] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob(f"*/{RECIPE}")) if Path(folder).is_dir() else []:
            kind = path.parent.name
            if kind not in found and not kind.startswith(("_", ".")):
                recipe = _read_recipe(path, kind)
                found[kind] = (kind, recipe.name, recipe.description)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found.values(), key=lambda row: order.get(row[0], len(order)))


_RECIPES: dict[tuple[str, int], Recipe] = {}


def _read_recipe(path: Path, kind: str) -> Recipe:
    """Parse and check one recipe.yaml once while the file is unchanged (keyed by path and mtime)."""
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _RECIPES:
        _RECIPES[key] = _parse_recipe(path, kind)
    return _RECIPES[key]


def _parse_recipe(path: Path, kind: str) -> Recipe:
    """Build a Recipe from the file's fields, each checked."""
    data = _load_yaml(path)
    slots = data.get("slots")
    if not isinstance(slots, list) or not slots:
        raise UsageError(f"模板配置文件“{path}”缺少“slots”（文稿的栏目列表）。")
    return Recipe(
        kind=kind,
        name=_text(data, "name", path),
        description=_text(data, "description", path),
        default_chars=_integer(data, "default_chars", path, 100),
        slots=[_slot(s, n, path) for n, s in enumerate(slots, 1)],
        template=str(data.get("template") or "template.md.j2"),
        folder=str(path.parent),
        overhead=_integer(data, "overhead", path, 0, 0),
        overhead_per_topic=_integer(data, "overhead_per_topic", path, 0, 0),
        staged=bool(data.get("staged", False)),
    )


def _load_yaml(path: Path) -> dict:
    """The recipe file as a mapping; unreadable YAML or another shape is a usage error."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UsageError(
            f"模板配置文件“{path}”无法读取或格式有误：{err}。请检查缩进、冒号和编码（UTF-8）。"
        ) from err
    if not isinstance(data, dict):
        raise UsageError(
            f"模板配置文件“{path}”应为“字段: 值”的形式，至少包含 name、description、default_chars、slots。"
        )
    return data


def _text(data: dict, key: str, path: Path) -> str:
    """A required text field, stripped."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"模板配置文件“{path}”缺少“{key}”，或它不是一段文字。")
    return value.strip()


def _integer(data: dict, key: str, path: Path, low: int, default: int | None = None) -> int:
    """An integer field of at least ``low`` (a bool is not an integer here)."""
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UsageError(f"模板配置文件“{path}”中的“{key}”应为不小于 {low} 的整数，现在是“{value}”。")
    return value


def _slot(data: object, n: int, path: Path) -> Slot:
    """One slot of a recipe, checked field by field with a message naming it."""
    where = f"模板配置文件“{path}”第 {n} 个栏目"
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise UsageError(f"{where}应包含“name”（栏目名）。")
    where = f"{where}（{data['name']}）"
    roles, count = _slot_roles(data, where), _slot_count(data, where)
    share, mood = _slot_share(data, where), _slot_mood(data, where)
    return Slot(
        data["name"],
        roles,
        share,
        count,
        mood,
        bool(data.get("per_topic", False)),
        str(data.get("heading") or ""),
        _slot_functions(data, where),
        _slot_items(data, where),
        bool(data.get("figures", False)),
    )


ITEM_TENSES = {"done": "已做的工作", "planned": "计划要做的工作", "all": "全部"}


def _slot_items(data: dict, where: str) -> str:
    """Which of the school's own items (工作要点) the slot takes; none listed: none."""
    value = data.get("items") or ""
    if value and value not in ITEM_TENSES:
        choices = "、".join(f"{k}（{v}）" for k, v in ITEM_TENSES.items())
        raise UsageError(f"{where}的“items”有误：取值为 {choices}。")
    return value


def _slot_functions(data: dict, where: str) -> list[str]:
    """The jobs a slot's text must do (成效, 问题…); none listed: any."""
    functions = data.get("functions") or []
    if not isinstance(functions, list) or any(f not in FUNCTIONS for f in functions):
        choices = "、".join(f"{k}（{v}）" for k, v in FUNCTIONS.items())
        raise UsageError(f"{where}的“functions”有误：应为列表，取值为 {choices}。")
    return list(functions)


def _slot_roles(data: dict, where: str) -> list[str]:
    """The roles a slot takes: a non-empty list of known roles."""
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
        raise UsageError(f"{where}的“roles”有误：应为列表，取值为 {'、'.join(ROLES)}。")
    return list(roles)


def _slot_count(data: dict, where: str) -> tuple[int, int]:
    """How many sections a slot takes: [least, most], most at least 1."""
    count = data.get("count", [1, 1])
    if not (
        isinstance(count, list)
        and len(count) == 2
        and all(isinstance(c, int) for c in count)
        and 0 <= count[0] <= count[1]
        and count[1] >= 1
    ):
        raise UsageError(f"{where}的“count”应为 [最少, 最多] 两个整数，例如 [1, 2]。")
    return count[0], count[1]


def _slot_share(data: dict, where: str) -> float:
    """A slot's share of the document's length: a positive number."""
    share = data.get("share", 0.1)
    if isinstance(share, bool) or not isinstance(share, int | float) or share <= 0:
        raise UsageError(f"{where}的“share”（篇幅比例）应为正数，例如 0.2。")
    return float(share)


def _slot_mood(data: dict, where: str) -> str:
    """A slot's mood, or "" when any mood fits."""
    mood = data.get("mood") or ""
    if mood not in MOODS and mood != "":
        raise UsageError(f"{where}的“mood”应为 {'、'.join(MOODS)} 之一，或不写。")
    return mood
