-- The interval spine: every interval of every local day of every queue. Intervals step
-- interval_minutes in UTC from local midnight (day_start_at) to the next local midnight, so
-- a DST day has 23 or 25 hours (46 or 50 half-hours) and on a fall-back day a local label
-- occurs twice; intervals are keyed by their UTC start. A day whose length is not a multiple
-- of the interval ends with a shorter interval.
-- Incremental: a spine day's intervals depend only on the spine row (queue, day, channel,
-- timezone) and var interval_minutes (a change of which rebuilds in full), so a run with var
-- incremental drops the days that left the spine int_queue_local_days or changed there, and
-- appends the days the table lacks.
{{ config(**append_incremental("{{ delete_affected_queue_days(affected=false) }}")) }}
{%- set interval_seconds = get_interval_minutes() * 60 %}

with

local_days as (

    select * from {{ ref('int_queue_local_days') }} as spine_days
    {%- if is_incremental() %}
    where {{ missing_queue_days('spine_days') }}
    {%- endif %}

),

numbered as (

    select
        queue_id,
        local_date,
        channel,
        queue_timezone,
        day_start_at,
        day_end_at,
        unnest(range(
            0,
            cast(ceil({{ seconds_between('day_start_at', 'day_end_at') }} / {{ interval_seconds }}) as bigint)
        )) as interval_number

    from local_days

),

bounded as (

    select
        *,
        day_start_at + to_seconds(interval_number * {{ interval_seconds }}) as interval_start_at

    from numbered

),

final as (

    select
        queue_id,
        local_date,
        interval_number,
        interval_start_at,
        least(interval_start_at + to_seconds({{ interval_seconds }}), day_end_at) as interval_end_at,
        timezone(queue_timezone, interval_start_at) as interval_start_local,
        channel,
        queue_timezone

    from bounded

)

select * from final
