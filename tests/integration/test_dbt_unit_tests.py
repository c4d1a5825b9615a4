"""The dbt project on an empty warehouse: its unit tests pass, and a real build of raw tables
that never received a row (no extract landed) succeeds with empty facts and marts."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.dbt_env import dbt_executable
from orchestration.lib.duck import connect
from orchestration.lib.raw_layer import ensure_raw_tables

REQUIRED_UNIT_TESTS = {
    "int_contact_segments_classified.test_int_contact_segments_classified",
    "kpi_queue_interval.test_kpi_queue_interval",
    "kpi_queue_daily.test_kpi_queue_daily",
}


def kpi_marts(target_path: Path) -> set[str]:
    """Every kpi_* model of the project, from the manifest dbt just wrote."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    return {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("kpi_")
    }


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """A build database holding every raw table, all empty."""
    path = tmp_path / "warehouse" / "callscope.duckdb"
    con = connect(path)
    ensure_raw_tables(con)
    con.close()
    return path


def run_dbt(
    tmp_path: Path,
    warehouse: Path,
    *args: str,
    succeeds: bool = True,
    extra_env: dict[str, str] | None = None,
) -> list[dict]:
    """Run dbt on `warehouse` with target and logs under tmp_path; return its run results.
    `succeeds`: whether dbt must exit 0 (a failing data test exits 1)."""
    target_path = tmp_path / "target"
    env = {
        **os.environ,
        "CALLSCOPE_WAREHOUSE_PATH": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(tmp_path / "logs"),
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (completed.returncode == 0) == succeeds, (
        f"dbt {args[0]} exited {completed.returncode}:\n{completed.stdout}{completed.stderr}"
    )
    return json.loads((target_path / "run_results.json").read_text())["results"]


def test_dbt_unit_tests_pass(tmp_path: Path, empty_warehouse: Path) -> None:
    # Unit tests read their input relations' columns from the warehouse: build them empty first.
    run_dbt(tmp_path, empty_warehouse, "build", "--empty", "--exclude", "test_type:unit")
    results = run_dbt(tmp_path, empty_warehouse, "test", "--select", "test_type:unit")

    statuses = {r["unique_id"].removeprefix("unit_test.callscope."): r["status"] for r in results}
    assert statuses.keys() >= REQUIRED_UNIT_TESTS
    assert set(statuses.values()) == {"pass"}, statuses
    # every KPI mart has at least one hand-computed unit test
    tested_models = {name.split(".")[0] for name in statuses}
    assert kpi_marts(tmp_path / "target") - tested_models == set()


def test_dbt_build_of_empty_raw_tables_succeeds(tmp_path: Path, empty_warehouse: Path) -> None:
    results = run_dbt(tmp_path, empty_warehouse, "build", "--exclude", "test_type:unit")

    assert {r["status"] for r in results} == {"success", "pass"}
    con = connect(empty_warehouse, read_only=True)
    for mart in ("dim_queues", "fct_contact_segments", "kpi_queue_interval", "kpi_queue_daily"):
        # no raw row -> no queue, no segment, no local day: the mart exists and is empty
        assert con.execute(f"select count(*) from marts.{mart}").fetchone() == (0,), mart
    con.close()
