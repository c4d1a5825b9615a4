"""Quality gates as Dagster asset checks: Great Expectations suites (expectations/) on every raw
extract and every audited mart, and the quarantine share of the run's partitions.

A failing blocking expectation fails its check with ERROR severity, which stops every
downstream asset of the run, the publish step included (write-audit-publish). Failures of
warning expectations are reported with WARN severity and do not block.

The suites run as SQL on DuckDB where the rows lie (orchestration/lib/quality.run_suite_sql), in
two multi-asset checks (one step for the raw extracts, one for the marts), each check still its
own check of its own asset in Dagster: a step per suite cost about 0.3 s of Dagster overhead
each (docs/performance.md).
"""

import time
from collections.abc import Iterator
from datetime import date, timedelta

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from expectations import MART_SUITES, RAW_SUITES_BY_EXTRACT
from orchestration.defs.partitions import run_partition_range
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.quality import SuiteResult, run_suite_sql
from orchestration.lib.quarantine import SHARE_ENV, max_quarantine_share, partitions_over_limit
from orchestration.lib.run_log import CHECK, RunLogEntry, append

# Facts that grow by millions of rows a year are validated on the run's days only (the days
# before were validated when they were built), by the date column named here; smaller marts
# are validated whole.
WINDOWED_MARTS = {
    "fct_contact_segments": "local_date",
    "fct_contacts": "local_date",
    "fct_agent_state_intervals": "local_date",
    "fct_schedules": "local_date",
    "fct_survey_responses": "local_date",
    "fct_interaction_analytics": "local_date",
    "fct_qa_evaluations": "local_date",
    "kpi_queue_interval": "local_date",
    "kpi_staffing_interval": "local_date",
    "dq_quarantine": "partition_date",
}


def run_dates(context: AssetCheckExecutionContext) -> tuple[str, str]:
    """The first and last partition date of the run (a single date or a range)."""
    return run_partition_range(context.run.tags)


def check_entry(
    context: AssetCheckExecutionContext,
    check: AssetCheckKey,
    *,
    passed: bool,
    is_blocking: bool,
    detail: str,
) -> RunLogEntry:
    """A check's line of dq_run_log (every check's result lands there)."""
    first, last = run_dates(context)
    return RunLogEntry(
        context.run.run_id,
        first,
        last,
        CHECK,
        check.name,
        check.asset_key.to_user_string(),
        passed,
        is_blocking,
        detail,
    )


def to_check_result(
    context: AssetCheckExecutionContext, check: AssetCheckKey, result: SuiteResult
) -> tuple[AssetCheckResult, RunLogEntry]:
    description = ", ".join(o.name for o in result.failures) or "all expectations passed"
    entry = check_entry(
        context,
        check,
        passed=result.success,
        is_blocking=result.is_blocked or (result.success and result.is_blocking),
        detail=f"{description} ({result.row_count} rows)",
    )
    for outcome in result.failures:
        context.log.warning(
            f"{result.suite_name}: {outcome.name} failed ({outcome.reason});"
            f" unexpected {outcome.unexpected_count}, e.g. {list(outcome.unexpected_examples)}"
            + (f"; error: {outcome.exception_message}" if outcome.exception_message else "")
        )
    check_result = AssetCheckResult(
        asset_key=check.asset_key,
        check_name=check.name,
        passed=result.success,
        severity=AssetCheckSeverity.ERROR if result.is_blocked else AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "rows_validated": result.row_count,
            "expectations": len(result.outcomes),
            "failed": MetadataValue.json([o.as_dict() for o in result.failures]),
        },
    )
    return check_result, entry


def raw_check_key(extract: str) -> AssetCheckKey:
    return AssetCheckKey(AssetKey(["raw", extract]), f"gx_{RAW_SUITES_BY_EXTRACT[extract].name}")


def mart_check_key(mart: str) -> AssetCheckKey:
    return AssetCheckKey(AssetKey(["marts", mart]), f"gx_{MART_SUITES[mart].name}")


def validate_raw(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, extract: str
) -> tuple[AssetCheckResult, RunLogEntry]:
    """The suite on the raw rows of the run's partitions (every delivery, as landed), as SQL on
    DuckDB: a backfill's millions of raw rows never become pandas frames."""
    first, last = (date.fromisoformat(day) for day in run_dates(context))
    suite = RAW_SUITES_BY_EXTRACT[extract]
    started = time.monotonic()
    result = run_suite_sql(
        suite,
        warehouse.paths().warehouse_path,
        f"select * from raw.{extract}"
        f" where _partition_date between date '{first.isoformat()}' and date '{last.isoformat()}'",
    )
    context.log.info(
        f"{suite.name}: raw.{extract} {first}..{last}, {result.row_count:,} rows validated as SQL"
        f" in {time.monotonic() - started:.1f} s"
    )
    return to_check_result(context, raw_check_key(extract), result)


def validate_mart(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, mart: str
) -> tuple[AssetCheckResult, RunLogEntry]:
    """The suite on the mart in the build database (the run's days of a big fact), before it is
    published, as SQL on DuckDB."""
    suite = MART_SUITES[mart]
    relation = f"select * from marts.{mart}"
    if mart in WINDOWED_MARTS:
        # local days may sit a day either side of the partitions' business dates
        first, last = (date.fromisoformat(day) for day in run_dates(context))
        relation += (
            f" where {WINDOWED_MARTS[mart]} between"
            f" date '{(first - timedelta(days=1)).isoformat()}'"
            f" and date '{(last + timedelta(days=1)).isoformat()}'"
        )
    result = run_suite_sql(suite, warehouse.paths().warehouse_path, relation)
    return to_check_result(context, mart_check_key(mart), result)


def build_suite_checks(
    name: str, keys: dict[str, AssetCheckKey], descriptions: dict[str, str], validate
) -> AssetChecksDefinition:
    """One step running the selected suites, each reported as its own blocking check and logged
    to dq_run_log in one write when the step ends (run_log.append), whatever happened."""

    @multi_asset_check(
        name=name,
        specs=[
            AssetCheckSpec(
                key.name, asset=key.asset_key, blocking=True, description=descriptions[target]
            )
            for target, key in keys.items()
        ],
        can_subset=True,
    )
    def _checks(
        context: AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[AssetCheckResult]:
        selected = context.selected_asset_check_keys
        logged: list[RunLogEntry] = []
        try:
            for target, key in keys.items():
                if key in selected:
                    check_result, entry = validate(context, warehouse, target)
                    logged.append(entry)
                    yield check_result
        finally:
            append(warehouse.paths().warehouse_path, *logged)

    return _checks


raw_suite_checks = build_suite_checks(
    "gx_raw_extracts",
    {extract: raw_check_key(extract) for extract in RAW_SUITES_BY_EXTRACT},
    {extract: suite.description for extract, suite in RAW_SUITES_BY_EXTRACT.items()},
    validate_raw,
)
mart_suite_checks = build_suite_checks(
    "gx_marts",
    {mart: mart_check_key(mart) for mart in MART_SUITES},
    {mart: suite.description for mart, suite in MART_SUITES.items()},
    validate_mart,
)


@asset_check(
    asset=AssetKey(["marts", "dq_reconciliation"]),
    name="quarantine_share_within_limit",
    blocking=True,
    description=(
        f"Blocks publishing when a partition of the run quarantines more than {SHARE_ENV}"
        " (default 0.01) of its landed rows of any extract."
    ),
)
def quarantine_share_within_limit(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    first, last = run_dates(context)
    limit = max_quarantine_share()
    over = partitions_over_limit(warehouse.paths().warehouse_path, first, last, limit)
    for partition in over:
        context.log.error(f"quarantine share too high: {partition.describe(limit)}")
    description = (
        "; ".join(p.describe(limit) for p in over)
        or f"every partition of {first}..{last} quarantines at most {limit:.1%}"
    )
    check = AssetCheckKey(AssetKey(["marts", "dq_reconciliation"]), "quarantine_share_within_limit")
    append(
        warehouse.paths().warehouse_path,
        check_entry(context, check, passed=not over, is_blocking=True, detail=description),
    )
    return AssetCheckResult(
        passed=not over,
        severity=AssetCheckSeverity.ERROR,
        description=description,
        metadata={
            "max_quarantine_share": limit,
            "partitions_over_limit": MetadataValue.json([p.as_dict() for p in over]),
        },
    )


quality_checks = [raw_suite_checks, mart_suite_checks, quarantine_share_within_limit]
