-- The dates an incremental build recomputes (docs/decisions.md "Late and corrected data").
-- A raw row is touched when its file is new since the last complete build (var
-- incremental.new_files; stale_file judges a file once, when it lands, so an older file never
-- changes its quarantine later). Every version of a touched key, old or new, names the dates it
-- changes:
--   queue_local  acd_contacts: the local day of queued_at in the queue's current timezone
--                (reporting_timezone for a queue unknown to acd_queues);
--   reporting    acd_agent_states and wfm_schedules: every reporting_timezone day from start to
--                end; for agent states every state of int_acd_agent_states_affected, from its
--                start to the latest end any delivery of it had (the days of its versions).
-- A new acd_queues file is not handled here: the orchestration rebuilds in full (a settings or
-- timezone change can move every past day). Without var incremental the model is empty.
{%- set reporting_timezone = dbt.string_literal(var('reporting_timezone')) %}

-- depends_on: {{ ref('int_partitions_affected') }}
with

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

{#- Raw rows as text, typed only once narrowed to the touched keys: typing every timestamp of a
    year of raw rows cost more than the rest of the model. Every delivery of a touched contact
    lies in a partition int_partitions_affected names: only those are read. -#}
contact_rows as not materialized (

    select
        _file as source_file,
        _partition_date as source_partition_date,
        nullif(trim(contact_id), '') as contact_id,
        queue_id as queue_id_text,
        queued_at as queued_at_text

    from {{ source('raw', 'acd_contacts') }}
    where {{ in_touched_partitions('_partition_date', 'acd_contacts') }}

),

schedule_rows as not materialized (

    {{ raw_agent_spans('wfm_schedules', 'starts_at', 'ends_at') }}

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
            coalesce(current_queues.timezone, {{ reporting_timezone }}), contact_versions.queued_at
        ) as date) as affected_date

    from (
        select
            nullif(trim(contact_rows.queue_id_text), '') as queue_id,
            {{ raw_timestamp('contact_rows.queued_at_text', 'acd_contacts') }} as queued_at
        from contact_rows
        inner join touched_contacts
            on contact_rows.contact_id = touched_contacts.contact_id
    ) as contact_versions
    left join current_queues
        on contact_versions.queue_id = current_queues.queue_id
    {#- no `where queued_at is not null` here: DuckDB pushed it below the join, typing every
        raw queued_at of the year (10 s at the large size); final drops the null date -#}

),

affected_states as (

    select * from {{ ref('int_acd_agent_states_affected') }}

),

touched_schedules as (

    {{ touched_span_starts('schedule_rows', 'wfm_schedules') }}

),

near_touched_schedules as not materialized (

    {{ spans_near('schedule_rows', 'wfm_schedules', text_date_literals(
        [
            ('schedule_rows', raw_agent_spans('wfm_schedules', 'starts_at', 'ends_at')),
            ('touched_schedules', touched_span_starts('schedule_rows', 'wfm_schedules')),
        ],
        'select min(started_at), max(started_at) from touched_schedules'
    )) }}

),

activity_versions as (

    select
        started_at,
        latest_ended_at as ended_at

    from affected_states

    union all

    select
        near_touched_schedules.started_at,
        near_touched_schedules.ended_at

    from near_touched_schedules
    inner join touched_schedules
        on near_touched_schedules.agent_id = touched_schedules.agent_id
        and near_touched_schedules.started_at = touched_schedules.started_at

),

reporting_dates as (

    -- every reporting day from the start to the end of each version (the start's day alone
    -- when the end is missing or not after the start)
    select distinct
        cast(unnest(generate_series(
            cast({{ reporting_date('started_at') }} as timestamp),
            cast({{ reporting_date('greatest(started_at, coalesce(ended_at, started_at))') }} as timestamp),
            interval 1 day
        )) as date) as affected_date

    from activity_versions

),

final as (

    select
        'queue_local' as date_scope,
        affected_date

    from contact_dates
    where affected_date is not null

    union all

    select
        'reporting' as date_scope,
        affected_date

    from reporting_dates

)

select * from final
