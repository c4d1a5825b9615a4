-- Inbound queue segments with the queue settings version valid when the segment entered the
-- queue, the KPI flags of kpis.md "Queue measures", and the local interval it belongs to.
-- Local time uses the queue's current timezone, so a queue's local days never shift when a
-- settings version changes; a queue missing from acd_queues gets reporting_timezone and the
-- default settings.
-- Incremental: a run with var incremental rebuilds only the local days of int_dates_affected.
{{ config(**append_incremental(
    "{{ delete_affected_dates('queue_local') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
{%- set interval_seconds = get_interval_minutes() * 60 %}

with

segments as (

    select * from {{ ref('stg_acd__contact_segments') }}

),

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

inbound_queued as (

    select * from segments
    where {{ is_inbound_queued() }}
        {%- if is_incremental() %}
        and {{ within_affected_span('queued_at', 'queue_local') }}
        {%- endif %}

),

current_queues as (

    select
        queue_id,
        timezone

    from queue_versions
    where is_current

),

with_settings as (

    select
        inbound_queued.*,
        queue_versions.version_number as queue_version_number,
        {{ queue_local_timezone('current_queues') }} as queue_timezone,
        {{ queue_settings_columns('queue_versions') }},
        {{ seconds_between('inbound_queued.queued_at', 'coalesce(inbound_queued.answered_at, inbound_queued.ended_at)') }} as wait_seconds

    from inbound_queued
    left join current_queues
        on inbound_queued.queue_id = current_queues.queue_id
    left join queue_versions
        on inbound_queued.queue_id = queue_versions.queue_id
        and {{ queue_version_valid_at('queue_versions', 'inbound_queued.queued_at') }}

),

local_days as (

    select
        *,
        cast(timezone(queue_timezone, queued_at) as date) as local_date

    from with_settings

),

day_starts as (

    select
        *,
        -- the UTC instant of local midnight of local_date
        timezone(queue_timezone, cast(local_date as timestamp)) as day_start_at

    from local_days

),

interval_starts as (

    select
        *,
        day_start_at + to_seconds(
            cast(floor({{ seconds_between('day_start_at', 'queued_at') }} / {{ interval_seconds }}) as bigint)
            * {{ interval_seconds }}
        ) as interval_start_at

    from day_starts

),

classified as (

    select
        *,
        answered_at is not null as is_answered,
        coalesce(end_reason = 'abandoned', false) as is_abandoned,
        coalesce(end_reason = 'timeout', false) and answered_at is null as is_timed_out,
        coalesce(end_reason = 'abandoned' and wait_seconds < short_abandon_seconds, false) as is_short_abandoned,
        coalesce(answered_at is not null and wait_seconds <= sl_threshold_seconds, false) as is_answered_within_sl,
        coalesce(end_reason = 'abandoned' and wait_seconds <= sl_threshold_seconds, false) as is_abandoned_within_sl,
        coalesce(
            answered_at is not null and wait_seconds <= {{ var('first_response_threshold_seconds') }}, false
        ) as is_answered_within_first_response,
        coalesce(answered_at is not null and end_reason = 'transferred', false) as is_transferred,
        case
            when answered_at is not null
                then coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)
        end as handle_seconds,
        timezone(queue_timezone, interval_start_at) as interval_start_local

    from interval_starts

),

final as (

    select
        contact_id,
        initial_contact_id,
        previous_contact_id,
        channel,
        queue_id,
        customer_id,
        ani_hash,
        agent_id,
        arrived_at,
        queued_at,
        answered_at,
        ended_at,
        end_reason,
        transfer_to_queue_id,
        wrap_code,
        case_id,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        handle_seconds,
        wait_seconds,
        is_answered,
        is_abandoned,
        is_timed_out,
        is_short_abandoned,
        is_answered_within_sl,
        is_abandoned_within_sl,
        is_answered_within_first_response,
        is_transferred,
        queue_version_number,
        queue_timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        local_date,
        interval_start_local,
        interval_start_at

    from classified
    {%- if is_incremental() %}
    where local_date in {{ affected_dates('queue_local') }}
    {%- endif %}

)

select * from final
