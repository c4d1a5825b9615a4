-- Every queue segment lands in exactly one spine interval: per queue, the offered of all
-- intervals equals the number of segments. Returns the queues where they differ.
with

segments as (

    select
        queue_id,
        count(*) as segments

    from {{ ref('fct_contact_segments') }}
    group by queue_id

),

intervals as (

    select
        queue_id,
        sum(offered) as offered

    from {{ ref('kpi_queue_interval') }}
    group by queue_id

)

select
    coalesce(segments.queue_id, intervals.queue_id) as queue_id,
    segments.segments,
    intervals.offered

from segments
full outer join intervals
    on segments.queue_id = intervals.queue_id
where coalesce(segments.segments, 0) <> coalesce(intervals.offered, 0)
