-- Scheduled activities (wfm_schedules) split at the reporting interval boundaries exactly as
-- fct_agent_state_intervals splits agent states, so schedule and states meet per interval and
-- per local day in var reporting_timezone.
-- Incremental: a run with var incremental rebuilds only the reporting days of int_dates_affected.
{{ config(**append_incremental(
    "{{ delete_affected_dates('reporting') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
with

pieces as (

    select * from {{ ref('int_agent_activities_split') }}
    where activity_source = 'wfm_schedules'
    {%- if is_incremental() %}
        and local_date in {{ affected_dates('reporting') }}
    {%- endif %}

),

final as (

    select
        agent_id,
        activity_started_at as schedule_starts_at,
        activity_ended_at as schedule_ends_at,
        activity,
        local_date,
        interval_start_at,
        interval_end_at,
        interval_start_local,
        started_at,
        ended_at,
        seconds as scheduled_seconds

    from pieces

)

select * from final
