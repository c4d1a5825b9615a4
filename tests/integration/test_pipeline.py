"""The nightly pipeline end to end: landing -> raw -> dbt -> checks -> published marts."""

from __future__ import annotations

import shutil
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline, assert_ran, make_pipeline

COMPONENTS = [
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "answered_within_sl",
    "abandoned_within_sl",
    "transferred",
    "handled",
    "wait_seconds_answered",
    "wait_seconds_abandoned",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
]


def _query(pipeline: Pipeline, sql: str) -> list[tuple]:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(sql).fetchall()


def _local_day_intervals(tz: str, day: date, minutes: int = 30) -> int:
    """Half-hours between local midnight and the next, counted on the UTC clock."""
    zone = ZoneInfo(tz)
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    utc = ZoneInfo("UTC")
    return int((end.astimezone(utc) - start.astimezone(utc)).total_seconds() // (minutes * 60))


def test_published_file_holds_the_marts(published: Pipeline) -> None:
    tables = {row[0] for row in _query(published, "show tables")}
    assert {"dim_queues", "fct_contact_segments", "kpi_queue_interval", "kpi_queue_daily"} <= tables
    assert _query(published, "select count(*) from kpi_queue_daily")[0][0] > 0
    parquet = published.paths.published_dir / "parquet" / "kpi_queue_daily"
    assert list(parquet.glob("*.parquet"))


def test_every_interval_of_every_local_day_is_present(published: Pipeline) -> None:
    rows = _query(
        published,
        """
        select i.queue_id, q.timezone, i.local_date, count(*), count(distinct i.interval_start_at)
        from kpi_queue_interval i join dim_queues q on q.queue_id = i.queue_id and q.is_current
        group by all order by all
        """,
    )
    assert rows
    for queue_id, tz, day, count, distinct_starts in rows:
        assert count == distinct_starts == _local_day_intervals(tz, day), (queue_id, day)
    # Berlin springs forward on 2026-03-29: 23 hours, 46 half-hours.
    berlin = [
        count for _, tz, day, count, _ in rows if tz == "Europe/Berlin" and day == date(2026, 3, 29)
    ]
    assert berlin and set(berlin) == {46}


@pytest.mark.parametrize("component", COMPONENTS)
def test_daily_totals_equal_the_sum_of_intervals(published: Pipeline, component: str) -> None:
    mismatches = _query(
        published,
        f"""
        select d.queue_id, d.local_date, d.{component}, i.total
        from kpi_queue_daily d
        join (select queue_id, local_date, sum({component}) as total
              from kpi_queue_interval group by all) i using (queue_id, local_date)
        where d.{component} is distinct from i.total
        """,
    )
    assert mismatches == []


def test_daily_offered_equals_the_queued_segments(published: Pipeline) -> None:
    totals = _query(
        published,
        "select (select sum(offered) from kpi_queue_daily),"
        " (select count(*) from fct_contact_segments)",
    )[0]
    assert totals[0] == totals[1] > 0


def test_a_site_with_only_acd_contacts_and_queues_gets_queue_kpis(
    tmp_path: Path, generated_landing: Path
) -> None:
    pipeline = make_pipeline(tmp_path)
    for extract in ("acd_contacts", "acd_queues"):
        shutil.copytree(generated_landing / extract, pipeline.paths.landing_dir / extract)
    assert_ran(pipeline.run())
    assert pipeline.paths.published_path == tmp_path / "data" / "published" / "callscope.duckdb"
    assert _query(pipeline, "select sum(offered) > 0 from kpi_queue_daily") == [(True,)]
    assert not (generated_landing.parent / "data").exists()


def test_a_reader_on_the_published_file_does_not_block_the_next_run(published: Pipeline) -> None:
    reader = duckdb.connect(str(published.paths.published_path), read_only=True)
    try:
        before = reader.execute("select count(*) from kpi_queue_daily").fetchone()
        assert_ran(published.run())
        assert reader.execute("select count(*) from kpi_queue_daily").fetchone() == before
    finally:
        reader.close()


def test_the_run_log_records_every_check_and_the_publication(published: Pipeline) -> None:
    rows = _query(
        published,
        """
        select kind, count(*), count(*) filter (where is_blocking and not passed),
            count(distinct run_id)
        from dq_run_log
        where run_id = (select run_id from dq_run_log where kind = 'publish' and passed
                        order by logged_at desc limit 1)
        group by kind order by kind
        """,
    )
    (check_kind, checks, checks_blocked, runs), (publish_kind, publishes, publish_failed, _) = rows
    assert (check_kind, publish_kind, runs) == ("check", "publish", 1)
    # one row per GX suite (14 raw extracts + the audited marts) and the quarantine gate
    assert checks >= 15
    assert checks_blocked == 0
    assert (publishes, publish_failed) == (1, 0)


def test_the_publication_shows_the_run_report_in_dagster(published: Pipeline) -> None:
    from dagster import AssetKey, DagsterInstance

    with DagsterInstance.from_config(published.env["DAGSTER_HOME"]) as instance:
        event = instance.get_latest_materialization_event(AssetKey(["published", "callscope"]))
    assert event is not None
    report = event.asset_materialization.metadata["run_report"].value
    run_id = event.run_id
    published_line = f"Published {published.paths.published_path}:"
    assert f"Run {run_id}" in report
    assert "Rows per extract: landed = staged + duplicates + quarantined" in report
    assert published_line in report
    # the counts in the report are the published table's
    (segments,) = _query(published, "select count(*) from fct_contact_segments")[0]
    assert any(
        line.split() == ["fct_contact_segments", f"{segments:,}"] for line in report.splitlines()
    )
