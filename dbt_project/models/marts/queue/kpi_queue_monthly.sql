-- Queue x local month (the calendar month of the queue's local_date): every component is the
-- sum of the month's kpi_queue_daily rows (so a month equals the sum of its days and of its
-- intervals exactly), ratios recomputed from the summed components (queue_ratio_columns, never
-- an average of daily ratios), the month's longest wait, and the median and 90th percentile
-- wait of the month's answered segments. Settings columns show the version valid at the start
-- of the month's first local day.
-- Incremental: a run with var incremental rebuilds the months that hold an affected local day
-- or whose days changed (macros/incremental.sql delete_regrouped_queue_days).
{{ config(**append_incremental(
    "{{ delete_regrouped_queue_days(queue_month_grain(), 'local_days') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
with

days as (

    select * from {{ ref('kpi_queue_daily') }} as queue_days
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as built
        where built.queue_id = queue_days.queue_id
            and built.local_month = cast(date_trunc('month', queue_days.local_date) as date)
    )
    {%- endif %}

),

segments as (

    {{ segments_of_queue_days('days') }}

),

monthly_components as (

    select
        queue_id,
        cast(date_trunc('month', local_date) as date) as local_month,
        channel,
        queue_timezone,
        arg_min(sl_threshold_seconds, local_date) as sl_threshold_seconds,
        arg_min(sl_target_pct, local_date) as sl_target_pct,
        arg_min(short_abandon_seconds, local_date) as short_abandon_seconds,
        count(*) as local_days,
        {{ queue_component_sums() }},
        max(max_wait_seconds) as max_wait_seconds

    from days
    group by
        queue_id,
        cast(date_trunc('month', local_date) as date),
        channel,
        queue_timezone

),

answered_wait_percentiles as (

    select
        queue_id,
        cast(date_trunc('month', local_date) as date) as local_month,
        quantile_cont(wait_seconds, 0.5) as p50_wait_seconds_answered,
        quantile_cont(wait_seconds, 0.9) as p90_wait_seconds_answered

    from segments
    where is_answered
    group by
        queue_id,
        cast(date_trunc('month', local_date) as date)

),

monthly as (

    select
        monthly_components.*,
        answered_wait_percentiles.p50_wait_seconds_answered,
        answered_wait_percentiles.p90_wait_seconds_answered

    from monthly_components
    left join answered_wait_percentiles
        on monthly_components.queue_id = answered_wait_percentiles.queue_id
        and monthly_components.local_month = answered_wait_percentiles.local_month

),

final as (

    select
        queue_id,
        channel,
        local_month,
        queue_timezone,
        local_days,
        sl_threshold_seconds,
        sl_target_pct,
        short_abandon_seconds,
        {{ queue_component_columns() }},
        {{ queue_ratio_columns() }},
        max_wait_seconds,
        p50_wait_seconds_answered,
        p90_wait_seconds_answered

    from monthly

)

select * from final
