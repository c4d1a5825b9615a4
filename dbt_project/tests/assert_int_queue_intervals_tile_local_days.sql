-- The intervals of a local day tile it without gap or overlap: the first starts at local
-- midnight, the last ends at the next local midnight, and their lengths add up to the day
-- (23 or 25 hours on DST days). Returns the days where that fails.
with

local_days as (

    select * from {{ ref('int_queue_local_days') }}

),

intervals as (

    select
        queue_id,
        local_date,
        min(interval_start_at) as first_start_at,
        max(interval_end_at) as last_end_at,
        sum({{ seconds_between('interval_start_at', 'interval_end_at') }}) as covered_seconds

    from {{ ref('int_queue_intervals') }}
    group by
        queue_id,
        local_date

)

select
    local_days.queue_id,
    local_days.local_date,
    intervals.first_start_at,
    intervals.last_end_at,
    intervals.covered_seconds

from local_days
left join intervals
    on local_days.queue_id = intervals.queue_id
    and local_days.local_date = intervals.local_date
where intervals.first_start_at is distinct from local_days.day_start_at
    or intervals.last_end_at is distinct from local_days.day_end_at
    or intervals.covered_seconds is distinct from {{ seconds_between('local_days.day_start_at', 'local_days.day_end_at') }}
