-- Rows of raw.acd_queues that break a row rule of sources.md (quality_contracts() in
-- macros/quality): one row per file, line, rule and column, with a reason naming the value as
-- landed. Staging reads raw minus these rows; dq_quarantine publishes them.
with

typed as not materialized (

    {{ rule_check_typed_rows('acd_queues') }}

),

contract_violations as (

    {{ contract_rule_violations('acd_queues') }}

),

extract_violations as (

    {{ violation('acd_queues', 'unknown_timezone', 'timezone',
        "timezone '{timezone}' is not an IANA timezone",
        'timezone is not null and timezone not in (select name from pg_timezone_names())',
        'timezone is an IANA timezone') }}

),

row_violations as (

    select * from contract_violations
    union all
    select * from extract_violations

),

key_violations as (

    {{ key_rule_violations('acd_queues') }}

),

final as (

    {{ union_rule_violations(['row_violations', 'key_violations']) }}

)

select * from final
