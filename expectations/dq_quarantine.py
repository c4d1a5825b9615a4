"""Expectations on the dq_quarantine mart: every rejected row explained.

Blocking: the column contract and the explanation itself (extract, file, line, rule, reason):
a rejected row that cannot be found in its file, or whose reason is empty, breaks the promise
that no row is dropped silently.
"""

from __future__ import annotations

from orchestration.lib.contract import EXTRACTS
from orchestration.lib.quality import ExpectationSpec, SuiteSpec

CONTRACT_COLUMNS = (
    "extract",
    "partition_date",
    "file",
    "line",
    "key",
    "rule",
    "column_name",
    "reason",
    "is_resolved",
    "loaded_at",
)
EXPLAINED = ("extract", "partition_date", "file", "line", "rule", "reason", "is_resolved")


def _build() -> SuiteSpec:
    specs = [
        ExpectationSpec(
            "columns_present",
            "ExpectTableColumnsToMatchSet",
            {"column_set": list(CONTRACT_COLUMNS), "exact_match": False},
            "column names are a public contract: add more, rename none",
        ),
        ExpectationSpec(
            "extract_in_contract",
            "ExpectColumnValuesToBeInSet",
            {"column": "extract", "value_set": sorted(EXTRACTS)},
            "every rejected row belongs to an extract of the landing contract",
        ),
        ExpectationSpec(
            "reason_names_extract",
            "ExpectColumnValuesToMatchRegex",
            {"column": "reason", "regex": r"(?s)^[a-z_]+: .+ \(rule: .+\)$"},
            "a reason reads '<extract>: <what is wrong> (rule: <the rule>)'",
        ),
    ]
    for column in EXPLAINED:
        specs.append(
            ExpectationSpec(
                f"{column}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": column},
                "a rejected row is named by extract, file and line, with its rule and reason",
            )
        )
    return SuiteSpec(
        name="dq_quarantine",
        expectations=tuple(specs),
        is_blocking=True,
        description="marts.dq_quarantine: one row per rejected row, rule and column",
    )


SUITE = _build()
