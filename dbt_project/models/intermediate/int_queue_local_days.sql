-- Every local day of every queue from the first to the last day on which any contact entered
-- any queue (kpis.md "Time attribution"): the instants of the first and last queued segment
-- are read in each queue's own timezone. Queues come from the current acd_queues versions,
-- plus any queue that segments reference but acd_queues lacks (in reporting_timezone).
-- No queued segment at all: no days.
with

segments as not materialized (

    select * from {{ ref('int_contact_segments_classified') }}

),

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

current_queues as (

    select
        queue_id,
        channel,
        timezone as queue_timezone

    from queue_versions
    where is_current

),

unknown_queues as (

    select
        segments.queue_id,
        min(segments.channel) as channel,
        min(segments.queue_timezone) as queue_timezone

    from segments
    left join current_queues
        on segments.queue_id = current_queues.queue_id
    where current_queues.queue_id is null
    group by segments.queue_id

),

queues as (

    select * from current_queues
    union all
    select * from unknown_queues

),

contact_span as (

    select
        min(queued_at) as first_queued_at,
        max(queued_at) as last_queued_at

    from segments

),

queue_days as (

    select
        queues.queue_id,
        queues.channel,
        queues.queue_timezone,
        unnest(generate_series(
            cast(timezone(queues.queue_timezone, contact_span.first_queued_at) as date),
            cast(timezone(queues.queue_timezone, contact_span.last_queued_at) as date),
            interval 1 day
        )) as local_midnight

    from queues
    cross join contact_span
    where contact_span.first_queued_at is not null

),

final as (

    select
        queue_id,
        cast(local_midnight as date) as local_date,
        channel,
        queue_timezone,
        timezone(queue_timezone, local_midnight) as day_start_at,
        timezone(queue_timezone, local_midnight + interval 1 day) as day_end_at

    from queue_days

)

select * from final
