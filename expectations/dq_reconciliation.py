"""Expectations on the dq_reconciliation mart: where every landed row went.

Every rule blocks publishing: if landed <> staged + duplicates + quarantined, rows were lost or
counted twice between raw and staging, so no mart built on staging can be trusted. (dbt's data
test assert_dq_reconciliation_balances checks the same identity during the build; this suite
checks the published table itself.) The quarantine share threshold is not here: the Dagster
check quarantine_share_within_limit applies it to the run's partitions.
"""

from __future__ import annotations

import pandas as pd

from orchestration.lib.contract import EXTRACTS
from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec

KEYS = ("extract", "partition_date")
COUNT_COLUMNS = ("files", "landed", "staged", "duplicates", "quarantined", "quarantined_unresolved")
SHARE_COLUMNS = ("quarantine_share", "unresolved_quarantine_share")
CONTRACT_COLUMNS = (*KEYS, *COUNT_COLUMNS, *SHARE_COLUMNS)
ACCOUNTED = "_staged_duplicates_quarantined"


def add_accounted(df: pd.DataFrame) -> pd.DataFrame:
    """ACCOUNTED = staged + duplicates + quarantined, to compare with landed."""
    parts = ["staged", "duplicates", "quarantined"]
    if all(p in df.columns for p in parts):
        df[ACCOUNTED] = df[parts].sum(axis=1, min_count=len(parts))
    return df


# add_accounted() as SQL: null when a part is null, as with min_count in pandas.
ACCOUNTED_SQL = {
    ACCOUNTED: SqlHelper(
        "staged + duplicates + quarantined", ("staged", "duplicates", "quarantined")
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
            "extract_partition_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(KEYS), "ignore_row_if": "never"},
            "one row per extract and partition",
        ),
        ExpectationSpec(
            "extract_in_contract",
            "ExpectColumnValuesToBeInSet",
            {"column": "extract", "value_set": sorted(EXTRACTS)},
            "every row is an extract of the landing contract",
        ),
        ExpectationSpec(
            "landed_eq_staged_duplicates_quarantined",
            "ExpectColumnPairValuesToBeEqual",
            {"column_A": "landed", "column_B": ACCOUNTED, "ignore_row_if": "neither"},
            "every landed row is staged, superseded or quarantined, exactly once",
        ),
        ExpectationSpec(
            "unresolved_le_quarantined",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "quarantined",
                "column_B": "quarantined_unresolved",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "unresolved quarantined rows are a subset of the quarantined rows",
        ),
        *(
            ExpectationSpec(
                f"{column}_between_0_and_1",
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0, "max_value": 1},
                "a share of the landed rows",
            )
            for column in SHARE_COLUMNS
        ),
    ]
    for column in (*KEYS, *COUNT_COLUMNS):
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                "a partition without such rows has a zero count, not null",
            )
        )
    for column in COUNT_COLUMNS:
        specs.append(
            ExpectationSpec(
                f"{column}_non_negative",
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0},
                "counts are never negative",
            )
        )
    return SuiteSpec(
        name="dq_reconciliation",
        expectations=tuple(specs),
        is_blocking=True,
        prepare=add_accounted,
        sql_helpers=ACCOUNTED_SQL,
        description="marts.dq_reconciliation: one row per extract and partition",
    )


SUITE = _build()
