"""DuckDB connections, always in UTC so casts to DATE never depend on the machine's zone."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con
