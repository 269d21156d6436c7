"""China's counties and towns from a real place-name table, for places jieba does not know.

jieba's dictionary knows provinces, cities and many counties, but hardly a town: "高酿人民"
reaches the corpus because 高酿 (高酿镇) is cut into two single characters.  The table of
jionlp (its china_location.zip: provinces, cities, counties, towns and villages) knows them.
Only the table is read, straight from the installed package: importing jionlp itself loads a
whole NLP toolkit this stage does not use.  Villages are left out: their names (胜利村,
新华村) are mostly ordinary words.  Without jionlp installed the table is empty and only
the suffix rules of ``places`` find towns.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import cached

# A town's suffix, taken off to find the name used alone (高酿镇 → 高酿).
TOWN_SUFFIXES = re.compile(r"(?:[\u4e00-\u9fff]{0,3}族乡|街道办事处|街道|办事处|苏木|镇|乡)$")
_TOWN_LINE = re.compile(r"^\t\t\t([^\t\r\n]+)", re.M)
_COUNTY_LINE = re.compile(r"^\t\t([^\t\r\n]+)\t\d*\t?([^\t\r\n]*)", re.M)


@dataclass(frozen=True)
class Gazetteer:
    """Place names of the table: full names and the stems a town is called by."""

    names: frozenset[str]  # 高酿镇, 茶庵岭镇, 吴起县, 嘉定区 …
    stems: frozenset[str]  # 高酿, 茶庵岭, 吴起, 嘉定 … (two characters or more)

    def is_place(self, word: str) -> bool:
        return word in self.names or word in self.stems


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The counties and towns of jionlp's table, read once per process (empty without jionlp)."""
    table = _table_path()
    return cached("gazetteer", [table] if table else [], lambda: _read_table(table))


def _read_table(table: Path | None) -> Gazetteer:
    """Parse the table's counties and towns and the names a town is called by."""
    text = _table_text(table) if table else ""
    towns = _TOWN_LINE.findall(text)
    counties = [name for pair in _COUNTY_LINE.findall(text) for name in pair if name]
    stems = {TOWN_SUFFIXES.sub("", t) for t in towns if TOWN_SUFFIXES.search(t)}
    stems.update(c[:-1] for c in counties if len(c) >= 3 and c[-1] in "县区市旗")
    return Gazetteer(frozenset(towns) | frozenset(counties), frozenset(s for s in stems if len(s) >= 2))


def _table_path() -> Path | None:
    """jionlp's china_location table, or None when jionlp is not installed."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"
    return path if path.is_file() else None


def _table_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(archive.namelist()[0]).decode("utf-8")
