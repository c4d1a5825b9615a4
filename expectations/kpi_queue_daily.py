"""Expectations on the kpi_queue_daily mart: its column contract and the KPI arithmetic.

Every rule blocks publishing: the mart is the analysts' contract (../shared/spec/marts.md) and
a ratio outside [0, 1] or a component larger than its whole means a wrong KPI on screen.

Component consistency uses expect_column_pair_values_* on the mart's own columns; the one
rule over three columns (answered + abandoned + timed_out <= offered) compares `offered` with
a helper column SETTLED that `add_settled` computes in the DataFrame before validation.
"""

from __future__ import annotations

import pandas as pd

from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec

KEYS = ("queue_id", "local_date")
COUNT_COLUMNS = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "answered_within_sl",
    "abandoned_within_sl",
    "transferred",
    "handled",
)
SECONDS_SUM_COLUMNS = (
    "wait_seconds_answered",
    "wait_seconds_abandoned",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
)
RATIO_COLUMNS = (
    "service_level",
    "sl_offered_excl_short_abandons",
    "sl_answered_only",
    "sl_abandons_neutral",
    "sl_abandons_positive",
    "first_response_rate",
    "answer_rate",
    "abandon_rate",
    "transfer_rate",
)
AVERAGE_SECONDS_COLUMNS = (
    "asa_seconds",
    "avg_wait_seconds",
    "avg_time_to_abandon_seconds",
    "aht_seconds",
    "avg_talk_seconds",
    "avg_hold_seconds",
    "avg_acw_seconds",
    "max_wait_seconds",
)
CONTRACT_COLUMNS = (
    *KEYS,
    *COUNT_COLUMNS,
    *SECONDS_SUM_COLUMNS,
    *RATIO_COLUMNS,
    *AVERAGE_SECONDS_COLUMNS,
)

SETTLED = "_answered_abandoned_timed_out"
_SETTLED_PARTS = ("answered", "abandoned", "timed_out")

# (larger, smaller, rule): larger >= smaller on every row where both are present.
ORDERED_PAIRS = (
    ("offered", SETTLED, "answered + abandoned + timed_out <= offered (disjoint outcomes)"),
    ("abandoned", "short_abandoned", "short abandons are a subset of abandons"),
    ("answered", "answered_within_sl", "answered within SL is a subset of answered"),
    ("abandoned", "abandoned_within_sl", "abandoned within SL is a subset of abandoned"),
    ("answered", "transferred", "transfers are answered segments ended by a transfer"),
)


def add_settled(df: pd.DataFrame) -> pd.DataFrame:
    """Add SETTLED = answered + abandoned + timed_out (left out if a part is missing, so the
    expectation on it fails with GX's missing-column message)."""
    if all(c in df.columns for c in _SETTLED_PARTS):
        df[SETTLED] = df[list(_SETTLED_PARTS)].sum(axis=1, min_count=len(_SETTLED_PARTS))
    return df


# add_settled() as SQL: a sum is null when a part is null, as with min_count in pandas.
SETTLED_SQL = {SETTLED: SqlHelper(" + ".join(_SETTLED_PARTS), _SETTLED_PARTS)}


def queue_kpi_expectations(
    keys: tuple[str, ...], grain: str, unique_name: str
) -> list[ExpectationSpec]:
    """The expectations every queue KPI mart shares, for its key columns and grain."""
    specs = [
        ExpectationSpec(
            "columns_present",
            "ExpectTableColumnsToMatchSet",
            {
                "column_set": [*keys, *CONTRACT_COLUMNS[len(KEYS) :]],
                "exact_match": False,
            },
            "column names are a public contract: add more, rename none",
        ),
        ExpectationSpec(
            unique_name,
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(keys), "ignore_row_if": "never"},
            f"one row per {grain}",
        ),
        *(
            ExpectationSpec(
                f"{key}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": key},
                f"every row belongs to a {grain}",
            )
            for key in keys
        ),
    ]
    for column in COUNT_COLUMNS:
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                f"a {grain} without contacts has zero counts, not null",
            )
        )
    for column in (*COUNT_COLUMNS, *SECONDS_SUM_COLUMNS, *AVERAGE_SECONDS_COLUMNS):
        specs.append(
            ExpectationSpec(
                f"{column}_non_negative",
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0},
                "counts and durations are never negative",
            )
        )
    for column in RATIO_COLUMNS:
        specs.append(
            ExpectationSpec(
                f"{column}_between_0_and_1",
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0, "max_value": 1},
                "a ratio lies in [0, 1]; null where its denominator is 0",
            )
        )
    for larger, smaller, rule in ORDERED_PAIRS:
        label = "settled" if smaller == SETTLED else smaller
        specs.append(
            ExpectationSpec(
                f"{label}_le_{larger}",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": larger,
                    "column_B": smaller,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                rule,
            )
        )
    specs.append(
        ExpectationSpec(
            "handled_eq_answered",
            "ExpectColumnPairValuesToBeEqual",
            {
                "column_A": "handled",
                "column_B": "answered",
                "ignore_row_if": "either_value_is_missing",
            },
            "handled = answered segments (AHT denominator)",
        )
    )
    return specs


SUITE = SuiteSpec(
    name="kpi_queue_daily",
    expectations=tuple(queue_kpi_expectations(KEYS, "queue and local day", "queue_day_unique")),
    is_blocking=True,
    prepare=add_settled,
    sql_helpers=SETTLED_SQL,
    description="marts.kpi_queue_daily: one row per queue and local day",
)
