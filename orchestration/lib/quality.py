"""Run an expectation suite, declared as code in expectations/, as SQL on DuckDB or on a pandas
DataFrame.

- run_suite_sql(): the rows of a query on the DuckDB file, validated where they lie: each
  expectation is an aggregate query, no row travels to pandas, and a year of facts costs seconds,
  not minutes and gigabytes of frames. The pipeline's checks run this way. GX 1.24 fails
  silently on DuckDB out of the box (an IndexError buried in exception_info);
  orchestration/lib/gx_duckdb.py mends the two causes. Helper columns are SQL (`sql_helpers`).
- run_suite(): a pandas DataFrame (e.g. read with read_frame()) in an ephemeral context, with
  helper columns from `prepare`. The suite tests run every suite both ways with the same
  expected outcome (the `validate` fixture of tests/unit/conftest.py), which keeps the two
  helper definitions equal.

An expectation that raised (missing column, bad kwargs) is reported as a failure carrying the
exception message: a check that could not run never counts as a pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from orchestration.lib.duck import connect

if TYPE_CHECKING:
    import great_expectations.expectations as gxe

# Great Expectations is imported when a suite is built or run, not with this module: importing
# it cost about 2.5 s of every Dagster process start-up, which loads the suites' definitions
# (expectations/) to declare the checks (docs/performance.md).

EXAMPLE_COUNT = 5
_RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLE_COUNT}
_COLUMN_KWARGS = ("column", "column_A", "column_B")


class QualityError(Exception):
    """Base class for errors of the quality runner."""


class SuiteDefinitionError(QualityError):
    """A SuiteSpec is malformed (duplicate expectation names, kwargs GX rejects)."""


class SuiteRunError(QualityError):
    """Great Expectations failed as a whole, not per expectation."""

    def __init__(self, suite_name: str, cause: BaseException) -> None:
        super().__init__(f"suite {suite_name!r} could not run: {type(cause).__name__}: {cause}")
        self.suite_name = suite_name


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation as reviewed code: what it checks, why, and whether a failure blocks."""

    name: str  # unique within its suite, e.g. "channel_in_set"
    expectation: str  # the class in great_expectations.expectations, e.g. "ExpectColumnToExist"
    kwargs: Mapping[str, Any]
    reason: str
    is_blocking: bool = True

    @property
    def expectation_type(self) -> str:
        return self.expectation_class().expectation_type

    def expectation_class(self) -> type[gxe.Expectation]:
        import great_expectations.expectations as gxe

        try:
            return getattr(gxe, self.expectation)
        except AttributeError as exc:
            raise SuiteDefinitionError(
                f"expectation {self.name!r}: Great Expectations has no {self.expectation!r}"
            ) from exc

    @property
    def columns(self) -> tuple[str, ...]:
        named = tuple(self.kwargs[k] for k in _COLUMN_KWARGS if k in self.kwargs)
        return named + tuple(self.kwargs.get("column_list", ()))

    @property
    def meta(self) -> dict[str, Any]:
        return {"name": self.name, "reason": self.reason, "is_blocking": self.is_blocking}

    def build(self) -> gxe.Expectation:
        """A fresh GX expectation (GX mutates expectations added to a suite, so never share one)."""
        expectation = self.expectation_class()
        try:
            return expectation(**self.kwargs, meta=self.meta)
        except Exception as exc:  # pydantic validation errors of the GX model
            raise SuiteDefinitionError(f"expectation {self.name!r}: {exc}") from exc


@dataclass(frozen=True)
class SqlHelper:
    """A helper column as a SQL expression over the validated relation, and the columns it reads:
    like `prepare`, it is left out when one of them is missing, so the expectations on it fail
    with GX's missing-column message instead of the whole query failing."""

    sql: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class SuiteSpec:
    """A named list of expectations; `prepare` may add helper columns before validation."""

    name: str
    expectations: tuple[ExpectationSpec, ...]
    is_blocking: bool = True
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    description: str = ""
    # The helper columns of `prepare` as SQL, for run_suite_sql (a suite with a `prepare` but
    # without these cannot run as SQL).
    sql_helpers: Mapping[str, SqlHelper] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [e.name for e in self.expectations]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise SuiteDefinitionError(f"suite {self.name!r}: duplicate names {duplicates}")
        # Whether GX accepts each expectation's class and kwargs is checked when the suite is
        # built (SuiteSpec.build), for every suite by tests/unit/test_expectations.py.

    def build(self) -> Any:
        """The suite as a GX ExpectationSuite of fresh expectations."""
        import great_expectations as gx

        return gx.ExpectationSuite(
            name=self.name, expectations=[spec.build() for spec in self.expectations]
        )

    def expectation(self, name: str) -> ExpectationSpec:
        for spec in self.expectations:
            if spec.name == name:
                return spec
        raise KeyError(f"suite {self.name!r} has no expectation {name!r}")


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str
    expectation_type: str
    columns: tuple[str, ...]
    success: bool
    is_blocking: bool
    reason: str
    unexpected_count: int | None = None
    observed_value: Any = None
    unexpected_examples: tuple[Any, ...] = ()
    exception_message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expectation_type": self.expectation_type,
            "columns": list(self.columns),
            "success": self.success,
            "is_blocking": self.is_blocking,
            "reason": self.reason,
            "unexpected_count": self.unexpected_count,
            "observed_value": self.observed_value,
            "unexpected_examples": list(self.unexpected_examples),
            "exception_message": self.exception_message,
        }


@dataclass(frozen=True)
class SuiteResult:
    suite_name: str
    success: bool
    is_blocking: bool
    row_count: int
    outcomes: tuple[ExpectationOutcome, ...] = field(default_factory=tuple)

    @property
    def failures(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.success)

    @property
    def blocking_failures(self) -> tuple[ExpectationOutcome, ...]:
        """Failures that must stop publishing: blocking expectations of a blocking suite."""
        if not self.is_blocking:
            return ()
        return tuple(o for o in self.failures if o.is_blocking)

    @property
    def is_blocked(self) -> bool:
        return bool(self.blocking_failures)

    def outcome(self, name: str) -> ExpectationOutcome:
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome
        raise KeyError(f"suite {self.suite_name!r} has no outcome {name!r}")

    def summary(self) -> dict[str, Any]:
        """JSON-safe summary, e.g. for asset-check metadata."""
        return {
            "suite": self.suite_name,
            "success": self.success,
            "is_blocked": self.is_blocked,
            "row_count": self.row_count,
            "evaluated": len(self.outcomes),
            "failed": [o.name for o in self.failures],
            "failures": [o.as_dict() for o in self.failures],
        }


def read_frame(db_path: Path | str, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """The result of one query on a DuckDB file opened read-only, as a DataFrame."""
    con = connect(db_path, read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()


def run_suite(suite: SuiteSpec, df: pd.DataFrame) -> SuiteResult:
    """Validate `df` against `suite` in a throwaway GX context; one outcome per expectation."""
    frame = suite.prepare(df.copy()) if suite.prepare else df
    gx_suite = suite.build()
    try:
        batch = _batch_for(frame)
        validation = batch.validate(gx_suite, result_format=_RESULT_FORMAT)
    except Exception as exc:  # GX raises many unrelated types; all mean "could not run"
        raise SuiteRunError(suite.name, exc) from exc

    return _suite_result(suite, validation, len(frame))


def run_suite_sql(suite: SuiteSpec, db_path: Path | str, relation_sql: str) -> SuiteResult:
    """Validate the rows of `relation_sql` (a select over the DuckDB file at `db_path`, opened
    read-only) as SQL: each expectation is an aggregate query DuckDB runs where the rows lie, so
    no row travels to pandas and the table may be of any size (orchestration/lib/gx_duckdb.py
    mends GX for DuckDB). The helper columns come from `suite.sql_helpers`."""
    if suite.prepare is not None and not suite.sql_helpers:
        raise SuiteDefinitionError(f"suite {suite.name!r} prepares its frame in pandas only")
    gx_suite = suite.build()
    # One DuckDB connection of ours (UTC, memory limit) serves GX through cursors that are all
    # closed here: a connection GX opened itself would outlive the validation and keep the file
    # from being opened for writing (dq_run_log) in this process.
    con = connect(db_path, read_only=True)
    cursors: list[duckdb.DuckDBPyConnection] = []

    def cursor() -> duckdb.DuckDBPyConnection:
        cursors.append(con.cursor())
        cursors[-1].execute("set TimeZone = 'UTC'")  # a session setting: not inherited
        return cursors[-1]

    try:
        row_count = con.execute(f"select count(*) from ({relation_sql}) as counted").fetchone()[0]
        present = {c[0] for c in con.execute(f"select * from ({relation_sql}) limit 0").description}
        helpers = "".join(
            f", {helper.sql} as {name}"
            for name, helper in suite.sql_helpers.items()
            if set(helper.columns) <= present
        )
        query = f"select *{helpers} from ({relation_sql}) as validated"
        batch = _sql_batch_for(cursor, query)
        validation = batch.validate(gx_suite, result_format=_RESULT_FORMAT)
    except Exception as exc:  # GX raises many unrelated types; all mean "could not run"
        raise SuiteRunError(suite.name, exc) from exc
    finally:
        for open_cursor in cursors:
            open_cursor.close()
        con.close()

    return _suite_result(suite, validation, int(row_count))


def _suite_result(suite: SuiteSpec, validation: Any, row_count: int) -> SuiteResult:
    """One outcome per expectation of the suite, from a GX validation result."""
    by_name = {r.expectation_config.meta.get("name"): r for r in validation.results}
    outcomes = tuple(_outcome(spec, by_name.get(spec.name)) for spec in suite.expectations)
    return SuiteResult(
        suite_name=suite.name,
        success=bool(validation.success) and all(o.success for o in outcomes),
        is_blocking=suite.is_blocking,
        row_count=row_count,
        outcomes=outcomes,
    )


def _ephemeral_context() -> Any:
    """A GX context in memory: no files, no analytics, no progress bars."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    return gx.get_context(project_config=config, mode="ephemeral")


def _batch_for(frame: pd.DataFrame) -> Any:
    context = _ephemeral_context()
    asset = context.data_sources.add_pandas("frame_source").add_dataframe_asset("frame")
    batch_definition = asset.add_batch_definition_whole_dataframe("whole_frame")
    return batch_definition.get_batch(batch_parameters={"dataframe": frame})


def _sql_batch_for(cursor: Callable[[], duckdb.DuckDBPyConnection], query: str) -> Any:
    from orchestration.lib import gx_duckdb

    gx_duckdb.enable()
    context = _ephemeral_context()
    datasource = context.data_sources.add_sql(
        "warehouse",
        connection_string="duckdb:///:memory:",  # never opened: `creator` supplies connections
        kwargs={"creator": gx_duckdb.connection_factory(cursor)},
    )
    asset = datasource.add_query_asset("relation", query=query)
    return asset.add_batch_definition_whole_table("whole_relation").get_batch()


def _outcome(spec: ExpectationSpec, result: Any) -> ExpectationOutcome:
    base = {
        "name": spec.name,
        "expectation_type": spec.expectation_type,
        "columns": spec.columns,
        "is_blocking": spec.is_blocking,
        "reason": spec.reason,
    }
    if result is None:
        return ExpectationOutcome(
            **base, success=False, exception_message="no result returned by Great Expectations"
        )
    message = exception_message(result.exception_info)
    details = result.result or {}
    return ExpectationOutcome(
        **base,
        success=bool(result.success) and message is None,
        unexpected_count=details.get("unexpected_count"),
        observed_value=_plain(details.get("observed_value")),
        unexpected_examples=tuple(
            _plain(v) for v in (details.get("partial_unexpected_list") or [])[:EXAMPLE_COUNT]
        ),
        exception_message=message,
    )


def exception_message(info: Mapping[str, Any] | None) -> str | None:
    """The message(s) of an exception_info, in either of its GX shapes; None if nothing raised.

    GX reports {"raised_exception": bool, "exception_message": ...} for the expectation itself,
    or {<metric id>: {"raised_exception": ..., ...}} when a metric it depends on raised.
    """
    if not info:
        return None
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return str(info.get("exception_message") or "raised without a message")
        return None
    messages = [
        str(v.get("exception_message") or "raised without a message")
        for v in info.values()
        if isinstance(v, Mapping) and v.get("raised_exception")
    ]
    return "; ".join(dict.fromkeys(messages)) or None


def _plain(value: Any) -> Any:
    """A JSON-safe copy of an observed value or example (NaN -> None, numpy -> Python)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    return value
