"""Load landed files into the raw schema: idempotent per file, every row kept with its lineage.

One extract's files for a run are loaded set-based and atomically: each file is read and
checked into a temporary table, then one transaction deletes the earlier copies of those files
from raw (one scan, not one per file) and inserts the new ones. A file that fails leaves raw
exactly as it was, for every file of the extract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.contract import EXTRACTS, Extract
from orchestration.lib.errors import MissingColumnError
from orchestration.lib.landing import LandedFile, find_landed_files
from orchestration.lib.raw_layer import ensure_raw_table, raw_table
from orchestration.lib.readers import read_landed_file

_INCOMING = "_callscope_incoming"  # temporary: this connection only, gone when it closes


@dataclass(frozen=True)
class FileLoad:
    file: str
    rows: int
    extra_columns: tuple[str, ...]


def _column_names(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {row[0] for row in con.execute(f"describe {table}").fetchall()}


def _add_columns(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    existing = _column_names(con, table)
    for name in columns:
        if name not in existing:
            con.execute(f'alter table {table} add column "{name}" varchar')


def _stage_file(
    con: duckdb.DuckDBPyConnection, extract: Extract, landed: LandedFile, landing_dir: Path
) -> FileLoad:
    """Read and check one file into the temporary table, with its lineage but no load times."""
    label = landed.relative_to(landing_dir)
    content = read_landed_file(landed.path, label)
    missing = [c for c in extract.required_columns if c not in content.columns]
    if missing:
        raise MissingColumnError(label, missing)
    extra = [c for c in content.columns if c not in extract.column_names]
    _add_columns(con, _INCOMING, extra)
    arrow_rows = content.to_arrow()  # noqa: F841  (read by name in the SQL below)
    con.execute(
        f"""
        insert into {_INCOMING} by name
        select *, ? as _file, ? as _file_seq, ? as _partition_date from arrow_rows
        """,
        [label, landed.seq, landed.partition_date],
    )
    return FileLoad(label, len(content.rows), tuple(extra))


def _publish_incoming(con: duckdb.DuckDBPyConnection, table: str, labels: list[str]) -> None:
    """Replace the files `labels` in raw by the temporary table's rows, in one transaction.

    The stale_file rule judges a file against what had landed before it, once: a re-load keeps
    the file's first load time (_loaded_at marks every re-load, for the build plan).
    """
    _add_columns(con, table, sorted(_column_names(con, _INCOMING) - _column_names(con, table)))
    con.execute("begin transaction")
    try:
        con.execute(
            f"""
            create temp table _callscope_first_loads as
            select _file, min(_first_loaded_at) as first_loaded_at
            from {table} where _file in (select unnest(?::varchar[]))
            group by _file
            """,
            [labels],
        )
        con.execute(
            f"delete from {table} where _file in (select _file from _callscope_first_loads)"
        )
        con.execute(
            f"""
            insert into {table} by name
            select incoming.*, now() as _loaded_at,
                coalesce(first_loads.first_loaded_at, now()) as _first_loaded_at
            from {_INCOMING} as incoming
            left join _callscope_first_loads as first_loads using (_file)
            """
        )
        con.execute("drop table _callscope_first_loads")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def ingest_extract(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    extract: str,
    dates: set[date],
    on_file: Callable[[FileLoad], None] | None = None,
) -> list[FileLoad]:
    """Load every file of one extract for the given dates (all or none), in delivery order."""
    spec = EXTRACTS[extract]
    ensure_raw_table(con, spec)
    table = raw_table(spec)
    landed = find_landed_files(landing_dir, extract, dates)
    # raw's own columns, without the load times, which the publishing transaction sets
    con.execute(
        f"create or replace temp table {_INCOMING} as"
        f" select * exclude (_loaded_at, _first_loaded_at) from {table} limit 0"
    )
    try:
        loads = []
        for file in landed:
            loads.append(_stage_file(con, spec, file, landing_dir))
            if on_file is not None:
                on_file(loads[-1])
        if loads:
            _publish_incoming(con, table, [load.file for load in loads])
        return loads
    finally:
        con.execute(f"drop table if exists {_INCOMING}")
