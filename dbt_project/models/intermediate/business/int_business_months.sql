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

activity_days as (

    -- the first and last day of each kind of activity: a reporting day is a monotone function
    -- of its instant, so the day of the earliest instant is the earliest day. Aggregated first,
    -- not per row: unioning a year of rows cost about a second at the large size.
    select min(local_date) as first_day, max(local_date) as last_day from segments
    union all
    select {{ reporting_date('min(queued_at)') }}, {{ reporting_date('max(queued_at)') }} from segments
    union all
    select {{ reporting_date('min(ordered_at)') }}, {{ reporting_date('max(ordered_at)') }} from orders
    union all
    select min(cost_month), max(cost_month) from costs
    union all
    select {{ reporting_date('min(starts_at)') }}, {{ reporting_date('max(starts_at)') }} from schedules

),

month_span as (

    select
        date_trunc('month', min(first_day)) as first_month,
        date_trunc('month', max(last_day)) as last_month

    from activity_days

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
