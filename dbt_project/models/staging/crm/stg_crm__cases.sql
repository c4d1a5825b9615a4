with

source as not materialized (

    {{ staging_source('crm_cases') }}

),

quarantined as (

    select * from {{ ref('int_crm_cases_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('case_id') }} as case_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('channel') }} as channel,
        {{ clean_code('category') }} as category,
        {{ clean_code('priority') }} as priority,
        {{ clean_code('status') }} as status,
        {{ to_utc_timestamp('opened_at', 'crm_cases') }} as opened_at,
        {{ to_utc_timestamp('first_response_at', 'crm_cases') }} as first_response_at,
        {{ to_utc_timestamp('resolved_at', 'crm_cases') }} as resolved_at,
        {{ to_utc_timestamp('closed_at', 'crm_cases') }} as closed_at,
        {{ to_integer('reopened_count') }} as reopened_count,
        {{ to_utc_timestamp('updated_at', 'crm_cases') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['case_id'], 'updated_at') }}

),

final as (

    select
        case_id,
        customer_id,
        channel,
        category,
        priority,
        status,
        opened_at,
        first_response_at,
        resolved_at,
        closed_at,
        reopened_count,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
