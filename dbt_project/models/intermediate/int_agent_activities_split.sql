-- Agent states (acd_agent_states) and scheduled activities (wfm_schedules) cut at the
-- boundaries of the reporting intervals, so both can be summed per interval and per day.
-- Intervals are those of int_queue_intervals, read in var reporting_timezone: they step
-- interval_minutes in UTC from local midnight to the next local midnight (a DST day has 23 or
-- 25 hours; a day whose length is not a multiple of the interval ends with a shorter one).
-- Each activity becomes one piece per interval it touches, with the part of the activity
-- inside that interval, so the pieces of an activity tile it exactly. Activities without an
-- end, or ending at or before their start, have no duration and no piece.
-- Incremental: a run with var incremental rebuilds only the reporting days of int_dates_affected.
{{ config(**append_incremental(
    "{{ delete_affected_dates('reporting') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
{%- set interval_seconds = get_interval_minutes() * 60 %}

with

agent_states as (

    select * from {{ ref('stg_acd__agent_states') }}

),

schedules as (

    select * from {{ ref('stg_wfm__schedules') }}

),

activities as (

    select
        'acd_agent_states' as activity_source,
        agent_id,
        state as activity,
        reason_code,
        started_at as activity_started_at,
        ended_at as activity_ended_at

    from agent_states

    union all

    select
        'wfm_schedules' as activity_source,
        agent_id,
        activity,
        cast(null as varchar) as reason_code,
        starts_at as activity_started_at,
        ends_at as activity_ended_at

    from schedules

),

timed_activities as (

    select * from activities
    where activity_ended_at > activity_started_at
    {%- if is_incremental() %}
        and {{ overlaps_affected_span('activity_started_at', 'activity_ended_at', 'reporting') }}
    {%- endif %}

),

activity_days as (

    -- every local day the activity touches: from the day of its start to the day of its
    -- last instant (an activity ending exactly at local midnight does not reach the next day)
    select
        *,
        unnest(generate_series(
            cast({{ reporting_date('activity_started_at') }} as timestamp),
            cast({{ reporting_date('activity_ended_at - interval 1 microsecond') }} as timestamp),
            interval 1 day
        )) as local_midnight

    from timed_activities

),

day_bounds as (

    select
        *,
        cast(local_midnight as date) as local_date,
        {{ reporting_instant('local_midnight') }} as day_start_at,
        {{ reporting_instant('local_midnight + interval 1 day') }} as day_end_at

    from activity_days

),

day_pieces as (

    select
        *,
        greatest(activity_started_at, day_start_at) as day_piece_started_at,
        least(activity_ended_at, day_end_at) as day_piece_ended_at

    from day_bounds

),

interval_numbers as (

    -- the intervals of the day that the day piece overlaps: from the one holding its start
    -- to the one holding its last instant
    select
        *,
        unnest(range(
            cast(floor({{ seconds_between('day_start_at', 'day_piece_started_at') }} / {{ interval_seconds }}) as bigint),
            cast(ceil({{ seconds_between('day_start_at', 'day_piece_ended_at') }} / {{ interval_seconds }}) as bigint)
        )) as interval_number

    from day_pieces

),

interval_bounds as (

    select
        *,
        day_start_at + to_seconds(interval_number * {{ interval_seconds }}) as interval_start_at,
        least(day_start_at + to_seconds((interval_number + 1) * {{ interval_seconds }}), day_end_at) as interval_end_at

    from interval_numbers

),

pieces as (

    select
        *,
        greatest(activity_started_at, interval_start_at) as started_at,
        least(activity_ended_at, interval_end_at) as ended_at

    from interval_bounds

),

final as (

    select
        activity_source,
        agent_id,
        activity,
        reason_code,
        activity_started_at,
        activity_ended_at,
        local_date,
        interval_start_at,
        interval_end_at,
        {{ reporting_local('interval_start_at') }} as interval_start_local,
        started_at,
        ended_at,
        {{ seconds_between('started_at', 'ended_at') }} as seconds

    from pieces
    where ended_at > started_at
    {%- if is_incremental() %}
        and local_date in {{ affected_dates('reporting') }}
    {%- endif %}

)

select * from final
