-- Logged-in time per queue and spine interval of the agents staffed for that queue
-- (kpis.md "Staffing"): every agent state except offline, clipped to
-- [interval_start_at, interval_end_at), summed over the agents whose hr_agents.primary_queue_id
-- is the queue (the current HR value: a change of primary queue re-attributes past intervals).
-- States without an end (ended_at null, still open) or an unknown state add nothing; agents
-- without a primary queue, or whose primary queue has no spine interval, are in no row. Every
-- spine interval has a row (0 when nobody was logged in), so the table shows which spine days
-- it was built for.
-- Incremental: a run with var incremental recomputes whole spine days, those near the affected
-- reporting dates, of a queue an agent joined or left, or new on the spine (macros/staffing_scope.sql).
-- Linear in the states: each state is matched only to the spine intervals it can touch (the
-- spine steps interval_minutes from each local day's first interval: the starts of each day
-- the state overlaps), then the exact overlap test below keeps the pairs a range join would.
{{ config(**append_incremental(
    "{{ delete_staffing_days_to_rebuild() }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
-- depends_on: {{ ref('int_queue_local_days') }}
-- depends_on: {{ source('raw', 'hr_agents') }}
{%- set interval_seconds = get_interval_minutes() * 60 %}

with

intervals as (

    select * from {{ ref('int_queue_intervals') }} as spine
    {%- if is_incremental() %}
    where {{ missing_queue_days('spine') }}
    {%- endif %}

),

agent_states as (

    select * from {{ ref('stg_acd__agent_states') }}

),

agents as (

    select * from {{ ref('stg_hr__agents') }}

),

logged_in_states as (

    select
        agent_states.agent_id,
        agents.primary_queue_id as queue_id,
        agent_states.started_at,
        agent_states.ended_at

    from agent_states
    inner join agents
        on agent_states.agent_id = agents.agent_id
    where agent_states.state <> 'offline'
        and agents.primary_queue_id is not null
        and agent_states.ended_at > agent_states.started_at
        {%- if is_incremental() %}
        and {{ staffing_states_to_rebuild(
            'agent_states.started_at', 'agent_states.ended_at', 'agents.primary_queue_id'
        ) }}
        {%- endif %}

),

queue_days as (

    select
        queue_id,
        local_date,
        min(interval_start_at) as day_start_at,
        max(interval_end_at) as day_end_at

    from intervals
    group by
        queue_id,
        local_date

),

-- A local date is at most a day away from the UTC date of the same instant.
state_candidate_dates as (

    select
        *,
        cast(unnest(generate_series(
            cast(started_at as date) - 1,
            cast(ended_at as date) + 1,
            interval 1 day
        )) as date) as local_date

    from logged_in_states

),

state_days as (

    select
        state_candidate_dates.*,
        queue_days.day_start_at,
        queue_days.day_end_at

    from state_candidate_dates
    inner join queue_days
        on state_candidate_dates.queue_id = queue_days.queue_id
        and state_candidate_dates.local_date = queue_days.local_date
    where state_candidate_dates.started_at < queue_days.day_end_at
        and state_candidate_dates.ended_at > queue_days.day_start_at

),

state_interval_offsets as (

    select
        *,
        unnest(range(
            cast(greatest(0, floor({{ seconds_between('day_start_at', 'started_at') }} / {{ interval_seconds }})) as bigint),
            cast(floor({{ seconds_between('day_start_at', 'least(ended_at, day_end_at)') }} / {{ interval_seconds }}) as bigint) + 1
        )) as interval_offset

    from state_days

),

-- the same arithmetic as the spine's, so the starts compare equal
state_interval_starts as (

    select
        *,
        day_start_at + to_seconds(interval_offset * {{ interval_seconds }}) as interval_start_at

    from state_interval_offsets

),

state_overlaps as (

    select
        intervals.queue_id,
        intervals.interval_start_at,
        state_interval_starts.agent_id,
        {{ seconds_between(
            'greatest(state_interval_starts.started_at, intervals.interval_start_at)',
            'least(state_interval_starts.ended_at, intervals.interval_end_at)'
        ) }} as logged_in_seconds

    from state_interval_starts
    inner join intervals
        on state_interval_starts.queue_id = intervals.queue_id
        and state_interval_starts.interval_start_at = intervals.interval_start_at
    where state_interval_starts.started_at < intervals.interval_end_at
        and state_interval_starts.ended_at > intervals.interval_start_at

),

logged_in as (

    select
        queue_id,
        interval_start_at,
        sum(logged_in_seconds) as logged_in_seconds,
        count(distinct agent_id) as logged_in_agents

    from state_overlaps
    group by
        queue_id,
        interval_start_at

),

final as (

    select
        intervals.queue_id,
        intervals.local_date,
        intervals.interval_start_at,
        coalesce(logged_in.logged_in_seconds, 0) as logged_in_seconds,
        coalesce(logged_in.logged_in_agents, 0) as logged_in_agents

    from intervals
    left join logged_in
        on intervals.queue_id = logged_in.queue_id
        and intervals.interval_start_at = logged_in.interval_start_at

)

select * from final
