"""The GX suites run as one multi-asset check per layer: each suite is still its own blocking
check of its own asset, a failing one stops what is downstream, and a subset runs alone."""

from __future__ import annotations

from dagster import (
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    asset,
    materialize,
)

from orchestration.defs.quality.checks import build_suite_checks
from orchestration.defs.resources import WarehouseResource

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


def fake_validate(failing: set[str]):
    def validate(context, warehouse, target: str) -> AssetCheckResult:
        key = KEYS[target]
        return AssetCheckResult(
            asset_key=key.asset_key,
            check_name=key.name,
            passed=target not in failing,
            severity=AssetCheckSeverity.ERROR,
        )

    return validate


def run(failing: set[str], selection=None):
    downstream_ran.clear()
    checks = build_suite_checks(
        "gx_test", KEYS, {"good": "good suite", "bad": "bad suite"}, fake_validate(failing)
    )
    return materialize(
        [good, bad, published, checks],
        resources={"warehouse": WarehouseResource()},
        selection=selection,
        raise_on_error=False,
    )


def check_outcomes(result) -> dict[str, bool]:
    return {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }


def test_each_suite_is_its_own_check_and_all_pass() -> None:
    result = run(set())
    assert result.success
    assert check_outcomes(result) == {"gx_good": True, "gx_bad": True}
    assert downstream_ran == ["published"]


def test_a_failing_blocking_suite_stops_the_downstream_asset() -> None:
    result = run({"bad"})
    assert not result.success
    assert check_outcomes(result) == {"gx_good": True, "gx_bad": False}
    assert downstream_ran == []


def test_a_subset_runs_only_the_selected_suites() -> None:
    selection = AssetSelection.assets(GOOD, BAD).without_checks() | AssetSelection.checks(
        KEYS["good"]
    )
    result = run(set(), selection=selection)
    assert check_outcomes(result) == {"gx_good": True}
