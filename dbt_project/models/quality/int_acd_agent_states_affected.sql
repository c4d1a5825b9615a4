-- The agent states (agent_id, started_at) whose overlapping_interval verdict an incremental
-- build can change: those of the run's new files and those starting inside one of them
-- (affected_agent_state_ctes() in macros/incremental.sql). stg_acd__agent_states stages these
-- keys again; int_dates_affected recomputes their reporting days. Empty without var incremental.
{{ config(materialized='table') }}

with

{{ affected_agent_state_ctes() }},

final as (

    select distinct
        agent_id,
        started_at

    from affected_states

)

select * from final
