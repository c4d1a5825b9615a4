with

source as not materialized (

    {{ staging_source('interaction_analytics') }}

),

quarantined as (

    select * from {{ ref('int_interaction_analytics_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('topic') }} as topic,
        {{ to_decimal('sentiment_score') }} as sentiment_score,
        {{ clean_code('emotion') }} as emotion,
        {{ to_integer('silence_seconds') }} as silence_seconds,
        {{ to_utc_timestamp('analyzed_at', 'interaction_analytics') }} as analyzed_at,
        {{ clean_text('model_version') }} as model_version,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['contact_id'], 'analyzed_at') }}

),

final as (

    select
        contact_id,
        topic,
        sentiment_score,
        emotion,
        silence_seconds,
        analyzed_at,
        model_version,
        source_file,
        source_line

    from deduplicated

)

select * from final
