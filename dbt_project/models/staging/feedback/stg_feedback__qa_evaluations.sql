with

source as not materialized (

    {{ staging_source('qa_evaluations') }}

),

quarantined as (

    select * from {{ ref('int_qa_evaluations_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('evaluation_id') }} as evaluation_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('agent_id') }} as agent_id,
        {{ clean_text('evaluator_id') }} as evaluator_id,
        {{ to_utc_timestamp('evaluated_at', 'qa_evaluations') }} as evaluated_at,
        {{ to_decimal('score') }} as score,
        {{ to_decimal('max_score') }} as max_score,
        {{ to_boolean('has_fatal_error') }} as has_fatal_error,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['evaluation_id'], 'evaluated_at') }}

),

final as (

    select
        evaluation_id,
        contact_id,
        agent_id,
        evaluator_id,
        evaluated_at,
        score,
        max_score,
        has_fatal_error,
        source_file,
        source_line

    from deduplicated

)

select * from final
