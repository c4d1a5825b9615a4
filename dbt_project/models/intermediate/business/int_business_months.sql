-- The calendar months of the business marts, in var reporting_timezone: every month from the
-- first to the last month with any business activity (a contact entering a queue, by its
-- queue-local day and by the reporting timezone; an order; a finance cost month; a scheduled
-- block). Customers alone open no month (their history goes back years). No activity: no month.

with

segments as not materialized (

    select * from {{ ref('fct_contact_segments') }}

),

orders as (

    select * from {{ ref('stg_crm__orders') }}

),

costs as (

    select * from {{ ref('stg_finance__costs') }}

),

schedules as (

    select * from {{ ref('stg_wfm__schedules') }}

),

activity_months as (

    select date_trunc('month', local_date) as month_start from segments
    union all
    select date_trunc('month', {{ reporting_date('queued_at') }}) from segments
    union all
    select date_trunc('month', {{ reporting_date('ordered_at') }}) from orders
    union all
    select cost_month from costs
    union all
    select date_trunc('month', {{ reporting_date('starts_at') }}) from schedules

),

month_span as (

    select
        min(month_start) as first_month,
        max(month_start) as last_month

    from activity_months

),

spine as (

    select
        cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month_start

    from month_span
    where first_month is not null

),

final as (

    select
        month_start,
        {{ reporting_instant('cast(month_start as timestamp)') }} as month_start_at,
        {{ reporting_instant('cast(month_start as timestamp) + interval 1 month') }} as month_end_at

    from spine

)

select * from final
