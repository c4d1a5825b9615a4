"""Write-audit-publish: the marts reach analysts only after every blocking check passed."""

import duckdb
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from orchestration.defs.partitions import run_partition_range, single_run
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.assets import callscope_dbt_models
from orchestration.lib.duck import connect
from orchestration.lib.publish import publish
from orchestration.lib.publish_scope import chunk_scope, mark_published, unpublished
from orchestration.lib.report import run_report
from orchestration.lib.run_log import PUBLISH, RunLogEntry, append, log_not_published

MART_KEYS: list[AssetKey] = sorted(
    (key for key in callscope_dbt_models.keys if key.path[0] == "marts"),
    key=lambda key: key.to_user_string(),
)
KEEP_VERSIONS = 3
RUN_LOG_MART = "dq_run_log"  # written by the checks and this step, not by dbt


@asset(
    key=AssetKey(["published", "callscope"]),
    deps=MART_KEYS,
    backfill_policy=single_run,  # unpartitioned: see orchestration/defs/partitions.py
    group_name="published",
    kinds={"duckdb", "parquet"},
    description=(
        "A new read-only DuckDB file swapped in atomically at published/callscope.duckdb,"
        " plus typed Parquet per mart; the last 3 versions are kept for rollback."
    ),
)
def published_marts(context: AssetExecutionContext, warehouse: WarehouseResource):
    paths = warehouse.paths()
    marts = [*(key.path[-1] for key in MART_KEYS), RUN_LOG_MART]
    first, last = run_partition_range(context.run.tags)
    # Logged before the copy, so the published dq_run_log records its own publication.
    append(
        paths.warehouse_path,
        RunLogEntry(
            context.run_id,
            first,
            last,
            PUBLISH,
            "published",
            str(paths.published_path),
            True,
            True,
            f"{len(marts)} marts passed every blocking check",
        ),
    )
    # The days rebuilt since the last publish: a write connection (it may create the state
    # tables), closed before the publish attaches the warehouse read-only.
    con = connect(paths.warehouse_path, checkpoint_on_close=False)
    try:
        scope = chunk_scope(unpublished(con))
    finally:
        con.close()
    try:
        result = publish(
            paths.warehouse_path,
            paths.published_dir,
            marts,
            keep=KEEP_VERSIONS,
            run_id=context.run_id,
            scope=scope,
        )
    except Exception as exc:
        log_not_published(paths.warehouse_path, context.run_id, str(paths.published_path), str(exc))
        raise
    try:
        con = connect(paths.warehouse_path, checkpoint_on_close=False)
        try:
            mark_published(con, result.version)
        finally:
            con.close()
    except duckdb.Error as exc:  # published all the same; the next publish hashes every month
        context.log.warning(f"published, but not recorded as the base of the next publish: {exc}")
    reuse = f", reusing {result.chunks_reused} from {result.based_on}" if result.based_on else ""
    context.log.info(
        f"published version {result.version} with {len(marts)} marts:"
        f" {result.chunks_written} chunks written{reuse}; {result.rows_written:,} rows written"
        " into the database file"
    )
    report = run_report(paths, context.run_id).strip()
    return MaterializeResult(
        metadata={**result.as_metadata(), "run_report": MetadataValue.md(f"```\n{report}\n```")}
    )
