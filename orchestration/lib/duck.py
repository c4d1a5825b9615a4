"""DuckDB connections, always in UTC so casts to DATE never depend on the machine's zone, and
with a memory limit so large joins spill to disk instead of growing (CALLSCOPE_DUCKDB_MEMORY_LIMIT,
default 3GB; dbt's profile reads the same variable). 3GB leaves room for the Dagster processes
within the 4 GB target at 1,000 agents x 365 days, where the agent-state rule checks run out of
memory at 2GB (docs/performance.md)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

MEMORY_LIMIT_ENV = "CALLSCOPE_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "3GB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT


def connect(
    path: Path | str, *, read_only: bool = False, checkpoint_on_close: bool = True
) -> duckdb.DuckDBPyConnection:
    """`checkpoint_on_close` False: closing leaves what this connection wrote in the write-ahead
    log, for the next connection to replay (milliseconds) or a later checkpoint to absorb. For
    small writes to the warehouse (a night's raw files, a run-log row): closing a connection that
    wrote checkpoints the whole database, about 1 s at the large benchmark size, whatever was
    written. Never for a file that is copied or linked as a whole (a published version): its
    write-ahead log would be left behind."""
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    con.execute("set memory_limit = ?", [memory_limit()])
    if not checkpoint_on_close:
        con.execute("pragma disable_checkpoint_on_shutdown")
    return con
