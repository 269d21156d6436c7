"""Batch generation: one distinct document per school of an Excel or CSV roster (issue 4).

Design: the parent process reads the roster and plans every row *in row order* with one
shared ``selection.Spread`` (sections earlier rows used score lower) and a ``Guard`` that
re-plans a row whose outline shares too much with another, within a window of rows held back
from rendering; it also sets each outline's template phrasing apart from the rows it shares
most with. A batch of up to EXACT_ROWS rows is held whole and checked on its rendered
paragraphs (``_Exact``), which brings every pair within MAX_SHARE on the shipped corpus.
Planning in order keeps the batch deterministic. The outlines go in chunks to a process pool that renders and
writes them. Every file is written atomically; a journal of finished rows
(``.batch-state.jsonl``) lets a rerun of the same command skip rows already done with the
same request. The largest overlap between the documents written is measured at the end.
Users read Chinese; identifiers stay English.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import errno
import functools
import gc
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from hashlib import blake2b
from pathlib import Path

from . import pipeline
from .config import CORPUS_DIR, KINDS, TEMPLATES_DIR, TEXT_CACHE, VERSION, field_for
from .errors import InputError, UsageError, WengaoError
from .fsutil import atomic_write_bytes
from .model import Document, Outline, Request
from .profile import make_profile
from .selection import add_count

ROW_KEY = "__row__"  # key of a roster record holding its row number in the file (1-based)

# Batch-only columns: they shape the request, not the profile. Header → request field.
BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "主题": ("主题", "topics", "topic", "专题", "工作重点", "重点工作"),
    "字数": ("字数", "chars", "目标字数", "篇幅"),
    "时长": ("时长", "minutes", "讲话时长", "分钟"),
}
TOTAL_ROWS = {"合计", "总计", "小计", "总数"}  # summary lines of office rosters, not schools
MAX_SHARE = 0.30  # issue 4: no two documents share more than 30% of their body paragraphs
GUARD_SHARE = 0.25  # planning aims lower: templates add fixed paragraphs the outline does not hold
GUARD_TRIES = 4  # plans per row at most while looking for a distinct enough outline
GUARD_SPARE = 0.5  # extra plans per row on average that the batch may spend on retries
GUARD_TRIAL_ROWS = 8  # rows retried before retries must prove they help
RESEED = 7919  # seed step between attempts (a prime, so attempts of nearby seeds differ)
REPAIR_WINDOW = 128  # rows planned ahead of rendering, any of which the guard may plan again
REPAIR_ROUNDS = 4  # passes over a full window re-planning the rows still over the limit
EXACT_ROWS = 150  # a batch of up to this many rows is planned whole and checked on its rendered paragraphs
EXACT_ROUNDS = 12  # passes of that check over the rows still over MAX_SHARE
EXACT_MOVES = 8  # ... moves per row at most (a move: another phrasing, else up to EXACT_REPLANS plans)
EXACT_REPLANS = 3
# Documents sharing more than these shares of their passages get different template sentences,
# those sharing most weighing most.
PHRASE_NEAR = ((0.25, 16), (0.15, 1))
PHRASE_PARTNERS = 48  # ... the most recent this many of them (the cost stays flat in a large batch)
WORKER_NICENESS = (
    19  # workers yield the CPU to the planning parent (the batch's critical path) when both want it
)
SWITCH_INTERVAL = (
    0.001  # seconds the planning thread holds the GIL before the pool's threads may feed workers
)
HEADER_SEARCH_ROWS = 10  # a title line or two may sit above the header row
MAX_BLANK_RUN = 1000  # stop reading a sheet after this many empty rows (formatted but unused)

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
)
STATE_NAME = ".batch-state.jsonl"
SHOWN_PROBLEMS = 20  # skipped/failed rows listed in the summary; all of them are in report.csv

# ---------------------------------------------------------------- results


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
        """0 all fine, 1 some rows skipped or failed, 130 interrupted (issue 4, CLI)."""
        if self.cancelled:
            return 130
        return 1 if any(r.status in (SKIPPED, FAILED, PENDING) for r in self.rows) else 0


# ---------------------------------------------------------------- reading the roster


def read_roster(path: Path | str) -> list[dict]:
    """Records of an .xlsx (first sheet) or CSV roster: header text → cell text, plus ROW_KEY.

    Blank rows are left out; the header row is found among the first lines (a title may sit
    above it) as the row naming the school column. Raises InputError naming file/sheet/row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到花名册文件“{path}”，请检查路径和文件名。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table, where = _xlsx_table(path)
    elif suffix in (".csv", ".txt"):
        table, where = _csv_table(path), f"花名册“{path.name}”"
    elif suffix in (".xls", ".et", ".ods", ".numbers"):
        raise InputError(
            f"花名册“{path.name}”是旧版或其他软件的表格格式，请在 Excel/WPS 中“另存为”.xlsx 或 .csv 后再试。"
        )
    else:
        raise InputError(
            f"花名册“{path.name}”不是 .xlsx 或 .csv 文件，请提供 Excel 表格（.xlsx）或 CSV 文件。"
        )
    return _records(table, where)


def _xlsx_table(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """(row number, cell texts) of the first sheet, read in openpyxl's streaming mode."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zip, XML and key errors for damaged files
        raise InputError(
            f"无法打开花名册“{path.name}”：文件已损坏或不是 Excel 表格（{type(err).__name__}）。"
            "请用 Excel/WPS 打开后重新保存为 .xlsx。"
        ) from err
    try:
        sheet = book.worksheets[0]
        where = f"花名册“{path.name}”的工作表“{sheet.title}”"
        return _sheet_rows(sheet.iter_rows(min_row=1, values_only=True)), where
    except InputError:
        raise
    except Exception as err:
        raise InputError(
            f"读取花名册“{path.name}”时出错：{type(err).__name__}。请用 Excel/WPS 重新保存后再试。"
        ) from err
    finally:
        book.close()


def _sheet_rows(rows: Iterable[tuple]) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their 1-based numbers; stops after a long run of empty rows."""
    table: list[tuple[int, list[str]]] = []
    blank = 0
    for number, values in enumerate(rows, start=1):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            table.append((number, cells))
            blank = 0
        elif (blank := blank + 1) > MAX_BLANK_RUN:
            break
    return table


def _cell_text(value: object) -> str:
    """Excel values as office staff see them: 1200.0 → 1200, a date → 2026-03-05."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv_table(path: Path) -> list[tuple[int, list[str]]]:
    """Decode a CSV (UTF-8, UTF-8 with BOM, GBK … detected) and split it into rows."""
    text = decode_csv(path.read_bytes(), path.name)
    lines = text.splitlines()
    dialect = _csv_dialect(next((line for line in lines if line.strip()), ""))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as err:
        raise InputError(
            f"花名册“{path.name}”不是有效的 CSV：{err}。请用 Excel/WPS 另存为 CSV 后再试。"
        ) from err
    return [(n, cells) for n, row in enumerate(rows, start=1) if any(cells := [c.strip() for c in row])]


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file: BOM first, then strict UTF-8, then charset-normalizer's guess."""
    if not data.strip():
        raise InputError(f"花名册“{name}”是空文件，请填写学校信息后再试。")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or b"\x00" in data:
        raise InputError(f"无法识别花名册“{name}”的文字编码，请在 Excel/WPS 中另存为“CSV UTF-8”后再试。")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "cp936", "hz") else best.encoding
    return data.decode(encoding, errors="replace")


def _csv_dialect(header_line: str) -> type[csv.Dialect]:
    """Comma, tab or semicolon, whichever the header line uses most (Excel in some locales)."""
    delimiter = max((",", "\t", ";", "，"), key=header_line.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter if header_line.count(delimiter) else ","
    return Dialect


def _records(table: list[tuple[int, list[str]]], where: str) -> list[dict]:
    """Header row found and checked; each later row becomes header → value plus its row number."""
    header_at = _header_index(table, where)
    number, header = table[header_at]
    columns = _check_columns(header, number, where)
    records = []
    for row_number, cells in table[header_at + 1 :]:
        record: dict = {name: cells[i].strip() if i < len(cells) else "" for i, name in columns}
        if any(record.values()):
            record[ROW_KEY] = row_number
            records.append(record)
    if not records:
        raise InputError(f"{where}在第 {number} 行的列名下面没有学校数据，请每行填写一所学校。")
    return records


def _header_index(table: list[tuple[int, list[str]]], where: str) -> int:
    """Index of the first row (of the first few) that names the school column."""
    for i, (_, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        if any(column_field(c) == "学校名称" for c in cells):
            return i
    if not table:
        raise InputError(f"{where}是空的，请在第一行写列名（学校名称、校长、学生人数……），下面每行一所学校。")
    aliases = "、".join(("学校名称", "学校", "单位名称"))
    raise InputError(
        f"{where}的前 {HEADER_SEARCH_ROWS} 行中没有找到学校名称列，请把该列的列名写成 {aliases} 之一。"
    )


def _check_columns(header: list[str], number: int, where: str) -> list[tuple[int, str]]:
    """(position, header text) of named columns; two columns meaning one field is an error."""
    seen: dict[str, str] = {}
    columns = []
    for i, text in enumerate(header):
        text = text.strip()
        if not text:
            continue
        meaning = column_field(text) or text
        if meaning in seen:
            raise InputError(
                f"{where}第 {number} 行的列“{seen[meaning]}”和“{text}”都表示“{meaning}”，请删除或改名其中一列。"
            )
        seen[meaning] = text
        columns.append((i, text))
    return columns


@functools.lru_cache(maxsize=1024)
def column_field(header: str) -> str | None:
    """The profile field or batch column a header means: 学校 → 学校名称, 学生数(人) → 学生人数,
    School Name → 学校名称. Remembered: every row of a roster asks it for the same headers."""
    for key in normalise_header(header):
        for name, aliases in BATCH_COLUMNS.items():
            if key.lower() in aliases:
                return name
        if name := field_for(key):
            return name
    return None


def normalise_header(header: str) -> tuple[str, str]:
    """Drop what office staff add to a header — a required-mark *, a unit in brackets — and
    give it with spaces removed (学校 名称) and with spaces kept as one (School Name)."""
    key = unicodedata.normalize("NFKC", header).strip().strip("*:：").strip()
    key = re.sub(r"\s*\([^()]*\)$", "", key) or key
    return re.sub(r"\s+", "", key), re.sub(r"\s+", " ", key)


# ---------------------------------------------------------------- rows → requests


@dataclass
class RowSpec:
    """A roster row that passed the checks: its request and output name."""

    row: int
    school: str
    request: Request
    raw: dict[str, str]  # the row as given (for the request hash: defaults like today's date excluded)
    stem: str = ""


def parse_rows(
    records: list[dict], kind: str, seed: int, topics: list[str] | None = None, chars: int | None = None
) -> tuple[list[RowSpec], list[RowResult]]:
    """Valid rows as requests in roster order, and the bad ones as 跳过 results with reasons."""
    good: list[RowSpec] = []
    bad: list[RowResult] = []
    seen: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        number = int(record.get(ROW_KEY) or i + 2)
        try:
            spec = _row_spec(record, number, kind, seed, topics, chars)
            _check_duplicate(spec, seen)
        except WengaoError as err:
            bad.append(RowResult(number, _school_of(record), SKIPPED, reason=str(err)))
            continue
        good.append(spec)
    assign_stems(good, kind)
    return good, bad


def _school_of(record: dict) -> str:
    """The school name of a raw record, whatever its header is called."""
    return next(
        (str(v).strip() for k, v in record.items() if k != ROW_KEY and column_field(k) == "学校名称"), ""
    )


def _row_spec(
    record: dict, number: int, kind: str, seed: int, topics: list[str] | None, chars: int | None
) -> RowSpec:
    """Map one record's columns to a profile and a request (a row's 主题/字数 win)."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for key, value in record.items():
        if key == ROW_KEY:
            continue
        value = str(value).strip()
        meaning = column_field(key)
        if meaning in BATCH_COLUMNS:
            extra[meaning] = value
        elif value:
            values[meaning or key.strip()] = value
    school = values.get("学校名称", "")
    if not school:
        raise InputError("没有填写学校名称。")
    if re.sub(r"\s+", "", school) in TOTAL_ROWS:
        raise InputError(f"这是“{school}”行，不是学校。")
    try:
        profile = make_profile(values)
    except WengaoError as err:
        raise InputError(str(err)) from err
    row_topics = split_topics(extra.get("主题", "")) or list(topics or [])
    row_chars = _number(extra.get("字数", ""), "字数", 200, 50000) or chars
    minutes = _number(extra.get("时长", ""), "时长", 1, 180)
    if row_chars and minutes:
        minutes = None  # 字数 is the more precise of the two
    request = Request(kind, profile, row_topics, row_chars, float(minutes) if minutes else None, seed)
    return RowSpec(number, school, request, {k: str(v).strip() for k, v in record.items() if k != ROW_KEY})


def _number(text: str, column: str, low: int, high: int) -> int | None:
    """A whole number in a cell (3000, 3,000, 3000字, 15分钟), or None when empty."""
    if not text:
        return None
    digits = re.sub(r"[,，\s字分钟]", "", text)
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.isdigit() or not low <= int(digits) <= high:
        raise InputError(f"“{column}”应为 {low}～{high} 之间的整数，现在是“{text}”。")
    return int(digits)


def split_topics(text: str) -> list[str]:
    """Topics as users type them: 食堂,安全 / 食堂，安全 / 食堂、安全 / 食堂 安全 (as the CLI)."""
    return [t for t in re.split(r"[,，、;；/\s]+", text or "") if t]


def _check_duplicate(spec: RowSpec, seen: dict[tuple[str, str], int]) -> None:
    """The same school (name and place) twice is a mistake in the roster: keep the first."""
    location = spec.request.profile.get("所在地")
    key = (_fold(spec.school), _fold(location))
    if key in seen:
        place = f"（{location}）" if location else ""
        raise InputError(
            f"学校“{spec.school}”{place}与第 {seen[key]} 行重复；若确是两所学校，请填写不同的“所在地”。"
        )
    seen[key] = spec.row


def _fold(text: str) -> str:
    """Compare names the way people mean them: no spaces, full/half width and case folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


# ---------------------------------------------------------------- file names

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
NAME_BYTES = 150  # room for _NN, the extension and fsutil's temporary-name decoration in 255 bytes


def safe_name(text: str) -> str:
    """A file-name part every system accepts: no \\/:*?"<>| or control characters, no
    trailing dot or space, no leading dot (hidden file), not a Windows device name."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", text))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").rstrip(". ")
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1].rstrip(". ")
    return name or "未命名"


def assign_stems(specs: list[RowSpec], kind: str) -> None:
    """``<学校名称>_<文种>`` per row; a name taken already (ignoring case) gets _2, _3 …"""
    taken: set[str] = set()
    for spec in specs:
        stem = f"{safe_name(spec.school)}_{KINDS[kind]}"
        candidate, n = stem, 2
        while candidate.casefold() in taken:
            candidate, n = f"{stem}_{n}", n + 1
        taken.add(candidate.casefold())
        spec.stem = candidate


# ---------------------------------------------------------------- resume state


class State:
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


# ---------------------------------------------------------------- overlap


def body_keys(doc: Document) -> list[int]:
    """Stable keys of a document's body paragraphs, the school's own details masked so the
    same corpus paragraph filled for two schools counts as the same paragraph."""
    values = _mask_values(doc.request)
    return [_masked_key(p.text, values) for p in doc.paras if p.kind == "body"]


def _mask_values(request: Request) -> list[str]:
    """The profile's values, longest first (a school name before its short name)."""
    return sorted({v for v in request.profile.fields.values() if len(v) >= 2}, key=len, reverse=True)


def _masked_key(text: str, values: list[str]) -> int:
    """A 64-bit key of a paragraph with whitespace dropped and profile values masked.

    Most paragraphs of a batch are corpus text that many documents share: the squeezed text and
    the key of a text are remembered (see _squeezed), only the masking is done for every school."""
    text = _squeezed(text)
    for value in values:
        if value in text:
            text = text.replace(value, "\x00")
    return _text_key(text)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _squeezed(text: str) -> str:
    """The text without whitespace. ``str.split`` drops what ``\\s+`` matches (both use
    str.isspace), several times faster than the regex."""
    return "".join(text.split())


@functools.lru_cache(maxsize=TEXT_CACHE)
def _text_key(text: str) -> int:
    """A 64-bit key of a text (a batch's paragraphs repeat: remembered)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


class OverlapIndex:
    """Documents' paragraph keys, added one by one, compared with all earlier ones at once.

    Each paragraph key maps to a bit set (a Python int) of the documents holding it. For a
    new document the sets of its keys are added up bit-sliced (bit plane j holds bit j of
    every earlier document's shared count), so one comparison costs a few dozen big-integer
    operations whatever the batch size: 18,000 documents sharing a small corpus stay cheap,
    where counting pairs would not.
    """

    def __init__(self) -> None:
        self.masks: dict[int, int] = {}  # paragraph key → documents holding it
        self.by_size: dict[int, int] = {}  # distinct paragraph count → documents of that size
        self.count = 0
        self.removed = 0  # documents taken out again (planned anew under another number)
        self.version = 0  # changes with every add, remove and restore (see _planes)
        self._last: tuple = ()  # (keys, skip, version, planes) of the last _planes

    def _planes(self, keys: set[int], skip: int) -> list[int]:
        """Bit planes of the number of keys each earlier document shares with ``keys``.

        A new row's keys are compared, then checked against two phrasing thresholds, with the
        index unchanged: the last planes are kept for the same keys (the same set object)."""
        last = self._last
        if last and last[0] is keys and last[1] == skip and last[2] == self.version:
            return last[3]
        planes: list[int] = []
        keep = ~(1 << skip) if skip >= 0 else -1
        masks = self.masks
        for key in keys:
            if docs := masks.get(key, 0) & keep:
                add_count(planes, docs)
        self._last = (keys, skip, self.version, planes)
        return planes

    def compare(self, keys: set[int], skip: int = -1) -> tuple[float, int, int]:
        """(largest share, that document, paragraphs shared); share = shared / shorter.
        ``skip``: a document of the index not to compare with (the one ``keys`` belong to)."""
        best = (0.0, -1, 0)
        planes = self._planes(keys, skip)
        for size in sorted(self.by_size):
            docs, shared = self.by_size[size], 0
            for j in reversed(range(len(planes))):
                if narrowed := docs & planes[j]:
                    docs, shared = narrowed, shared | 1 << j
            if shared and shared / min(len(keys), size) > best[0]:
                best = (shared / min(len(keys), size), docs.bit_length() - 1, shared)
        return best

    def over(self, keys: set[int], limit: float, skip: int = -1) -> int:
        """Bit set of the documents sharing more than ``limit`` of the paragraphs (but ``skip``)."""
        planes, found, longer = self._planes(keys, skip), 0, 0
        for size, docs in self.by_size.items():
            if size >= len(keys):
                longer |= docs  # all measured against len(keys): checked together below
                continue
            need = int(limit * size) + 1  # smallest count over the limit
            if need < 1 << len(planes):
                found |= _at_least(planes, docs, need)
        need = int(limit * len(keys)) + 1
        if longer and need < 1 << len(planes):
            found |= _at_least(planes, longer, need)
        return found

    def add(self, keys: set[int]) -> int:
        """Index a document; returns its number (0, 1, 2 … in the order added)."""
        doc = self.count
        self.count += 1
        self._put(doc, keys)
        return doc

    def remove(self, doc: int, keys: set[int]) -> None:
        """Take a document out (its number is not reused)."""
        keep = ~(1 << doc)
        self.version += 1
        for key in keys:
            self.masks[key] &= keep
        if keys:
            self.by_size[len(keys)] &= keep
        self.removed += 1

    def restore(self, doc: int, keys: set[int]) -> None:
        """Put a removed document back under its number."""
        self._put(doc, keys)
        self.removed -= 1

    def _put(self, doc: int, keys: set[int]) -> None:
        bit = 1 << doc
        self.version += 1
        for key in keys:
            self.masks[key] = self.masks.get(key, 0) | bit
        if keys:
            self.by_size[len(keys)] = self.by_size.get(len(keys), 0) | bit


def _at_least(planes: list[int], docs: int, need: int) -> int:
    """Documents (among ``docs``) whose bit-sliced count is at least ``need``."""
    greater, equal = 0, docs
    for j in reversed(range(len(planes))):
        if need >> j & 1:
            equal &= planes[j]
        else:
            greater |= equal & planes[j]
    return greater | equal


def max_overlap(key_lists: list[list[int]]) -> tuple[float, int, int, int]:
    """(share, i, j, shared) for the pair of documents sharing the largest share of body
    paragraphs; share = shared / the shorter one's count of distinct paragraphs."""
    return _worst(overlaps(key_lists))


def overlaps(key_lists: list[list[int]]) -> list[tuple[float, int, int]]:
    """Per document: (largest share with another one, that one, paragraphs shared); (0.0, -1, 0)
    when it shares none. Every document is indexed first, then compared with all the others."""
    index, sets = OverlapIndex(), [set(keys) for keys in key_lists]
    for unique in sets:
        index.add(unique)
    return [index.compare(unique, skip=d) if unique else (0.0, -1, 0) for d, unique in enumerate(sets)]


def _worst(per_doc: list[tuple[float, int, int]]) -> tuple[float, int, int, int]:
    """The pair of the largest share (the first document reaching it, with its partner), lower number first."""
    best = (0.0, -1, -1, 0)
    for d, (share, other, shared) in enumerate(per_doc):
        if share > best[0]:
            best = (share, min(d, other), max(d, other), shared)
    return best


@dataclass
class Planned:
    """A planned row held in the guard's window: its outline, its number in the index and the
    spread (one bit each), and its paragraph keys."""

    spec: RowSpec
    outline: Outline
    doc: int
    unique: set[int]
    seconds: float = 0.0


class Guard:
    """Keeps a batch's outlines distinct while they are planned (parent process, row order).

    Rows are planned in order into a window (``window`` rows held back before rendering).
    When an outline shares more than ``limit`` of its paragraphs with another one, the row is
    planned again with another seed and without the sections it shares (a slot that would be
    left empty keeps its sections); the least overlapping attempt is kept. When the window is
    full, any row of it still over the limit may be planned again the same way, against every
    other row, earlier and later: the first rows of a batch choose freely, so without this the
    last ones would have nothing left to choose. Retries are budgeted (``spare`` extra plans
    per row on average), so a corpus too small for the bound costs little time; once they stop
    paying (``early``), rows leave as soon as they are planned. Deterministic for a roster.
    """

    def __init__(
        self,
        limit: float,
        plan_fn: Callable,
        tries: int = GUARD_TRIES,
        spare: float = GUARD_SPARE,
        window: int = REPAIR_WINDOW,
        early: bool = True,
    ) -> None:
        self.limit, self.plan_fn, self.tries, self.spare, self.window = limit, plan_fn, tries, spare, window
        self.early = early  # release rows at once when retries stopped paying (see _paying)
        self.index = OverlapIndex()
        self.spread = _new_spread()
        self.held: list[Planned] = []
        self.phrasings: dict[int, tuple[int, ...]] = {}  # document number → its template phrasing
        self.exact = False  # _Exact at work
        self.plans = 0  # plans made, first attempts included
        self.retried = 0  # rows planned more than once
        self.rescued = 0  # rows whose retry came within the limit

    def add(self, spec: RowSpec, seconds: float = 0.0) -> list[Planned]:
        """Plan a row into the window; returns the rows that leave it (none until it is full)."""
        start = time.perf_counter()
        share, outline, trial, unique = self._search(spec.request, self.spread)
        self.spread = trial
        self._phrase(outline, unique)
        self.held.append(
            Planned(spec, outline, self._add(outline, unique), unique, seconds + _elapsed(start))
        )
        # once retries stopped paying no row is planned again, and holding rows back only delays them
        return self.flush() if len(self.held) >= self.window or (self.early and not self._paying()) else []

    def flush(self, render: Callable[[Outline], list[int]] | None = None) -> list[Planned]:
        """Re-plan the window's rows still over the limit, then release them all. With ``render``
        (an outline → its body paragraph keys), the window is the whole batch and is then checked
        and repaired on the rendered paragraphs, template sentences included (_Exact)."""
        start = time.perf_counter()
        for _ in range(REPAIR_ROUNDS):
            if not self._repair_round():
                break
        if render is not None and len(self.held) > 1:
            self.exact = True
            _Exact(self, render).repair()
            self.exact = False
        held, self.held = self.held, []
        for planned in held:
            planned.seconds += _elapsed(start) / len(held)
        return held

    def _repair_round(self) -> bool:
        """One pass over the window's rows over the limit, worst first; whether any improved."""
        if not self._may_retry(1, count=False):
            return False  # the retry budget is spent: no need to measure the rows
        over = [(self._share(p), n, p) for n, p in enumerate(self.held)]
        over = sorted((item for item in over if item[0] > self.limit), key=lambda item: (-item[0], item[1]))
        improved = False
        for _, _, planned in over:
            if not self._may_retry(1, count=False):
                return False
            improved |= self._replan(planned, self._share(planned))
        return improved

    def _add(self, outline: Outline, unique: set[int]) -> int:
        doc = self.index.add(unique)
        self.phrasings[doc] = outline.phrasing
        return doc

    def _phrase(self, outline: Outline, unique: set[int]) -> None:
        """Set the outline's template phrasing apart from the documents it shares most passages with."""
        outline.phrasing = phrasing_apart(
            self.index, self.phrasings, unique, outline.request.seed + len(self.phrasings)
        )

    def _share(self, planned: Planned) -> float:
        return self.index.compare(planned.unique, skip=planned.doc)[0]

    def _replan(self, planned: Planned, before: float, judge: Callable | None = None, first: int = 1) -> bool:
        """Plan a held row again against all the others; keep the new outline if it shares less
        (by its passages, or by ``judge(outline)`` when given: the rendered paragraphs)."""
        if judge is None and before <= self.limit:
            return False  # an earlier re-plan in this round already brought it within the limit
        self.index.remove(planned.doc, planned.unique)
        spread = _forget(self.spread, planned.doc)
        over = self.index.over(planned.unique, self.limit)
        keys = outline_keys(planned.outline)
        shared = {sid for key, sid in keys if self.index.masks.get(key, 0) & over}
        self.retried += 1
        share, outline, trial, unique = self._search(planned.spec.request, spread, shared, first=first)
        self._phrase(outline, unique)
        if share < before if judge is None else judge(outline):
            self.spread = trial
            planned.outline, planned.unique, planned.doc = outline, unique, self._add(outline, unique)
            self.rescued += share <= self.limit
            return True
        self.index.restore(planned.doc, planned.unique)
        return False

    def _search(
        self, request: Request, spread, avoid: set[str] | frozenset = frozenset(), first: int = 0
    ) -> tuple[float, Outline, object, set[int]]:
        """The first outline within the limit, else the least overlapping, with its spread and keys.

        Attempt n uses seed + RESEED·n and leaves out the sections the row shared with the rows
        it was over the limit with.
        """
        best, exclude, keep, error = None, set(request.exclude) | set(avoid), set(), None
        for attempt in range(first, first + self.tries):
            if attempt and best is not None and not self._may_retry(attempt):
                break  # retries are not paying off in this batch: stop spending time on them
            trial = _copy_counts(spread)
            self.plans += 1
            wanted = replace(request, seed=request.seed + RESEED * attempt, exclude=sorted(exclude))
            try:
                outline = self.plan_fn(wanted, trial)
            except WengaoError as err:
                error = error or err  # another seed may still find a way (other default topics)
                exclude = set(request.exclude)  # leaving those out asked too much: only reseed
                continue
            if best is not None and (lost := _emptied(best[1], outline)):
                keep, exclude = keep | lost, exclude - lost  # nothing else fits that slot
                continue
            keys = outline_keys(outline)
            unique = {k for k, _ in keys}
            share = self.index.compare(unique)[0] if unique else 0.0
            if best is None or share < best[0]:
                best = (share, outline, trial, unique)
            if share <= self.limit:
                self.rescued += attempt > 0 and not first
                break
            if attempt + 1 == first + self.tries or not self._may_retry(attempt + 1, count=False):
                break
            over = self.index.over(unique, self.limit)
            exclude |= {sid for key, sid in keys if self.index.masks.get(key, 0) & over} - keep
        if best is None:
            raise error
        return best

    def _may_retry(self, attempt: int, count: bool = True) -> bool:
        """Within the budget of extra plans, and retries still rescue at least one row in four
        (the exact check of a small batch keeps a budget of its own)."""
        if self.exact:
            return True
        self.retried += count and attempt == 1
        extra = self.plans - self.index.count + self.index.removed
        return self._paying() and extra <= self.spare * (self.index.count - self.index.removed) + GUARD_TRIES

    def _paying(self) -> bool:
        """Retries still rescue at least one row in four. Once they do not, they never will again:
        only a retry rescues a row (the exact check of a small batch aside)."""
        return self.retried <= GUARD_TRIAL_ROWS or self.rescued * 4 >= self.retried


def phrasing_apart(
    index: OverlapIndex, phrasings: dict[int, tuple[int, ...]], keys: set[int], salt: int
) -> tuple[int, ...]:
    """A template phrasing apart from the indexed documents sharing most of ``keys``: those sharing
    more weigh more (a pair near the limit must not share a sentence too)."""
    weighted: dict[int, int] = {}
    for near, weight in PHRASE_NEAR:
        for doc in _recent(index.over(keys, near)):
            weighted.setdefault(doc, weight)
    return choose_phrasing([(phrasings[d], w) for d, w in weighted.items() if d in phrasings], salt)


class _Exact:
    """A whole small batch checked on its rendered body paragraphs (template sentences included,
    which the outlines do not hold): each row over MAX_SHARE is given another phrasing, else planned
    again, when that lowers its score (see score)."""

    def __init__(self, guard: Guard, render: Callable[[Outline], list[int]]) -> None:
        self.guard, self.render = guard, render
        self.index = OverlapIndex()
        self.keys = [set(render(p.outline)) for p in guard.held]
        self.nums = [self.index.add(k) for k in self.keys]
        self.phrasings = {n: p.outline.phrasing for n, p in zip(self.nums, guard.held, strict=True)}

    def score(self, keys: set[int], skip: int = -1) -> tuple[float, int]:
        """(largest share with another row, rows it shares more than MAX_SHARE with): a move must
        lower it, so the batch's largest share never rises and the pairs over the limit get fewer."""
        return self.index.compare(keys, skip)[0], self.index.over(keys, MAX_SHARE, skip).bit_count()

    def repair(self) -> None:
        """Rounds over the rows over the limit, worst first, until none improves or the budget ends."""
        budget = EXACT_MOVES * len(self.keys)
        for _ in range(EXACT_ROUNDS):
            scores = [(self.score(self.keys[i], self.nums[i]), i) for i in range(len(self.keys))]
            improved = False
            for _, i in sorted(
                (t for t in scores if t[0][0] > MAX_SHARE), key=lambda t: (-t[0][0], -t[0][1], t[1])
            ):
                if budget <= 0:
                    return
                budget -= 1
                improved |= self._move(i)
            if not improved:
                return

    def _move(self, i: int) -> bool:
        """Another phrasing for row i, else another outline; whether its score fell."""
        before = self.score(self.keys[i], self.nums[i])
        if before[0] <= MAX_SHARE:
            return False
        planned = self.guard.held[i]
        self.index.remove(self.nums[i], self.keys[i])
        phrasing = phrasing_apart(
            self.index, self.phrasings, self.keys[i], planned.spec.request.seed + 7 * i + 1
        )
        candidate = replace(planned.outline, phrasing=phrasing)
        if self._try(i, candidate, before):
            planned.outline = candidate
            self.guard.phrasings[planned.doc] = candidate.phrasing
            return True
        for n in range(EXACT_REPLANS):
            first = 1 + n * self.guard.tries  # other seeds each time
            if self.guard._replan(
                planned, before[0], judge=lambda outline: self._try(i, outline, before), first=first
            ):
                return True
        self.index.restore(self.nums[i], self.keys[i])
        return False

    def _try(self, i: int, outline: Outline, before: tuple[float, int]) -> bool:
        """Render a candidate for row i (out of the index), phrased apart from the rows it shares
        most with; index it when its score is lower than ``before``."""
        keys = set(self.render(outline))
        score = self.score(keys)
        phrasing = phrasing_apart(self.index, self.phrasings, keys, outline.request.seed + 7 * i + 3)
        if phrasing != outline.phrasing:
            rephrased = set(self.render(replace(outline, phrasing=phrasing)))
            if (again := self.score(rephrased)) < score:
                outline.phrasing, keys, score = phrasing, rephrased, again
        if score >= before:
            return False
        self.keys[i], self.nums[i] = keys, self.index.add(keys)
        self.phrasings[self.nums[i]] = outline.phrasing
        return True


PHRASE_SLOTS = 8  # template sentences tell their phrasing apart by slot (render.pick: a hash of the name)
PHRASE_VALUES = 60  # a slot's value picks option value % len(options): 60 serves 2 to 6 options alike
PHRASE_MODULI = (4, 5, 6)  # the option counts templates use: two values clash when equal modulo one


def choose_phrasing(partners: list[tuple[tuple[int, ...], int]], salt: int) -> tuple[int, ...]:
    """A value per slot that the partners' values clash with least (clash: equal modulo an option
    count); among equals the first after a salted start, so documents without partners vary too.

    The partners' residue counts are added up all at once, as fields of one integer (see _packed):
    a few big-integer operations per partner instead of a loop over slots and option counts."""
    sums: dict[int, int] = {}  # weight → the partners' fields added up: one multiplication per weight
    for other, weight in partners:
        sums[weight] = sums.get(weight, 0) + _packed(other)
    total = sum(weight * packed for weight, packed in sums.items())
    counts = memoryview(total.to_bytes(_PACKED_BYTES, "little")).cast("I").tolist()
    phrasing = []
    for slot in range(PHRASE_SLOTS):
        c = counts[slot * _BINS : (slot + 1) * _BINS]
        phrasing.append(_least_clash(c[:4], c[4:9], c[9:], salt * 7 + slot * 13))
    return tuple(phrasing)


_BINS = sum(PHRASE_MODULI)  # residue counts per slot: 4 + 5 + 6
_FIELD = 32  # bits per count (a count stays below a few thousand)
_PACKED_BYTES = PHRASE_SLOTS * _BINS * _FIELD // 8


@functools.lru_cache(maxsize=1 << 16)
def _packed(phrasing: tuple[int, ...]) -> int:
    """A phrasing as one integer holding a 1 in the count field of each slot's residues."""
    packed = 0
    for slot, value in enumerate(phrasing):
        first = slot * _BINS
        for n in PHRASE_MODULI:
            packed |= 1 << (_FIELD * (first + value % n))
            first += n
    return packed


_BY_RESIDUES = {tuple(v % n for n in PHRASE_MODULI): v for v in range(PHRASE_VALUES)}
_CLASH_ORDER = {
    start: (
        [((start + a) % 4, (start + a + 2 * b) % 6) for a in range(4) for b in range(3)],
        [(start + k) % 5 for k in range(5)],
    )
    for start in range(60)
}  # start % 60 → see _least_clash


def _least_clash(c4: list[int], c5: list[int], c6: list[int], start: int) -> int:
    """The value whose residues are the least taken (4 and 6 share parity, so they are chosen together):
    the first least in the order a = 0…3, b = 0…2 (residues start+a and start+a+2b), k = 0…4."""
    pairs, fives = _CLASH_ORDER[start % 60]
    r4, r6 = min(pairs, key=lambda pair: c4[pair[0]] + c6[pair[1]])
    r5 = min(fives, key=c5.__getitem__)
    return _BY_RESIDUES[(r4, r5, r6)]


def _recent(docs: int, most: int = PHRASE_PARTNERS) -> list[int]:
    """The highest (most recently added) numbers of a bit set, at most ``most``."""
    found = []
    while docs and len(found) < most:
        doc = docs.bit_length() - 1
        found.append(doc)
        docs ^= 1 << doc
    return found


def _forget(spread, doc: int):
    """A copy of a Spread without one document's uses (it is being planned again)."""
    trial, bit = _copy_counts(spread), 1 << doc
    for key, docs in spread.holders.items():
        if docs & bit:
            trial.holders[key] = docs & ~bit
            trial.uses[key] -= 1
    return trial


def _copy_counts(spread):
    """A copy of a Spread whose counters can change without touching the original (cheap:
    its containers hold numbers and strings, so copying them one level deep suffices)."""
    if spread is None:
        return None
    trial = copy.copy(spread)
    for name, value in vars(spread).items():
        if isinstance(value, (dict, list, set)):
            setattr(trial, name, value.copy())
    return trial


def outline_keys(outline: Outline) -> list[tuple[int, str]]:
    """(paragraph key, section id) for every paragraph an outline brings from the corpus."""
    values = _mask_values(outline.request)
    return [
        (_masked_key(p, values), c.section_id)
        for items in outline.slots.values()
        for c in items
        for p in c.paragraphs
    ]


def _emptied(before: Outline, after: Outline) -> set[str]:
    """Sections of slots that were filled before and are empty now (nothing else fits them)."""
    lost: set[str] = set()
    for slot, items in before.slots.items():
        if items and not after.slots.get(slot):
            lost.update(c.section_id for c in items)
    return lost


# ---------------------------------------------------------------- rendering (runs in workers)


@dataclass
class Task:
    """One row to render and write: what a worker needs, nothing more (picklable)."""

    row: int
    school: str
    stem: str
    digest: str
    outline: Outline
    plan_seconds: float = 0.0


@dataclass
class Done:
    """A worker's answer for one task."""

    result: RowResult
    keys: list[int] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    digest: str = ""
    stem: str = ""


_WORKER: dict = {}  # per-process settings, set once by the pool initializer


def init_worker(
    out_dir: Path, formats: tuple[str, ...], templates_dir: Path | None, ignore_sigint: bool
) -> None:
    """Pool initializer: remember the settings and load the templates once per process.

    Workers ignore Ctrl-C: the parent alone decides to stop and writes the report.
    """
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICENESS)  # the parent's in-order planning is the bottleneck: let it run first
    _WORKER.update(out_dir=out_dir, formats=formats, templates_dir=templates_dir)
    with contextlib.suppress(Exception):
        pipeline.prepare_writers(templates_dir)  # recipes, templates and the Word base, once


def render_chunk(tasks: list[Task]) -> list[Done]:
    """Render and write a chunk of rows in a worker (one round trip per chunk)."""
    return [render_task(task, _WORKER) for task in tasks]


def render_task(task: Task, settings: dict) -> Done:
    """Render one outline and write its files; any failure becomes a 失败 row, never a crash."""
    start = time.perf_counter()
    try:
        doc = pipeline.render_outline(task.outline, settings["templates_dir"])
        doc.file_stem = task.stem
        paths = pipeline.write_outputs(doc, settings["out_dir"], settings["formats"])
        sizes = {p.name: p.stat().st_size for p in paths}
    except Exception as err:  # a bug or a full disk must not stop the other 17,999 rows
        return Done(
            RowResult(task.row, task.school, FAILED, seconds=_since(start, task), reason=_reason(err))
        )
    names = list(sizes)
    primary = next((n for n in names if n.endswith(".docx")), names[0])
    result = RowResult(task.row, task.school, OK, primary, doc.chars, _since(start, task), files=names)
    return Done(result, body_keys(doc), sizes, task.digest, task.stem)


def _reason(err: Exception) -> str:
    """A Chinese reason for report.csv, whatever went wrong with one row."""
    if isinstance(err, WengaoError):
        return str(err)
    if isinstance(err, OSError):
        return f"写入文件“{err.filename or ''}”失败：{os_reason(err)}。请检查磁盘空间和写入权限。"
    return f"程序内部错误（{type(err).__name__}: {err}），请把这一行和报告发给维护者。"


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOTDIR: "路径中有同名的文件而不是文件夹",
    errno.ENAMETOOLONG: "路径太长",
    errno.EEXIST: "已有同名文件",
    errno.ENOENT: "路径不存在",
}


def os_reason(err: OSError) -> str:
    """The operating system's complaint in Chinese where it is a common one."""
    return _OS_REASONS.get(err.errno or 0, f"{err.strerror or err}")


def _since(start: float, task: Task) -> float:
    return round(time.perf_counter() - start + task.plan_seconds, 4)


# ---------------------------------------------------------------- the batch


ProgressFn = Callable[[int, int, RowResult], None]


@contextlib.contextmanager
def _ctrl_c_cancels(batch: _Batch) -> Iterator[None]:
    """Ctrl-C marks the batch stopped instead of raising in the middle of recording a chunk,
    so no row whose files were written is lost from the report; a second Ctrl-C quits."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame) -> None:
        if batch.cancelled:
            raise KeyboardInterrupt
        batch.cancelled = True

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run(
    rows_or_path: Path | str | list[dict],
    kind: str,
    out_dir: Path | str,
    *,
    jobs: int | None = None,
    seed: int = 0,
    force: bool = False,
    make_zip: bool = False,
    corpus_dir: Path = CORPUS_DIR,
    templates_dir: Path | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    topics: list[str] | None = None,
    chars: int | None = None,
    formats: tuple[str, ...] = pipeline.FORMATS,
    zip_name: str | None = None,
    stage: Callable[[str], None] | None = None,
) -> BatchResult:
    """Generate one document per roster row into ``out_dir``; see the module docstring.

    ``progress(done, total, row_result)`` is called in this thread for every row settled;
    ``stage(text)`` with a Chinese line when a long step starts that settles no row for a while;
    setting ``cancel`` (or Ctrl-C) stops after the rows in flight, writes the report and
    returns with ``cancelled`` set. Raises InputError/UsageError for a bad roster or option.
    """
    start = time.perf_counter()
    if kind not in KINDS:
        raise UsageError(f"未知文种“{kind}”，可选：{'、'.join(KINDS)}。")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs 应为正整数。")
    records = read_roster(rows_or_path) if isinstance(rows_or_path, (str, Path)) else list(rows_or_path)
    out = _out_dir(out_dir)
    specs, bad = parse_rows(records, kind, seed, topics, chars)
    corpus = pipeline.load_corpus(corpus_dir)
    batch = _Batch(kind, out, specs, bad, force, formats, templates_dir, progress, cancel)
    batch.stage = stage
    try:
        with _ctrl_c_cancels(batch), _frozen_heap():
            batch.execute(corpus, jobs or os.cpu_count() or 1)
    except KeyboardInterrupt:
        batch.cancelled = True
    finally:
        batch.close()
    result = batch.result(time.perf_counter() - start)
    result.report = write_report(out / REPORT_NAME, result.rows)
    if make_zip and not result.cancelled:
        result.zip = write_zip(out / (zip_name or _zip_name(rows_or_path, kind)), out, result)
    return result


@contextlib.contextmanager
def _quick_switches() -> Iterator[None]:
    """The pool's threads in this process pass tasks to the workers and take their results; with
    the planner holding the GIL for Python's default 5 ms at a time, each hand-over waited that
    long and the workers sat idle for a third of the batch. Restored after."""
    with _SWITCHES["lock"]:  # batches may run side by side (the web page): the last one out restores
        if not _SWITCHES["running"]:
            _SWITCHES["before"] = sys.getswitchinterval()
            sys.setswitchinterval(min(_SWITCHES["before"], SWITCH_INTERVAL))
        _SWITCHES["running"] += 1
    try:
        yield
    finally:
        with _SWITCHES["lock"]:
            _SWITCHES["running"] -= 1
            if not _SWITCHES["running"]:
                sys.setswitchinterval(_SWITCHES["before"])


_SWITCHES: dict = {"lock": threading.Lock(), "running": 0, "before": 0.005}


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """The corpus, its index and everything else loaded before the batch stay out of the garbage
    collector's passes while it runs (they live as long as it does), and forked workers do not
    copy their pages when a pass touches them. Unfrozen after, for a caller that runs many batches."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _out_dir(out_dir: Path | str) -> Path:
    """Create the output folder or say clearly why not."""
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"无法创建输出目录“{path}”：{os_reason(err)}。请换一个目录（--out）。") from err
    return path


def _zip_name(rows_or_path: object, kind: str) -> str:
    stem = Path(rows_or_path).stem if isinstance(rows_or_path, (str, Path)) else "批量"
    return f"{safe_name(stem)}_{KINDS[kind]}.zip"


class _Batch:
    """The running batch: plans rows in order, feeds workers, collects results and state."""

    def __init__(
        self,
        kind: str,
        out: Path,
        specs: list[RowSpec],
        bad: list[RowResult],
        force: bool,
        formats: tuple[str, ...],
        templates_dir: Path | None,
        progress: ProgressFn | None,
        cancel: threading.Event | None,
    ) -> None:
        self.kind, self.out, self.specs, self.force, self.formats = kind, out, specs, force, formats
        self.templates_dir, self.progress, self.cancel = templates_dir, progress, cancel
        self.results: dict[int, RowResult] = {}
        self.keys: dict[int, list[int]] = {}
        self.total = len(specs) + len(bad)
        self.state = State(out)
        self.cancelled = False
        self.failure: str | None = None
        self.fingerprint = templates_fingerprint(kind, templates_dir)
        self.stage: Callable[[str], None] | None = None  # see run
        for result in bad:
            self._settle(result)

    # -- planning (parent, row order, one shared Spread)

    def tasks(self, corpus) -> Iterator[Task]:
        """Plan every row in order (a window at a time); yield those to render, settle those done."""
        exact = len(self.specs) <= EXACT_ROWS  # small enough to check on the rendered paragraphs
        guard = Guard(
            GUARD_SHARE,
            self._plan_fn(corpus),
            window=len(self.specs) + 1 if exact else REPAIR_WINDOW,
            early=not exact,
        )
        for spec in self.specs:
            if self._stopping():
                return
            t0 = time.perf_counter()
            try:
                released = guard.add(spec)
            except Exception as err:  # one row's problem, never the batch's
                self._settle(
                    RowResult(spec.row, spec.school, FAILED, seconds=_elapsed(t0), reason=_reason(err))
                )
                continue
            yield from self._released(released)
        if not self._stopping():
            if exact and len(self.specs) > 1 and self.stage:
                slow = (
                    f"（{EXACT_ROWS} 行以内的花名册整批核对，可能需要十几秒）"
                    if len(self.specs) >= 50
                    else ""
                )
                self.stage(f"已为 {len(self.specs)} 所学校选好素材，正在逐份核对文稿之间的重合{slow}……")
            yield from self._released(guard.flush(self._body_keys if exact else None))

    def _body_keys(self, outline: Outline) -> list[int]:
        """The keys of an outline's rendered body paragraphs (what the overlap is measured on)."""
        return body_keys(pipeline.render_outline(outline, self.templates_dir))

    def _released(self, planned: list[Planned]) -> Iterator[Task]:
        """Tasks for rows leaving the guard's window; rows done before with the same request settle."""
        for item in planned:
            spec = item.spec
            digest = request_hash(spec, item.outline, self.fingerprint)
            entry = None if self.force else self.state.done(spec.stem, digest, self.out)
            if entry:
                self._settle_existing(spec, entry)
                continue
            yield Task(spec.row, spec.school, spec.stem, digest, item.outline, item.seconds)

    def _plan_fn(self, corpus) -> Callable:
        def plan(request: Request, spread) -> Outline:
            return pipeline.plan(request, corpus, self.templates_dir, spread)

        return plan

    def _settle_existing(self, spec: RowSpec, entry: dict) -> None:
        files = list(entry["files"])
        primary = next((n for n in files if n.endswith(".docx")), files[0])
        self.keys[spec.row] = entry.get("keys", [])
        self._settle(
            RowResult(
                spec.row,
                spec.school,
                EXISTS,
                primary,
                entry.get("chars", 0),
                0.0,
                "与上次的请求相同，文件完整，未重新生成（加 --force 可重新生成）。",
                files,
            )
        )

    # -- execution

    def execute(self, corpus, jobs: int) -> None:
        """Render in-process for one job, else in a process pool fed chunk by chunk."""
        to_render = len(self.specs)
        clear_temporaries(self.out, {s.stem for s in self.specs})
        if jobs == 1 or to_render <= 2:
            self._run_inline(corpus)
        else:
            self._run_pool(corpus, min(jobs, max(1, to_render)))

    def _run_inline(self, corpus) -> None:
        settings = {"out_dir": self.out, "formats": self.formats, "templates_dir": self.templates_dir}
        for task in self.tasks(corpus):
            self._finish(render_task(task, settings))

    def _run_pool(self, corpus, jobs: int) -> None:
        """Keep a few chunks in flight per worker while the parent plans the next rows."""
        chunk = max(1, min(16, len(self.specs) // (jobs * 8)))
        init = (self.out, self.formats, self.templates_dir, True)
        pending: dict[Future, list[Task]] = {}
        with (
            _quick_switches(),
            ProcessPoolExecutor(jobs, mp_context=_context(), initializer=init_worker, initargs=init) as pool,
        ):
            pool.submit(render_chunk, [])  # starts the workers: they prepare while the first rows are planned
            try:
                for tasks in _chunks(self.tasks(corpus), chunk):
                    pending[pool.submit(render_chunk, tasks)] = tasks
                    self._collect(pending, 0)  # record finished rows at once: a kill loses none
                    while len(pending) >= jobs * 16 and not self._stopping():
                        self._collect(pending, 0.2)
                while pending and not self._stopping():
                    self._collect(pending, 0.2)
            finally:
                for future in pending:
                    future.cancel()  # not started yet: those rows stay 未完成
                self._drain(pending)

    def _collect(self, pending: dict[Future, list[Task]], timeout: float) -> None:
        """Wait a little for finished chunks (so Ctrl-C and cancel are noticed) and record them."""
        done, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            self._finish_future(future, pending.pop(future))

    def _drain(self, pending: dict[Future, list[Task]]) -> None:
        """After a stop: keep what the workers finished anyway (their files are written)."""
        for future, tasks in pending.items():
            if not future.cancelled():
                with contextlib.suppress(Exception):
                    future.exception(timeout=120)
                    self._finish_future(future, tasks)

    def _finish_future(self, future: Future, tasks: list[Task]) -> None:
        """Record a chunk's rows; a worker that died (out of memory, killed) fails its rows."""
        try:
            answers = future.result()
        except (BrokenProcessPool, Exception) as err:
            self.failure = f"工作进程意外退出（{type(err).__name__}，可能是内存不足或被结束）。已完成的文稿已保存，可减少 --jobs 后重新运行。"
            answers = [Done(RowResult(t.row, t.school, FAILED, reason=self.failure)) for t in tasks]
        for done in answers:
            self._finish(done)

    def _finish(self, done: Done) -> None:
        """Record a rendered row: journal line first for finished rows, then report and progress."""
        result = done.result
        if result.status == OK:
            self.keys[result.row] = done.keys
            self.state.add(
                {
                    "stem": done.stem,
                    "hash": done.digest,
                    "files": done.sizes,
                    "chars": result.chars,
                    "row": result.row,
                    "keys": done.keys,
                }
            )
        self._settle(result)

    def _settle(self, result: RowResult) -> None:
        if result.row in self.results:
            return
        self.results[result.row] = result
        if self.progress:
            self.progress(len(self.results), self.total, result)

    def _stopping(self) -> bool:
        """Cancelled by the caller, interrupted, or the pool broke: plan and send no more rows."""
        if self.cancel is not None and self.cancel.is_set():
            self.cancelled = True
        return self.cancelled or self.failure is not None

    def close(self) -> None:
        self.state.close()

    def result(self, seconds: float) -> BatchResult:
        """Results in row order; rows never reached are 未完成; the largest overlap measured."""
        for spec in self.specs:
            if spec.row not in self.results:
                self.results[spec.row] = RowResult(
                    spec.row,
                    spec.school,
                    PENDING,
                    reason="批量生成被中断，未处理；重新运行同一命令即可继续。",
                )
        rows = [self.results[k] for k in sorted(self.results)]
        order = sorted(self.keys)
        per_doc = overlaps([self.keys[r] for r in order])
        for row, (share, other, _) in zip(order, per_doc, strict=True):
            if len(order) > 1:
                self.results[row].overlap = share
                self.results[row].overlap_row = order[other] if other >= 0 else None
        share, i, j, shared = _worst(per_doc)
        pair = (order[i], order[j]) if i >= 0 else None
        return BatchResult(
            rows,
            self.out,
            self.out / REPORT_NAME,
            None,
            round(share, 4),
            pair,
            shared,
            round(seconds, 3),
            self.cancelled,
        )


def _new_spread():
    """One Spread for the whole batch: sections earlier rows used score lower (select records)."""
    from . import selection

    return selection.Spread()


def _elapsed(start: float) -> float:
    return time.perf_counter() - start


def _chunks(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    """Lists of 1, 2, 4 … up to ``size`` items, lazily, so planning overlaps rendering.

    Small first chunks set the workers going after the first planned row instead of the
    first ``size``, and bring the first results back (journal, progress) at once; later
    chunks are full-size, so the round trips stay few.
    """
    batch: list[Task] = []
    limit = 1
    for item in items:
        batch.append(item)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], min(size, limit * 2)
    if batch:
        yield batch


def _context():
    """fork where it is safe (one thread: the command line), else forkserver/spawn (web server)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# ---------------------------------------------------------------- report and zip


def write_report(path: Path, rows: list[RowResult]) -> Path:
    """report.csv in UTF-8 with BOM so Excel shows the Chinese correctly; written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REPORT_COLUMNS)
    schools = {r.row: r.school for r in rows}
    for r in rows:
        share = "" if r.overlap is None else f"{r.overlap:.0%}"
        partner = f"第 {r.overlap_row} 行 {schools.get(r.overlap_row, '')}".strip() if r.overlap_row else ""
        writer.writerow(
            [
                r.row,
                _cell(r.school),
                r.status,
                r.file,
                r.chars or "",
                f"{r.seconds:.3f}",
                _cell(r.reason),
                share,
                _cell(partner),
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


# ---------------------------------------------------------------- command line


def run_cli(
    roster: Path,
    *,
    kind: str,
    jobs: int | None,
    out: Path,
    seed: int,
    force: bool,
    make_zip: bool,
    corpus_dir: Path,
    templates_dir: Path | None,
    topics: list[str] | None = None,
    chars: int | None = None,
) -> int:
    """``python generate.py batch``: progress on stderr, summary on stdout; returns the exit status.

    ``topics``/``chars`` are the command line's defaults; a row's 主题/字数 columns win."""
    from rich.console import Console

    console, errors = (
        Console(highlight=False, soft_wrap=True),
        Console(stderr=True, highlight=False, soft_wrap=True),
    )
    try:
        with _progress_display(errors) as show:
            result = run(
                roster,
                kind,
                out,
                jobs=jobs,
                seed=seed,
                force=force,
                make_zip=make_zip,
                corpus_dir=corpus_dir,
                templates_dir=templates_dir,
                progress=show,
                topics=topics,
                chars=chars,
                stage=errors.print,
            )
    except KeyboardInterrupt:  # before any row was written: nothing to report
        errors.print("已中断：还没有生成任何文稿。")
        return 130
    print_summary(result, console)
    return result.exit_code


@contextlib.contextmanager
def _progress_display(console) -> Iterator[ProgressFn]:
    """A Rich bar with rate and time left on a terminal; a plain line every 5% otherwise."""
    if console.is_terminal:
        with _rich_bar(console) as update:
            yield update
    else:
        yield _plain_lines(console)


@contextlib.contextmanager
def _rich_bar(console) -> Iterator[ProgressFn]:
    """Refreshed from the callback, not by Rich's timer thread: with no second thread the
    pool can fork its workers safely."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("批量生成"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("剩余"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, auto_refresh=False) as bar:
        task = bar.add_task("批量生成", total=None, rate="")
        shown = {"at": 0.0}

        def update(done: int, total: int, _result: RowResult) -> None:
            speed = bar.tasks[0].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:.0f} 份/秒" if speed else "")
            now = time.monotonic()
            if now - shown["at"] >= 0.1 or done == total:
                shown["at"] = now
                bar.refresh()

        yield update


def _plain_lines(console) -> ProgressFn:
    """Lines for logs and pipes: every 5% (and the last row), with rate and time left."""
    start = time.perf_counter()
    shown = {"step": -1}

    def update(done: int, total: int, _result: RowResult) -> None:
        step = done * 20 // max(total, 1)
        if step == shown["step"] and done != total:
            return
        shown["step"] = step
        elapsed = max(time.perf_counter() - start, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        console.print(
            f"进度：{done}/{total}（{done * 100 // max(total, 1)}%），每秒 {rate:.0f} 份，预计还需 {left:.0f} 秒"
        )

    return update


def print_summary(result: BatchResult, console) -> None:
    """The closing summary in Chinese: counts, speed, the largest overlap, where the files are."""
    total = len(result.rows)
    made = result.count(OK)
    rate = made / result.seconds if result.seconds else 0
    counts = "，".join(
        f"{s} {result.count(s)}" for s in (OK, EXISTS, SKIPPED, FAILED, PENDING) if result.count(s)
    )
    head = "批量生成已中断" if result.cancelled else "批量生成完成"
    speed = f"（每秒 {rate:.0f} 份）" if made else ""
    console.print(f"{head}：共 {total} 行，{counts or '无'}；用时 {result.seconds:.1f} 秒{speed}。")
    console.print(overlap_sentence(result))
    problems = [r for r in result.rows if r.status in (SKIPPED, FAILED)]
    for r in problems[:SHOWN_PROBLEMS]:
        console.print(f"  第 {r.row} 行 {r.school or '（无校名）'}：{r.status}，{r.reason}")
    if len(problems) > SHOWN_PROBLEMS:
        console.print(f"  ……另有 {len(problems) - SHOWN_PROBLEMS} 行未完成，详见报告。")
    console.print(f"报告：{result.report}")
    if result.zip:
        console.print(f"压缩包：{result.zip}")
    if result.cancelled:
        console.print(
            "已按要求停止：已完成的文稿均完整保存；重新运行同一命令会跳过已完成的学校，继续生成其余学校。"
        )


def overlap_sentence(result: BatchResult) -> str:
    """The largest share of body paragraphs two documents of the batch have in common."""
    if result.count(OK) + result.count(EXISTS) < 2:
        return "文稿少于两份，不计算相互重合。"
    if not result.overlap_rows:
        return "文稿之间的最大重合：0%，各文稿之间没有相同的正文段落。"
    a, b = result.overlap_rows
    text = (
        f"文稿之间的最大重合：第 {a} 行与第 {b} 行共用 {result.shared} 段正文，"
        f"占 {result.max_overlap:.0%}（{'未超过' if result.max_overlap <= MAX_SHARE else '超过了'} {MAX_SHARE:.0%}）。"
    )
    if result.max_overlap > MAX_SHARE:
        text += "素材库中这类素材不多，各校文稿难免相近：可用 ingest 导入更多文稿后加 --force 重新生成。"
    return text


if __name__ == "__main__":  # pragma: no cover - run through generate.py
    sys.exit("请使用 python generate.py batch 花名册.xlsx --kind summary")
