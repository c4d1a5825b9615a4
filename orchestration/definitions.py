"""Assembles callscope's Dagster definitions; each area lives in orchestration/defs/<area>/."""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from orchestration.defs.ingest.assets import ingest_assets
from orchestration.defs.publish.assets import published_marts
from orchestration.defs.publish.sensors import log_unpublished_runs
from orchestration.defs.quality.checks import quality_checks
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.schedules import nightly_job, nightly_schedule
from orchestration.defs.transform.assets import callscope_dbt_models
from orchestration.defs.transform.resources import dbt_resource

defs = Definitions(
    assets=[*ingest_assets, callscope_dbt_models, published_marts],
    asset_checks=quality_checks,
    jobs=[nightly_job],
    schedules=[nightly_schedule],
    sensors=[log_unpublished_runs],
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource},
    # DuckDB allows one writer per file: every step runs in one process, one after another.
    executor=in_process_executor,
)
