"""dbt models as Dagster assets: staging -> intermediate -> marts, built for the run's dates."""

import json
import os

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.partitions import daily_partitions, single_run
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.resources import dbt_project
from orchestration.defs.transform.translator import CallscopeTranslator
from orchestration.lib.dbt_env import dbt_environment
from orchestration.lib.pii import pii_salt


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=CallscopeTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=single_run,
)
def callscope_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    # dbt reads the build database path from its environment (profiles.yml), and the PII salt
    # from CALLSCOPE_PII_SALT (macro pseudonymize): validated here, never put on the command line.
    pii_salt()
    os.environ.update(dbt_environment(warehouse.paths()))
    window = context.partition_time_window
    run_vars = {
        "run_start_date": window.start.date().isoformat(),
        "run_end_date": window.end.date().isoformat(),
    }
    args = ["build", "--exclude", "test_type:unit", "--vars", json.dumps(run_vars)]
    yield from dbt.cli(args, context=context).stream()
