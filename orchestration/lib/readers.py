"""Read one landed file into text columns plus the line each row came from.

Every value stays text exactly as landed (typing happens in dbt staging), so nothing is lost
before the rules can name what is wrong with it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.duck import connect
from orchestration.lib.errors import UnreadableFileError


class ArrowRows(Sequence[list[str | None]]):
    """Rows of a text-only Arrow table, turned into Python lists only when someone reads them."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self._rows: list[list[str | None]] | None = None

    def _materialized(self) -> list[list[str | None]]:
        if self._rows is None:
            columns = [column.to_pylist() for column in self.table.columns]
            self._rows = [list(row) for row in zip(*columns, strict=True)]
        return self._rows

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index):  # noqa: ANN001, ANN204  (int or slice, as list)
        return self._materialized()[index]

    def __iter__(self) -> Iterator[list[str | None]]:
        return iter(self._materialized())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return self._materialized() == list(other)

    __hash__ = None  # type: ignore[assignment]  (mutable, like list)

    def __repr__(self) -> str:
        return repr(self._materialized())


@dataclass
class FileRows:
    columns: list[str]
    rows: Sequence[list[str | None]]  # one list per row, aligned with columns
    lines: list[int]  # line (CSV/JSONL, header = 1) or row number (Parquet) of each row

    def to_arrow(self) -> pa.Table:
        lines = pa.array(self.lines, type=pa.int64())
        if isinstance(self.rows, ArrowRows):
            return self.rows.table.append_column("_line", lines)
        data = {name: [row[i] for row in self.rows] for i, name in enumerate(self.columns)}
        arrays = {name: pa.array(values, type=pa.string()) for name, values in data.items()}
        arrays["_line"] = lines
        return pa.table(arrays)


def _decode(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableFileError(
            label, f"line {line}: bytes are not UTF-8 (rule: encoding UTF-8)"
        ) from exc


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                return handle.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableFileError(label, f"cannot be read: {exc}") from exc


def _read_csv(text: str, label: str) -> FileRows:
    if not text.strip():
        raise UnreadableFileError(label, "empty file: no header row (rule: CSV has a header)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        rows, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            if record:
                if len(record) != len(header):
                    raise UnreadableFileError(
                        label,
                        f"line {start}: {len(record)} fields where the header has {len(header)}"
                        " (rule: RFC 4180 CSV)",
                    )
                rows.append([value if value != "" else None for value in record])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        message = f"line {reader.line_num}: {exc} (rule: RFC 4180 CSV)"
        raise UnreadableFileError(label, message) from exc
    return FileRows(header, rows, lines)


# One line of RFC 4180 CSV in which every quote belongs to a fully quoted field on that line.
_FIELD = r'(?:"(?:[^"\r\n]|"")*"|[^,"\r\n]*)'
_LINE = rf"{_FIELD}(?:,{_FIELD})*"
_PLAIN_QUOTED_CSV = re.compile(rf"{_LINE}(?:\r?\n{_LINE})*(?:\r?\n)?")


def _is_plain_csv(text: str) -> bool:
    """Whether DuckDB's CSV reader is sure to read `text` as the Python reader does.

    Plain: no NUL, no blank line, one line ending throughout (LF or CRLF, no lone CR), no field
    longer than the csv module's limit, and every quote opening and closing a whole field on
    one line (no quoted newline, no stray or unclosed quote).
    """
    if not text.strip() or "\x00" in text or text.startswith(("\n", "\r")):
        return False
    newlines, crlfs = text.count("\n"), text.count("\r\n")
    if text.count("\r") != crlfs or crlfs not in (0, newlines):
        return False
    if "\n\n" in text or "\n\r\n" in text:
        return False
    limit = csv.field_size_limit()
    if len(text) > limit and max(map(len, text.split("\n"))) > limit:
        return False
    return '"' not in text or _PLAIN_QUOTED_CSV.fullmatch(text) is not None


_CSV_LOCK = threading.Lock()
_CSV_CONNECTIONS: dict[int, duckdb.DuckDBPyConnection] = {}


def _csv_connection() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per process (a connection costs more than reading a small file)."""
    pid = os.getpid()
    if pid not in _CSV_CONNECTIONS:
        _CSV_CONNECTIONS.clear()  # a forked child must not use its parent's connection
        _CSV_CONNECTIONS[pid] = connect(":memory:")
    return _CSV_CONNECTIONS[pid]


def _read_csv_fast(path: Path, text: str) -> FileRows | None:
    """The rows of a plain CSV file (see _is_plain_csv) read by DuckDB, or None when unsure.

    With no blank line and no quoted newline, record k is on line k + 1 (header = line 1);
    a record count that says otherwise, or any DuckDB error, sends the file to the Python
    reader, which raises the errors.
    """
    if not _is_plain_csv(text):
        return None
    header = [name.strip() for name in next(csv.reader([text.split("\n", 1)[0].rstrip("\r")]))]
    if len(set(header)) != len(header):
        return None
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    query = f"""
        select * from read_csv(
            ?, header = true, auto_detect = false, columns = {{{columns}}},
            delim = ',', quote = '"', escape = '"', comment = '', encoding = 'utf-8',
            strict_mode = true, null_padding = false
        )
    """
    try:
        with _CSV_LOCK:
            table = _csv_connection().execute(query, [str(path)]).fetch_arrow_table()
    except duckdb.Error:
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if table.num_rows != lines - 1:
        return None
    table = table.rename_columns(header).cast(pa.schema([(name, pa.string()) for name in header]))
    return FileRows(header, ArrowRows(table), list(range(2, table.num_rows + 2)))


def _read_jsonl(text: str, label: str) -> FileRows:
    records: list[dict] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnreadableFileError(label, f"line {number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise UnreadableFileError(label, f"line {number}: a JSON object is required")
        records.append(record)
        lines.append(number)
    columns: dict[str, None] = {}  # keys in order of first appearance
    for record in records:
        if record.keys() - columns.keys():
            columns.update(dict.fromkeys(record))
    if not columns:  # only objects without keys: one row each, no column
        return FileRows([], [[] for _ in records], lines)
    arrays = {name: _text_array([record.get(name) for record in records]) for name in columns}
    return FileRows(list(columns), ArrowRows(pa.table(arrays)), lines)


def _text_array(values: list[object]) -> pa.Array:
    """A column of JSON values as text (see _as_text), built in one pass when all are strings."""
    if not all(value is None or type(value) is str for value in values):
        values = [_as_text(value) for value in values]
    return pa.array(values, type=pa.string())


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _read_parquet(path: Path, label: str) -> FileRows:
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise UnreadableFileError(label, f"cannot be read as Parquet: {exc}") from exc
    columns = table.column_names
    values = [[_as_text(v) for v in table.column(c).to_pylist()] for c in columns]
    rows = [list(row) for row in zip(*values, strict=True)] if columns else []
    return FileRows(list(columns), rows, list(range(1, table.num_rows + 1)))


def read_landed_file(path: Path, label: str) -> FileRows:
    """Read a csv, csv.gz, jsonl or parquet file; `label` names it in errors."""
    if path.name.endswith(".parquet"):
        return _read_parquet(path, label)
    text = _decode(_read_bytes(path, label), label)
    if path.name.endswith(".jsonl"):
        return _read_jsonl(text, label)
    fast = _read_csv_fast(path, text)
    return fast if fast is not None else _read_csv(text, label)
