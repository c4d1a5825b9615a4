-- One row per CRM order (crm_orders, latest version). is_sale: the order types that count as
-- sales (kpis.md "Sales total"): new_sale and upsell.
-- Incremental: a run with var incremental projects again the keys the run's crm_orders files
-- deliver (delete_touched_keys), as staging stages exactly those again.
{{ config(**append_incremental("{{ delete_touched_keys('crm_orders') }}")) }}

with

orders as (

    select * from {{ ref('stg_crm__orders') }}
    where {{ is_touched_key('crm_orders') }}

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
        coalesce(order_type in ('new_sale', 'upsell'), false) as is_sale

    from orders

)

select * from final
