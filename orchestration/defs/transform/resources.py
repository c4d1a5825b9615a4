"""The dbt project and CLI resource; the manifest is prepared by `dbt parse` (make) or dev."""

from __future__ import annotations

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.dbt_env import dbt_executable

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

# The venv's dbt, whether or not the venv is on PATH.
dbt_resource = DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
