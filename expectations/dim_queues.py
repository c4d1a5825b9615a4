"""Expectations on the dim_queues mart: the settings history every queue KPI joins to.

Every rule blocks publishing: a queue with two current versions, or without a timezone or an
SL threshold, attributes contacts to the wrong local day or the wrong service level.
"""

from __future__ import annotations

from zoneinfo import available_timezones

import pandas as pd

from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec

CONTRACT_COLUMNS = (
    "queue_id",
    "version_number",
    "queue_name",
    "channel",
    "purpose",
    "timezone",
    "sl_threshold_seconds",
    "sl_target_pct",
    "short_abandon_seconds",
    "valid_from_at",
    "valid_to_at",
    "is_current",
    "updated_at",
)
REQUIRED = (
    "queue_id",
    "version_number",
    "timezone",
    "sl_threshold_seconds",
    "sl_target_pct",
    "short_abandon_seconds",
    "is_current",
)
CURRENT_VERSIONS = "_current_versions"


def add_current_versions(df: pd.DataFrame) -> pd.DataFrame:
    """The number of current versions of each row's queue (must be exactly 1)."""
    if {"queue_id", "is_current"} <= set(df.columns):
        current = df["is_current"].fillna(False).astype(int)
        df[CURRENT_VERSIONS] = current.groupby(df["queue_id"]).transform("sum")
    return df


# add_current_versions() as SQL.
CURRENT_VERSIONS_SQL = {
    CURRENT_VERSIONS: SqlHelper(
        "sum(case when coalesce(is_current, false) then 1 else 0 end) over (partition by queue_id)",
        ("queue_id", "is_current"),
    )
}


def _build() -> SuiteSpec:
    specs = [
        ExpectationSpec(
            "columns_present",
            "ExpectTableColumnsToMatchSet",
            {"column_set": list(CONTRACT_COLUMNS), "exact_match": False},
            "column names are a public contract: add more, rename none",
        ),
        ExpectationSpec(
            "queue_version_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["queue_id", "version_number"], "ignore_row_if": "never"},
            "one row per queue settings version",
        ),
        ExpectationSpec(
            "one_current_version_per_queue",
            "ExpectColumnValuesToBeBetween",
            {"column": CURRENT_VERSIONS, "min_value": 1, "max_value": 1},
            "local days use the current version's timezone: exactly one per queue",
        ),
        ExpectationSpec(
            "timezone_is_iana",
            "ExpectColumnValuesToBeInSet",
            {"column": "timezone", "value_set": sorted(available_timezones())},
            "local days and intervals are computed in this zone",
        ),
        ExpectationSpec(
            "sl_target_pct_is_percentage",
            "ExpectColumnValuesToBeBetween",
            {"column": "sl_target_pct", "min_value": 0, "max_value": 100},
            "a target percentage lies in [0, 100]",
        ),
        *(
            ExpectationSpec(
                f"{column}_non_negative",
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0},
                "a threshold in seconds is never negative",
            )
            for column in ("sl_threshold_seconds", "short_abandon_seconds")
        ),
    ]
    for column in REQUIRED:
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                "every version carries the settings KPIs need (defaults fill empty ones)",
            )
        )
    return SuiteSpec(
        name="dim_queues",
        expectations=tuple(specs),
        is_blocking=True,
        prepare=add_current_versions,
        sql_helpers=CURRENT_VERSIONS_SQL,
        description="marts.dim_queues: one row per queue settings version",
    )


SUITE = _build()
