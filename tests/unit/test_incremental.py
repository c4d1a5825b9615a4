"""The build plan: incremental over files whose content is new, else a full refresh."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.duck import connect
from orchestration.lib.incremental import (
    DBT_PLAN_TABLE,
    full_refresh_requested,
    plan_build,
    project_fingerprint,
    record_build,
    write_dbt_plan,
)
from orchestration.lib.raw_layer import ensure_raw_tables

DAY_1 = "acd_contacts/acd_contacts_2026-03-27.csv"
DAY_1_REDELIVERED = "acd_contacts/acd_contacts_2026-03-27_2.csv"
QUEUES = "acd_queues/acd_queues_2026-03-28.csv"


def load(con: duckdb.DuckDBPyConnection, file: str, end_reason: str = "completed") -> None:
    """What the ingest does: replace the file's rows, stamped with now()."""
    extract = file.split("/")[0]
    con.execute(f"delete from raw.{extract} where _file = ?", [file])
    key = "contact_id" if extract == "acd_contacts" else "queue_id"
    extra = ", end_reason" if extract == "acd_contacts" else ""
    values = ", ?" if extract == "acd_contacts" else ""
    con.execute(
        f"insert into raw.{extract} ({key}{extra}, _file, _file_seq, _line, _partition_date,"
        f" _loaded_at) values ('C1'{values}, ?, 0, 2, ?, now())",
        ([end_reason] if extract == "acd_contacts" else []) + [file, date(2026, 3, 27)],
    )


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    with closing(connect(tmp_path / "w.duckdb")) as connection:
        ensure_raw_tables(connection)
        load(connection, DAY_1)
        yield connection


def built(con: duckdb.DuckDBPyConnection) -> None:
    record_build(con, plan_build(con, "fp"))


def test_the_first_build_is_a_full_refresh(con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_build(con, "fp")
    assert (plan.full_refresh, plan.reason) == (True, "no complete build yet")
    assert plan.dbt_flags() == ["--full-refresh"]
    assert plan.incremental_plan() is None
    assert write_dbt_plan(con, plan) is None  # dbt finds no plan: a full build


def test_a_reloaded_file_with_the_same_content_is_not_new(con: duckdb.DuckDBPyConnection) -> None:
    built(con)
    load(con, DAY_1)  # a re-run re-ingests it: new _loaded_at, same rows
    plan = plan_build(con, "fp")
    assert plan.full_refresh is False
    assert plan.incremental_plan() == {"new_files": [], "new_partitions": []}


def test_a_redelivery_is_a_new_file(con: duckdb.DuckDBPyConnection) -> None:
    built(con)
    load(con, DAY_1_REDELIVERED)
    plan = plan_build(con, "fp")
    assert plan.full_refresh is False
    assert plan.new_files == (DAY_1_REDELIVERED,)
    # the business date of the new file, which the models prune raw scans by
    assert plan.incremental_plan() == {
        "new_files": [DAY_1_REDELIVERED],
        "new_partitions": ["2026-03-27"],
    }
    record_build(con, plan)
    assert plan_build(con, "fp").new_files == ()  # consumed by the successful build


def test_the_plan_dbt_reads_is_the_last_one_written(con: duckdb.DuckDBPyConnection) -> None:
    built(con)
    first = write_dbt_plan(con, plan_build(con, "fp"))
    load(con, DAY_1_REDELIVERED)
    second = write_dbt_plan(con, plan_build(con, "fp"))
    assert first != second
    # what macro incremental_plan reads: one row, the second plan, in JSON
    assert con.execute(
        f"select plan_id, new_files, new_partitions from {DBT_PLAN_TABLE}"
    ).fetchall() == [(second, f'["{DAY_1_REDELIVERED}"]', '["2026-03-27"]')]


def test_a_build_that_never_succeeded_leaves_its_files_new(con: duckdb.DuckDBPyConnection) -> None:
    built(con)
    load(con, DAY_1_REDELIVERED)
    plan_build(con, "fp")  # the run is killed before record_build
    assert plan_build(con, "fp").new_files == (DAY_1_REDELIVERED,)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda con: load(con, DAY_1, end_reason="abandoned"), f"{DAY_1} changed since"),
        (lambda con: load(con, QUEUES), f"queue settings arrived ({QUEUES})"),
        (lambda con: None, "the dbt project or the PII salt changed"),
    ],
)
def test_full_refresh_when_dates_cannot_be_narrowed(
    con: duckdb.DuckDBPyConnection, change, reason: str
) -> None:
    built(con)
    change(con)
    fingerprint = "fp" if "salt" not in reason else "other"
    plan = plan_build(con, fingerprint)
    assert plan.full_refresh is True
    assert plan.reason.startswith(reason)


def test_full_refresh_on_request(con: duckdb.DuckDBPyConnection) -> None:
    built(con)
    assert plan_build(con, "fp", force_full=True).full_refresh is True
    assert full_refresh_requested({"CALLSCOPE_FULL_REFRESH": "1"}) is True
    assert full_refresh_requested({}) is False


def test_the_fingerprint_follows_the_models_and_the_salt(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("name: x\n")
    model = tmp_path / "models" / "m.sql"
    model.write_text("select 1")
    first = project_fingerprint(tmp_path, "salt")
    assert project_fingerprint(tmp_path, "salt") == first
    assert project_fingerprint(tmp_path, "other salt") != first
    model.write_text("select 2")
    assert project_fingerprint(tmp_path, "salt") != first
