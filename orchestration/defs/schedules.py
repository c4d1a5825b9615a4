"""The nightly run: yesterday's partition at 02:00 in CALLSCOPE_SCHEDULE_TIMEZONE."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    build_schedule_from_partitioned_job,
    define_asset_job,
)

from orchestration.defs.partitions import daily_partitions

nightly_job = define_asset_job(
    "nightly",
    selection=AssetSelection.all(),
    partitions_def=daily_partitions,
    description="Ingest the day's extracts, rebuild the marts, check them, publish if clean.",
)

nightly_schedule = build_schedule_from_partitioned_job(
    nightly_job,
    name="nightly_at_0200",
    hour_of_day=2,
    minute_of_hour=0,
    default_status=DefaultScheduleStatus.RUNNING,
)
