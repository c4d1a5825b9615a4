with

source as not materialized (

    {{ staging_source('crm_customers') }}

),

quarantined as (

    select * from {{ ref('int_crm_customers_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('segment') }} as segment,
        {{ clean_text('region') }} as region,
        {{ to_utc_timestamp('created_at', 'crm_customers') }} as created_at,
        {{ to_utc_timestamp('churned_at', 'crm_customers') }} as churned_at,
        {{ pseudonymize(clean_text('email')) }} as email_hash,
        {{ pseudonymize(clean_text('phone')) }} as phone_hash,
        {{ to_utc_timestamp('updated_at', 'crm_customers') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['customer_id'], 'updated_at') }}

),

final as (

    select
        customer_id,
        segment,
        region,
        created_at,
        churned_at,
        email_hash,
        phone_hash,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
