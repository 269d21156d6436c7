"""What a batch did: a result per roster row, report.csv and the zip of the files written."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..fsutil import atomic_write_bytes

OK, SKIPPED, FAILED, EXISTS, PENDING = "成功", "跳过", "失败", "已存在", "未完成"
REPORT_NAME = "report.csv"
REPORT_COLUMNS = (
    "行号",
    "学校名称",
    "状态",
    "文件",
    "字数",
    "耗时(秒)",
    "原因",
    "最大重合",
    "重合最多的文稿",
    "提示",
)


@dataclass
class RowResult:
    """What happened to one roster row; one line of report.csv."""

    row: int
    school: str
    status: str  # 成功 | 跳过 | 失败 | 已存在 | 未完成
    file: str = ""  # the .docx (or first written file), relative to the output folder
    chars: int = 0
    seconds: float = 0.0
    reason: str = ""
    files: list[str] = field(default_factory=list)  # every file of the row, relative names
    overlap: float | None = None  # the largest share of its body paragraphs another document of the batch has
    overlap_row: int | None = None  # ... that document's row
    note: str = ""  # what the user should know of a written row (an 工作要点 left out, too long…)


@dataclass
class BatchResult:
    """The whole batch: per-row results in row order, where the report and zip are, overlap."""

    rows: list[RowResult]
    out_dir: Path
    report: Path
    zip: Path | None = None
    max_overlap: float = 0.0  # largest share of body paragraphs two documents have in common
    overlap_rows: tuple[int, int] | None = None  # the two row numbers of that pair
    shared: int = 0  # how many body paragraphs that pair shares
    seconds: float = 0.0
    cancelled: bool = False  # stopped by Ctrl-C or the cancel event; the rest is 未完成

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def exit_code(self) -> int:
        """0 all fine, 1 some rows skipped or failed, 130 interrupted."""
        if self.cancelled:
            return 130
        return 1 if any(r.status in (SKIPPED, FAILED, PENDING) for r in self.rows) else 0


def write_report(path: Path, rows: list[RowResult]) -> Path:
    """report.csv in UTF-8 with BOM so Excel shows the Chinese correctly; written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REPORT_COLUMNS)
    schools = {r.row: r.school for r in rows}
    for r in rows:
        share = "" if r.overlap is None else f"{r.overlap:.0%}"
        partner = f"第 {r.overlap_row} 行 {schools.get(r.overlap_row, '')}".strip() if r.overlap_row else ""
        seconds = f"{r.seconds:.3f}"
        writer.writerow(
            [
                r.row,
                _cell(r.school),
                r.status,
                r.file,
                r.chars or "",
                seconds,
                _cell(r.reason),
                share,
                _cell(partner),
                _cell(r.note),
            ]
        )
    atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
    return path


def _cell(text: str) -> str:
    """Text Excel would run as a formula (=, +, -, @ first) is shown as text instead."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_zip(path: Path, out_dir: Path, result: BatchResult) -> Path:
    """All files of the rows done (成功 and 已存在) plus report.csv, into a zip written atomically."""
    names = [name for r in result.rows if r.status in (OK, EXISTS) for name in r.files]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name in names:
                kind = zipfile.ZIP_STORED if name.endswith(".docx") else zipfile.ZIP_DEFLATED
                archive.write(out_dir / name, name, compress_type=kind)
            archive.write(result.report, result.report.name)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
