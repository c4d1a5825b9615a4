-- One row per calendar day from the first to the last date of any fact: the queue local days
-- of contacts, surveys, analytics and QA, the var reporting_timezone days of agent states,
-- schedules, absences, orders and cases. Calendar attributes only, so the same row serves a
-- queue's local_date and a reporting-timezone date.

with

segments as (

    select * from {{ ref('fct_contact_segments') }}

),

contacts as (

    select * from {{ ref('fct_contacts') }}

),

agent_states as (

    select * from {{ ref('fct_agent_state_intervals') }}

),

schedules as (

    select * from {{ ref('fct_schedules') }}

),

absences as (

    select * from {{ ref('fct_absences') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

cases as (

    select * from {{ ref('fct_cases') }}

),

surveys as (

    select * from {{ ref('fct_survey_responses') }}

),

analytics as (

    select * from {{ ref('fct_interaction_analytics') }}

),

evaluations as (

    select * from {{ ref('fct_qa_evaluations') }}

),

fact_dates as (

    select min(local_date) as first_date, max(local_date) as last_date from segments
    union all
    select min(local_date), max(local_date) from contacts
    union all
    select min(local_date), max(local_date) from agent_states
    union all
    select min(local_date), max(local_date) from schedules
    union all
    select min(absence_date), max(absence_date) from absences
    union all
    select
        min({{ reporting_date('ordered_at') }}),
        max({{ reporting_date('ordered_at') }})
    from orders
    union all
    select
        least(min(opened_date), min(first_response_date), min(resolved_date)),
        greatest(
            max(opened_date),
            max(first_response_date),
            max(resolved_date),
            max({{ reporting_date('closed_at') }})
        )
    from cases
    union all
    select min(local_date), max(local_date) from surveys
    union all
    select min(local_date), max(local_date) from analytics
    union all
    select min(local_date), max(local_date) from evaluations

),

date_span as (

    select
        min(first_date) as first_date,
        max(last_date) as last_date

    from fact_dates

),

days as (

    select
        cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as date

    from date_span
    where first_date is not null

),

final as (

    select
        date,
        cast(year(date) as integer) as year,
        cast(quarter(date) as integer) as quarter,
        cast(month(date) as integer) as month,
        monthname(date) as month_name,
        cast(date_trunc('month', date) as date) as month_start,
        cast(isoyear(date) as integer) as iso_year,
        cast(weekofyear(date) as integer) as iso_week,
        cast(date_trunc('week', date) as date) as week_start,
        cast(day(date) as integer) as day_of_month,
        cast(isodow(date) as integer) as day_of_week,
        dayname(date) as day_name,
        isodow(date) in (6, 7) as is_weekend

    from days

)

select * from final
