"""Great Expectations 1.24 on DuckDB through SQL (duckdb-engine), with two GX defects mended.

Validated as SQL, an expectation is one aggregate query that DuckDB runs over the table where it
lies: no rows travel to pandas. Out of the box it fails on DuckDB, silently (success=False and an
IndexError in exception_info), for two reasons found by reading GX's code:

1. GX's SqlAlchemyExecutionEngine.execute_query returns a result whose connection it has already
   closed. Most drivers buffer results; duckdb-engine's cursors share the DuckDB connection, so
   the closed result fetches nothing (`fetchall() == []`) and GX indexes an empty list. Mended by
   fetching the rows before the connection closes (`freeze()`), for the duckdb dialect only.
2. GX builds regex conditions per dialect and knows none for duckdb ("Regex is not supported for
   dialect duckdb"). Mended by DuckDB's `regexp_matches`, which searches like the pandas engine's
   `str.contains`.

`enable()` applies both once per process; tests/unit/test_gx_duckdb.py pins the behaviour, so a
GX upgrade that changes either code path fails there first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import duckdb
import duckdb_engine
import sqlalchemy as sa
from great_expectations.execution_engine.sqlalchemy_execution_engine import (
    SqlAlchemyExecutionEngine,
)

DIALECT = "duckdb"
# The GX metric modules that import get_dialect_regex_expression by name.
_REGEX_METRIC_MODULES = (
    "great_expectations.expectations.metrics.column_map_metrics.column_values_match_regex",
    "great_expectations.expectations.metrics.column_map_metrics.column_values_not_match_regex",
    "great_expectations.expectations.metrics.column_map_metrics.column_values_match_regex_list",
    "great_expectations.expectations.metrics.column_map_metrics.column_values_not_match_regex_list",
)
_enabled = False


def is_duckdb(dialect: Any) -> bool:
    """Whether a dialect argument of GX (a dialect, its class or a module) is DuckDB's."""
    for candidate in (dialect, getattr(dialect, "dialect", None)):
        if getattr(candidate, "name", None) == DIALECT:
            return True
    return False


def _buffered_execute_query(original):
    def execute_query(self: SqlAlchemyExecutionEngine, query: Any) -> Any:
        if self.dialect_name != DIALECT:
            return original(self, query)
        with self.get_connection() as connection:
            # rows fetched while the connection is open; freeze()() is a buffered result
            return self._execute_query_with_recovery(connection, query).freeze()()

    return execute_query


def _duckdb_regex(original):
    def get_dialect_regex_expression(
        column: Any, regex: str, dialect: Any, positive: bool = True
    ) -> Any:
        if not is_duckdb(dialect):
            return original(column, regex, dialect, positive)
        matches = sa.func.regexp_matches(column, sa.literal(regex))
        return matches if positive else sa.not_(matches)

    return get_dialect_regex_expression


def connection_factory(cursor: Callable[[], duckdb.DuckDBPyConnection]) -> Callable[[], Any]:
    """A SQLAlchemy `creator` handing GX DuckDB connections made by `cursor` (so the caller owns
    and closes them), wrapped as duckdb-engine wraps its own."""
    return lambda: duckdb_engine.ConnectionWrapper(cursor())


def enable() -> None:
    """Mend GX for DuckDB in this process (idempotent)."""
    global _enabled
    if _enabled:
        return
    SqlAlchemyExecutionEngine.execute_query = _buffered_execute_query(
        SqlAlchemyExecutionEngine.execute_query
    )
    for name in _REGEX_METRIC_MODULES:
        module = importlib.import_module(name)
        module.get_dialect_regex_expression = _duckdb_regex(module.get_dialect_regex_expression)
    _enabled = True
