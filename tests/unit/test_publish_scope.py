"""The months of the facts rebuilt by day that a publish hashes (lib/publish_scope.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.duck import connect
from orchestration.lib.publish import publish, read_manifest
from orchestration.lib.publish_build import ChunkScope
from orchestration.lib.publish_scope import (
    MARTS_REBUILT_BY_DAY,
    Unpublished,
    chunk_scope,
    mark_published,
    record_rebuilt_dates,
    unpublished,
)
from tests.unit.test_publish import MARTS, change_build, make_build_db, published_rows

PRE_HOOK = re.compile(r"delete_affected_dates\('(\w+)'\)")


def test_the_marts_rebuilt_by_day_delete_and_append_exactly_those_days() -> None:
    """Each fact's pre-hook deletes the days of its scope, and it appends only those days."""
    for mart, scope in MARTS_REBUILT_BY_DAY.items():
        sql = next(DBT_PROJECT_DIR.glob(f"models/**/{mart}.sql")).read_text()
        assert PRE_HOOK.findall(sql) == [scope], mart
        assert "append_incremental(" in sql, mart


def test_rebuilt_dates_accumulate_until_a_publish(tmp_path: Path) -> None:
    con = connect(tmp_path / "warehouse.duckdb")
    assert unpublished(con) == Unpublished(None, {})  # nothing published yet
    record_rebuilt_dates(con, full_refresh=True)
    assert unpublished(con).dates is None  # a full refresh: anything may differ
    mark_published(con, "v1")
    assert unpublished(con) == Unpublished("v1", {})

    con.execute("create schema intermediate")
    con.execute(
        "create table intermediate.int_dates_affected as select * from (values"
        " ('reporting', date '2026-03-31'), ('queue_local', date '2026-04-01')"
        ") as t(date_scope, affected_date)"
    )
    record_rebuilt_dates(con, full_refresh=False)
    con.execute(
        "update intermediate.int_dates_affected set affected_date = date '2026-05-02'"
        " where date_scope = 'reporting'"
    )
    record_rebuilt_dates(con, full_refresh=False)  # a second build whose publish was blocked
    state = unpublished(con)
    assert state == Unpublished(
        "v1",
        {
            "reporting": frozenset({date(2026, 3, 31), date(2026, 5, 2)}),
            "queue_local": frozenset({date(2026, 4, 1)}),
        },
    )
    assert chunk_scope(state) == ChunkScope(
        "v1",
        {
            "fct_agent_state_intervals": frozenset({"2026-03", "2026-05"}),
            "fct_schedules": frozenset({"2026-03", "2026-05"}),
            "fct_contact_segments": frozenset({"2026-04"}),
        },
    )
    mark_published(con, "v2")
    assert unpublished(con) == Unpublished("v2", {})
    record_rebuilt_dates(con, full_refresh=True)
    assert chunk_scope(unpublished(con)) is None
    con.close()


def test_a_publish_hashes_only_the_months_in_scope_of_the_version_it_is_based_on(
    tmp_path: Path,
) -> None:
    """Given the scope, the publish trusts it: a change outside it (here made by hand, which no
    dbt build does) is not looked for. Based on another version, the scope is ignored."""
    published = tmp_path / "published"
    build = make_build_db(tmp_path, 4, "2026-03-30")  # offered 0, 10 (March); 20, 30 (April)
    first = publish(build, published, MARTS, run_id="one")
    change_build(build, "update marts.kpi_queue_daily set offered = offered + 1")
    months = {"kpi_queue_daily": frozenset({"2026-04"})}

    second = publish(build, published, MARTS, run_id="two", scope=ChunkScope(first.version, months))
    assert read_manifest(published, second.version)["chunks_written"]["kpi_queue_daily"] == 1
    assert [row[3] for row in published_rows(published / "callscope.duckdb")] == [0, 10, 21, 31]

    third = publish(
        build, published, MARTS, run_id="three", scope=ChunkScope(first.version, months)
    )
    assert (
        read_manifest(published, third.version)["chunks_written"]["kpi_queue_daily"] == 1
    )  # March
    assert [row[3] for row in published_rows(published / "callscope.duckdb")] == [1, 11, 21, 31]
