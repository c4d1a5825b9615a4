"""The GX suites run as one multi-asset check per layer: each suite is still its own blocking
check of its own asset, a failing one stops what is downstream, a subset runs alone, and every
check that ran is logged to dq_run_log in one write, even when a later suite raises. A run of
one day validates in worker processes (orchestration/lib/quality_pool.py); so do these."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from dagster import (
    AssetCheckKey,
    AssetKey,
    AssetSelection,
    asset,
    materialize,
)

from orchestration.defs.quality.checks import build_suite_checks
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.duck import connect
from orchestration.lib.quality import ExpectationSpec, SuiteSpec
from orchestration.lib.quality_pool import SuiteJob
from orchestration.lib.run_log import entries

GOOD, BAD = AssetKey(["marts", "good"]), AssetKey(["marts", "bad"])
KEYS = {"good": AssetCheckKey(GOOD, "gx_good"), "bad": AssetCheckKey(BAD, "gx_bad")}
downstream_ran: list[str] = []


@asset(key=GOOD)
def good() -> None:
    return None


@asset(key=BAD)
def bad() -> None:
    return None


@asset(deps=[GOOD, BAD])
def published() -> None:
    downstream_ran.append("published")


def suite(name: str, allowed: list[int]) -> SuiteSpec:
    return SuiteSpec(
        name,
        (
            ExpectationSpec(
                "x_allowed",
                "ExpectColumnValuesToBeInSet",
                {"column": "x", "value_set": allowed},
                "r",
            ),
        ),
    )


def fake_jobs(failing: set[str], crashing: set[str]):
    """Real suites on a one-row table: a failing one expects another value, a crashing one
    reads a table that does not exist (SuiteRunError)."""

    def job_for(context, target: str) -> tuple[SuiteJob, str]:
        table = "marts.missing" if target in crashing else "marts.t"
        allowed = [2] if target in failing else [1]
        return SuiteJob(suite(f"suite_{target}", allowed), f"select * from {table}"), table

    return job_for


@pytest.fixture
def run(tmp_path: Path):
    warehouse = WarehouseResource(data_dir=str(tmp_path), landing_dir=str(tmp_path / "landing"))
    path = warehouse.paths().warehouse_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(connect(path)) as con:
        con.execute("create schema marts; create table marts.t as select 1 as x")

    def run_checks(failing: set[str], selection=None, crashing: frozenset[str] = frozenset()):
        downstream_ran.clear()
        checks = build_suite_checks(
            "gx_test",
            KEYS,
            {"good": "good suite", "bad": "bad suite"},
            fake_jobs(failing, set(crashing)),
        )
        result = materialize(
            [good, bad, published, checks],
            resources={"warehouse": warehouse},
            selection=selection,
            raise_on_error=False,
            tags={"dagster/partition": "2026-03-27"},
        )
        logged = entries(path, result.run_id)
        return result, {(entry.name, entry.passed) for entry in logged}

    return run_checks


def check_outcomes(result) -> dict[str, bool]:
    return {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }


def test_each_suite_is_its_own_check_and_all_pass(run) -> None:
    result, logged = run(set())
    assert result.success
    assert check_outcomes(result) == {"gx_good": True, "gx_bad": True}
    assert downstream_ran == ["published"]
    assert logged == {("gx_good", True), ("gx_bad", True)}


def test_a_failing_blocking_suite_stops_the_downstream_asset(run) -> None:
    result, logged = run({"bad"})
    assert not result.success
    assert check_outcomes(result) == {"gx_good": True, "gx_bad": False}
    assert downstream_ran == []
    assert logged == {("gx_good", True), ("gx_bad", False)}


def test_a_suite_that_raises_still_leaves_the_checks_before_it_logged(run) -> None:
    result, logged = run(set(), crashing=frozenset({"bad"}))
    assert not result.success
    assert downstream_ran == []
    assert logged == {("gx_good", True)}


def test_a_subset_runs_only_the_selected_suites(run) -> None:
    selection = AssetSelection.assets(GOOD, BAD).without_checks() | AssetSelection.checks(
        KEYS["good"]
    )
    result, logged = run(set(), selection=selection)
    assert check_outcomes(result) == {"gx_good": True}
    assert logged == {("gx_good", True)}
