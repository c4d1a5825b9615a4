"""Expectations on the fct_contact_segments mart: one row per inbound queue segment with the
flags every queue KPI counts.

Blocking: the column contract, the grain, the attribution keys and the consistency of the flags.
Staging only receives rows that passed the row rules of sources.md, so a violation here is a
defect in the models, and every queue KPI would inherit it.

Warning: a segment whose queue is not in acd_queues (queue_version_number null). Such a segment
is real and is counted, with reporting_timezone and the default settings (kpis.md); acd_queues
may simply land later, and the next run attributes it properly. Quarantining it would drop a
real contact, so it is reported instead of blocking.
"""

from __future__ import annotations

import pandas as pd

from expectations.contract_values import CHANNELS
from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec

CONTRACT_COLUMNS = (
    "contact_id",
    "initial_contact_id",
    "previous_contact_id",
    "channel",
    "queue_id",
    "customer_id",
    "ani_hash",
    "agent_id",
    "arrived_at",
    "queued_at",
    "answered_at",
    "ended_at",
    "end_reason",
    "transfer_to_queue_id",
    "wrap_code",
    "case_id",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "handle_seconds",
    "wait_seconds",
    "is_answered",
    "is_abandoned",
    "is_timed_out",
    "is_short_abandoned",
    "is_answered_within_sl",
    "is_abandoned_within_sl",
    "is_answered_within_first_response",
    "is_transferred",
    "queue_version_number",
    "queue_timezone",
    "sl_threshold_seconds",
    "sl_target_pct",
    "short_abandon_seconds",
    "local_date",
    "interval_start_local",
    "interval_start_at",
)
FLAGS = tuple(c for c in CONTRACT_COLUMNS if c.startswith("is_"))
ATTRIBUTION = ("queue_id", "queued_at", "queue_timezone", "local_date", "interval_start_at")
# (whole, part, rule): a segment flagged `part` is flagged `whole`.
IMPLIED = (
    ("is_answered", "is_answered_within_sl", "answered within SL is answered"),
    ("is_answered", "is_answered_within_first_response", "a first response is an answer"),
    ("is_answered", "is_transferred", "a transfer ends an answered segment"),
    ("is_abandoned", "is_short_abandoned", "a short abandon is an abandon"),
    ("is_abandoned", "is_abandoned_within_sl", "abandoned within SL is an abandon"),
)
OUTCOMES = "_outcomes"


def flag_helper(column: str) -> str:
    return f"_{column}_n"


def add_flag_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Each flag as 0/1 (GX compares numbers, not booleans), and their sum of outcomes."""
    for column in FLAGS:
        if column in df.columns:
            df[flag_helper(column)] = df[column].astype("Int64")
    parts = [flag_helper(c) for c in ("is_answered", "is_abandoned", "is_timed_out")]
    if all(p in df.columns for p in parts):
        df[OUTCOMES] = df[parts].sum(axis=1, min_count=len(parts))
    return df


# add_flag_numbers() as SQL.
_OUTCOME_FLAGS = ("is_answered", "is_abandoned", "is_timed_out")
FLAG_NUMBERS_SQL = {
    **{flag_helper(c): SqlHelper(f"cast({c} as integer)", (c,)) for c in FLAGS},
    OUTCOMES: SqlHelper(
        " + ".join(f"cast({c} as integer)" for c in _OUTCOME_FLAGS), _OUTCOME_FLAGS
    ),
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
            "contact_id_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": "contact_id"},
            "one row per segment: every row has its segment id",
        ),
        ExpectationSpec(
            "contact_id_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": "contact_id"},
            "one row per segment: a repeat would count a contact twice in every KPI",
        ),
        ExpectationSpec(
            "channel_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "channel", "value_set": list(CHANNELS)},
            "staging only holds rows whose channel passed the rule check",
        ),
        ExpectationSpec(
            "wait_seconds_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "wait_seconds", "min_value": 0},
            "queued_at <= answered_at <= ended_at is a rule: a negative wait is a model defect",
        ),
        ExpectationSpec(
            "handle_seconds_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "handle_seconds", "min_value": 0},
            "talk, hold and ACW are >= 0 by rule, so is their sum",
        ),
        ExpectationSpec(
            "one_outcome_at_most",
            "ExpectColumnValuesToBeBetween",
            {"column": OUTCOMES, "max_value": 1},
            "answered, abandoned and timed out are disjoint (kpis.md)",
        ),
        ExpectationSpec(
            "queue_known_in_acd_queues",
            "ExpectColumnValuesToNotBeNull",
            {"column": "queue_version_number"},
            "queue_id not in acd_queues: counted under reporting_timezone with default settings"
            " and reported, not quarantined (the contact is real; acd_queues may land later)",
            is_blocking=False,
        ),
    ]
    for column in ATTRIBUTION:
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                "every queue segment is attributed to a queue, local day and interval",
            )
        )
    for column in FLAGS:
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                "a KPI counts flags: a null flag would drop the segment from every count",
            )
        )
    for whole, part, rule in IMPLIED:
        specs.append(
            ExpectationSpec(
                f"{part}_implies_{whole}",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": flag_helper(whole),
                    "column_B": flag_helper(part),
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                rule,
            )
        )
    return SuiteSpec(
        name="fct_contact_segments",
        expectations=tuple(specs),
        is_blocking=True,
        prepare=add_flag_numbers,
        sql_helpers=FLAG_NUMBERS_SQL,
        description="marts.fct_contact_segments: one row per inbound queue segment",
    )


SUITE = _build()
