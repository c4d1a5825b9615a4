"""The daily partitions every asset shares: one business date of landed extracts."""

from __future__ import annotations

import os

from dagster import BackfillPolicy, DailyPartitionsDefinition

# The first business date that can be loaded, and the timezone in which "yesterday" is judged.
FIRST_DATE = os.environ.get("CALLSCOPE_FIRST_DATE", "2020-01-01")
SCHEDULE_TIMEZONE = os.environ.get("CALLSCOPE_SCHEDULE_TIMEZONE", "UTC")

daily_partitions = DailyPartitionsDefinition(start_date=FIRST_DATE, timezone=SCHEDULE_TIMEZONE)

# A range of dates runs as one run: one dbt build and one publish, not one per day.
single_run = BackfillPolicy.single_run()
