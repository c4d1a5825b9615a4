-- The balanced scorecard per day (kpis.md "Balanced scorecard"), long format: one row per day
-- and scorecard KPI (kpi_catalogue rows with a perspective) that has a daily value, for every
-- day from the first to the last day of kpi_queue_daily, kpi_customer_daily and
-- kpi_agent_daily.
-- "The day": queue and customer KPIs use each queue's local_date (as every queue mart does),
-- summed over all queues, so a day here is the sum of the queues' own local calendar days,
-- not a reporting-timezone day; occupancy and quality score use the agents' days in var
-- reporting_timezone (kpi_agent_daily). Every actual is recomputed from the components summed
-- over queues (or agents), never an average of their ratios.
-- KPIs that exist only per month (cost per contact, sales total, conversion rate, customer
-- retention rate, attrition rate, unapproved absence rate, employee satisfaction) are omitted
-- here and shown in kpi_scorecard_monthly; a counter-measure among them has a null actual.
-- Target: the kpi_targets row with scope 'all' for the day's ISO day of week, else the
-- every-day row (day_of_week empty), the latest valid_from on or before the day in each case.
{%- set daily_kpis = {
    'abandon_rate': 'true',
    'answer_rate': 'true',
    'asa_seconds': 'true',
    'fcr_rate': 'fcr_provisional = 0',
    'csat_rate': 'true',
    'nps': 'true',
    'service_level': 'true',
    'occupancy': 'true',
    'aht_seconds': 'true',
    'transfer_rate': 'true',
    'qa_score': 'true',
} %}

with

queue_days as (

    select * from {{ ref('kpi_queue_daily') }}

),

customer_days as (

    select * from {{ ref('kpi_customer_daily') }}

),

agent_days as (

    select * from {{ ref('kpi_agent_daily') }}

),

targets as (

    select * from {{ ref('kpi_targets') }}

),

catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

queue_components as (

    select
        local_date,
        {{ scorecard_queue_component_sums() }}

    from queue_days
    group by local_date

),

queue_actuals as (

    select
        local_date,
        {{ queue_ratio_columns() }}

    from queue_components

),

customer_components as (

    -- every queue_id of the day, null (measures without a queue) included
    select
        local_date,
        {{ scorecard_customer_component_sums() }}

    from customer_days
    group by local_date

),

customer_actuals as (

    select
        local_date,
        {{ scorecard_customer_ratio_columns() }}

    from customer_components

),

people_components as (

    select
        local_date,
        sum(available_seconds) as available_seconds,
        sum(on_contact_seconds) as on_contact_seconds,
        sum(acw_state_seconds) as acw_state_seconds,
        sum(qa_evaluations) as qa_evaluations,
        {{ exact_sum('qa_score_pct_sum') }} as qa_score_pct_sum

    from agent_days
    group by local_date

),

people_actuals as (

    select
        local_date,
        {{ occupancy_ratio() }} as occupancy,
        {{ safe_divide('qa_score_pct_sum', 'qa_evaluations') }} as qa_score

    from people_components

),

source_days as (

    select local_date from queue_days
    union all
    select local_date from customer_days
    union all
    select local_date from agent_days

),

day_span as (

    select
        min(local_date) as first_date,
        max(local_date) as last_date

    from source_days

),

days as (

    select
        cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as local_date

    from day_span
    where first_date is not null

),

actuals_wide as (

    select
        days.local_date,
        queue_actuals.abandon_rate,
        queue_actuals.answer_rate,
        queue_actuals.asa_seconds,
        queue_actuals.service_level,
        queue_actuals.aht_seconds,
        queue_actuals.transfer_rate,
        customer_actuals.fcr_rate,
        coalesce(customer_actuals.fcr_provisional, 0) as fcr_provisional,
        customer_actuals.csat_rate,
        customer_actuals.nps,
        people_actuals.occupancy,
        people_actuals.qa_score

    from days
    left join queue_actuals
        on days.local_date = queue_actuals.local_date
    left join customer_actuals
        on days.local_date = customer_actuals.local_date
    left join people_actuals
        on days.local_date = people_actuals.local_date

),

actuals as (

    {{ scorecard_actuals_long(daily_kpis, 'local_date') }}

),

{{ scorecard_scored_ctes('local_date', '1 day', day_of_week_targets=true) }}

final as (

    select
        local_date,
        cast(isodow(local_date) as integer) as day_of_week,
        perspective,
        scorecard_order,
        kpi,
        label_en,
        unit,
        actual,
        is_actual_final,
        target,
        target_day_of_week,
        target_valid_from,
        direction,
        status,
        previous_actual,
        change_vs_previous,
        counter_measure_kpi,
        counter_measure_actual

    from scored

)

select * from final
