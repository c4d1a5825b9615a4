"""The incremental plan reaches dbt as a row of build_state.dbt_plan named by env
CALLSCOPE_DBT_PLAN (macro incremental_plan), so that dbt's command line, and with it its partial
parse, stays the same every night. Without a plan an incremental model is rebuilt in full
(macro should_full_refresh); a plan id without its row stops the build with a clear error."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from orchestration.lib.duck import connect
from orchestration.lib.incremental import DBT_PLAN_ENV, DBT_PLAN_TABLE, ensure_state_tables
from tests.integration.conftest import Pipeline
from tests.integration.test_dbt_unit_tests import run_dbt
from tests.integration.test_incremental_data_tests import warehouse_copy

PLAN_ID = "0123456789abcdef0123456789abcdef"


def schedule_rows(warehouse: Path) -> int:
    with closing(connect(warehouse, read_only=True)) as con:
        return con.execute("select count(*) from marts.fct_schedules").fetchone()[0]


def test_a_build_with_a_plan_is_incremental_and_without_one_is_full(
    published: Pipeline, tmp_path: Path
) -> None:
    warehouse = warehouse_copy(published, tmp_path)
    with closing(connect(warehouse)) as con:
        # a stray row on a day no plan names: an incremental build keeps it, a full one drops it
        first_day = con.execute("select min(local_date) from marts.fct_schedules").fetchone()[0]
        con.execute(
            "insert into marts.fct_schedules select * from marts.fct_schedules"
            " where local_date = ? limit 1",
            [first_day],
        )
        con.execute("delete from intermediate.int_dates_affected")  # the plan touches no day
        ensure_state_tables(con)
        con.execute(f"insert into {DBT_PLAN_TABLE} values (?, '[]', '[]', now())", [PLAN_ID])
    built = schedule_rows(warehouse)

    select = ("--select", "fct_schedules")
    planned = run_dbt(
        tmp_path / "plan", warehouse, "run", *select, extra_env={DBT_PLAN_ENV: PLAN_ID}
    )
    assert [r["status"] for r in planned] == ["success"]
    assert schedule_rows(warehouse) == built  # incremental: the stray row is still there

    run_dbt(tmp_path / "none", warehouse, "run", *select)
    assert schedule_rows(warehouse) == built - 1  # no plan: rebuilt in full


def test_a_plan_id_without_its_row_stops_the_build(published: Pipeline, tmp_path: Path) -> None:
    warehouse = warehouse_copy(published, tmp_path)
    results = run_dbt(
        tmp_path,
        warehouse,
        "run",
        "--select",
        "fct_schedules",
        succeeds=False,
        extra_env={DBT_PLAN_ENV: PLAN_ID},
    )
    assert [r["status"] for r in results] == ["error"]
    assert (
        f"build_state.dbt_plan holds no plan {PLAN_ID} (env CALLSCOPE_DBT_PLAN)"
        in (results[0]["message"])
    )
