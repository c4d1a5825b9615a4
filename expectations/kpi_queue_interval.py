"""Expectations on the kpi_queue_interval mart: the queue KPI contract of kpi_queue_daily at the
grain of a queue and local interval, plus the interval keys.

Every rule blocks publishing, for the reasons given in kpi_queue_daily.py: the mart is the
analysts' contract and a broken component or ratio is a wrong number on screen.
"""

from __future__ import annotations

from expectations.kpi_queue_daily import SETTLED_SQL, add_settled, queue_kpi_expectations
from orchestration.lib.quality import ExpectationSpec, SuiteSpec

# The local label of an interval repeats on a fall-back day (01:00-02:00 happens twice), so the
# grain is the queue and UTC start; the local label is part of the key, not the key.
KEYS = ("queue_id", "local_date", "interval_start_local", "interval_start_at")

SUITE = SuiteSpec(
    name="kpi_queue_interval",
    expectations=(
        *queue_kpi_expectations(
            KEYS, "queue, local interval and UTC start", "queue_interval_unique"
        ),
        ExpectationSpec(
            "queue_interval_start_at_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["queue_id", "interval_start_at"], "ignore_row_if": "never"},
            "one row per queue and UTC instant: a repeated local hour (DST) is two intervals",
        ),
    ),
    is_blocking=True,
    prepare=add_settled,
    sql_helpers=SETTLED_SQL,
    description="marts.kpi_queue_interval: one row per queue and interval (UTC start)",
)
