"""In an incremental build, the data tests on the tables rebuilt in part judge what the build
wrote (macros/test_scope.sql): the rebuilt days, or every row of a key written tonight for a
uniqueness test. A full build judges every row."""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import duckdb

from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline
from tests.integration.test_dbt_unit_tests import run_dbt

UNIQUE_PIECES = (
    "unique_combination_of_columns_fct_agent_state_intervals"
    "_agent_id__state_started_at__interval_start_at"
)
CONSERVED = "assert_fct_agent_state_intervals_conserve_seconds"
UNIQUE_SEGMENTS = "unique_fct_contact_segments_contact_id"
UNIQUE_STATES = "unique_combination_of_columns_stg_acd__agent_states_agent_id__started_at"
INCREMENTAL = json.dumps(
    {"incremental": {"new_files": ["acd_agent_states/acd_agent_states_x.csv"]}}
)


def warehouse_copy(published: Pipeline, tmp_path: Path) -> Path:
    """A copy of the published pipeline's build database, to break by hand."""
    warehouse = tmp_path / "warehouse" / "callscope.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(published.paths.warehouse_path, warehouse)
    return warehouse


def first_staged_states(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The keys (agent_id, started_at) of the first two staged agent states."""
    return con.execute(
        "select agent_id, started_at from staging.stg_acd__agent_states"
        " order by agent_id, started_at limit 2"
    ).fetchall()


def restaged_tonight(con: duckdb.DuckDBPyConnection, state: tuple) -> None:
    """As if tonight's build had staged only this agent state again."""
    con.execute("delete from quality.int_acd_agent_states_affected")
    con.execute(
        "insert into quality.int_acd_agent_states_affected (agent_id, started_at) values (?, ?)",
        list(state),
    )


def failures(results: list[dict]) -> dict[str, int]:
    """Rows returned per data test (its failures), by test name."""
    return {r["unique_id"].split(".")[2]: r["failures"] for r in results}


def test_an_incremental_build_tests_the_rebuilt_days_only(
    published: Pipeline, tmp_path: Path
) -> None:
    warehouse = warehouse_copy(published, tmp_path)
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


def test_an_incremental_build_tests_the_uniqueness_of_the_keys_it_wrote(
    published: Pipeline, tmp_path: Path
) -> None:
    warehouse = warehouse_copy(published, tmp_path)
    with closing(connect(warehouse)) as con:
        first, last = con.execute(
            "select min(local_date), max(local_date) from marts.fct_contact_segments"
        ).fetchone()
        tonight, earlier = (
            row[0]
            for row in con.execute(
                "select contact_id from marts.fct_contact_segments where local_date = ?"
                " order by contact_id limit 2",
                [first],
            ).fetchall()
        )
        # Two segments of the first day written twice: one copy as tonight's build of the last
        # day would write it (the duplicate spans two days), one on the first day only.
        con.execute(
            "insert into marts.fct_contact_segments select * replace (cast(? as date) as"
            " local_date) from marts.fct_contact_segments where contact_id = ?",
            [last, tonight],
        )
        con.execute(
            "insert into marts.fct_contact_segments select * from marts.fct_contact_segments"
            " where contact_id = ?",
            [earlier],
        )
        con.execute("delete from intermediate.int_dates_affected")
        con.execute("insert into intermediate.int_dates_affected values ('queue_local', ?)", [last])
        # Two staged agent states written twice; tonight's build staged the first one again.
        states = first_staged_states(con)
        for agent, started in states:
            con.execute(
                "insert into staging.stg_acd__agent_states select * from"
                " staging.stg_acd__agent_states where agent_id = ? and started_at = ?",
                [agent, started],
            )
        restaged_tonight(con, states[0])
    assert last > first  # tonight's day is not the day of the duplicates' first copies

    selected = ("--select", f"{UNIQUE_SEGMENTS} {UNIQUE_STATES}")
    full = run_dbt(tmp_path / "full", warehouse, "test", *selected, succeeds=False)
    assert failures(full) == {UNIQUE_SEGMENTS: 2, UNIQUE_STATES: 2}
    nightly = run_dbt(
        tmp_path / "nightly", warehouse, "test", *selected, "--vars", INCREMENTAL, succeeds=False
    )
    # tonight's keys only: the segment with a copy on the last day, the state staged again
    assert failures(nightly) == {UNIQUE_SEGMENTS: 1, UNIQUE_STATES: 1}


UNIQUE_STAGED_SEGMENTS = "unique_stg_acd__contact_segments_contact_id"
STAGED_CHANNELS = (
    "accepted_values_stg_acd__contact_segments_channel__voice__chat__email__callback__social"
)
STAGED_STATES = (
    "accepted_values_stg_acd__agent_states_state__available__on_contact__acw__aux__offline"
)


def test_an_incremental_build_tests_the_staged_rows_it_wrote(
    published: Pipeline, tmp_path: Path
) -> None:
    """Staging stages again the keys the run's files deliver (touched_keys_query), and the agent
    states of int_acd_agent_states_affected: its uniqueness and accepted-values tests judge
    those rows only (scopes touched:<extract> and agent_states_affected)."""
    warehouse = warehouse_copy(published, tmp_path)
    with closing(connect(warehouse)) as con:
        new_file, partition = con.execute(
            "select _file, strftime(_partition_date, '%Y-%m-%d') from raw.acd_contacts"
            " order by _partition_date desc, _file desc limit 1"
        ).fetchone()
        delivered = (
            "select trim(contact_id) from raw.acd_contacts"
            " where _file = ? and contact_id is not null"
        )
        tonight, earlier = (
            con.execute(
                "select min(contact_id) from staging.stg_acd__contact_segments"
                f" where contact_id {condition} ({delivered})",
                [new_file],
            ).fetchone()[0]
            for condition in ("in", "not in")
        )
        # A second, invalid copy of a segment the new file delivers and of one it does not.
        for contact_id, channel in ((tonight, "fax"), (earlier, "pager")):
            con.execute(
                "insert into staging.stg_acd__contact_segments select * replace (? as channel)"
                " from staging.stg_acd__contact_segments where contact_id = ?",
                [channel, contact_id],
            )
        # Two staged states with an invalid state; tonight's build staged the first one again.
        states = first_staged_states(con)
        for (agent, started), state in zip(states, ("asleep", "dreaming"), strict=True):
            con.execute(
                "update staging.stg_acd__agent_states set state = ?"
                " where agent_id = ? and started_at = ?",
                [state, agent, started],
            )
        restaged_tonight(con, states[0])
    assert tonight and earlier

    selected = ("--select", f"{UNIQUE_STAGED_SEGMENTS} {STAGED_CHANNELS} {STAGED_STATES}")
    full = run_dbt(tmp_path / "full", warehouse, "test", *selected, succeeds=False)
    # accepted_values fails with one row per invalid value
    assert failures(full) == {UNIQUE_STAGED_SEGMENTS: 2, STAGED_CHANNELS: 2, STAGED_STATES: 2}
    plan = {"new_files": [new_file], "new_partitions": [partition]}
    nightly = run_dbt(
        tmp_path / "nightly",
        warehouse,
        "test",
        *selected,
        "--vars",
        json.dumps({"incremental": plan}),
        succeeds=False,
    )
    # tonight's keys only: the segment the new file delivers ('fax'), the state staged again
    assert failures(nightly) == {UNIQUE_STAGED_SEGMENTS: 1, STAGED_CHANNELS: 1, STAGED_STATES: 1}
