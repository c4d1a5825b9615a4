"""Write-audit-publish on small build databases made by hand in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from orchestration.lib.duck import connect
from orchestration.lib.publish import (
    DATABASE_NAME,
    MartNotFoundError,
    NothingToRollBackError,
    PublishBuildError,
    VersionNotFoundError,
    current_version,
    list_versions,
    publish,
    read_manifest,
    rollback,
)
from orchestration.lib.publish_build import _in_chunks

MARTS = ["kpi_queue_daily", "fct_contacts"]

# A separate process: opens the published file read-only, says it is ready with the row count,
# waits for a line on stdin, then counts again through the same connection.
READER = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
count = "select count(*) from kpi_queue_daily"
print("ready", con.execute(count).fetchone()[0], flush=True)
sys.stdin.readline()
print("after", con.execute(count).fetchone()[0], flush=True)
"""


def make_build_db(directory: Path, days: int, start: str = "2026-03-01") -> Path:
    """A build db named like the real one, with `days` rows in marts.kpi_queue_daily from `start`.

    offered = 10 * day index, typed HUGEINT like DuckDB's sum(); fct_contacts is a view that
    names its own catalog, as dbt-duckdb writes it.
    """
    path = directory / "warehouse" / "callscope.duckdb"
    path.unlink(missing_ok=True)
    con = connect(path)
    con.execute("create schema intermediate")
    con.execute("create schema marts")
    con.execute(
        """
        create table marts.kpi_queue_daily as
        select
            'q_sales' as queue_id,
            cast(? as date) + i::integer as local_date,
            cast(? as timestamptz) + to_days(i::integer) as day_start_at,
            (10 * i)::hugeint as offered,
            0.5::double as service_level
        from range(?) as t(i)
        """,
        [start, f"{start} 00:00:00+00", days],
    )
    con.execute(
        "create table intermediate.int_contacts as"
        " select 'c' || i as contact_id from range(?) as t(i)",
        [days + 1],
    )
    con.execute(
        "create view marts.fct_contacts as select * from callscope.intermediate.int_contacts"
    )
    con.close()
    return path


def count_rows(database: Path, table: str = "kpi_queue_daily") -> int:
    con = connect(database, read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_twice_keeps_versions_and_points_at_newest(tmp_path: Path) -> None:
    published = tmp_path / "published"
    first = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="run-aaaa1111")
    second = publish(make_build_db(tmp_path, 3), published, MARTS, run_id="run-bbbb2222")

    assert list_versions(published) == [first.version, second.version]
    assert first.version < second.version and second.version.endswith("-runbbbb2")
    assert current_version(published) == second.version
    assert (published / "parquet").readlink() == Path("versions", second.version, "parquet")
    assert second.row_counts == {"kpi_queue_daily": 3, "fct_contacts": 4}  # days, days + 1
    assert json.loads(json.dumps(second.as_metadata()))["total_rows"] == 7  # 3 + 4
    assert count_rows(published / DATABASE_NAME) == 3
    assert count_rows(published / DATABASE_NAME, "fct_contacts") == 4
    # The old version is untouched.
    assert count_rows(first.version_dir / DATABASE_NAME) == 2


def test_published_file_is_read_only_and_typed(tmp_path: Path) -> None:
    published = tmp_path / "published"
    result = publish(make_build_db(tmp_path, 3), published, MARTS, run_id="r1")

    assert (published / DATABASE_NAME).stat().st_mode & 0o777 == 0o444
    con = connect(published / DATABASE_NAME, read_only=True)
    types = {row[0]: row[1] for row in con.execute("describe kpi_queue_daily").fetchall()}
    # offered 0 + 10 + 20 = 30
    assert con.execute("select sum(offered)::bigint from kpi_queue_daily").fetchone()[0] == 30
    con.close()
    assert types == {
        "queue_id": "VARCHAR",
        "local_date": "DATE",
        "day_start_at": "TIMESTAMP WITH TIME ZONE",
        "offered": "BIGINT",
        "service_level": "DOUBLE",
    }

    # A mart with local_date is one Parquet file per month; the 3 days are all in March.
    assert sorted(os.listdir(published / "parquet" / "kpi_queue_daily")) == [
        "kpi_queue_daily_2026-03.parquet"
    ]
    parquet = published / "parquet" / "kpi_queue_daily" / "kpi_queue_daily_2026-03.parquet"
    schema = pq.read_schema(parquet)
    assert str(schema.field("offered").type) == "int64"
    assert str(schema.field("day_start_at").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("local_date").type) == "date32[day]"
    con = connect(tmp_path / "reader.duckdb")
    rows = con.execute(
        "select local_date, day_start_at, offered from read_parquet(?) order by local_date",
        [str(parquet)],
    ).fetchall()
    parquet_types = [r[1] for r in con.execute(f"describe select * from '{parquet}'").fetchall()]
    con.close()
    assert rows[2][0] == date(2026, 3, 3) and rows[2][2] == 20  # day index 2: offered 10 * 2
    assert isinstance(rows[2][1], datetime) and rows[2][1].utcoffset().total_seconds() == 0
    assert parquet_types == ["VARCHAR", "DATE", "TIMESTAMP WITH TIME ZONE", "BIGINT", "DOUBLE"]
    assert (result.version_dir / "parquet" / "fct_contacts" / "fct_contacts.parquet").is_file()


def test_manifest_records_the_run(tmp_path: Path) -> None:
    published = tmp_path / "published"
    result = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="abc-123")
    manifest = read_manifest(published, result.version)
    on_disk = json.loads((result.version_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == on_disk
    assert manifest["marts"] == MARTS
    assert manifest["row_counts"] == {"kpi_queue_daily": 2, "fct_contacts": 3}
    assert manifest["run_id"] == "abc-123"
    assert datetime.fromisoformat(manifest["created_at"]).utcoffset().total_seconds() == 0


def test_keep_three_prunes_the_oldest_after_four_publishes(tmp_path: Path) -> None:
    published = tmp_path / "published"
    results = [
        publish(make_build_db(tmp_path, n), published, MARTS, keep=3, run_id=f"run{n}")
        for n in (1, 2, 3, 4)
    ]
    versions = [r.version for r in results]
    assert list_versions(published) == versions[1:]
    assert results[3].pruned == (versions[0],)
    assert not results[0].version_dir.exists()
    assert current_version(published) == versions[3]
    assert count_rows(published / DATABASE_NAME) == 4


def test_keep_one_never_deletes_the_version_just_published(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish(make_build_db(tmp_path, 1), published, MARTS, keep=1, run_id="a")
    latest = publish(make_build_db(tmp_path, 2), published, MARTS, keep=1, run_id="b")
    assert list_versions(published) == [latest.version]


def test_reader_process_keeps_old_file_and_does_not_block_publish(tmp_path: Path) -> None:
    published = tmp_path / "published"
    old = publish(make_build_db(tmp_path, 2), published, MARTS, keep=2, run_id="old")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published / DATABASE_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["ready", "2"]
        # Three publishes while the reader holds the file: keep=2 prunes the reader's version.
        for days in (3, 4, 5):
            publish(make_build_db(tmp_path, days), published, MARTS, keep=2, run_id=f"new{days}")
        assert count_rows(published / DATABASE_NAME) == 5  # a new connection sees the newest
        assert not old.version_dir.exists()
        out, err = reader.communicate("go\n", timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, err
    assert out.split() == ["after", "2"]  # the reader still reads its own (old, pruned) file


def test_missing_mart_raises_and_leaves_published_files_untouched(tmp_path: Path) -> None:
    published = tmp_path / "published"
    good = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="good")
    before_hash = sha256(published / DATABASE_NAME)
    before_link = (published / "parquet").readlink()

    with pytest.raises(MartNotFoundError, match="marts.no_such_mart") as raised:
        publish(make_build_db(tmp_path, 3), published, [*MARTS, "no_such_mart"], run_id="bad")

    assert raised.value.mart == "no_such_mart"
    assert sha256(published / DATABASE_NAME) == before_hash
    assert (published / "parquet").readlink() == before_link
    assert sorted(p.name for p in (published / "versions").iterdir()) == [good.version]
    assert sorted(p.name for p in published.iterdir()) == [DATABASE_NAME, "parquet", "versions"]
    assert current_version(published) == good.version


def test_failure_after_copying_removes_the_half_built_version(tmp_path: Path) -> None:
    published = tmp_path / "published"
    good = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="good")
    before_hash = sha256(published / DATABASE_NAME)
    build = make_build_db(tmp_path, 2)
    con = connect(build)
    # 2^70 does not fit the BIGINT the HUGEINT is cast to; copied after kpi_queue_daily.
    con.execute("create table marts.too_wide as select (2::hugeint ** 70)::hugeint as offered")
    con.close()

    with pytest.raises(PublishBuildError, match="copying mart too_wide: .*out of range"):
        publish(build, published, [*MARTS, "too_wide"], run_id="bad")

    assert sorted(p.name for p in (published / "versions").iterdir()) == [good.version]
    assert sha256(published / DATABASE_NAME) == before_hash
    assert current_version(published) == good.version


def test_missing_build_db_raises_before_any_swap(tmp_path: Path) -> None:
    published = tmp_path / "published"
    with pytest.raises(PublishBuildError, match="does not exist"):
        publish(tmp_path / "nowhere.duckdb", published, MARTS, run_id="x")
    assert list_versions(published) == []
    assert not (published / DATABASE_NAME).exists()
    assert list((published / "versions").iterdir()) == []


def test_rollback_to_previous_and_named_version(tmp_path: Path) -> None:
    published = tmp_path / "published"
    first = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="one")
    second = publish(make_build_db(tmp_path, 3), published, MARTS, run_id="two")

    assert rollback(published) == first.version
    assert current_version(published) == first.version
    assert count_rows(published / DATABASE_NAME) == 2
    assert (published / "parquet").readlink() == Path("versions", first.version, "parquet")
    assert pq.read_table(published / "parquet" / "kpi_queue_daily").num_rows == 2

    with pytest.raises(NothingToRollBackError):
        rollback(published)  # already at the oldest

    assert rollback(published, second.version) == second.version
    assert count_rows(published / DATABASE_NAME) == 3
    with pytest.raises(VersionNotFoundError):
        rollback(published, "20000101T000000000000Z-nope")


def test_rollback_before_any_publish_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NothingToRollBackError):
        rollback(tmp_path / "published")


def test_swap_leaves_no_temporary_names(tmp_path: Path) -> None:
    published = tmp_path / "published"
    for n in (1, 2):
        publish(make_build_db(tmp_path, n), published, MARTS, run_id=f"r{n}")
    assert sorted(os.listdir(published)) == [DATABASE_NAME, "parquet", "versions"]


def published_rows(database: Path, table: str = "kpi_queue_daily") -> list[tuple]:
    con = connect(database, read_only=True)
    try:
        return con.execute(f"select * from {table} order by all").fetchall()
    finally:
        con.close()


def build_rows(build: Path) -> list[tuple]:
    """marts.kpi_queue_daily of a build db as it should be published (offered as BIGINT)."""
    con = connect(build, read_only=True)
    try:
        return con.execute(
            "select * replace (offered::bigint as offered) from marts.kpi_queue_daily order by all"
        ).fetchall()
    finally:
        con.close()


def parquet_files(version_dir: Path, mart: str = "kpi_queue_daily") -> dict[str, int]:
    """File name -> inode of a version's Parquet files for `mart`."""
    return {p.name: p.stat().st_ino for p in sorted((version_dir / "parquet" / mart).iterdir())}


def change_build(build: Path, sql: str) -> None:
    con = connect(build)
    try:
        con.execute(sql)
    finally:
        con.close()


def test_second_publish_rewrites_only_the_changed_month(tmp_path: Path) -> None:
    published = tmp_path / "published"
    # 2026-03-30 .. 2026-04-02: two March days (offered 0, 10), two April days (20, 30).
    first = publish(make_build_db(tmp_path, 4, "2026-03-30"), published, MARTS, run_id="one")
    assert first.based_on is None and first.chunks_reused == 0
    assert first.chunks_written == 3  # March, April of kpi_queue_daily; fct_contacts whole

    build = make_build_db(tmp_path, 4, "2026-03-30")
    change_build(build, "update marts.kpi_queue_daily set offered = 99 where offered = 30")
    second = publish(build, published, MARTS, run_id="two")

    assert second.based_on == first.version
    assert (second.chunks_written, second.chunks_reused) == (1, 2)  # April; March, fct_contacts
    before, after = parquet_files(first.version_dir), parquet_files(second.version_dir)
    assert list(after) == ["kpi_queue_daily_2026-03.parquet", "kpi_queue_daily_2026-04.parquet"]
    assert after["kpi_queue_daily_2026-03.parquet"] == before["kpi_queue_daily_2026-03.parquet"]
    assert after["kpi_queue_daily_2026-04.parquet"] != before["kpi_queue_daily_2026-04.parquet"]
    april = pq.read_table(
        second.version_dir / "parquet" / "kpi_queue_daily" / "kpi_queue_daily_2026-04.parquet"
    )
    assert sorted(april.column("offered").to_pylist()) == [20, 99]
    assert published_rows(published / DATABASE_NAME) == build_rows(build)
    assert [r[3] for r in published_rows(published / DATABASE_NAME)] == [0, 10, 20, 99]
    assert published_rows(first.version_dir / DATABASE_NAME)[-1][3] == 30  # old file untouched
    manifest = read_manifest(published, second.version)
    assert manifest["chunks_written"] == {"kpi_queue_daily": 1, "fct_contacts": 0}
    # April's Parquet file is rewritten whole, the database file only on the day that changed
    assert manifest["rows_written"] == {"kpi_queue_daily": 1, "fct_contacts": 0}
    assert second.rows_written == 1
    days = manifest["fingerprints"]["kpi_queue_daily"]
    assert sorted(days) == ["2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"]
    assert days["2026-04-02"][0] == 1  # rows
    first_days = read_manifest(published, first.version)["fingerprints"]["kpi_queue_daily"]
    assert days["2026-04-01"] == first_days["2026-04-01"]
    assert days["2026-04-02"] != first_days["2026-04-02"]


def published_contacts(database: Path) -> list[str]:
    con = connect(database, read_only=True)
    try:
        return [
            r[0] for r in con.execute("select contact_id from fct_contacts order by 1").fetchall()
        ]
    finally:
        con.close()


def test_a_one_chunk_mart_rewrites_only_its_changed_rows(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish(make_build_db(tmp_path, 4), published, MARTS, run_id="one")  # contacts c0..c4
    build = make_build_db(tmp_path, 4)
    change_build(
        build, "update intermediate.int_contacts set contact_id = 'c9' where contact_id = 'c2'"
    )
    second = publish(build, published, MARTS, run_id="two")

    manifest = read_manifest(published, second.version)
    assert manifest["rows_written"] == {"kpi_queue_daily": 0, "fct_contacts": 1}  # c9
    assert manifest["chunks_written"]["fct_contacts"] == 1  # its one Parquet file, whole
    assert published_contacts(published / DATABASE_NAME) == ["c0", "c1", "c3", "c4", "c9"]
    contacts = pq.read_table(
        second.version_dir / "parquet" / "fct_contacts" / "fct_contacts.parquet"
    )
    assert sorted(contacts.column("contact_id").to_pylist()) == ["c0", "c1", "c3", "c4", "c9"]


def test_a_one_chunk_mart_with_duplicate_rows_is_rewritten_whole(tmp_path: Path) -> None:
    """Two equal rows have one hash: the row diff cannot count them, so the chunk is rewritten."""
    published = tmp_path / "published"
    build = make_build_db(tmp_path, 4)
    change_build(build, "insert into intermediate.int_contacts values ('c0')")
    publish(build, published, MARTS, run_id="one")
    change_build(build, "delete from intermediate.int_contacts where contact_id = 'c4'")
    second = publish(build, published, MARTS, run_id="two")

    assert read_manifest(published, second.version)["rows_written"]["fct_contacts"] == 5
    assert published_contacts(published / DATABASE_NAME) == ["c0", "c0", "c1", "c2", "c3"]


def test_a_month_that_lost_its_rows_leaves_the_published_version(tmp_path: Path) -> None:
    published = tmp_path / "published"
    first = publish(make_build_db(tmp_path, 4, "2026-03-30"), published, MARTS, run_id="one")
    build = make_build_db(tmp_path, 4, "2026-03-30")
    change_build(build, "delete from marts.kpi_queue_daily where local_date >= '2026-04-01'")
    second = publish(build, published, MARTS, run_id="two")

    assert second.based_on == first.version
    assert list(parquet_files(second.version_dir)) == ["kpi_queue_daily_2026-03.parquet"]
    assert [r[3] for r in published_rows(published / DATABASE_NAME)] == [0, 10]
    assert second.row_counts == {"kpi_queue_daily": 2, "fct_contacts": 5}  # 4 days + 1 contacts


def test_new_month_and_new_column_are_published_in_full(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish(make_build_db(tmp_path, 2, "2026-03-30"), published, MARTS, run_id="one")
    build = make_build_db(tmp_path, 4, "2026-03-30")  # April appears, March unchanged
    change_build(
        build,
        "alter table intermediate.int_contacts add column channel varchar default 'voice';"
        " create or replace view marts.fct_contacts as"
        " select * from callscope.intermediate.int_contacts",
    )
    second = publish(build, published, MARTS, run_id="two")

    assert second.chunks_reused == 1  # March of kpi_queue_daily
    assert second.chunks_written == 2  # April; fct_contacts, whose columns changed
    assert published_rows(published / DATABASE_NAME) == build_rows(build)
    con = connect(published / DATABASE_NAME, read_only=True)
    assert con.execute("select distinct channel from fct_contacts").fetchall() == [("voice",)]
    con.close()


def test_a_mart_no_longer_published_is_dropped(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish(make_build_db(tmp_path, 2), published, MARTS, run_id="one")
    second = publish(make_build_db(tmp_path, 2), published, ["kpi_queue_daily"], run_id="two")
    con = connect(published / DATABASE_NAME, read_only=True)
    tables = [name for (name,) in con.execute("show tables").fetchall()]
    con.close()
    assert second.chunks_reused == 1 and tables == ["kpi_queue_daily"]
    assert sorted(os.listdir(second.version_dir / "parquet")) == ["kpi_queue_daily"]


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"duckdb_version": "0.0.1"}, "another DuckDB version wrote the fingerprints"),
        ({"fingerprints": None}, "a version published before fingerprints"),
        ({"fingerprint_grain": None}, "a version fingerprinted by month (before days)"),
    ],
)
def test_a_version_that_cannot_be_trusted_is_not_reused(
    tmp_path: Path, edit: dict, reason: str
) -> None:
    published = tmp_path / "published"
    first = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="one")
    manifest_path = first.version_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.update(edit)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    second = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="two")
    assert second.based_on is None, reason
    assert (second.chunks_written, second.chunks_reused) == (2, 0)
    assert published_rows(published / DATABASE_NAME) == published_rows(
        first.version_dir / DATABASE_NAME
    )


def test_incremental_false_publishes_everything(tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish(make_build_db(tmp_path, 2), published, MARTS, run_id="one")
    second = publish(make_build_db(tmp_path, 2), published, MARTS, run_id="two", incremental=False)
    assert second.based_on is None and second.chunks_written == 2


def test_a_mart_without_local_date_is_chunked_by_its_own_day(tmp_path: Path) -> None:
    """Cases by the month of opened_date, orders by the UTC month of ordered_at (CHUNK_COLUMNS);
    a mart with neither is one file."""
    build = make_build_db(tmp_path, 2)
    change_build(
        build,
        """
        create table marts.fct_cases as
        select * from (values
            ('c1', date '2026-03-31'), ('c2', date '2026-04-01'), ('c3', null::date)
        ) as cases(case_id, opened_date);
        create table marts.fct_orders as
        select * from (values
            ('o1', timestamptz '2026-03-31 23:30:00-02:00'),
            ('o2', timestamptz '2026-03-31 21:30:00-02:00')
        ) as orders(order_id, ordered_at);
        create table marts.dim_customers as select 'k1' as customer_id;
        """,
    )
    marts = [*MARTS, "fct_cases", "fct_orders", "dim_customers"]
    published = tmp_path / "published"
    first = publish(build, published, marts, run_id="one")

    assert list(parquet_files(first.version_dir, "fct_cases")) == [
        "fct_cases_2026-03.parquet",
        "fct_cases_2026-04.parquet",
        "fct_cases_none.parquet",  # opened_date null
    ]
    # o1 is 2026-04-01 01:30 UTC, o2 2026-03-31 23:30 UTC
    assert list(parquet_files(first.version_dir, "fct_orders")) == [
        "fct_orders_2026-03.parquet",
        "fct_orders_2026-04.parquet",
    ]
    april = pq.read_table(
        first.version_dir / "parquet" / "fct_orders" / "fct_orders_2026-04.parquet"
    )
    assert april.column("order_id").to_pylist() == ["o1"]
    assert list(parquet_files(first.version_dir, "dim_customers")) == ["dim_customers.parquet"]

    # A case of April changes: only that month is written again.
    change_build(build, "update marts.fct_cases set case_id = 'c2b' where case_id = 'c2'")
    second = publish(build, published, marts, run_id="two")
    manifest = read_manifest(published, second.version)
    assert manifest["chunks_written"]["fct_cases"] == 1
    before, after = (
        parquet_files(first.version_dir, "fct_cases"),
        parquet_files(second.version_dir, "fct_cases"),
    )
    assert after["fct_cases_2026-03.parquet"] == before["fct_cases_2026-03.parquet"]
    assert after["fct_cases_2026-04.parquet"] != before["fct_cases_2026-04.parquet"]
    assert manifest["rows_written"]["fct_cases"] == 1  # c2's day, 2026-04-01
    assert sorted(manifest["fingerprints"]["fct_orders"]) == ["2026-03-31", "2026-04-01"]

    # An order changes: its UTC day is written again in the database file, its month in Parquet.
    change_build(build, "update marts.fct_orders set order_id = 'o2b' where order_id = 'o2'")
    third = publish(build, published, marts, run_id="three")
    manifest = read_manifest(published, third.version)
    assert manifest["rows_written"]["fct_orders"] == 1
    assert manifest["chunks_written"]["fct_orders"] == 1
    con = connect(published / DATABASE_NAME, read_only=True)
    orders = con.execute("select order_id from fct_orders order by order_id").fetchall()
    con.close()
    assert orders == [("o1",), ("o2b",)]


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ({"2026-12"}, ["2026-12-01", "2026-12-31"]),
        ({"2026-12", "2027-01"}, ["2026-12-01", "2026-12-31", "2027-01-01"]),
        ({"2026-11", "2027-01"}, ["2026-11-30", "2027-01-01"]),
        ({"none"}, [None]),
        ({"2026-12", "none"}, ["2026-12-01", "2026-12-31", None]),
        ({"2026-12-31"}, ["2026-12-31"]),
        ({"2026-12-31", "2027-01-01"}, ["2026-12-31", "2027-01-01"]),
        ({"2026-11-30", "2027-02-01"}, ["2026-11-30", "2027-02-01"]),
        ({"2026-12-01", "none"}, ["2026-12-01", None]),
    ],
)
def test_a_chunk_filter_selects_exactly_its_months_or_days(
    chunks: set[str], expected: list
) -> None:
    """The filter of the months (Parquet files) or days (database rows) a publish rewrites bounds
    the day by literals (for DuckDB's zone maps) across a year's end, and still selects each
    month or day whole and the rows without a day."""
    days = ["2026-11-30", "2026-12-01", "2026-12-31", "2027-01-01", "2027-02-01", None]
    con = connect(":memory:")
    try:
        con.execute("create table t as select unnest(?::date[]) as local_date", [days])
        where = _in_chunks("local_date", [["local_date", "DATE"]], chunks)
        rows = con.execute(f"select local_date::varchar from t where {where} order by 1").fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == expected


def test_a_chunk_filter_refuses_months_mixed_with_days() -> None:
    with pytest.raises(ValueError, match="chunk keys mix months and days"):
        _in_chunks("local_date", [["local_date", "DATE"]], {"2026-12", "2026-12-01"})
