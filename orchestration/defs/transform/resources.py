"""The dbt project and CLI resource; the manifest is prepared by `dbt parse` (make) or dev."""

from __future__ import annotations

from functools import cached_property
from importlib.metadata import version as installed_version
from typing import Any

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.dbt_env import dbt_executable

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


class CallscopeDbtCliResource(DbtCliResource):
    """dagster-dbt's CLI resource without two start-up costs of every `dbt.cli()` call that this
    project does not use (docs/decisions.md, "dbt from Dagster"): it asks the dbt executable for
    its version in a subprocess (`dbt --version`, 2-3 s: dbt imports itself), and it opens a
    read-only dbt adapter in the Dagster process (dbt imported again), which only the column
    and row-count metadata features read. The executable is this venv's, so its version is the
    installed dbt-core package's."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:  # type: ignore[override]
        return None


# The venv's dbt, whether or not the venv is on PATH.
dbt_resource = CallscopeDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
