"""Reading a roster (.xlsx or .csv) and turning its rows into requests, with a file name each."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .. import fsutil
from ..config import KINDS, field_for
from ..errors import InputError, WengaoError
from ..model import Request
from ..profile import make_profile
from .report import SKIPPED, RowResult
from .settings import BATCH

ROW_KEY = "__row__"  # key of a roster record holding its row number in the file (1-based)

# Batch-only columns: they shape the request, not the profile. Header → request field.
BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "主题": ("主题", "topics", "topic", "专题", "工作重点", "重点工作"),
    "字数": ("字数", "chars", "目标字数", "篇幅"),
    "时长": ("时长", "minutes", "讲话时长", "分钟"),
}
TOTAL_ROWS = {"合计", "总计", "小计", "总数"}  # summary lines of office rosters, not schools

# ---------------------------------------------------------------- reading the roster


def read_roster(path: Path | str) -> list[dict]:
    """Records of an .xlsx (first sheet) or CSV roster: header text → cell text, plus ROW_KEY.

    Blank rows are left out; the header row is found among the first lines (a title may sit
    above it) as the row naming the school column. Raises InputError naming file/sheet/row.
    """
    path = Path(path)
    _check_roster_path(path)
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


def _check_roster_path(path: Path) -> None:
    """A roster must be a file this user may read; say which of these it is not."""
    if path.is_dir():
        raise InputError(f"“{path}”是文件夹，不是花名册：请给出花名册文件（.xlsx 或 .csv）的路径。")
    if not path.is_file():
        raise InputError(f"找不到花名册文件“{path}”，请检查路径和文件名。")
    try:
        path.open("rb").close()
    except OSError as err:
        raise InputError(f"无法读取花名册“{path}”：{fsutil.os_reason(err)}。请检查文件的权限。") from err


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
        elif (blank := blank + 1) > BATCH.max_blank_run:
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
    for i, (_, cells) in enumerate(table[: BATCH.header_search_rows]):
        if any(column_field(c) == "学校名称" for c in cells):
            return i
    if not table:
        raise InputError(f"{where}是空的，请在第一行写列名（学校名称、校长、学生人数……），下面每行一所学校。")
    aliases = "、".join(("学校名称", "学校", "单位名称"))
    raise InputError(
        f"{where}的前 {BATCH.header_search_rows} 行中没有找到学校名称列，请把该列的列名写成 {aliases} 之一。"
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
                f"{where}第 {number} 行的列“{seen[meaning]}”和“{text}”都表示“{meaning}”，"
                "请删除或改名其中一列。"
            )
        seen[meaning] = text
        columns.append((i, text))
    return columns


def column_field(header: str) -> str | None:
    """The profile field or batch column a header means: 学校 → 学校名称, 学生数(人) → 学生人数,
    School Name → 学校名称."""
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
    records: list[dict],
    kind: str,
    seed: int,
    topics: list[str] | None = None,
    chars: int | None = None,
    label: str = "",
) -> tuple[list[RowSpec], list[RowResult]]:
    """Valid rows as requests in roster order, and the bad ones as 跳过 results with reasons;
    ``label``: the kind's Chinese name in file names (a custom kind's, from its recipe)."""
    good: list[RowSpec] = []
    bad: list[RowResult] = []
    seen: dict[tuple[str, str], int] = {}
    meanings = _meanings(records)
    for i, record in enumerate(records):
        number = int(record.get(ROW_KEY) or i + 2)
        try:
            spec = _row_spec(record, meanings, number, RowDefaults(kind, seed, list(topics or []), chars))
            _check_duplicate(spec, seen)
        except WengaoError as err:
            bad.append(RowResult(number, _school_of(record, meanings), SKIPPED, reason=str(err)))
            continue
        good.append(spec)
    assign_stems(good, label or KINDS[kind])
    return good, bad


def _meanings(records: list[dict]) -> dict[str, str | None]:
    """What each header of the records means (see column_field), worked out once per header."""
    headers = dict.fromkeys(key for record in records for key in record if key != ROW_KEY)
    return {header: column_field(header) for header in headers}


def _school_of(record: dict, meanings: dict[str, str | None]) -> str:
    """The school name of a raw record, whatever its header is called."""
    return next((str(v).strip() for k, v in record.items() if k != ROW_KEY and meanings[k] == "学校名称"), "")


class RowDefaults(NamedTuple):
    """What every row of a roster gets unless its own columns say otherwise."""

    kind: str
    seed: int
    topics: list[str]
    chars: int | None


def _row_spec(record: dict, meanings: dict[str, str | None], number: int, defaults: RowDefaults) -> RowSpec:
    """Map one record's columns to a profile and a request: ``defaults`` with the school's profile,
    a row's 主题/字数/时长 winning over the defaults."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for key, value in record.items():
        if key == ROW_KEY:
            continue
        value = str(value).strip()
        meaning = meanings[key]
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
    row_topics = split_topics(extra.get("主题", "")) or list(defaults.topics)
    row_chars = _number(extra.get("字数", ""), "字数", 200, 50000) or defaults.chars
    minutes = _number(extra.get("时长", ""), "时长", 1, 180)
    if row_chars and minutes:
        minutes = None  # 字数 is the more precise of the two
    request = Request(
        defaults.kind, profile, row_topics, row_chars, float(minutes) if minutes else None, defaults.seed
    )
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


def safe_name(text: str) -> str:
    """A school's name as a file-name part (fsutil.safe_name, at most BATCH.name_bytes bytes)."""
    return fsutil.safe_name(text, BATCH.name_bytes)


def assign_stems(specs: list[RowSpec], label: str) -> None:
    """``<学校名称>_<文种>`` per row; a name taken already (ignoring case) gets _2, _3 …"""
    taken: set[str] = set()
    for spec in specs:
        stem = f"{safe_name(spec.school)}_{label}"
        candidate, n = stem, 2
        while candidate.casefold() in taken:
            candidate, n = f"{stem}_{n}", n + 1
        taken.add(candidate.casefold())
        spec.stem = candidate
