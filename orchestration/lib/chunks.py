"""Cutting a date range into spans of whole days that each hold at most a row budget."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

CHUNK_ROWS_ENV = "CALLSCOPE_GX_CHUNK_ROWS"
# Rows validated in one pandas frame. GX on pandas holds several copies of a frame: a month of
# the large benchmark's raw agent states (2.3 M rows) peaked at 10.9 GB (docs/performance.md).
DEFAULT_CHUNK_ROWS = 250_000


def chunk_rows() -> int:
    """The row budget of one validation frame, from CALLSCOPE_GX_CHUNK_ROWS."""
    value = os.environ.get(CHUNK_ROWS_ENV, "").strip()
    if not value:
        return DEFAULT_CHUNK_ROWS
    try:
        rows = int(value)
    except ValueError:
        rows = 0
    if rows < 1:
        raise ValueError(f"{CHUNK_ROWS_ENV} must be a whole number of rows >= 1, not {value!r}")
    return rows


def row_budget_spans(
    first: date, last: date, rows_per_day: Iterable[tuple[date, int]], max_rows: int
) -> list[tuple[date, date]]:
    """Consecutive inclusive spans over the days of [first, last] that have rows, each holding
    at most `max_rows` rows unless a single day holds more (a day is never split). A range
    without rows is one span, so a suite still runs (on an empty frame) and reports."""
    spans: list[tuple[date, date]] = []
    start = end = None
    held = 0
    for day, rows in sorted(d for d in rows_per_day if first <= d[0] <= last and d[1] > 0):
        if start is not None and held + rows > max_rows:
            spans.append((start, end))
            start = None
        if start is None:
            start, held = day, 0
        end, held = day, held + rows
    if start is not None:
        spans.append((start, end))
    return spans or [(first, last)]
