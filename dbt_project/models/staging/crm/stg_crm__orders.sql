with

source as not materialized (

    {{ staging_source('crm_orders') }}

),

quarantined as (

    select * from {{ ref('int_crm_orders_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ to_utc_timestamp('ordered_at', 'crm_orders') }} as ordered_at,
        {{ clean_code('order_type') }} as order_type,
        {{ to_decimal('amount') }} as amount,
        upper({{ clean_text('currency') }}) as currency,
        {{ to_utc_timestamp('updated_at', 'crm_orders') }} as updated_at,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['order_id'], 'updated_at') }}

),

final as (

    select
        order_id,
        customer_id,
        contact_id,
        ordered_at,
        order_type,
        amount,
        currency,
        updated_at,
        source_file,
        source_line

    from deduplicated

)

select * from final
