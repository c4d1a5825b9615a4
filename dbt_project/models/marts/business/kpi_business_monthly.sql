-- Business value per calendar month in var reporting_timezone (kpis.md "Business measures"),
-- one row per month of int_business_months. Components and the ratios recomputed from them:
-- - sales: orders by ordered_at (reporting timezone); sales = new_sale + upsell orders.
-- - conversion: answered segments in sales queues (the queue settings version in force when
--   the segment queued has purpose sales), by the queue's local day; converted when a sale
--   order is credited to the segment (crm_orders.contact_id = its contact_id or its
--   initial_contact_id).
-- - retention: customers by created_at / churned_at against the month's bounds.
-- - save rate: segments wrapped cancel_request of a customer known to crm_customers, by the
--   queue's local day; saved unless the customer churned within save_window_days after the
--   segment ended. Undecided (window still open, no churn yet) counts as saved and pending.
-- - cost per contact: the sum over sites of int_business_site_costs_monthly.
{%- set window_days = var('save_window_days') %}

with

months as (

    select * from {{ ref('int_business_months') }}

),

orders as not materialized (

    select * from {{ ref('fct_orders') }}

),

segments as not materialized (

    select * from {{ ref('fct_contact_segments') }}

),

queue_versions as (

    select * from {{ ref('dim_queues') }}

),

customers as not materialized (

    select * from {{ ref('stg_crm__customers') }}

),

site_costs as (

    select * from {{ ref('int_business_site_costs_monthly') }}

),

order_totals as (

    select
        months.month_start,
        count(case when orders.order_type = 'new_sale' then 1 end) as orders_new_sale,
        count(case when orders.order_type = 'upsell' then 1 end) as orders_upsell,
        sum(case when orders.is_sale then orders.amount end) as sales_total,
        case
            when count(distinct case when orders.is_sale then orders.currency end) = 1
                and count(case when orders.is_sale and orders.currency is null then 1 end) = 0
                then min(case when orders.is_sale then orders.currency end)
        end as sales_currency

    from orders
    inner join months
        on orders.ordered_at >= months.month_start_at
        and orders.ordered_at < months.month_end_at
    group by months.month_start

),

credited_contacts as (

    select distinct contact_id
    from orders
    where orders.is_sale
        and orders.contact_id is not null

),

sales_segments as (

    select
        cast(date_trunc('month', segments.local_date) as date) as month_start,
        own_order.contact_id is not null or initial_order.contact_id is not null as is_converted

    from segments
    inner join queue_versions
        on segments.queue_id = queue_versions.queue_id
        and segments.queue_version_number = queue_versions.version_number
    left join credited_contacts as own_order
        on segments.contact_id = own_order.contact_id
    left join credited_contacts as initial_order
        on segments.initial_contact_id = initial_order.contact_id
    where segments.is_answered
        and queue_versions.purpose = 'sales'

),

conversions as (

    select
        month_start,
        count(*) as sales_handled,
        count(case when is_converted then 1 end) as sales_converted

    from sales_segments
    group by month_start

),

customer_counts as (

    select
        months.month_start,
        count(case
            when customers.created_at < months.month_start_at
                and (customers.churned_at is null or customers.churned_at >= months.month_start_at)
                then 1
        end) as customers_at_start,
        count(case
            when customers.created_at >= months.month_start_at
                and customers.created_at < months.month_end_at
                then 1
        end) as customers_created,
        count(case
            when customers.churned_at >= months.month_start_at
                and customers.churned_at < months.month_end_at
                then 1
        end) as customers_churned,
        count(case
            when customers.created_at < months.month_end_at
                and (customers.churned_at is null or customers.churned_at >= months.month_end_at)
                then 1
        end) as customers_at_end

    from months
    cross join customers
    group by months.month_start

),

customer_data_as_of as (

    select max(updated_at) as data_as_of_at
    from customers

),

cancel_requests as (

    select
        cast(date_trunc('month', segments.local_date) as date) as month_start,
        customers.churned_at,
        coalesce(segments.ended_at, segments.answered_at, segments.queued_at)
            + to_days({{ window_days }}) as window_end_at

    from segments
    inner join customers
        on segments.customer_id = customers.customer_id
    where segments.wrap_code = 'cancel_request'

),

save_outcomes as (

    select
        cancel_requests.month_start,
        coalesce(cancel_requests.churned_at <= cancel_requests.window_end_at, false) as is_churned,
        coalesce(cancel_requests.window_end_at <= customer_data_as_of.data_as_of_at, false) as is_window_closed

    from cancel_requests
    cross join customer_data_as_of

),

saves as (

    select
        month_start,
        count(*) as save_contacts,
        count(case when not is_churned then 1 end) as saved,
        count(case when not is_churned and not is_window_closed then 1 end) as save_contacts_pending

    from save_outcomes
    group by month_start

),

cost_totals as (

    select
        month_start,
        case
            when count(distinct cost_currency) = 1
                and count(case when total_cost is not null and cost_currency is null then 1 end) = 0
                then min(cost_currency)
        end as cost_currency,
        sum(total_cost) as total_cost,
        cast(sum(handled_contacts) as bigint) as handled_contacts,
        sum(scheduled_work_hours) as scheduled_work_hours,
        sum(labour_cost_scheduled) as labour_cost_scheduled

    from site_costs
    group by month_start

),

components as (

    select
        months.month_start,
        order_totals.sales_currency,
        coalesce(order_totals.orders_new_sale, 0) as orders_new_sale,
        coalesce(order_totals.orders_upsell, 0) as orders_upsell,
        coalesce(order_totals.sales_total, 0) as sales_total,
        coalesce(conversions.sales_handled, 0) as sales_handled,
        coalesce(conversions.sales_converted, 0) as sales_converted,
        coalesce(customer_counts.customers_at_start, 0) as customers_at_start,
        coalesce(customer_counts.customers_created, 0) as customers_created,
        coalesce(customer_counts.customers_churned, 0) as customers_churned,
        coalesce(customer_counts.customers_at_end, 0) as customers_at_end,
        coalesce(saves.save_contacts, 0) as save_contacts,
        coalesce(saves.saved, 0) as saved,
        coalesce(saves.save_contacts_pending, 0) as save_contacts_pending,
        cost_totals.cost_currency,
        cost_totals.total_cost,
        coalesce(cost_totals.handled_contacts, 0) as handled_contacts,
        cost_totals.scheduled_work_hours,
        cost_totals.labour_cost_scheduled

    from months
    left join order_totals
        on months.month_start = order_totals.month_start
    left join conversions
        on months.month_start = conversions.month_start
    left join customer_counts
        on months.month_start = customer_counts.month_start
    left join saves
        on months.month_start = saves.month_start
    left join cost_totals
        on months.month_start = cost_totals.month_start

),

final as (

    select
        month_start,
        sales_currency,
        orders_new_sale,
        orders_upsell,
        sales_total,
        sales_handled,
        sales_converted,
        {{ safe_divide('sales_converted', 'sales_handled') }} as conversion_rate,
        customers_at_start,
        customers_created,
        customers_churned,
        customers_at_end,
        {{ safe_divide('customers_at_end - customers_created', 'customers_at_start') }} as customer_retention_rate,
        save_contacts,
        saved,
        save_contacts_pending,
        {{ safe_divide('saved', 'save_contacts') }} as save_rate,
        save_contacts_pending = 0 as is_save_rate_final,
        cost_currency,
        total_cost,
        handled_contacts,
        {{ safe_divide('total_cost', 'handled_contacts') }} as cost_per_contact,
        scheduled_work_hours,
        labour_cost_scheduled,
        {{ safe_divide('labour_cost_scheduled', 'handled_contacts') }} as labour_cost_per_contact

    from components

)

select * from final
