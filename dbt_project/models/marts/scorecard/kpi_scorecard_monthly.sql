-- The balanced scorecard per calendar month (kpis.md "Balanced scorecard"), long format: one
-- row per month and scorecard KPI (kpi_catalogue rows with a perspective), for every month
-- from the first to the last month of the source marts.
-- "The month": queue and customer KPIs use each queue's local month (kpi_queue_monthly,
-- kpi_customer_daily by the month of local_date), summed over all queues; people and business
-- KPIs use calendar months in var reporting_timezone (kpi_agent_daily, kpi_workforce_monthly
-- at aggregation_level 'all', kpi_business_monthly). Every actual is recomputed from
-- components summed over queues, agents and days (never an average of ratios), or taken from
-- the all-level row of a monthly mart that already recomputes it from summed components.
-- Target: the every-day kpi_targets row (day_of_week empty) with scope 'all' and the latest
-- valid_from on or before the first day of the month; day-of-week targets do not apply.
{%- set monthly_kpis = {
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
    'cost_per_contact': 'true',
    'sales_total': 'true',
    'conversion_rate': 'true',
    'customer_retention_rate': 'true',
    'attrition_rate': 'true',
    'unapproved_absence_rate': 'true',
    'qa_score': 'true',
    'esat_mean': 'true',
} %}

with

queue_months as (

    select * from {{ ref('kpi_queue_monthly') }}

),

customer_days as (

    select * from {{ ref('kpi_customer_daily') }}

),

agent_days as (

    select * from {{ ref('kpi_agent_daily') }}

),

workforce_months as (

    select * from {{ ref('kpi_workforce_monthly') }}

),

business_months as (

    select * from {{ ref('kpi_business_monthly') }}

),

targets as (

    select * from {{ ref('kpi_targets') }}

),

catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

queue_components as (

    select
        local_month as month_start,
        {{ scorecard_queue_component_sums() }}

    from queue_months
    group by local_month

),

queue_actuals as (

    select
        month_start,
        {{ queue_ratio_columns() }}

    from queue_components

),

customer_components as (

    -- every queue_id of the month, null (measures without a queue) included
    select
        cast(date_trunc('month', local_date) as date) as month_start,
        {{ scorecard_customer_component_sums() }}

    from customer_days
    group by cast(date_trunc('month', local_date) as date)

),

customer_actuals as (

    select
        month_start,
        {{ scorecard_customer_ratio_columns() }}

    from customer_components

),

occupancy_components as (

    select
        cast(date_trunc('month', local_date) as date) as month_start,
        sum(available_seconds) as available_seconds,
        sum(on_contact_seconds) as on_contact_seconds,
        sum(acw_state_seconds) as acw_state_seconds

    from agent_days
    group by cast(date_trunc('month', local_date) as date)

),

occupancy_actuals as (

    select
        month_start,
        {{ occupancy_ratio() }} as occupancy

    from occupancy_components

),

workforce_actuals as (

    select
        month_start,
        attrition_rate,
        unapproved_absence_rate,
        qa_score,
        esat_mean

    from workforce_months
    where aggregation_level = 'all'

),

business_actuals as (

    select
        month_start,
        cost_per_contact,
        sales_total,
        conversion_rate,
        customer_retention_rate

    from business_months

),

source_months as (

    select month_start from queue_actuals
    union all
    select month_start from customer_actuals
    union all
    select month_start from occupancy_actuals
    union all
    select month_start from workforce_actuals
    union all
    select month_start from business_actuals

),

month_span as (

    select
        min(month_start) as first_month_start,
        max(month_start) as last_month_start

    from source_months

),

months as (

    select
        cast(unnest(generate_series(first_month_start, last_month_start, interval 1 month)) as date)
            as month_start

    from month_span
    where first_month_start is not null

),

actuals_wide as (

    select
        months.month_start,
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
        occupancy_actuals.occupancy,
        business_actuals.cost_per_contact,
        business_actuals.sales_total,
        business_actuals.conversion_rate,
        business_actuals.customer_retention_rate,
        workforce_actuals.attrition_rate,
        workforce_actuals.unapproved_absence_rate,
        workforce_actuals.qa_score,
        workforce_actuals.esat_mean

    from months
    left join queue_actuals
        on months.month_start = queue_actuals.month_start
    left join customer_actuals
        on months.month_start = customer_actuals.month_start
    left join occupancy_actuals
        on months.month_start = occupancy_actuals.month_start
    left join workforce_actuals
        on months.month_start = workforce_actuals.month_start
    left join business_actuals
        on months.month_start = business_actuals.month_start

),

actuals as (

    {{ scorecard_actuals_long(monthly_kpis, 'month_start') }}

),

{{ scorecard_scored_ctes('month_start', '1 month', day_of_week_targets=false) }}

final as (

    select
        month_start,
        perspective,
        scorecard_order,
        kpi,
        label_en,
        unit,
        actual,
        is_actual_final,
        target,
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
