-- Logged-in time per queue and spine interval of the agents staffed for that queue
-- (kpis.md "Staffing"): every agent state except offline, clipped to
-- [interval_start_at, interval_end_at), summed over the agents whose hr_agents.primary_queue_id
-- is the queue (the current HR value: a change of primary queue re-attributes past intervals).
-- States without an end (ended_at null, still open) or an unknown state add nothing; agents
-- without a primary queue, or whose primary queue has no spine interval, are in no row.
with

intervals as (

    select * from {{ ref('int_queue_intervals') }}

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

),

state_overlaps as (

    select
        intervals.queue_id,
        intervals.interval_start_at,
        logged_in_states.agent_id,
        {{ seconds_between(
            'greatest(logged_in_states.started_at, intervals.interval_start_at)',
            'least(logged_in_states.ended_at, intervals.interval_end_at)'
        ) }} as logged_in_seconds

    from intervals
    inner join logged_in_states
        on intervals.queue_id = logged_in_states.queue_id
        and logged_in_states.started_at < intervals.interval_end_at
        and logged_in_states.ended_at > intervals.interval_start_at

),

final as (

    select
        queue_id,
        interval_start_at,
        sum(logged_in_seconds) as logged_in_seconds,
        count(distinct agent_id) as logged_in_agents

    from state_overlaps
    group by
        queue_id,
        interval_start_at

)

select * from final
