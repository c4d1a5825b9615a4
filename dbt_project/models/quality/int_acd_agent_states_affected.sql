-- The agent states (agent_id, started_at) whose quarantine, and so whose staged row and reporting
-- days, an incremental build can change: every state of the run's new files (touched_states),
-- and every state of the same agent that starts inside a touched one, over the latest end any
-- delivery of it had (overlapped_states), because overlapping_interval may quarantine or free
-- it. One level is enough: the rule judges a state against another key's winning delivery, not
-- against that one's quarantine. Raw rows are typed only once narrowed by text date
-- (text_date_literals). stg_acd__agent_states stages these keys again; int_dates_affected
-- recomputes the reporting days from started_at to latest_ended_at. Empty without var
-- incremental.
{{ config(materialized='table') }}

{#- The states that can matter, typed: those starting within two days of the touched starts
    (every version of a touched state starts at the same instant) up to the latest end of any
    version of one (a state starting inside it). The two windows are queried first
    (text_date_literals), each over the CTEs before it. -#}
{%- set ctes = [] %}
{%- do ctes.append(('state_rows', raw_agent_spans('acd_agent_states', 'started_at', 'ended_at'))) %}
{%- do ctes.append(('touched_states', touched_span_starts('state_rows', 'acd_agent_states'))) %}
{%- set touched_dates = text_date_literals(ctes, 'select min(started_at), max(started_at) from touched_states') %}
{%- do ctes.append(('near_touched_states', spans_near('state_rows', 'acd_agent_states', touched_dates))) %}
{%- set touched_state_spans -%}
    -- a touched state, over every version of it: the latest end it ever had
    select
        near_touched_states.agent_id,
        near_touched_states.started_at,
        max(near_touched_states.ended_at) as latest_ended_at

    from near_touched_states
    inner join touched_states
        on near_touched_states.agent_id = touched_states.agent_id
        and near_touched_states.started_at = touched_states.started_at
    group by
        near_touched_states.agent_id,
        near_touched_states.started_at
{%- endset %}
{%- do ctes.append(('touched_state_spans', touched_state_spans)) %}
{%- set affected_dates = text_date_literals(ctes, 'select min(started_at), max(greatest(started_at, coalesce(latest_ended_at, started_at))) from touched_state_spans') %}

with

state_rows as not materialized (

    {{ ctes[0][1] }}

),

touched_states as (

    {{ ctes[1][1] }}

),

near_touched_states as not materialized (

    {{ ctes[2][1] }}

),

touched_state_spans as (

    {{ touched_state_spans }}

),

near_affected_states as not materialized (

    {{ spans_near('state_rows', 'acd_agent_states', affected_dates) }}

),

{#- every state of the same agent starting inside a touched one, over every version of it -#}
overlapped_states as (

    select
        near_affected_states.agent_id,
        near_affected_states.started_at,
        max(near_affected_states.ended_at) as latest_ended_at

    from near_affected_states
    semi join touched_state_spans
        on near_affected_states.agent_id = touched_state_spans.agent_id
        and near_affected_states.started_at > touched_state_spans.started_at
        and near_affected_states.started_at < touched_state_spans.latest_ended_at
    group by
        near_affected_states.agent_id,
        near_affected_states.started_at

),

final as (

    -- a state both touched and overlapped has the same versions, so the same row in both
    select * from touched_state_spans
    union
    select * from overlapped_states

)

select * from final
