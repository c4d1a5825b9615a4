-- finance_costs has no version column: the later file wins (then the later line).
with

source as not materialized (

    {{ staging_source('finance_costs') }}

),

quarantined as (

    select * from {{ ref('int_finance_costs_rule_checks') }}

),

accepted as not materialized (

    -- raw minus the rows that broke a row rule of sources.md (those are in dq_quarantine)
    {{ not_quarantined('source', 'quarantined') }}

),

renamed as not materialized (

    select
        {{ month_to_date('cost_month') }} as cost_month,
        {{ clean_text('site') }} as site,
        {{ clean_code('category') }} as category,
        {{ to_decimal('amount') }} as amount,
        upper({{ clean_text('currency') }}) as currency,
        _partition_date,
        _file_seq,
        _file as source_file,
        _line as source_line

    from accepted

),

deduplicated as (

    {{ latest_deliveries('renamed', ['cost_month', 'site', 'category']) }}

),

final as (

    select
        cost_month,
        site,
        category,
        amount,
        currency,
        source_file,
        source_line

    from deduplicated

)

select * from final
