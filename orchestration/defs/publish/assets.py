"""Write-audit-publish: the marts reach analysts only after every blocking check passed."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from orchestration.defs.partitions import daily_partitions, single_run
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.assets import callscope_dbt_models
from orchestration.lib.publish import publish

MART_KEYS: list[AssetKey] = sorted(
    (key for key in callscope_dbt_models.keys if key.path[0] == "marts"),
    key=lambda key: key.to_user_string(),
)
KEEP_VERSIONS = 3


@asset(
    key=AssetKey(["published", "callscope"]),
    deps=MART_KEYS,
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    group_name="published",
    kinds={"duckdb", "parquet"},
    description=(
        "A new read-only DuckDB file swapped in atomically at published/callscope.duckdb,"
        " plus typed Parquet per mart; the last 3 versions are kept for rollback."
    ),
)
def published_marts(context: AssetExecutionContext, warehouse: WarehouseResource):
    paths = warehouse.paths()
    marts = [key.path[-1] for key in MART_KEYS]
    result = publish(
        paths.warehouse_path, paths.published_dir, marts, keep=KEEP_VERSIONS, run_id=context.run_id
    )
    context.log.info(f"published version {result.version} with {len(marts)} marts")
    return MaterializeResult(metadata=result.as_metadata())
