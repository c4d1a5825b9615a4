-- Queue x local interval: every interval of the spine, with the additive components summed
-- over the segments that entered the queue in it and the ratios recomputed from them
-- (queue_ratio_columns). An interval without contacts has zero counts and null ratios.
-- The settings columns show the version valid at the interval start; each segment was
-- classified with the version valid when it entered the queue.
-- Incremental: a run with var incremental rebuilds the local days of int_dates_affected and
-- keeps the table on the spine int_queue_local_days (macros/incremental.sql).
{{ config(**append_incremental(
    "{{ delete_affected_queue_days() }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
-- depends_on: {{ ref('int_queue_local_days') }}
with

intervals as (

    select * from {{ ref('int_queue_intervals') }} as spine_intervals
    {%- if is_incremental() %}
    where {{ missing_queue_days('spine_intervals') }}
    {%- endif %}

),

segments as (

    {{ segments_of_queue_days('intervals') }}

),

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

segment_totals as (

    select
        queue_id,
        interval_start_at,
        count(*) as offered,
        count(case when is_answered then 1 end) as answered,
        count(case when is_abandoned then 1 end) as abandoned,
        count(case when is_short_abandoned then 1 end) as short_abandoned,
        count(case when is_timed_out then 1 end) as timed_out,
        count(case when is_answered_within_sl then 1 end) as answered_within_sl,
        count(case when is_abandoned_within_sl then 1 end) as abandoned_within_sl,
        count(case when is_answered_within_first_response then 1 end) as answered_within_first_response,
        count(case when is_transferred then 1 end) as transferred,
        count(case when is_answered then 1 end) as handled,
        sum(case when is_answered then wait_seconds end) as wait_seconds_answered,
        sum(case when is_abandoned then wait_seconds end) as wait_seconds_abandoned,
        cast(sum(case when is_answered then talk_seconds end) as bigint) as talk_seconds,
        cast(sum(case when is_answered then hold_seconds end) as bigint) as hold_seconds,
        cast(sum(case when is_answered then acw_seconds end) as bigint) as acw_seconds,
        max(wait_seconds) as max_wait_seconds

    from segments
    group by
        queue_id,
        interval_start_at

),

components as (

    select
        intervals.queue_id,
        intervals.channel,
        intervals.local_date,
        intervals.interval_start_local,
        intervals.interval_start_at,
        intervals.interval_end_at,
        intervals.queue_timezone,
        {{ queue_settings_columns('queue_versions') }},
        coalesce(segment_totals.offered, 0) as offered,
        coalesce(segment_totals.answered, 0) as answered,
        coalesce(segment_totals.abandoned, 0) as abandoned,
        coalesce(segment_totals.short_abandoned, 0) as short_abandoned,
        coalesce(segment_totals.timed_out, 0) as timed_out,
        coalesce(segment_totals.answered_within_sl, 0) as answered_within_sl,
        coalesce(segment_totals.abandoned_within_sl, 0) as abandoned_within_sl,
        coalesce(segment_totals.answered_within_first_response, 0) as answered_within_first_response,
        coalesce(segment_totals.transferred, 0) as transferred,
        coalesce(segment_totals.handled, 0) as handled,
        coalesce(segment_totals.wait_seconds_answered, 0) as wait_seconds_answered,
        coalesce(segment_totals.wait_seconds_abandoned, 0) as wait_seconds_abandoned,
        coalesce(segment_totals.talk_seconds, 0) as talk_seconds,
        coalesce(segment_totals.hold_seconds, 0) as hold_seconds,
        coalesce(segment_totals.acw_seconds, 0) as acw_seconds,
        segment_totals.max_wait_seconds

    from intervals
    left join segment_totals
        on intervals.queue_id = segment_totals.queue_id
        and intervals.interval_start_at = segment_totals.interval_start_at
    left join queue_versions
        on intervals.queue_id = queue_versions.queue_id
        and {{ queue_version_valid_at('queue_versions', 'intervals.interval_start_at') }}

),

final as (

    select
        queue_id,
        channel,
        local_date,
        interval_start_local,
        interval_start_at,
        interval_end_at,
        queue_timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        {{ queue_component_columns() }},
        {{ queue_ratio_columns() }},
        max_wait_seconds

    from components

)

select * from final
