-- Rows of raw.qa_evaluations that break a row rule of sources.md (quality_contracts() in
-- macros/quality): one row per file, line, rule and column, with a reason naming the value as
-- landed. Staging reads raw minus these rows; dq_quarantine publishes them.
with

typed as not materialized (

    {{ rule_check_typed_rows('qa_evaluations') }}

),

contract_violations as (

    {{ contract_rule_violations('qa_evaluations') }}

),

extract_violations as (

    {{ violation('qa_evaluations', 'score_above_max', 'score',
        'score {score} is above max_score {max_score}',
        'score > max_score',
        'score <= max_score') }}

    union all

    {{ violation('qa_evaluations', 'score_out_of_range', 'max_score',
        'max_score {max_score} is not positive',
        'max_score <= 0',
        'max_score > 0') }}

),

row_violations as (

    select * from contract_violations
    union all
    select * from extract_violations

),

key_violations as (

    {{ key_rule_violations('qa_evaluations') }}

),

final as (

    {{ union_rule_violations(['row_violations', 'key_violations']) }}

)

select * from final
