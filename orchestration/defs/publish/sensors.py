"""Runs started by the schedule or the UI that fail still say in dq_run_log why nothing was
published (runs started by `make run` are logged by the cli the same way)."""

from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from orchestration.defs.resources import WarehouseResource
from orchestration.lib.run_log import log_not_published


@run_failure_sensor(name="log_unpublished_runs", default_status=DefaultSensorStatus.RUNNING)
def log_unpublished_runs(context: RunFailureSensorContext, warehouse: WarehouseResource) -> None:
    paths = warehouse.paths()
    if not paths.warehouse_path.exists():
        return
    why = context.failure_event.message or "the run failed before publishing"
    detail = log_not_published(
        paths.warehouse_path, context.dagster_run.run_id, str(paths.published_path), why
    )
    context.log.info(f"run {context.dagster_run.run_id} published nothing: {detail}")
