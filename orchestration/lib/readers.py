"""Read one landed file into text columns plus the line each row came from.

Every value stays text exactly as landed (typing happens in dbt staging), so nothing is lost
before the rules can name what is wrong with it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.errors import UnreadableFileError


@dataclass
class FileRows:
    columns: list[str]
    rows: list[list[str | None]]  # one list per row, aligned with columns
    lines: list[int]  # line (CSV/JSONL, header = 1) or row number (Parquet) of each row

    def to_arrow(self) -> pa.Table:
        data = {name: [row[i] for row in self.rows] for i, name in enumerate(self.columns)}
        arrays = {name: pa.array(values, type=pa.string()) for name, values in data.items()}
        arrays["_line"] = pa.array(self.lines, type=pa.int64())
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


def _read_jsonl(text: str, label: str) -> FileRows:
    records: list[tuple[int, dict]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnreadableFileError(label, f"line {number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise UnreadableFileError(label, f"line {number}: a JSON object is required")
        records.append((number, record))
    columns: list[str] = []
    for _, record in records:
        columns += [key for key in record if key not in columns]
    rows = [[_as_text(record.get(c)) for c in columns] for _, record in records]
    return FileRows(columns, rows, [number for number, _ in records])


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
    return _read_csv(text, label)
