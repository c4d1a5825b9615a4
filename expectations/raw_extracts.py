"""Expectations on the raw rows of one partition of every extract (acd_contacts has its own,
richer suite in acd_contacts_raw.py), every contract column VARCHAR as landed.

Blocking: ingest invariants only. Columns present, lineage filled, one raw row per landed line:
a failure means the ingest itself is wrong (a file loaded twice, rows without file and line
that quarantine could not name), so nothing built on it may be published.

Warning: the landing contract's row rules (key and version present, values of their type,
enumerations). The dbt rule checks quarantine every row breaking them with file, line and
reason (dq_quarantine), so such a row never reaches a mart; the Dagster check
quarantine_share_within_limit blocks when a partition quarantines too many. Here they are
reported so a bad delivery is visible on the raw asset itself.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from expectations.contract_values import VALUE_SETS
from orchestration.lib.contract import (
    BOOLEAN,
    DATE,
    DECIMAL,
    EXTRACTS,
    INTEGER,
    MONTH,
    TIMESTAMP,
    Extract,
)
from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec
from orchestration.lib.raw_layer import LINEAGE_COLUMNS

# Text forms of the contract types; the exact casts (and offsets, DST gaps) are the rule checks'.
TYPE_PATTERNS: dict[str, str] = {
    INTEGER: r"^\s*[+-]?\d+\s*$",
    DECIMAL: r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$",
    BOOLEAN: r"^\s*(?i:true|false|t|f|yes|no|y|n|1|0)\s*$",
    DATE: r"^\s*\d{4}-\d{2}-\d{2}\s*$",
    MONTH: r"^\s*\d{4}-\d{2}\s*$",
    TIMESTAMP: (
        r"^\s*\d{4}-\d{2}-\d{2}"
        r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)?)?\s*$"
    ),
}
QUARANTINED = "a row breaking it is quarantined (dq_quarantine) and never reaches a mart"


def code_helper(column: str) -> str:
    return f"_{column}_code"


def add_codes(extract: Extract) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Helper columns with each enumeration trimmed and lower-cased, as staging compares it."""

    def prepare(df: pd.DataFrame) -> pd.DataFrame:
        for column in VALUE_SETS[extract.name]:
            if column in df.columns:
                df[code_helper(column)] = df[column].astype("string").str.strip().str.lower()
        return df

    return prepare


def code_sql(extract: Extract) -> dict[str, SqlHelper]:
    """add_codes() as SQL, for validation on DuckDB: trimmed and lower-cased as staging's
    clean_code() compares it."""
    return {
        code_helper(column): SqlHelper(f"lower(trim({column}))", (column,))
        for column in VALUE_SETS[extract.name]
    }


def ingest_invariants(extract: Extract) -> list[ExpectationSpec]:
    lineage = [name for name, _ in LINEAGE_COLUMNS]
    return [
        ExpectationSpec(
            "columns_present",
            "ExpectTableColumnsToMatchSet",
            {"column_set": [*extract.column_names, *lineage], "exact_match": False},
            "the raw table keeps every contract and lineage column; extra columns are allowed",
        ),
        *(
            ExpectationSpec(
                f"{name}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": name},
                "ingest fills the lineage of every row; quarantine needs file and line",
            )
            for name in ("_file", "_line", "_partition_date")
        ),
        ExpectationSpec(
            "file_line_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["_file", "_line"]},
            "one raw row per landed line: a repeat means a file was ingested twice",
        ),
    ]


def contract_warnings(extract: Extract) -> list[ExpectationSpec]:
    required = list(extract.key)
    if extract.version_column and extract.version_column not in required:
        required.append(extract.version_column)
    specs = [
        ExpectationSpec(
            f"{column}_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": column},
            f"{column} is required (rule required_missing); {QUARANTINED}",
            is_blocking=False,
        )
        for column in required
    ]
    specs.append(
        ExpectationSpec(
            "key_version_unique_in_file",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": [*required, "_file"]},
            "a version of a key appears once per file (rule duplicate_key_in_file: the later"
            f" line is kept); {QUARANTINED}",
            is_blocking=False,
        )
    )
    for column in extract.columns:
        if column.type in TYPE_PATTERNS:
            specs.append(
                ExpectationSpec(
                    f"{column.name}_is_{column.type}",
                    "ExpectColumnValuesToMatchRegex",
                    {"column": column.name, "regex": TYPE_PATTERNS[column.type]},
                    f"{column.name}, when present, is a {column.type} (rule not_{column.type});"
                    f" {QUARANTINED}",
                    is_blocking=False,
                )
            )
    for column, allowed in VALUE_SETS[extract.name].items():
        specs.append(
            ExpectationSpec(
                f"{column}_in_set",
                "ExpectColumnValuesToBeInSet",
                {"column": code_helper(column), "value_set": list(allowed)},
                f"{column} is one of {', '.join(allowed)} (rule value_not_in_set); {QUARANTINED}",
                is_blocking=False,
            )
        )
    return specs


def raw_suite(extract: Extract) -> SuiteSpec:
    return SuiteSpec(
        name=f"{extract.name}_raw",
        expectations=(*ingest_invariants(extract), *contract_warnings(extract)),
        is_blocking=True,
        prepare=add_codes(extract) if VALUE_SETS[extract.name] else None,
        sql_helpers=code_sql(extract),
        description=f"raw.{extract.name} rows of the run's partitions, as landed",
    )


RAW_SUITES: dict[str, SuiteSpec] = {
    name: raw_suite(extract) for name, extract in EXTRACTS.items() if name != "acd_contacts"
}
