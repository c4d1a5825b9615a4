-- depends_on: {{ ref('int_acd_agent_states_affected') }}
-- Rows of raw.acd_agent_states that break a row rule of sources.md (quality_contracts() in
-- macros/quality): one row per file, line, rule and column, with a reason naming the value as
-- landed. Staging reads raw minus these rows; dq_quarantine publishes them.
with

typed as not materialized (

    {{ rule_check_typed_rows('acd_agent_states') }}

),

contract_violations as (

    {{ contract_rule_violations('acd_agent_states') }}

),

row_violations as (

    select * from contract_violations

),

key_violations as (

    {{ key_rule_violations('acd_agent_states') }}

),

final as (

    {{ union_rule_violations(['row_violations', 'key_violations']) }}

)

select * from final
