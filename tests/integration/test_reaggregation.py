"""Coarser queue marts re-aggregate the components of finer ones exactly (kpis.md: publish every
ratio with its additive components and never average a ratio), on the published generated run."""

from __future__ import annotations

from contextlib import closing

import pytest

from orchestration.lib.duck import connect
from tests.integration.conftest import Pipeline

COMPONENTS = [
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "answered_within_sl",
    "abandoned_within_sl",
    "answered_within_first_response",
    "transferred",
    "handled",
    "wait_seconds_answered",
    "wait_seconds_abandoned",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
]

# (coarser mart, finer mart, grouping expressions over the finer mart -> key columns of the coarser)
GRAINS = [
    ("kpi_queue_daily", "kpi_queue_interval", {"queue_id": "queue_id", "local_date": "local_date"}),
    (
        "kpi_queue_monthly",
        "kpi_queue_interval",
        {"queue_id": "queue_id", "local_month": "cast(date_trunc('month', local_date) as date)"},
    ),
    (
        "kpi_queue_monthly",
        "kpi_queue_daily",
        {
            "queue_id": "queue_id",
            "local_month": "cast(date_trunc('month', local_date) as date)",
        },
    ),
    ("kpi_channel_daily", "kpi_queue_daily", {"channel": "channel", "local_date": "local_date"}),
    ("kpi_channel_daily", "kpi_queue_interval", {"channel": "channel", "local_date": "local_date"}),
]


def _query(pipeline: Pipeline, sql: str) -> list[tuple]:
    with closing(connect(pipeline.paths.published_path, read_only=True)) as con:
        return con.execute(sql).fetchall()


def _mismatch_sql(coarse: str, fine: str, keys: dict[str, str]) -> str:
    """Rows of `coarse` differing from `fine` summed to the same keys, or on one side only."""
    group = ", ".join(f"{expr} as {name}" for name, expr in keys.items())
    sums = ", ".join(f"sum({c}) as {c}" for c in COMPONENTS)
    join = " and ".join(f"e.{k} is not distinct from a.{k}" for k in keys)
    differs = " or ".join(
        f"e.{c} is distinct from a.{c}" for c in [*COMPONENTS, "max_wait_seconds"]
    )
    return f"""
        with expected as (
            select {group}, {sums}, max(max_wait_seconds) as max_wait_seconds, true as present
            from {fine}
            group by all
        ),
        actual as (
            select {", ".join(keys)}, {", ".join(COMPONENTS)}, max_wait_seconds, true as present
            from {coarse}
        )
        select {", ".join(f"coalesce(e.{k}, a.{k})" for k in keys)}, e.present, a.present
        from expected e
        full outer join actual a on {join}
        where e.present is null or a.present is null or {differs}
    """


@pytest.mark.parametrize(
    ("coarse", "fine", "keys"), GRAINS, ids=[f"{c}<-{f}" for c, f, _ in GRAINS]
)
def test_coarser_mart_equals_sum_of_finer(
    published: Pipeline, coarse: str, fine: str, keys: dict[str, str]
) -> None:
    assert _query(published, f"select sum(offered) > 0, count(*) > 0 from {coarse}") == [
        (True, True)
    ]
    assert _query(published, _mismatch_sql(coarse, fine, keys)) == []


def test_monthly_ratios_come_from_summed_components(published: Pipeline) -> None:
    # answer_rate = sum(answered) / sum(offered) and ASA = sum(wait answered) / sum(answered) over
    # the month's intervals, not an average of the interval or daily ratios.
    rows = _query(
        published,
        """
        with summed as (
            select
                queue_id,
                cast(date_trunc('month', local_date) as date) as local_month,
                cast(sum(answered) as double) / nullif(sum(offered), 0) as answer_rate,
                sum(wait_seconds_answered) / nullif(sum(answered), 0) as asa_seconds
            from kpi_queue_interval
            group by all
        )
        select count(*), count(case when m.answer_rate is distinct from s.answer_rate
                                      or m.asa_seconds is distinct from s.asa_seconds then 1 end)
        from kpi_queue_monthly m
        join summed s using (queue_id, local_month)
        """,
    )
    months, differing = rows[0]
    assert months > 0
    assert differing == 0


# Agent marts: each agent-day component equals its fact summed to the agent and the
# reporting-timezone day (UTC by default), so agent ratios re-aggregate from the facts too.
AGENT_COMPONENTS = [
    (
        "handled",
        "select agent_id, cast(answered_at as date) as local_date, count(*) as total"
        " from fct_contact_segments where is_answered and agent_id is not null group by all",
    ),
    (
        "talk_seconds",
        "select agent_id, cast(answered_at as date) as local_date, sum(talk_seconds) as total"
        " from fct_contact_segments where is_answered and agent_id is not null group by all",
    ),
    (
        "on_contact_seconds",
        "select agent_id, local_date, sum(seconds) as total from fct_agent_state_intervals"
        " where state = 'on_contact' group by all",
    ),
    (
        "logged_in_seconds",
        "select agent_id, local_date, sum(seconds) as total from fct_agent_state_intervals"
        " where state <> 'offline' group by all",
    ),
    (
        "scheduled_seconds",
        "select agent_id, local_date, sum(scheduled_seconds) as total"
        " from fct_schedules group by all",
    ),
]


@pytest.mark.parametrize(("component", "fact_sql"), AGENT_COMPONENTS)
def test_agent_daily_components_equal_their_facts(
    published: Pipeline, component: str, fact_sql: str
) -> None:
    mismatches = _query(
        published,
        f"""
        select coalesce(a.agent_id, f.agent_id), coalesce(a.local_date, f.local_date),
               a.{component}, f.total
        from (select agent_id, local_date, {component} from kpi_agent_daily
              where {component} <> 0) a
        full join ({fact_sql}) f using (agent_id, local_date)
        where a.{component} is distinct from f.total
        """,
    )
    assert mismatches == []
    assert _query(published, f"select sum({component}) > 0 from kpi_agent_daily") == [(True,)]
