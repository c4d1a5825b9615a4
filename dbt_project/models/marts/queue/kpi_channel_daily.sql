-- Channel x local day: every component is the sum over the channel's queues of their
-- kpi_queue_daily rows (each queue's own local day, so queues in different timezones add up
-- their own calendar days), ratios recomputed from the summed components (queue_ratio_columns,
-- never an average of queue ratios), the longest wait, and the median and 90th percentile wait
-- of the answered segments of those queue-days. A queue's channel is its current acd_queues
-- channel (kpi_queue_daily.channel).
-- Incremental: a run with var incremental rebuilds the channel-days that hold an affected
-- queue-day or whose queue-days changed (macros/incremental.sql delete_regrouped_queue_days).
{{ config(**append_incremental(
    "{{ delete_regrouped_queue_days({'channel': 'channel', 'local_date': 'local_date'}, 'queues') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
with

days as (

    select * from {{ ref('kpi_queue_daily') }} as queue_days
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as built
        where built.channel is not distinct from queue_days.channel
            and built.local_date = queue_days.local_date
    )
    {%- endif %}

),

segments as (

    {{ segments_of_queue_days('days') }}

),

daily_components as (

    select
        channel,
        local_date,
        count(*) as queues,
        {{ queue_component_sums() }},
        max(max_wait_seconds) as max_wait_seconds

    from days
    group by
        channel,
        local_date

),

answered_wait_percentiles as (

    select
        days.channel,
        segments.local_date,
        quantile_cont(segments.wait_seconds, 0.5) as p50_wait_seconds_answered,
        quantile_cont(segments.wait_seconds, 0.9) as p90_wait_seconds_answered

    from segments
    inner join days
        on segments.queue_id = days.queue_id
        and segments.local_date = days.local_date
    where segments.is_answered
    group by
        days.channel,
        segments.local_date

),

daily as (

    select
        daily_components.*,
        answered_wait_percentiles.p50_wait_seconds_answered,
        answered_wait_percentiles.p90_wait_seconds_answered

    from daily_components
    left join answered_wait_percentiles
        on daily_components.channel is not distinct from answered_wait_percentiles.channel
        and daily_components.local_date = answered_wait_percentiles.local_date

),

final as (

    select
        channel,
        local_date,
        queues,
        {{ queue_component_columns() }},
        {{ queue_ratio_columns() }},
        max_wait_seconds,
        p50_wait_seconds_answered,
        p90_wait_seconds_answered

    from daily

)

select * from final
