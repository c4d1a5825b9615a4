"""Run a suite on one of two engines, chosen by the autouse fixture `engine` of the test modules
that import it: every suite runs as SQL on DuckDB (run_suite_sql) in the pipeline and on pandas
frames (run_suite) where a frame is at hand, so each suite test runs on both with the same
expected outcome: the SQL helper columns must match the pandas ones, and GX on DuckDB must agree
with GX on pandas."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from orchestration.lib.duck import connect
from orchestration.lib.quality import SuiteResult, SuiteSpec, run_suite, run_suite_sql
from orchestration.lib.raw_layer import ensure_raw_tables

ENGINES = ["pandas", "duckdb"]
_engine: dict[str, object] = {}


@pytest.fixture(params=ENGINES, autouse=True)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    _engine.update(name=request.param, tmp=tmp_path, tables=0)
    return request.param


def validate(suite: SuiteSpec, frame: pd.DataFrame) -> SuiteResult:
    """The suite on `frame`: as a DataFrame, or as SQL over the rows in a DuckDB table (a raw
    suite's in the raw table of its extract, every column VARCHAR as landed)."""
    if _engine["name"] == "pandas":
        return run_suite(suite, frame)
    _engine["tables"] = int(_engine["tables"]) + 1
    db = Path(_engine["tmp"]) / f"validated_{_engine['tables']}.duckdb"
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
