-- Rows of raw.acd_contacts that break a row rule of sources.md (quality_contracts() in
-- macros/quality): one row per file, line, rule and column, with a reason naming the value as
-- landed. Staging reads raw minus these rows; dq_quarantine publishes them.
with

typed as not materialized (

    {{ rule_check_typed_rows('acd_contacts') }}

),

contract_violations as (

    {{ contract_rule_violations('acd_contacts') }}

),

extract_violations as (

    {{ violation('acd_contacts', 'answered_without_agent', 'agent_id',
        'answered_at {answered_at} is set but agent_id is empty',
        'answered_at is not null and agent_id is null',
        'answered implies agent_id') }}

    union all

    {{ violation('acd_contacts', 'abandoned_but_answered', 'answered_at',
        'end_reason {end_reason} but answered_at is {answered_at}',
        "end_reason = 'abandoned' and answered_at is not null",
        'abandoned implies not answered') }}

    union all

    {{ violation('acd_contacts', 'abandoned_with_agent', 'agent_id',
        'end_reason {end_reason} but agent_id is {agent_id}',
        "end_reason = 'abandoned' and agent_id is not null",
        'abandoned implies not answered, so no agent') }}

),

row_violations as (

    select * from contract_violations
    union all
    select * from extract_violations

),

key_violations as (

    {{ key_rule_violations('acd_contacts') }}

),

final as (

    {{ union_rule_violations(['row_violations', 'key_violations']) }}

)

select * from final
