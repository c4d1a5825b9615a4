"""The daily partitions of the landed extracts: one business date per partition.

Only the ingest assets are partitioned: a landed file belongs to one business date. The dbt
models, the checks and the published file are whole tables rebuilt for the dates of the run
(incrementally where that pays), so they are unpartitioned assets that run in the same
partitioned run and read its dates from the run tags. A partitioned dbt asset would record one
materialization per model and date: 26,000 Dagster events for a year's backfill, about 8 ms each.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from dagster import BackfillPolicy, DailyPartitionsDefinition

# The first business date that can be loaded, and the timezone in which "yesterday" is judged.
FIRST_DATE = os.environ.get("CALLSCOPE_FIRST_DATE", "2020-01-01")
SCHEDULE_TIMEZONE = os.environ.get("CALLSCOPE_SCHEDULE_TIMEZONE", "UTC")

daily_partitions = DailyPartitionsDefinition(start_date=FIRST_DATE, timezone=SCHEDULE_TIMEZONE)

# A range of dates runs as one run: one dbt build and one publish, not one per day.
single_run = BackfillPolicy.single_run()

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
PARTITION_TAG = "dagster/partition"


def run_partition_range(tags: Mapping[str, str]) -> tuple[str, str]:
    """The first and last business date (inclusive, YYYY-MM-DD) of a run, from its tags."""
    if RANGE_START_TAG in tags:
        return tags[RANGE_START_TAG], tags[RANGE_END_TAG]
    if PARTITION_TAG in tags:
        return tags[PARTITION_TAG], tags[PARTITION_TAG]
    raise ValueError(
        "this run names no business date: materialize it with a partition or a partition range"
        " (the ingest assets are daily partitioned)"
    )
