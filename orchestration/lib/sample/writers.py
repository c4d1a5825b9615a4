"""Stream generated rows into landing files: one file per extract, date and delivery sequence.

Rows go straight to open files, so memory does not grow with the number of days: a file is
closed once the simulation has moved past its date (`close_before`), and a row arriving for a
closed file is a bug in the simulation, not something to paper over. Parquet files (small)
are buffered and written when closed.

Byte-reproducible: rows keep the order they were added in, gzip headers carry no time or
name, and nothing depends on the wall clock.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.contract import EXTRACTS

FORMATS = {
    "acd_agent_states": "csv.gz",
    "interaction_analytics": "jsonl",
    "qa_evaluations": "parquet",
}
GZIP_LEVEL = 1  # fast: the agent states are the biggest extract
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps builds one per call

Values = Sequence[str | None]


class ContractMismatchError(ValueError):
    """A generated row does not carry exactly the contract columns of its extract."""


class LateRowError(RuntimeError):
    """A row arrived for a landing file that was already closed."""


def file_name(extract: str, on: date, seq: int, ext: str) -> str:
    suffix = f"_{seq}" if seq else ""
    return f"{extract}_{on.isoformat()}{suffix}.{ext}"


class _File:
    """One landing file being written."""

    def __init__(self, path: Path, ext: str, columns: tuple[str, ...]) -> None:
        self.ext, self.columns = ext, columns
        self._path = path
        self._buffer: list[Values] = []
        self._raw: IO[bytes] | None = None
        self._gzip: gzip.GzipFile | None = None
        self._text: io.TextIOWrapper | IO[str] | None = None
        if ext == "csv":
            self._text = path.open("w", encoding="utf-8", newline="")
        elif ext == "csv.gz":
            self._raw = path.open("wb")
            self._gzip = gzip.GzipFile(
                filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=GZIP_LEVEL
            )
            self._text = io.TextIOWrapper(self._gzip, encoding="utf-8", newline="")
        elif ext == "jsonl":
            self._text = path.open("w", encoding="utf-8", newline="\n")
        if ext in ("csv", "csv.gz"):
            assert self._text is not None
            # RFC 4180: CRLF line ends, quotes only where needed.
            writer = csv.writer(self._text)
            writer.writerow(columns)
            self.write = writer.writerow  # the hot path: no Python frame per row
        elif ext == "parquet":
            self.write = self._buffer.append
        else:
            self.write = self._write_json

    def _write_json(self, values: Values) -> None:
        assert self._text is not None
        record = dict(zip(self.columns, values, strict=True))
        self._text.write(_JSON.encode(record) + "\n")

    def close(self) -> None:
        if self.ext == "parquet":
            table = pa.table(
                {
                    c: pa.array([r[i] for r in self._buffer], type=pa.string())
                    for i, c in enumerate(self.columns)
                }
            )
            pq.write_table(table, self._path)
            self._buffer = []
        for handle in (self._text, self._gzip, self._raw):
            if handle is not None:
                handle.close()


class LandingWriter:
    """Open landing files keyed by (extract, date, seq); counts the rows written per extract."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.counts = dict.fromkeys(EXTRACTS, 0)
        self._open: dict[tuple[str, date, int], _File] = {}
        self._closed: set[tuple[str, date, int]] = set()

    def _file(self, key: tuple[str, date, int]) -> _File:
        if key in self._closed:
            extract, on, seq = key
            raise LateRowError(f"{extract} row for {on} (seq {seq}) after its file was closed")
        extract, on, seq = key
        ext = FORMATS.get(extract, "csv")
        folder = self.out_dir / extract
        folder.mkdir(parents=True, exist_ok=True)
        handle = self._open[key] = _File(
            folder / file_name(extract, on, seq, ext), ext, EXTRACTS[extract].column_names
        )
        return handle

    def row(self, extract: str, on: date, values: Values, seq: int = 0) -> None:
        """Write one row given in the contract's column order."""
        key = (extract, on, seq)
        handle = self._open.get(key)
        if handle is None:
            handle = self._file(key)
        if len(values) != len(handle.columns):
            raise ContractMismatchError(
                f"{extract}: {len(values)} values for {len(handle.columns)} contract columns"
            )
        handle.write(values)
        self.counts[extract] += 1

    def record(self, extract: str, on: date, row: Mapping[str, str | None], seq: int = 0) -> None:
        """Write one row given by column name; it must carry exactly the contract columns."""
        columns = EXTRACTS[extract].column_names
        if set(row) != set(columns):
            raise ContractMismatchError(
                f"{extract}: columns {sorted(set(row) ^ set(columns))} differ from the contract"
            )
        self.row(extract, on, [row[c] for c in columns], seq)

    def close_before(self, on: date) -> None:
        """Close every file of a date before `on`; no row may arrive for them afterwards."""
        for key in sorted(k for k in self._open if k[1] < on):
            self._open.pop(key).close()
            self._closed.add(key)

    def open_files(self) -> int:
        return len(self._open)

    def close(self) -> dict[str, int]:
        for key in sorted(self._open):
            self._open.pop(key).close()
            self._closed.add(key)
        return dict(self.counts)
