-- kpi_queue_daily in one hand-written DuckDB query, straight from the landed files.
-- The same rules as the pipeline: latest delivery of a contact wins (updated_at, then the
-- higher file sequence, then the later file); inbound segments that queued; the queue
-- settings version valid when the segment entered the queue; local date in the queue's
-- current timezone; wait = queued_at to answered_at (or ended_at); service level excludes
-- short abandons from the denominator (sl_formula offered_excl_short_abandons).
-- {landing} is replaced by the landing directory.
with

contacts as (
    select
        contact_id,
        direction,
        queue_id,
        end_reason,
        cast(queued_at as timestamptz) as queued_at,
        cast(answered_at as timestamptz) as answered_at,
        cast(ended_at as timestamptz) as ended_at,
        cast(talk_seconds as bigint) as talk_seconds,
        cast(hold_seconds as bigint) as hold_seconds,
        cast(acw_seconds as bigint) as acw_seconds,
        cast(updated_at as timestamptz) as updated_at,
        coalesce(
            try_cast(regexp_extract(filename, '_\d{4}-\d{2}-\d{2}_(\d+)\.', 1) as integer), 0
        ) as file_seq,
        filename
    from read_csv(
        '{landing}/acd_contacts/acd_contacts_*.csv*',
        all_varchar = true, filename = true
    )
),

latest as (
    select * from contacts
    qualify row_number() over (
        partition by contact_id order by updated_at desc, file_seq desc, filename desc
    ) = 1
),

queues as (
    select
        queue_id,
        timezone,
        coalesce(cast(sl_threshold_seconds as integer), 20) as sl_threshold_seconds,
        coalesce(cast(short_abandon_seconds as integer), 5) as short_abandon_seconds,
        cast(updated_at as timestamptz) as updated_at,
        lead(cast(updated_at as timestamptz)) over (
            partition by queue_id order by cast(updated_at as timestamptz)
        ) as valid_to,
        row_number() over (
            partition by queue_id order by cast(updated_at as timestamptz)
        ) as version_number
    from read_csv('{landing}/acd_queues/acd_queues_*.csv*', all_varchar = true)
),

segments as (
    select
        latest.*,
        coalesce(current_queue.timezone, 'UTC') as queue_timezone,
        coalesce(version.sl_threshold_seconds, 20) as sl_threshold_seconds,
        coalesce(version.short_abandon_seconds, 5) as short_abandon_seconds,
        epoch(coalesce(latest.answered_at, latest.ended_at)) - epoch(latest.queued_at)
            as wait_seconds
    from latest
    left join queues as current_queue
        on current_queue.queue_id = latest.queue_id and current_queue.valid_to is null
    left join queues as version
        on version.queue_id = latest.queue_id
        and (version.version_number = 1 or version.updated_at <= latest.queued_at)
        and (version.valid_to is null or latest.queued_at < version.valid_to)
    where latest.direction = 'inbound'
        and latest.queue_id is not null
        and latest.queued_at is not null
),

daily as (
    select
        queue_id,
        cast(timezone(queue_timezone, queued_at) as date) as local_date,
        count(*) as offered,
        count(answered_at) as answered,
        count(*) filter (where end_reason = 'abandoned') as abandoned,
        count(*) filter (
            where end_reason = 'abandoned' and wait_seconds < short_abandon_seconds
        ) as short_abandoned,
        count(*) filter (where end_reason = 'timeout' and answered_at is null) as timed_out,
        count(*) filter (
            where answered_at is not null and wait_seconds <= sl_threshold_seconds
        ) as answered_within_sl,
        count(*) filter (
            where end_reason = 'abandoned' and wait_seconds <= sl_threshold_seconds
        ) as abandoned_within_sl,
        count(*) filter (
            where answered_at is not null and end_reason = 'transferred'
        ) as transferred,
        count(answered_at) as handled,
        coalesce(sum(wait_seconds) filter (where answered_at is not null), 0)
            as wait_seconds_answered,
        coalesce(sum(wait_seconds) filter (where end_reason = 'abandoned'), 0)
            as wait_seconds_abandoned,
        coalesce(sum(talk_seconds) filter (where answered_at is not null), 0) as talk_seconds,
        coalesce(sum(hold_seconds) filter (where answered_at is not null), 0) as hold_seconds,
        coalesce(sum(acw_seconds) filter (where answered_at is not null), 0) as acw_seconds,
        max(wait_seconds) as max_wait_seconds,
        quantile_cont(wait_seconds, 0.5) filter (where answered_at is not null)
            as p50_wait_seconds_answered,
        quantile_cont(wait_seconds, 0.9) filter (where answered_at is not null)
            as p90_wait_seconds_answered
    from segments
    group by all
)

select
    *,
    answered_within_sl / nullif(offered - short_abandoned, 0) as service_level,
    answered / nullif(offered, 0) as answer_rate,
    (abandoned - short_abandoned) / nullif(offered - short_abandoned, 0) as abandon_rate,
    wait_seconds_answered / nullif(answered, 0) as asa_seconds,
    (talk_seconds + hold_seconds + acw_seconds) / nullif(handled, 0) as aht_seconds,
    transferred / nullif(answered, 0) as transfer_rate
from daily
order by queue_id, local_date
