"""The dbt CLI resource skips dagster-dbt's `dbt --version` subprocess and its in-process adapter
(orchestration/defs/transform/resources.py); these tests keep the shortcut honest."""

from __future__ import annotations

import re
import subprocess

from dagster_dbt import DbtCliResource

from orchestration.defs.transform.resources import CallscopeDbtCliResource, dbt_resource
from orchestration.lib.dbt_env import dbt_executable


def test_the_overridden_methods_still_exist_in_dagster_dbt() -> None:
    # a rename in dagster-dbt would leave the overrides unused without this failing first
    for name in ("_cli_version", "_initialize_dbt_core_adapter"):
        assert name in vars(DbtCliResource) and name in vars(CallscopeDbtCliResource)


def test_the_version_is_the_one_the_executable_reports() -> None:
    printed = subprocess.run(
        [dbt_executable(), "--version"], capture_output=True, text=True, check=True
    ).stdout
    core = re.search(r"Core:\s*\n\s*- installed:\s*(\d+\.\d+\.\d+)", printed)
    assert core is not None, printed
    assert str(dbt_resource._cli_version) == core.group(1)


def test_no_adapter_is_opened_in_the_dagster_process() -> None:
    assert dbt_resource._initialize_dbt_core_adapter(["build"]) is None
