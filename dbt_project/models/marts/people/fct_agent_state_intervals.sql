-- Agent states (acd_agent_states) split at the reporting interval boundaries (var
-- interval_minutes, in var reporting_timezone, DST-correct): one row per state and interval
-- it touches, with the seconds of the state inside that interval. The pieces of a state tile
-- it exactly (tests/assert_fct_agent_state_intervals_conserve_seconds.sql).
-- Incremental: a run with var incremental rebuilds only the reporting days of int_dates_affected.
{{ config(**append_incremental(
    "{{ delete_affected_dates('reporting') }}"
)) }}
-- depends_on: {{ ref('int_dates_affected') }}
with

pieces as (

    select * from {{ ref('int_agent_activities_split') }}
    where activity_source = 'acd_agent_states'
    {%- if is_incremental() %}
        and local_date in {{ affected_dates('reporting') }}
    {%- endif %}

),

final as (

    select
        agent_id,
        activity_started_at as state_started_at,
        activity_ended_at as state_ended_at,
        activity as state,
        reason_code,
        local_date,
        interval_start_at,
        interval_end_at,
        interval_start_local,
        started_at,
        ended_at,
        seconds

    from pieces

)

select * from final
