"""Batch generation: one distinct document per school of an Excel or CSV roster.

Modules: ``roster`` (reading a roster, rows into requests, file names), ``overlap`` (paragraph
keys and the index counting what documents share), ``guard`` and ``exact`` (re-planning rows that
share too much), ``phrasing`` (template sentences apart), ``runner`` (planning in order, the
process pool), ``worker`` (rendering rows), ``journal`` (resuming), ``report`` (report.csv and the
zip), ``settings`` (every tuning value, documented).
"""

from .overlap import OverlapIndex, body_keys, overlaps, worst_pair
from .phrasing import choose_phrasing
from .report import (
    EXISTS,
    FAILED,
    OK,
    PENDING,
    REPORT_COLUMNS,
    REPORT_NAME,
    SKIPPED,
    BatchResult,
    RowResult,
    write_report,
    write_zip,
)
from .roster import ROW_KEY, RowSpec, column_field, parse_rows, read_roster, safe_name, split_topics
from .runner import BatchOptions, ProgressFn, run
from .settings import BATCH, BatchSettings

__all__ = [
    "BATCH",
    "EXISTS",
    "FAILED",
    "OK",
    "PENDING",
    "REPORT_COLUMNS",
    "REPORT_NAME",
    "ROW_KEY",
    "SKIPPED",
    "BatchOptions",
    "BatchResult",
    "BatchSettings",
    "OverlapIndex",
    "ProgressFn",
    "RowResult",
    "RowSpec",
    "body_keys",
    "choose_phrasing",
    "column_field",
    "overlaps",
    "parse_rows",
    "read_roster",
    "run",
    "safe_name",
    "split_topics",
    "write_report",
    "worst_pair",
    "write_zip",
]
