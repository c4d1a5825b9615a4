with

source as not materialized (

    {{ staging_source('survey_responses') }}

),

quarantined as (

    select * from {{ ref('int_survey_responses_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('response_id') }} as response_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('survey_type') }} as survey_type,
        {{ to_utc_timestamp('responded_at', 'survey_responses') }} as responded_at,
        {{ to_integer('csat') }} as csat,
        {{ to_integer('nps') }} as nps,
        {{ to_integer('ces') }} as ces,
        {{ to_boolean('resolved') }} as is_resolved,
        {{ clean_code('emotion') }} as emotion,
        {{ pseudonymize(clean_text('comment')) }} as comment_hash,
        {{ to_utc_timestamp('updated_at', 'survey_responses') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['response_id'], 'updated_at') }}

),

final as (

    select
        response_id,
        contact_id,
        customer_id,
        survey_type,
        responded_at,
        csat,
        nps,
        ces,
        is_resolved,
        emotion,
        comment_hash,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
