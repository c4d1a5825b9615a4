"""Suites validated side by side in worker processes (orchestration/lib/quality_pool.py) give
what one process gives, in order, and raise what one process raises."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.duck import MEMORY_LIMIT_ENV, connect
from orchestration.lib.quality import ExpectationSpec, SuiteRunError, SuiteSpec
from orchestration.lib.quality_pool import (
    WORKERS_ENV,
    SuiteJob,
    _memory_share,
    gx_workers,
    run_suites_sql,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pool.duckdb"
    with closing(connect(path)) as con:
        con.execute(
            "create table calls as select * from (values"
            " ('c1', 'voice', 30), ('c2', 'chat', null), ('c3', 'fax', 12)"
            ") as calls(contact_id, channel, wait_seconds)"
        )
    return path


def suite(name: str) -> SuiteSpec:
    return SuiteSpec(
        name,
        (
            ExpectationSpec(
                "channel_known",
                "ExpectColumnValuesToBeInSet",
                {"column": "channel", "value_set": ["voice", "chat"]},
                "r",
            ),
            ExpectationSpec(
                "wait_present", "ExpectColumnValuesToNotBeNull", {"column": "wait_seconds"}, "r"
            ),
            ExpectationSpec(
                "id_unique", "ExpectColumnValuesToBeUnique", {"column": "contact_id"}, "r"
            ),
        ),
    )


def outcomes(results) -> list:
    return [
        (r.suite_name, r.row_count, r.success, [o.as_dict() for o in r.outcomes])
        for r, _seconds in results
    ]


def test_workers_give_the_results_of_one_process_in_order(db: Path) -> None:
    jobs = [
        SuiteJob(suite("all"), "select * from calls"),
        SuiteJob(suite("voice"), "select * from calls where channel = 'voice'"),
        SuiteJob(suite("none"), "select * from calls where false"),
        SuiteJob(suite("chat"), "select * from calls where channel <> 'voice'"),
    ]
    alone = outcomes(run_suites_sql(jobs, db, workers=1))
    side_by_side = outcomes(run_suites_sql(jobs, db, workers=2))

    assert side_by_side == alone
    assert [(name, rows, ok) for name, rows, ok, _ in alone] == [
        ("all", 3, False),
        ("voice", 1, True),
        ("none", 0, True),
        ("chat", 2, False),
    ]
    failed = {name: [o["name"] for o in found if not o["success"]] for name, _, _, found in alone}
    assert failed == {
        "all": ["channel_known", "wait_present"],  # fax; c2 without a wait
        "voice": [],
        "none": [],
        "chat": ["channel_known", "wait_present"],
    }


def test_a_suite_that_cannot_run_raises_the_same_error_from_a_worker(db: Path) -> None:
    jobs = [
        SuiteJob(suite("fine"), "select * from calls"),
        SuiteJob(suite("broken"), "select * from no_such_table"),
    ]
    errors = []
    for workers in (1, 2):
        with pytest.raises(SuiteRunError) as raised:
            list(run_suites_sql(jobs, db, workers=workers))
        errors.append(raised.value)
    alone, worker = errors
    assert worker.suite_name == alone.suite_name == "broken"
    assert str(worker) == str(alone)
    assert str(alone).startswith("suite 'broken' could not run: CatalogException: ")
    assert "no_such_table" in str(alone)


def test_each_worker_gets_its_share_of_the_memory_limit(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "2GB")
    share = _memory_share(2)
    assert share == "1000MB"  # DuckDB's GB is 1000^3 bytes
    with closing(duckdb.connect(":memory:")) as con:
        con.execute("set memory_limit = ?", [share])
        shared = con.execute("select current_setting('memory_limit')").fetchone()[0]
    limit_suite = SuiteSpec(
        "limit",
        (
            ExpectationSpec(
                "share",
                "ExpectColumnValuesToBeInSet",
                {"column": "memory_limit", "value_set": [shared]},
                "r",
            ),
        ),
    )
    job = SuiteJob(limit_suite, "select current_setting('memory_limit') as memory_limit")
    in_workers = [r.success for r, _ in run_suites_sql([job, job], db, workers=2)]
    alone = [r.success for r, _ in run_suites_sql([job], db, workers=1)]
    assert in_workers == [True, True]
    assert alone == [False]  # the calling process keeps the whole limit


@pytest.mark.parametrize(
    ("limit", "workers", "share"),
    [("3GB", 2, "1500MB"), ("3 GiB", 2, "1610MB"), ("1536mb", 2, "768MB"), ("100MB", 2, "64MB")],
)
def test_memory_share(
    monkeypatch: pytest.MonkeyPatch, limit: str, workers: int, share: str
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, limit)
    assert _memory_share(workers) == share


def test_memory_share_refuses_what_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "80%")
    with pytest.raises(ValueError, match=f"{MEMORY_LIMIT_ENV}: cannot read '80%'"):
        _memory_share(2)


@pytest.mark.parametrize(
    ("configured", "days", "expected"),
    [("", 1, "per core"), ("", 7, "per core"), ("", 8, 1), ("3", 30, 3), ("1", 1, 1)],
)
def test_gx_workers(monkeypatch: pytest.MonkeyPatch, configured: str, days: int, expected) -> None:
    monkeypatch.setenv(WORKERS_ENV, configured)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert gx_workers(days) == (2 if expected == "per core" else expected)


@pytest.mark.parametrize(
    ("configured", "message"),
    [("0", "must be at least 1, got 0"), ("two", "must be a whole number, got 'two'")],
)
def test_gx_workers_refuses_a_bad_setting(
    monkeypatch: pytest.MonkeyPatch, configured: str, message: str
) -> None:
    monkeypatch.setenv(WORKERS_ENV, configured)
    with pytest.raises(ValueError, match=f"{WORKERS_ENV} {message}"):
        gx_workers(1)
