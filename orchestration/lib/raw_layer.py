"""The raw schema: one table per extract, every landed row kept as text with its lineage.

Raw is the landed log, not the deduplicated truth: each row keeps the file and line it came
from, so staging can pick the winning delivery per key and quarantine can name file and line.
Contract columns are VARCHAR exactly as landed; extra columns are added as VARCHAR on arrival.
"""

from __future__ import annotations

import duckdb

from orchestration.lib.contract import EXTRACTS, Extract

RAW_SCHEMA = "raw"

# Lineage columns, in this order, after the extract's own columns.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_file", "varchar"),  # relative to the landing dir: acd_contacts/acd_contacts_2026-03-27.csv
    ("_file_seq", "integer"),  # the <seq> of the file name, 0 when absent
    ("_line", "bigint"),  # CSV/JSONL: line in the file (header = line 1); Parquet: row number
    ("_partition_date", "date"),  # the business date of the file name
    ("_loaded_at", "timestamptz"),  # when this copy of the file was loaded (every re-load)
    ("_first_loaded_at", "timestamptz"),  # when this file name was first loaded (kept on re-load)
)


def raw_table(extract: Extract | str) -> str:
    name = extract if isinstance(extract, str) else extract.name
    return f"{RAW_SCHEMA}.{name}"


def ensure_raw_table(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    columns = [f'"{c}" varchar' for c in extract.column_names]
    columns += [f'"{name}" {kind}' for name, kind in LINEAGE_COLUMNS]
    con.execute(f"create table if not exists {raw_table(extract)} ({', '.join(columns)})")
    present = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ?",
            [RAW_SCHEMA, extract.name],
        ).fetchall()
    }
    for name, kind in LINEAGE_COLUMNS:  # a warehouse of an older version gains new lineage
        if name not in present:
            con.execute(f'alter table {raw_table(extract)} add column "{name}" {kind}')


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every extract's raw table, so an extract that never landed reads as empty."""
    for extract in EXTRACTS.values():
        ensure_raw_table(con, extract)
