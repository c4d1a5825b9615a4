"""In an incremental build, the data tests on the tables rebuilt by reporting day judge the
rebuilt days only (macros/test_scope.sql); a full build judges every row."""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline
from tests.integration.test_dbt_unit_tests import run_dbt

UNIQUE_PIECES = (
    "unique_combination_of_columns_fct_agent_state_intervals"
    "_agent_id__state_started_at__interval_start_at"
)
CONSERVED = "assert_fct_agent_state_intervals_conserve_seconds"
INCREMENTAL = json.dumps(
    {"incremental": {"new_files": ["acd_agent_states/acd_agent_states_x.csv"]}}
)


def failures(results: list[dict]) -> dict[str, int]:
    """Rows returned per data test (its failures), by test name."""
    return {r["unique_id"].split(".")[2]: r["failures"] for r in results}


def test_an_incremental_build_tests_the_rebuilt_days_only(
    published: Pipeline, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse" / "callscope.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(published.paths.warehouse_path, warehouse)
    with closing(connect(warehouse)) as con:
        first, last = con.execute(
            "select min(interval_start_at), max(interval_start_at)"
            " from marts.fct_agent_state_intervals"
        ).fetchone()
        # one piece repeated on the first day, one on the last: both break the grain and the
        # conservation of their state's seconds
        for start in (first, last):
            con.execute(
                "insert into marts.fct_agent_state_intervals select * from"
                " marts.fct_agent_state_intervals where interval_start_at = ? limit 1",
                [start],
            )
        # tonight's build rebuilt the last day only (reporting timezone UTC)
        con.execute("delete from intermediate.int_dates_affected")
        con.execute(
            "insert into intermediate.int_dates_affected values ('reporting', ?)", [last.date()]
        )
    assert last.date() - first.date() >= timedelta(days=3)  # the first day is outside the span

    selected = ("--select", f"{UNIQUE_PIECES} {CONSERVED}")
    full = run_dbt(tmp_path / "full", warehouse, "test", *selected, succeeds=False)
    assert failures(full) == {UNIQUE_PIECES: 2, CONSERVED: 2}
    nightly = run_dbt(
        tmp_path / "nightly", warehouse, "test", *selected, "--vars", INCREMENTAL, succeeds=False
    )
    assert failures(nightly) == {UNIQUE_PIECES: 1, CONSERVED: 1}
