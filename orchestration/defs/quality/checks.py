"""Great Expectations suites (expectations/) as blocking Dagster asset checks.

A failing blocking expectation fails its check with ERROR severity, which stops every
downstream asset of the run, the publish step included (write-audit-publish). Failures of
warning expectations are reported with WARN severity and do not block.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from expectations import ACD_CONTACTS_RAW, KPI_QUEUE_DAILY
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.quality import SuiteResult, read_frame, run_suite

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
PARTITION_TAG = "dagster/partition"


def run_dates(context: AssetCheckExecutionContext) -> tuple[str, str]:
    """The first and last partition date of the run (a single date or a range)."""
    tags = context.run.tags
    if RANGE_START_TAG in tags:
        return tags[RANGE_START_TAG], tags[RANGE_END_TAG]
    return tags[PARTITION_TAG], tags[PARTITION_TAG]


def to_check_result(context: AssetCheckExecutionContext, result: SuiteResult) -> AssetCheckResult:
    for outcome in result.failures:
        context.log.warning(
            f"{result.suite_name}: {outcome.name} failed ({outcome.reason});"
            f" unexpected {outcome.unexpected_count}, e.g. {list(outcome.unexpected_examples)}"
            + (f"; error: {outcome.exception_message}" if outcome.exception_message else "")
        )
    return AssetCheckResult(
        passed=result.success,
        severity=AssetCheckSeverity.ERROR if result.is_blocked else AssetCheckSeverity.WARN,
        description=", ".join(o.name for o in result.failures) or "all expectations passed",
        metadata={
            "rows_validated": result.row_count,
            "expectations": len(result.outcomes),
            "failed": MetadataValue.json([o.as_dict() for o in result.failures]),
        },
    )


@asset_check(
    asset=AssetKey(["raw", "acd_contacts"]),
    name="gx_acd_contacts_raw",
    blocking=True,
    description=ACD_CONTACTS_RAW.description,
)
def gx_acd_contacts_raw(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    first, last = run_dates(context)
    frame = read_frame(
        warehouse.paths().warehouse_path,
        "select * from raw.acd_contacts where _partition_date between ? and ?",
        [first, last],
    )
    return to_check_result(context, run_suite(ACD_CONTACTS_RAW, frame))


@asset_check(
    asset=AssetKey(["marts", "kpi_queue_daily"]),
    name="gx_kpi_queue_daily",
    blocking=True,
    description=KPI_QUEUE_DAILY.description,
)
def gx_kpi_queue_daily(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    frame = read_frame(warehouse.paths().warehouse_path, "select * from marts.kpi_queue_daily")
    return to_check_result(context, run_suite(KPI_QUEUE_DAILY, frame))


quality_checks = [gx_acd_contacts_raw, gx_kpi_queue_daily]
