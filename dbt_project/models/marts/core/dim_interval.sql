-- The intervals of a local clock day at var interval_minutes (15, 30 or 60): one row per
-- interval of a regular 24-hour day, labelled by local wall-clock time. Join a local interval
-- on its clock time: cast(kpi_queue_interval.interval_start_local as time) =
-- dim_interval.interval_start_time (on a DST day a label is missing or occurs twice; the
-- interval marts key intervals by interval_start_at, dim_interval only labels them).
{%- set interval_minutes = get_interval_minutes() %}

with

numbers as (

    select unnest(range(0, {{ (1440 // interval_minutes) }})) as interval_number

),

bounded as (

    select
        interval_number,
        interval_number * {{ interval_minutes }} as start_minute,
        (interval_number + 1) * {{ interval_minutes }} as end_minute

    from numbers

),

final as (

    select
        cast(interval_number as integer) as interval_number,
        cast('00:00:00' as time) + to_minutes(start_minute) as interval_start_time,
        lpad(cast(start_minute // 60 as varchar), 2, '0') || ':' || lpad(cast(start_minute % 60 as varchar), 2, '0')
            as interval_start_label,
        lpad(cast(start_minute // 60 as varchar), 2, '0') || ':' || lpad(cast(start_minute % 60 as varchar), 2, '0')
            || '-'
            || lpad(cast(end_minute // 60 as varchar), 2, '0') || ':' || lpad(cast(end_minute % 60 as varchar), 2, '0')
            as interval_label,
        cast(start_minute // 60 as integer) as hour_of_day,
        {{ interval_minutes }} as minutes

    from bounded

)

select * from final
