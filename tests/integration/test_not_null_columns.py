"""The not-null test of a model (tests/generic/not_null_columns.sql) checks all its required
columns in one pass and names each column that holds nulls, with the count."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline
from tests.integration.test_dbt_unit_tests import run_dbt
from tests.integration.test_incremental_data_tests import warehouse_copy


def test_the_not_null_test_names_each_column_with_nulls(
    published: Pipeline, tmp_path: Path
) -> None:
    warehouse = warehouse_copy(published, tmp_path)
    with closing(connect(warehouse)) as con:
        # dim_agents requires agent_id and is_active: two agents lose is_active, one agent_id
        agents = [
            row[0]
            for row in con.execute(
                "select agent_id from marts.dim_agents order by agent_id limit 3"
            ).fetchall()
        ]
        con.execute(
            "update marts.dim_agents set is_active = null where agent_id in (?, ?)", agents[:2]
        )
        con.execute("update marts.dim_agents set agent_id = null where agent_id = ?", [agents[2]])

    results = run_dbt(
        tmp_path,
        warehouse,
        "test",
        "--select",
        "test_name:not_null_columns,dim_agents",
        succeeds=False,
    )
    assert len(results) == 1
    # failures count null cells: 2 in is_active + 1 in agent_id
    assert (results[0]["status"], results[0]["failures"]) == ("fail", 3)
    with closing(connect(warehouse, read_only=True)) as con:
        failing = con.execute(
            f"select * from ({results[0]['compiled_code']}) as failing order by column_name"
        ).fetchall()
    assert failing == [("agent_id", 1), ("is_active", 2)]
