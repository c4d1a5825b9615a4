-- Splitting at interval boundaries conserves every agent state exactly: the pieces of a state
-- (acd_agent_states with ended_at > started_at) start at its start, end at its end, each lies
-- inside its interval, and their seconds add up to ended_at - started_at (compared to the
-- microsecond, the resolution of a timestamp). Returns the states where any of that fails,
-- including states with no piece at all and pieces without a state. An incremental build
-- judges the states and pieces that can touch an affected reporting day (the days it rebuilt).
-- depends_on: {{ ref('int_dates_affected') }}
with

states as (

    select
        agent_id,
        started_at,
        ended_at,
        {{ seconds_between('started_at', 'ended_at') }} as state_seconds

    from {{ ref('stg_acd__agent_states') }}
    where ended_at > started_at
    {%- if incremental_plan() is not none %}
        and {{ overlaps_affected_span('started_at', 'ended_at', 'reporting') }}
    {%- endif %}

),

pieces as (

    select
        agent_id,
        state_started_at,
        min(started_at) as first_piece_started_at,
        max(ended_at) as last_piece_ended_at,
        sum(seconds) as piece_seconds,
        count(case
            when started_at < interval_start_at
                or ended_at > interval_end_at
                or ended_at <= started_at
                or started_at < state_started_at
                or ended_at > state_ended_at
                then 1
        end) as misplaced_pieces

    from {{ ref('fct_agent_state_intervals') }}
    {%- if incremental_plan() is not none %}
    where {{ overlaps_affected_span('state_started_at', 'state_ended_at', 'reporting') }}
    {%- endif %}
    group by
        agent_id,
        state_started_at

)

select
    coalesce(states.agent_id, pieces.agent_id) as agent_id,
    coalesce(states.started_at, pieces.state_started_at) as started_at,
    states.ended_at,
    states.state_seconds,
    pieces.first_piece_started_at,
    pieces.last_piece_ended_at,
    pieces.piece_seconds,
    pieces.misplaced_pieces

from states
full outer join pieces
    on states.agent_id = pieces.agent_id
    and states.started_at = pieces.state_started_at
where states.agent_id is null
    or pieces.agent_id is null
    or pieces.first_piece_started_at <> states.started_at
    or pieces.last_piece_ended_at <> states.ended_at
    or round(pieces.piece_seconds, 6) <> round(states.state_seconds, 6)
    or pieces.misplaced_pieces > 0
