"""The schema of the build database that records what the builds did, not what the data says:
the files a build consumed and the dbt plan (orchestration/lib/incremental.py), the days rebuilt
since the last publish (orchestration/lib/publish_scope.py). Never published."""

from __future__ import annotations

import duckdb

STATE_SCHEMA = "build_state"


def ensure_state_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {STATE_SCHEMA}")
