"""The environment `make run` gives Dagster: paths from configuration and one planned event per
asset for a backfill (not one per asset and date, which cost 72 s before a 91-day run began)."""

from __future__ import annotations

from pathlib import Path

from orchestration.cli import _dagster_environment
from orchestration.lib.config import load_paths


def test_dagster_gets_the_paths_and_batched_planned_events(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", raising=False)
    paths = load_paths(
        {"CALLSCOPE_LANDING_DIR": str(tmp_path / "l"), "CALLSCOPE_DATA_DIR": str(tmp_path / "d")}
    )
    env = _dagster_environment(paths)
    assert env["DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"] == "true"
    assert env["CALLSCOPE_LANDING_DIR"] == str(tmp_path / "l")
    assert env["DAGSTER_HOME"] == str(tmp_path / "d" / "dagster")
    assert env["CALLSCOPE_WAREHOUSE_PATH"] == str(paths.warehouse_path)
