"""Load landed files into the raw schema: idempotent per file, every row kept with its lineage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.contract import EXTRACTS
from orchestration.lib.errors import MissingColumnError
from orchestration.lib.landing import LandedFile, find_landed_files
from orchestration.lib.raw_layer import ensure_raw_table, raw_table
from orchestration.lib.readers import read_landed_file


@dataclass(frozen=True)
class FileLoad:
    file: str
    rows: int
    extra_columns: tuple[str, ...]


def _add_extra_columns(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    existing = {row[0] for row in con.execute(f"describe {table}").fetchall()}
    for name in columns:
        if name not in existing:
            con.execute(f'alter table {table} add column "{name}" varchar')


def load_file(con: duckdb.DuckDBPyConnection, landed: LandedFile, landing_dir: Path) -> FileLoad:
    """Replace the rows of this file in raw.<extract> by its current content (re-runnable)."""
    extract = EXTRACTS[landed.extract]
    label = landed.relative_to(landing_dir)
    content = read_landed_file(landed.path, label)
    missing = [c for c in extract.required_columns if c not in content.columns]
    if missing:
        raise MissingColumnError(label, missing)
    extra = [c for c in content.columns if c not in extract.column_names]
    table = raw_table(extract)  # created (and migrated) once per extract by ingest_extract
    arrow_rows = content.to_arrow()  # noqa: F841  (read by name in the SQL below)
    con.execute("begin transaction")
    try:
        _add_extra_columns(con, table, extra)
        # The stale_file rule judges a file against what had landed before it, once: a re-load
        # keeps the file's first load time (_loaded_at marks every re-load for the build plan).
        (first_loaded_at,) = con.execute(
            f"select min(_first_loaded_at) from {table} where _file = ?", [label]
        ).fetchone()
        con.execute(f"delete from {table} where _file = ?", [label])
        con.execute(
            f"""
            insert into {table} by name
            select *, ? as _file, ? as _file_seq, ? as _partition_date, now() as _loaded_at,
                coalesce(cast(? as timestamptz), now()) as _first_loaded_at
            from arrow_rows
            """,
            [label, landed.seq, landed.partition_date, first_loaded_at],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return FileLoad(label, len(content.rows), tuple(extra))


def ingest_extract(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, extract: str, dates: set[date]
) -> list[FileLoad]:
    """Load every file of one extract for the given dates, in delivery order."""
    ensure_raw_table(con, EXTRACTS[extract])
    return [load_file(con, f, landing_dir) for f in find_landed_files(landing_dir, extract, dates)]
