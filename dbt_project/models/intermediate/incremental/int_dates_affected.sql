-- The dates an incremental build recomputes (docs/decisions.md "Late and corrected data").
-- A raw row is touched when its file is new since the last complete build (var
-- incremental.new_files; stale_file judges a file once, when it lands, so an older file never
-- changes its quarantine later). Every version of a touched key, old or new, names the dates it
-- changes:
--   queue_local  acd_contacts: the local day of queued_at in the queue's current timezone
--                (reporting_timezone for a queue unknown to acd_queues);
--   reporting    acd_agent_states and wfm_schedules: every reporting_timezone day from start to
--                end; for agent states also every state of the same agent that starts inside
--                a touched one (the overlapping_interval rule may quarantine or free it).
-- A new acd_queues file is not handled here: the orchestration rebuilds in full (a settings or
-- timezone change can move every past day). Without var incremental the model is empty.
{%- set reporting_timezone = dbt.string_literal(var('reporting_timezone')) %}

with

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

contact_rows as (

    select
        _file as source_file,
        _partition_date as partition_date,
        nullif(trim(contact_id), '') as contact_id,
        nullif(trim(queue_id), '') as queue_id,
        {{ raw_timestamp('queued_at', 'acd_contacts') }} as queued_at

    from {{ source('raw', 'acd_contacts') }}

),

state_rows as (

    select
        _file as source_file,
        _partition_date as partition_date,
        nullif(trim(agent_id), '') as agent_id,
        {{ raw_timestamp('started_at', 'acd_agent_states') }} as started_at,
        {{ raw_timestamp('ended_at', 'acd_agent_states') }} as ended_at

    from {{ source('raw', 'acd_agent_states') }}

),

schedule_rows as (

    select
        _file as source_file,
        _partition_date as partition_date,
        nullif(trim(agent_id), '') as agent_id,
        {{ raw_timestamp('starts_at', 'wfm_schedules') }} as started_at,
        {{ raw_timestamp('ends_at', 'wfm_schedules') }} as ended_at

    from {{ source('raw', 'wfm_schedules') }}

),

current_queues as (

    select
        queue_id,
        timezone

    from queue_versions
    where is_current

),

touched_contacts as (

    select distinct contact_id
    from contact_rows
    where {{ is_touched_by_run('contact_rows') }}
        and contact_id is not null

),

contact_dates as (

    select distinct
        cast(timezone(
            coalesce(current_queues.timezone, {{ reporting_timezone }}), contact_rows.queued_at
        ) as date) as affected_date

    from contact_rows
    inner join touched_contacts
        on contact_rows.contact_id = touched_contacts.contact_id
    left join current_queues
        on contact_rows.queue_id = current_queues.queue_id
    where contact_rows.queued_at is not null

),

touched_states as (

    select distinct
        agent_id,
        started_at

    from state_rows
    where {{ is_touched_by_run('state_rows') }}
        and agent_id is not null
        and started_at is not null

),

touched_state_spans as (

    -- a touched state, over every version of it: the latest end it ever had
    select
        state_rows.agent_id,
        state_rows.started_at,
        max(state_rows.ended_at) as latest_ended_at

    from state_rows
    inner join touched_states
        on state_rows.agent_id = touched_states.agent_id
        and state_rows.started_at = touched_states.started_at
    group by
        state_rows.agent_id,
        state_rows.started_at

),

overlapped_states as (

    select distinct
        state_rows.agent_id,
        state_rows.started_at

    from state_rows
    inner join touched_state_spans
        on state_rows.agent_id = touched_state_spans.agent_id
        and state_rows.started_at > touched_state_spans.started_at
        and state_rows.started_at < touched_state_spans.latest_ended_at

),

affected_states as (

    select * from touched_states
    union
    select * from overlapped_states

),

touched_schedules as (

    select distinct
        agent_id,
        started_at

    from schedule_rows
    where {{ is_touched_by_run('schedule_rows') }}
        and agent_id is not null
        and started_at is not null

),

activity_versions as (

    select
        state_rows.started_at,
        state_rows.ended_at

    from state_rows
    inner join affected_states
        on state_rows.agent_id = affected_states.agent_id
        and state_rows.started_at = affected_states.started_at

    union all

    select
        schedule_rows.started_at,
        schedule_rows.ended_at

    from schedule_rows
    inner join touched_schedules
        on schedule_rows.agent_id = touched_schedules.agent_id
        and schedule_rows.started_at = touched_schedules.started_at

),

reporting_dates as (

    -- every reporting day from the start to the end of each version (the start's day alone
    -- when the end is missing or not after the start)
    select distinct
        cast(unnest(generate_series(
            cast(cast(timezone({{ reporting_timezone }}, started_at) as date) as timestamp),
            cast(cast(timezone({{ reporting_timezone }}, greatest(started_at, coalesce(ended_at, started_at))) as date) as timestamp),
            interval 1 day
        )) as date) as affected_date

    from activity_versions

),

final as (

    select
        'queue_local' as date_scope,
        affected_date

    from contact_dates

    union all

    select
        'reporting' as date_scope,
        affected_date

    from reporting_dates

)

select * from final
