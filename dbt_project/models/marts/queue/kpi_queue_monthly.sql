-- Queue x local month (the calendar month of the queue's local_date): every component is the
-- sum of the month's kpi_queue_daily rows (so a month equals the sum of its days and of its
-- intervals exactly), ratios recomputed from the summed components (queue_ratio_columns, never
-- an average of daily ratios), the month's longest wait, and the median and 90th percentile
-- wait of the month's answered segments. Settings columns show the version valid at the start
-- of the month's first local day.
-- Incremental: a run with var incremental rebuilds the months that hold an affected local day
-- or whose days changed (macros/incremental.sql delete_regrouped_queue_days).
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=incremental_full_refresh(),
        pre_hook="{{ delete_regrouped_queue_days(queue_month_grain(), 'local_days') }}",
    )
}}
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

    select * from {{ ref('fct_contact_segments') }} as queue_segments
    {%- if is_incremental() %}
    where exists (
        select 1 from days
        where days.queue_id = queue_segments.queue_id
            and days.local_date = queue_segments.local_date
    )
    {%- endif %}

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
        cast(sum(offered) as bigint) as offered,
        cast(sum(answered) as bigint) as answered,
        cast(sum(abandoned) as bigint) as abandoned,
        cast(sum(short_abandoned) as bigint) as short_abandoned,
        cast(sum(timed_out) as bigint) as timed_out,
        cast(sum(answered_within_sl) as bigint) as answered_within_sl,
        cast(sum(abandoned_within_sl) as bigint) as abandoned_within_sl,
        cast(sum(answered_within_first_response) as bigint) as answered_within_first_response,
        cast(sum(transferred) as bigint) as transferred,
        cast(sum(handled) as bigint) as handled,
        sum(wait_seconds_answered) as wait_seconds_answered,
        sum(wait_seconds_abandoned) as wait_seconds_abandoned,
        cast(sum(talk_seconds) as bigint) as talk_seconds,
        cast(sum(hold_seconds) as bigint) as hold_seconds,
        cast(sum(acw_seconds) as bigint) as acw_seconds,
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
        offered,
        answered,
        abandoned,
        short_abandoned,
        timed_out,
        answered_within_sl,
        abandoned_within_sl,
        answered_within_first_response,
        transferred,
        handled,
        wait_seconds_answered,
        wait_seconds_abandoned,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        {{ queue_ratio_columns() }},
        max_wait_seconds,
        p50_wait_seconds_answered,
        p90_wait_seconds_answered

    from monthly

)

select * from final
