"""Fixtures shared by the unit tests.

`validate` runs a GX suite on one of two engines and is parametrized over both: every suite
runs as SQL on DuckDB (run_suite_sql) in the pipeline and on pandas frames (run_suite) where a
frame is at hand, so each suite test runs on both with the same expected outcome: the SQL
helper columns must match the pandas ones, and GX on DuckDB must agree with GX on pandas."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from itertools import count
from pathlib import Path

import pandas as pd
import pytest

from orchestration.lib.duck import connect
from orchestration.lib.quality import SuiteResult, SuiteSpec, run_suite, run_suite_sql
from orchestration.lib.raw_layer import ensure_raw_tables

Validate = Callable[[SuiteSpec, pd.DataFrame], SuiteResult]


@pytest.fixture(params=["pandas", "duckdb"])
def validate(request: pytest.FixtureRequest, tmp_path: Path) -> Validate:
    """The suite on a frame: as a DataFrame, or as SQL over its rows in a DuckDB table (a raw
    suite's in the raw table of its extract, every column VARCHAR as landed)."""
    if request.param == "pandas":
        return run_suite
    databases = count(1)

    def validate_sql(suite: SuiteSpec, frame: pd.DataFrame) -> SuiteResult:
        db = tmp_path / f"validated_{next(databases)}.duckdb"
        with closing(connect(db)) as con:
            con.register("frame", frame)
            if suite.name.endswith("_raw"):
                table = f"raw.{suite.name.removesuffix('_raw')}"
                ensure_raw_tables(con)
                con.execute(f"insert into {table} by name select * from frame")
            else:
                table = "validated"
                con.execute(f"create table {table} as select * from frame")
        return run_suite_sql(suite, db, f"select * from {table}")

    return validate_sql
