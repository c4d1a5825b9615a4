"""The nightly schedule: 02:00 in the configured timezone, materializing yesterday's partition."""

from __future__ import annotations

from datetime import UTC, datetime

from dagster import build_schedule_context

from orchestration.defs.schedules import nightly_schedule


def test_nightly_run_at_two_materializes_yesterday() -> None:
    assert nightly_schedule.cron_schedule == "0 2 * * *"
    context = build_schedule_context(
        scheduled_execution_time=datetime(2026, 3, 30, 2, 0, tzinfo=UTC)
    )
    requests = list(nightly_schedule.evaluate_tick(context).run_requests)
    # at 02:00 on 03-30 the last complete business day is 03-29
    assert [request.partition_key for request in requests] == ["2026-03-29"]
    assert nightly_schedule.job_name == "nightly"
