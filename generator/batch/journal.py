"""Resuming a batch: the journal of finished rows, and what makes a row's files what they are."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from ..config import TEMPLATES_DIR, VERSION
from ..fsutil import atomic_write_bytes
from ..model import Outline
from .roster import RowSpec

STATE_NAME = ".batch-state.jsonl"


class Journal:
    """Journal of finished rows: one JSON line per row, appended as rows finish.

    A line is written only after all the row's files are in place, so a batch killed at any
    moment leaves at worst a row that will be redone. A torn last line is ignored.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_NAME
        self.entries: dict[str, dict] = {}
        self._fh = None
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError, TypeError, KeyError):
                entry = json.loads(line)
                self.entries[entry["stem"]] = entry

    def done(self, stem: str, digest: str, out_dir: Path) -> dict | None:
        """The row's entry when it was finished with the same request and its files are intact."""
        entry = self.entries.get(stem)
        if not entry or entry.get("hash") != digest or not entry.get("files"):
            return None
        for name, size in entry["files"].items():
            try:
                if (out_dir / name).stat().st_size != size:
                    return None
            except OSError:
                return None
        return entry

    def add(self, entry: dict) -> None:
        """Append one finished row, flushed so a kill right after still keeps it."""
        if self._fh is None:
            torn = (
                self.path.exists() and self.path.stat().st_size and not self.path.read_bytes().endswith(b"\n")
            )
            self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open across rows
            if torn:
                self._fh.write("\n")
        self._fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._fh.flush()
        self.entries[entry["stem"]] = entry

    def close(self) -> None:
        """Rewrite the journal with one line per row (atomic), dropping superseded lines."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            lines = (
                json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in self.entries.values()
            )
            atomic_write_bytes(self.path, "".join(lines).encode("utf-8"))


def request_hash(spec: RowSpec, outline: Outline, fingerprint: str) -> str:
    """What makes a row's files what they are: the row as given, options, chosen sections."""
    req = spec.request
    chosen = [(slot, [c.section_id for c in items]) for slot, items in outline.slots.items()]
    payload = {
        "v": VERSION,
        "kind": req.kind,
        "row": sorted(spec.raw.items()),
        "topics": req.topics,
        "chars": req.chars,
        "minutes": req.minutes,
        "seed": req.seed,
        "stem": spec.stem,
        "chosen": chosen,
        "templates": fingerprint,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def templates_fingerprint(kind: str, templates_dir: Path | None) -> str:
    """Names, sizes and times of the kind's template files: editing a template redoes the batch."""
    parts = []
    for base in (templates_dir, TEMPLATES_DIR):
        folder = Path(base) / kind if base else None
        if folder and folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    parts.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def clear_temporaries(out_dir: Path, stems: set[str]) -> None:
    """Remove temporary files a killed run left for rows about to be written again."""
    for path in out_dir.glob(".*.tmp"):
        name = path.name[1:-4].rpartition(".")[0]  # ".<stem>.<ext>.<random>.tmp" → "<stem>.<ext>"
        if name.rpartition(".")[0] in stems:
            path.unlink(missing_ok=True)
