"""Expectations on the raw.acd_contacts rows of one partition, every column VARCHAR as landed.

Two kinds of rule, told apart by `is_blocking`:
- ingest invariants (columns present, lineage filled, one raw row per file line): a failure
  means the ingest itself is wrong, so the run must not publish;
- landing-contract rules on values (../shared/spec/sources.md, acd_contacts): warnings. The dbt
  rule checks (int_acd_contacts_rule_checks) quarantine every row breaking them with file, line
  and reason (dq_quarantine), so such a row never reaches a mart; the Dagster check
  quarantine_share_within_limit blocks publishing when more than CALLSCOPE_MAX_QUARANTINE_SHARE
  of a partition is quarantined. Reported here so a bad delivery shows on the raw asset.
"""

from __future__ import annotations

import pandas as pd

from expectations.contract_values import CHANNELS, DIRECTIONS, END_REASONS
from orchestration.lib.contract import EXTRACTS, INTEGER, TIMESTAMP
from orchestration.lib.quality import ExpectationSpec, SqlHelper, SuiteSpec
from orchestration.lib.raw_layer import LINEAGE_COLUMNS

NON_NEGATIVE_INTEGER = r"^\d+$"
# ISO-8601 with an offset (Z, +03:30, +0330, +00 as DuckDB prints it), or naive for a source
# declared with an IANA timezone.
ISO_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
SECONDS_PER_DAY = 86_400

_CONTRACT = EXTRACTS["acd_contacts"]
DURATION_COLUMNS = tuple(c.name for c in _CONTRACT.columns if c.type == INTEGER)
TIMESTAMP_COLUMNS = tuple(c.name for c in _CONTRACT.columns if c.type == TIMESTAMP)
_CONTRACT_RULE = "a row breaking it is quarantined (dq_quarantine) and never reaches a mart"


def numeric_helper(column: str) -> str:
    return f"_{column}_number"


def add_numeric_durations(df: pd.DataFrame) -> pd.DataFrame:
    """Helper columns with each duration parsed as a number (non-numbers become null).

    The 24 h ceiling is a numeric rule that GX cannot apply to text; the text form itself is
    checked by the regex expectation, so a malformed value fails that one alone.
    """
    for column in DURATION_COLUMNS:
        if column in df.columns:
            df[numeric_helper(column)] = pd.to_numeric(df[column], errors="coerce")
    return df


# add_numeric_durations() as SQL, for validation on DuckDB.
NUMERIC_DURATIONS_SQL = {
    numeric_helper(column): SqlHelper(f"try_cast({column} as double)", (column,))
    for column in DURATION_COLUMNS
}


def _build() -> SuiteSpec:
    lineage = [name for name, _ in LINEAGE_COLUMNS]
    specs = [
        ExpectationSpec(
            "columns_present",
            "ExpectTableColumnsToMatchSet",
            {"column_set": [*_CONTRACT.column_names, *lineage], "exact_match": False},
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
        ExpectationSpec(
            "contact_id_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": "contact_id"},
            f"contact_id is the required key; {_CONTRACT_RULE}",
            is_blocking=False,
        ),
        ExpectationSpec(
            "updated_at_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": "updated_at"},
            f"updated_at is required to pick the winning delivery; {_CONTRACT_RULE}",
            is_blocking=False,
        ),
        ExpectationSpec(
            "contact_id_file_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["contact_id", "_file"]},
            "a file carries one row per key; a repeat with the same updated_at is quarantined"
            " (duplicate_key_in_file), one with another updated_at is superseded in staging",
            is_blocking=False,
        ),
        ExpectationSpec(
            "channel_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "channel", "value_set": list(CHANNELS)},
            f"channel is one of {', '.join(CHANNELS)}; {_CONTRACT_RULE}",
            is_blocking=False,
        ),
        ExpectationSpec(
            "direction_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "direction", "value_set": list(DIRECTIONS)},
            f"direction is one of {', '.join(DIRECTIONS)}; {_CONTRACT_RULE}",
            is_blocking=False,
        ),
        ExpectationSpec(
            "end_reason_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "end_reason", "value_set": list(END_REASONS)},
            f"end_reason is one of {', '.join(END_REASONS)}; {_CONTRACT_RULE}",
            is_blocking=False,
        ),
    ]
    for column in DURATION_COLUMNS:
        specs.append(
            ExpectationSpec(
                f"{column}_non_negative_integer",
                "ExpectColumnValuesToMatchRegex",
                {"column": column, "regex": NON_NEGATIVE_INTEGER},
                f"{column}, when present, is a non-negative integer; {_CONTRACT_RULE}",
                is_blocking=False,
            )
        )
        specs.append(
            ExpectationSpec(
                f"{column}_below_24h",
                "ExpectColumnValuesToBeBetween",
                {
                    "column": numeric_helper(column),
                    "max_value": SECONDS_PER_DAY,
                    "strict_max": True,
                },
                f"{column} is below 24 h; {_CONTRACT_RULE}",
                is_blocking=False,
            )
        )
    for column in TIMESTAMP_COLUMNS:
        specs.append(
            ExpectationSpec(
                f"{column}_iso_timestamp",
                "ExpectColumnValuesToMatchRegex",
                {"column": column, "regex": ISO_TIMESTAMP},
                f"{column}, when present, is an ISO-8601 timestamp; {_CONTRACT_RULE}",
                is_blocking=False,
            )
        )
    return SuiteSpec(
        name="acd_contacts_raw",
        expectations=tuple(specs),
        is_blocking=True,
        prepare=add_numeric_durations,
        sql_helpers=NUMERIC_DURATIONS_SQL,
        description="raw.acd_contacts rows of one partition, as landed",
    )


SUITE = _build()
