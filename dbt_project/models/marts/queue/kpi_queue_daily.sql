-- Queue x local day: the sum of the kpi_queue_interval components of the day (so a day equals
-- the sum of its intervals exactly), ratios recomputed from the summed components, the longest
-- wait of the day, and the median and 90th percentile wait of answered segments (continuous
-- quantiles over the day's segments). Settings columns show the version valid at the start of
-- the local day (that of its first interval).
-- Incremental: a run with var incremental rebuilds the local days of int_dates_affected and
-- keeps the table on the spine int_queue_local_days (macros/incremental.sql).
{{ config(**append_incremental(
    "{{ delete_affected_queue_days() }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
-- depends_on: {{ ref('int_queue_local_days') }}
with

intervals as (

    select * from {{ ref('kpi_queue_interval') }} as queue_intervals
    {%- if is_incremental() %}
    where {{ missing_queue_days('queue_intervals') }}
    {%- endif %}

),

segments as (

    {{ segments_of_queue_days('intervals') }}

),

daily_components as (

    select
        queue_id,
        local_date,
        channel,
        queue_timezone,
        arg_min(sl_threshold_seconds, interval_start_at) as sl_threshold_seconds,
        arg_min(sl_target_pct, interval_start_at) as sl_target_pct,
        arg_min(short_abandon_seconds, interval_start_at) as short_abandon_seconds,
        {{ queue_component_sums() }},
        max(max_wait_seconds) as max_wait_seconds

    from intervals
    group by
        queue_id,
        local_date,
        channel,
        queue_timezone

),

answered_wait_percentiles as (

    select
        queue_id,
        local_date,
        quantile_cont(wait_seconds, 0.5) as p50_wait_seconds_answered,
        quantile_cont(wait_seconds, 0.9) as p90_wait_seconds_answered

    from segments
    where is_answered
    group by
        queue_id,
        local_date

),

daily as (

    select
        daily_components.*,
        answered_wait_percentiles.p50_wait_seconds_answered,
        answered_wait_percentiles.p90_wait_seconds_answered

    from daily_components
    left join answered_wait_percentiles
        on daily_components.queue_id = answered_wait_percentiles.queue_id
        and daily_components.local_date = answered_wait_percentiles.local_date

),

final as (

    select
        queue_id,
        channel,
        local_date,
        queue_timezone,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        {{ queue_component_columns() }},
        {{ queue_ratio_columns() }},
        max_wait_seconds,
        p50_wait_seconds_answered,
        p90_wait_seconds_answered

    from daily

)

select * from final
