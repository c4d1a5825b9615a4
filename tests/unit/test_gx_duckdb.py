"""The two mends of orchestration/lib/gx_duckdb.py: rows of a query survive GX closing its
connection, and regex expectations run on DuckDB with the pandas engine's search semantics."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from great_expectations.execution_engine.sqlalchemy_execution_engine import (
    SqlAlchemyExecutionEngine,
)

from orchestration.lib import gx_duckdb
from orchestration.lib.duck import connect
from orchestration.lib.quality import ExpectationSpec, SuiteSpec, run_suite_sql


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "gx.duckdb"
    with closing(connect(path)) as con:
        con.execute("create table t (started varchar)")
        con.executemany(
            "insert into t values (?)",
            [["2026-03-02T08:00:00Z"], ["2026-03-02"], [None], ["x 2026-03-02T08:00:00Z"]],
        )
    return path


def test_query_rows_survive_the_closed_connection(db: Path) -> None:
    gx_duckdb.enable()
    engine = SqlAlchemyExecutionEngine(connection_string=f"duckdb:///{db}")
    try:
        rows = engine.execute_query(sa.text("select count(*) from t")).fetchall()
    finally:
        engine.engine.dispose()
    assert rows == [(4,)]


def test_regex_expectations_search_like_pandas(db: Path) -> None:
    suite = SuiteSpec(
        "regex",
        (
            # unanchored: a search, so the 'x ...' value matches too (as str.contains does)
            ExpectationSpec(
                "match",
                "ExpectColumnValuesToMatchRegex",
                {"column": "started", "regex": r"\d{4}-\d{2}-\d{2}T"},
                "r",
            ),
            ExpectationSpec(
                "anchored",
                "ExpectColumnValuesToMatchRegex",
                {"column": "started", "regex": r"^\d{4}-\d{2}-\d{2}T"},
                "r",
            ),
            ExpectationSpec(
                "not_match",
                "ExpectColumnValuesToNotMatchRegex",
                {"column": "started", "regex": r"^x"},
                "r",
            ),
        ),
    )
    result = run_suite_sql(suite, db, "select * from t")
    assert [o.exception_message for o in result.outcomes] == [None, None, None]
    assert [o.unexpected_count for o in result.outcomes] == [1, 2, 1]  # nulls are not judged
    assert sorted(result.outcome("anchored").unexpected_examples) == [
        "2026-03-02",
        "x 2026-03-02T08:00:00Z",
    ]
    assert result.row_count == 4


def test_only_duckdb_is_recognised() -> None:
    assert gx_duckdb.is_duckdb(sa.create_engine("duckdb://").dialect)
    assert not gx_duckdb.is_duckdb(sa.create_engine("sqlite://").dialect)
