"""Write collected rows as landing files: one file per extract, date and delivery sequence.

Byte-reproducible: rows keep the order they were added in, gzip headers carry no time or
name, and nothing depends on the wall clock.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.contract import EXTRACTS
from orchestration.lib.sample.fields import Row

FORMATS = {
    "acd_agent_states": "csv.gz",
    "interaction_analytics": "jsonl",
    "qa_evaluations": "parquet",
}


class ContractMismatchError(ValueError):
    """A generated row does not carry exactly the contract columns of its extract."""


def file_name(extract: str, on: date, seq: int, ext: str) -> str:
    suffix = f"_{seq}" if seq else ""
    return f"{extract}_{on.isoformat()}{suffix}.{ext}"


def _write_csv(stream: io.TextIOBase, columns: tuple[str, ...], rows: list[Row]) -> None:
    writer = csv.writer(stream)  # RFC 4180: CRLF line ends, quotes only where needed
    writer.writerow(columns)
    writer.writerows([["" if r[c] is None else r[c] for c in columns] for r in rows])


def _write(path: Path, ext: str, columns: tuple[str, ...], rows: list[Row]) -> None:
    if ext == "csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            _write_csv(f, columns, rows)
    elif ext == "csv.gz":
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
            io.TextIOWrapper(gz, encoding="utf-8", newline="") as f,
        ):
            _write_csv(f, columns, rows)
    elif ext == "jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps({c: r[c] for c in columns}, ensure_ascii=False) + "\n")
    else:
        table = pa.table({c: pa.array([r[c] for r in rows], type=pa.string()) for c in columns})
        pq.write_table(table, path)


class Landing:
    """Rows waiting to be written, grouped by (extract, date, seq)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, date, int], list[Row]] = {}

    def add(self, extract: str, rows: Iterable[tuple[date, Row]], seq: int = 0) -> None:
        columns = set(EXTRACTS[extract].column_names)
        for on, row in rows:
            if set(row) != columns:
                raise ContractMismatchError(
                    f"{extract}: columns {sorted(set(row) ^ columns)} differ from the contract"
                )
            self._files.setdefault((extract, on, seq), []).append(row)

    def write(self, out_dir: Path) -> dict[str, int]:
        """Write every file under out_dir/<extract>/; returns rows written per extract."""
        counts = dict.fromkeys(EXTRACTS, 0)
        for (extract, on, seq), rows in sorted(self._files.items()):
            ext = FORMATS.get(extract, "csv")
            folder = out_dir / extract
            folder.mkdir(parents=True, exist_ok=True)
            _write(
                folder / file_name(extract, on, seq, ext), ext, EXTRACTS[extract].column_names, rows
            )
            counts[extract] += len(rows)
        return counts
