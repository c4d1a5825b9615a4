-- Per agent and day in var reporting_timezone, the seconds of the agent's states and scheduled
-- activities (int_agent_activities_split) that kpi_agent_daily reports (kpis.md "People
-- measures"): seconds by state (logged in = every state but offline), scheduled seconds, and
-- adherence: the overlap of each state with the scheduled activity at the same time. A state
-- matches work when it is available, on_contact or acw, and any other activity (break, lunch,
-- training, meeting...) when it is aux or offline. Every agent-day with a state or a scheduled
-- activity has a row.
-- Incremental: a run with var incremental rebuilds only the reporting days of int_dates_affected
-- (the days int_agent_activities_split rebuilds), which are the days whose pieces can change.
{{ config(**append_incremental(
    "{{ delete_affected_dates('reporting') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
with

pieces as not materialized (

    select * from {{ ref('int_agent_activities_split') }}
    {%- if is_incremental() %}
    where local_date in {{ affected_dates('reporting') }}
    {%- endif %}

),

state_pieces as not materialized (

    select
        agent_id,
        local_date,
        interval_start_at,
        activity as state,
        started_at,
        ended_at,
        seconds

    from pieces
    where activity_source = 'acd_agent_states'

),

schedule_pieces as not materialized (

    select
        agent_id,
        local_date,
        interval_start_at,
        activity,
        started_at,
        ended_at,
        seconds

    from pieces
    where activity_source = 'wfm_schedules'

),

state_totals as (

    select
        agent_id,
        local_date,
        sum(case when state <> 'offline' then seconds else 0 end) as logged_in_seconds,
        sum(case when state = 'available' then seconds else 0 end) as available_seconds,
        sum(case when state = 'on_contact' then seconds else 0 end) as on_contact_seconds,
        sum(case when state = 'acw' then seconds else 0 end) as acw_state_seconds,
        sum(case when state = 'aux' then seconds else 0 end) as aux_seconds

    from state_pieces
    group by
        agent_id,
        local_date

),

schedule_totals as (

    select
        agent_id,
        local_date,
        sum(seconds) as scheduled_seconds,
        sum(case when activity = 'work' then seconds else 0 end) as scheduled_work_seconds

    from schedule_pieces
    group by
        agent_id,
        local_date

),

scheduled_states as (

    -- each state piece against the scheduled activity at the same time. Both are cut at the same
    -- interval boundaries, so two pieces can overlap only within one interval: the agent and the
    -- interval are the join key (the agent and the day paired every state piece of a day with
    -- every schedule piece of it: ~20x the pairs)
    select
        schedule_pieces.agent_id,
        schedule_pieces.local_date,
        schedule_pieces.activity,
        state_pieces.state,
        {{ seconds_between(
            'greatest(schedule_pieces.started_at, state_pieces.started_at)',
            'least(schedule_pieces.ended_at, state_pieces.ended_at)'
        ) }} as overlap_seconds

    from schedule_pieces
    inner join state_pieces
        on schedule_pieces.agent_id = state_pieces.agent_id
        and schedule_pieces.interval_start_at = state_pieces.interval_start_at
        and schedule_pieces.local_date = state_pieces.local_date
        and schedule_pieces.started_at < state_pieces.ended_at
        and state_pieces.started_at < schedule_pieces.ended_at

),

adherence_totals as (

    select
        agent_id,
        local_date,
        sum(
            case
                when activity = 'work' and state in ('available', 'on_contact', 'acw') then overlap_seconds
                when activity <> 'work' and state in ('aux', 'offline') then overlap_seconds
                else 0
            end
        ) as adherent_seconds,
        sum(case when activity = 'work' and state = 'aux' then overlap_seconds else 0 end)
            as aux_seconds_in_scheduled_work

    from scheduled_states
    group by
        agent_id,
        local_date

),

agent_days as (

    select agent_id, local_date from state_totals
    union
    select agent_id, local_date from schedule_totals

),

final as (

    select
        agent_days.agent_id,
        agent_days.local_date,
        coalesce(state_totals.logged_in_seconds, 0) as logged_in_seconds,
        coalesce(state_totals.available_seconds, 0) as available_seconds,
        coalesce(state_totals.on_contact_seconds, 0) as on_contact_seconds,
        coalesce(state_totals.acw_state_seconds, 0) as acw_state_seconds,
        coalesce(state_totals.aux_seconds, 0) as aux_seconds,
        coalesce(schedule_totals.scheduled_seconds, 0) as scheduled_seconds,
        coalesce(schedule_totals.scheduled_work_seconds, 0) as scheduled_work_seconds,
        coalesce(adherence_totals.adherent_seconds, 0) as adherent_seconds,
        coalesce(adherence_totals.aux_seconds_in_scheduled_work, 0) as aux_seconds_in_scheduled_work

    from agent_days
    left join state_totals
        on agent_days.agent_id = state_totals.agent_id
        and agent_days.local_date = state_totals.local_date
    left join schedule_totals
        on agent_days.agent_id = schedule_totals.agent_id
        and agent_days.local_date = schedule_totals.local_date
    left join adherence_totals
        on agent_days.agent_id = adherence_totals.agent_id
        and agent_days.local_date = adherence_totals.local_date

)

select * from final
