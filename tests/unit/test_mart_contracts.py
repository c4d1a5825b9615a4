"""Every published mart has a suite; the generic ones catch a repeated key and a share above 1."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations import MART_SUITES
from expectations.mart_contracts import MartContract, build_suite
from tests.unit.conftest import Validate

AGENT_DAY = MartContract("kpi_agent_daily", ("agent_id", "local_date"), ("occupancy",))
TEAM_MONTH = MartContract(
    "kpi_workforce_monthly", ("month_start", "team_id"), nullable_keys=("team_id",)
)


def _frame(**columns: list) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _failed(validate: Validate, contract: MartContract, frame: pd.DataFrame) -> list[str]:
    result = validate(build_suite(contract), frame)
    # an expectation on a column that is absent fails with GX's error, never silently
    raised = [o for o in result.outcomes if o.exception_message]
    assert all(not o.success and o.columns[0] not in frame.columns for o in raised)
    return sorted(o.name for o in result.failures)


def test_a_clean_mart_passes(validate: Validate) -> None:
    frame = _frame(
        agent_id=["a1", "a1", "a2"],
        local_date=["2026-03-27", "2026-03-28"] * 1 + ["2026-03-27"],
        occupancy=[0.8, None, 1.0],
    )
    assert _failed(validate, AGENT_DAY, frame) == []


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        # a1 on 03-27 twice: the grain repeats
        (
            _frame(agent_id=["a1", "a1"], local_date=["2026-03-27"] * 2, occupancy=[0.5, 0.5]),
            ["key_unique"],
        ),
        # a share of 1.25: on_contact + acw counted outside its denominator
        (
            _frame(agent_id=["a1"], local_date=["2026-03-27"], occupancy=[1.25]),
            ["occupancy_between_0_and_1"],
        ),
        (
            _frame(agent_id=[None], local_date=["2026-03-27"], occupancy=[0.5]),
            ["agent_id_not_null"],
        ),
        (
            _frame(agent_id=["a1"], local_date=["2026-03-27"]),
            ["keys_present", "occupancy_between_0_and_1"],
        ),
    ],
    ids=["repeated key", "share above 1", "null key", "missing column"],
)
def test_generic_suite_failures(
    frame: pd.DataFrame, expected: list[str], validate: Validate
) -> None:
    assert _failed(validate, AGENT_DAY, frame) == expected


def test_a_nullable_key_may_be_null_once_but_not_twice(validate: Validate) -> None:
    # the all-teams row has team_id null; two such rows for one month are a repeated grain
    once = _frame(month_start=["2026-03-01", "2026-03-01"], team_id=["T1", None])
    twice = _frame(month_start=["2026-03-01", "2026-03-01"], team_id=[None, None])
    assert _failed(validate, TEAM_MONTH, once) == []
    assert _failed(validate, TEAM_MONTH, twice) == ["key_unique"]


def test_every_kpi_mart_has_a_suite() -> None:
    marts = {
        "kpi_queue_interval",
        "kpi_queue_daily",
        "kpi_queue_monthly",
        "kpi_channel_daily",
        "kpi_agent_daily",
        "kpi_customer_daily",
        "kpi_workforce_monthly",
        "kpi_business_monthly",
        "kpi_staffing_interval",
        "kpi_scorecard_daily",
        "kpi_scorecard_monthly",
    }
    assert marts <= MART_SUITES.keys()
