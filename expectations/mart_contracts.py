"""Suites for the marts without a hand-written suite: every published mart is checked.

Each mart declares its grain (the key columns) and its bounded shares (ratios of a count to the
count it is part of, which must lie in 0..1). Both block publishing: a duplicated key double
counts in every analyst's sum, a share above 1 means a component was counted outside its
denominator. Ratios that may legitimately leave 0..1 (NPS, annualised attrition, shrinkage and
absence rates, averages) are not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec


@dataclass(frozen=True)
class MartContract:
    mart: str
    keys: tuple[str, ...]
    shares: tuple[str, ...] = ()
    nullable_keys: tuple[str, ...] = ()  # a null here means "all" (e.g. the all-teams row)


CONTRACTS = (
    MartContract(
        "kpi_queue_monthly",
        ("queue_id", "local_month"),
        ("service_level", "answer_rate", "abandon_rate", "transfer_rate"),
    ),
    MartContract(
        "kpi_channel_daily",
        ("channel", "local_date"),
        ("service_level", "answer_rate", "abandon_rate", "transfer_rate"),
    ),
    MartContract(
        "kpi_customer_daily",
        ("local_date", "queue_id"),
        ("fcr_rate", "fcr_survey_rate", "csat_rate", "cross_channel_rate"),
        nullable_keys=("queue_id",),
    ),
    MartContract(
        "kpi_topic_daily",
        ("local_date", "queue_id", "topic"),
        ("topic_share_rate",),
        nullable_keys=("queue_id",),
    ),
    MartContract(
        "kpi_agent_daily",
        ("agent_id", "local_date"),
        ("transfer_rate", "occupancy", "utilization", "adherence_rate", "fcr_rate", "csat_rate"),
    ),
    MartContract(
        "kpi_workforce_monthly",
        ("month_start", "aggregation_level", "team_id", "site"),
        nullable_keys=("team_id", "site"),
    ),
    MartContract("kpi_business_monthly", ("month_start",), ("conversion_rate", "save_rate")),
    MartContract("kpi_cost_per_contact_monthly", ("month_start", "site")),
    MartContract(
        "kpi_staffing_interval",
        ("queue_id", "interval_start_at"),
        ("predicted_wait_probability", "predicted_service_level"),
    ),
    MartContract("kpi_scorecard_daily", ("local_date", "kpi")),
    MartContract("kpi_scorecard_monthly", ("month_start", "kpi")),
    MartContract("fct_contacts", ("initial_contact_id",)),
    MartContract(
        "fct_agent_state_intervals", ("agent_id", "state_started_at", "interval_start_at")
    ),
    MartContract("fct_survey_responses", ("response_id",)),
    MartContract("fct_interaction_analytics", ("contact_id",)),
    MartContract("fct_qa_evaluations", ("evaluation_id",)),
    MartContract("fct_cases", ("case_id",)),
    MartContract("fct_orders", ("order_id",)),
    MartContract("fct_absences", ("agent_id", "absence_date", "absence_type")),
    MartContract("dim_agents", ("agent_id",)),
    MartContract("dim_customers", ("customer_id",)),
    MartContract("dim_date", ("date",)),
    MartContract("dim_interval", ("interval_number",)),
)


ALL = "<all>"  # what a null nullable key stands for, in the uniqueness helper columns


def all_helper(key: str) -> str:
    return f"_{key}_or_all"


def add_all_keys(nullable_keys: tuple[str, ...]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Each nullable key as text with null spelled ALL, so that uniqueness compares two "all"
    rows as equal on both engines (a SQL join never matches null with null)."""

    def prepare(df: pd.DataFrame) -> pd.DataFrame:
        for key in nullable_keys:
            if key in df.columns:
                df[all_helper(key)] = df[key].astype("string").fillna(ALL)
        return df

    return prepare


def all_keys_sql(nullable_keys: tuple[str, ...]) -> dict[str, SqlHelper]:
    """add_all_keys() as SQL."""
    return {
        all_helper(key): SqlHelper(f"coalesce(cast({key} as varchar), '{ALL}')", (key,))
        for key in nullable_keys
    }


def build_suite(contract: MartContract) -> SuiteSpec:
    required = [key for key in contract.keys if key not in contract.nullable_keys]
    grain = [all_helper(k) if k in contract.nullable_keys else k for k in contract.keys]
    specs = [
        ExpectationSpec(
            "keys_present",
            "ExpectTableColumnsToMatchSet",
            {"column_set": [*contract.keys, *contract.shares], "exact_match": False},
            "key and share columns are a public contract: add more, rename none",
        ),
        ExpectationSpec(
            "key_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": grain, "ignore_row_if": "never"},
            f"one row per {', '.join(contract.keys)}: a repeated key double counts in every sum",
        )
        if len(contract.keys) > 1
        else ExpectationSpec(
            "key_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": contract.keys[0]},
            f"one row per {contract.keys[0]}: a repeated key double counts in every sum",
        ),
        *(
            ExpectationSpec(
                f"{key}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": key},
                f"{key} is part of the grain; a null key cannot be joined or filtered",
            )
            for key in required
        ),
        *(
            ExpectationSpec(
                f"{share}_between_0_and_1",
                "ExpectColumnValuesToBeBetween",
                {"column": share, "min_value": 0, "max_value": 1},
                f"{share} is a part over its whole; outside 0..1 a component left its denominator",
            )
            for share in contract.shares
        ),
    ]
    return SuiteSpec(
        name=contract.mart,
        expectations=tuple(specs),
        is_blocking=True,
        prepare=add_all_keys(contract.nullable_keys) if contract.nullable_keys else None,
        sql_helpers=all_keys_sql(contract.nullable_keys),
        description=f"{contract.mart}: grain {', '.join(contract.keys)}, shares in 0..1",
    )


MART_CONTRACT_SUITES: dict[str, SuiteSpec] = {c.mart: build_suite(c) for c in CONTRACTS}
