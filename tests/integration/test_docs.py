"""Every published mart and column is documented in dbt with the definition it implements."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

from orchestration.lib.config import Paths
from orchestration.lib.dbt_env import dbt_parse
from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline


def _documented_columns(tmp_path: Path) -> dict[str, dict[str, str]]:
    dbt_parse(Paths(tmp_path / "landing", tmp_path / "data"), target_path=tmp_path / "target")
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    # models and seeds are built by dbt; sources of the orchestration (dq_run_log) are written
    # by Dagster and documented in dbt beside the marts
    return {
        node["name"]: {name: col.get("description", "") for name, col in node["columns"].items()}
        | {"": node.get("description", "")}
        for node in [*manifest["nodes"].values(), *manifest["sources"].values()]
        if node["resource_type"] in ("model", "seed") or node.get("source_name") == "orchestration"
    }


def test_every_published_column_is_documented(tmp_path: Path, published: Pipeline) -> None:
    documented = _documented_columns(tmp_path)
    with closing(connect(published.paths.published_path, read_only=True)) as con:
        columns = con.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'main' order by all"
        ).fetchall()
    tables = {table for table, _ in columns}
    assert {"kpi_queue_daily", "fct_contacts", "kpi_agent_daily"} <= tables
    undocumented_tables = sorted(t for t in tables if not documented.get(t, {}).get("", "").strip())
    undocumented = sorted(
        f"{table}.{column}"
        for table, column in columns
        if not documented.get(table, {}).get(column, "").strip()
    )
    assert undocumented_tables == []
    assert undocumented == []
