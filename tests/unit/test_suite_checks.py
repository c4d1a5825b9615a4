"""The GX suites run as one multi-asset check per layer: each suite is still its own blocking
check of its own asset, a failing one stops what is downstream, a subset runs alone, and every
check that ran is logged to dq_run_log in one write, even when a later suite raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import (
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    asset,
    materialize,
)

from orchestration.defs.quality.checks import build_suite_checks, check_entry
from orchestration.defs.resources import WarehouseResource
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


class SuiteCrashed(Exception):
    pass


def fake_validate(failing: set[str], crashing: set[str]):
    def validate(context, warehouse, target: str):
        if target in crashing:
            raise SuiteCrashed(target)
        key = KEYS[target]
        passed = target not in failing
        result = AssetCheckResult(
            asset_key=key.asset_key,
            check_name=key.name,
            passed=passed,
            severity=AssetCheckSeverity.ERROR,
        )
        return result, check_entry(context, key, passed=passed, is_blocking=True, detail=target)

    return validate


@pytest.fixture
def run(tmp_path: Path):
    warehouse = WarehouseResource(data_dir=str(tmp_path), landing_dir=str(tmp_path / "landing"))

    def run_checks(failing: set[str], selection=None, crashing: frozenset[str] = frozenset()):
        downstream_ran.clear()
        checks = build_suite_checks(
            "gx_test",
            KEYS,
            {"good": "good suite", "bad": "bad suite"},
            fake_validate(failing, set(crashing)),
        )
        result = materialize(
            [good, bad, published, checks],
            resources={"warehouse": warehouse},
            selection=selection,
            raise_on_error=False,
            tags={"dagster/partition": "2026-03-27"},
        )
        logged = entries(warehouse.paths().warehouse_path, result.run_id)
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
