"""dbt models as Dagster assets: staging -> intermediate -> marts, built for the run's dates."""

import os
from contextlib import closing

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.partitions import single_run
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.resources import dbt_project
from orchestration.defs.transform.translator import CallscopeTranslator
from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.dbt_env import dbt_environment
from orchestration.lib.duck import connect
from orchestration.lib.incremental import (
    DBT_PLAN_ENV,
    full_refresh_requested,
    plan_build,
    project_fingerprint,
    record_build,
    write_dbt_plan,
)
from orchestration.lib.pii import pii_salt


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=CallscopeTranslator(),
    backfill_policy=single_run,  # unpartitioned: see orchestration/defs/partitions.py
)
def callscope_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    # dbt reads the build database path from its environment (profiles.yml), and the PII salt
    # from CALLSCOPE_PII_SALT (macro pseudonymize): validated here, never put on the command line.
    salt = pii_salt()
    paths = warehouse.paths()
    os.environ.update(dbt_environment(paths))
    # Incremental over the files new since the last complete build, or a full refresh
    # (orchestration/lib/incremental.py); the state advances only when the build succeeded.
    # Both connections only read or write a few rows: dbt's build checkpoints (lib/duck.py).
    with closing(connect(paths.warehouse_path, checkpoint_on_close=False)) as con:
        plan = plan_build(
            con, project_fingerprint(DBT_PROJECT_DIR, salt), force_full=full_refresh_requested()
        )
        plan_id = write_dbt_plan(con, plan)
    context.log.info(plan.summary())
    # The plan reaches dbt as a table row named by an environment variable, not as --vars: the
    # command line stays the one `dbt parse` prepared, so dbt parses only what changed.
    os.environ.pop(DBT_PLAN_ENV, None)
    if plan_id is not None:
        os.environ[DBT_PLAN_ENV] = plan_id
    args = ["build", "--exclude", "test_type:unit", *plan.dbt_flags()]
    try:
        yield from dbt.cli(args, context=context).stream()
    finally:
        os.environ.pop(DBT_PLAN_ENV, None)
    with closing(connect(paths.warehouse_path, checkpoint_on_close=False)) as con:
        record_build(con, plan)
