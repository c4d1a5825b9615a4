"""One partitioned asset per extract: landed files of the run's dates -> raw.<extract>."""

from contextlib import closing
from datetime import date

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.defs.partitions import daily_partitions, single_run
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.contract import EXTRACTS, Extract
from orchestration.lib.duck import connect
from orchestration.lib.ingest import ingest_extract


def build_ingest_asset(extract: Extract) -> AssetsDefinition:
    @asset(
        key=AssetKey(["raw", extract.name]),
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        group_name="raw",
        kinds={"duckdb"},
        description=(
            f"Every landed row of {extract.name} as text with file and line lineage."
            f" Key {', '.join(extract.key)}; latest delivery wins in staging."
        ),
    )
    def _ingest(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        paths = warehouse.paths()
        dates = {date.fromisoformat(key) for key in context.partition_keys}
        # a night's files are a small write: no checkpoint of the whole warehouse on close
        with closing(connect(paths.warehouse_path, checkpoint_on_close=False)) as con:
            loads = ingest_extract(
                con,
                paths.landing_dir,
                extract.name,
                dates,
                on_file=lambda load: context.log.info(f"read {load.file}: {load.rows} rows"),
            )
        context.log.info(
            f"raw.{extract.name}: {len(loads)} file(s), {sum(load.rows for load in loads)} rows"
            " loaded in one transaction"
        )
        return MaterializeResult(
            metadata={
                "files": len(loads),
                "rows_landed": sum(load.rows for load in loads),
                "files_loaded": "\n".join(f"{load.file}: {load.rows}" for load in loads) or "-",
            }
        )

    return _ingest


ingest_assets = [build_ingest_asset(extract) for extract in EXTRACTS.values()]
